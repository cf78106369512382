/**
 * Ctrl-C, SIGTERM and SIGHUP during a long command (a batch, an import): the first one asks the
 * command to stop between two files, so it can say what was done and leave no temporary files;
 * a second one ends kil at once (the system's default action: exit status 130 for Ctrl-C), as
 * people expect when something does not stop.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface InterruptWatch {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function watchInterrupts(): InterruptWatch {
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort();
    // The next signal gets the system's default action, which ends kil at once even while a file
    // is being read or parsed, when no JavaScript handler could run (a batch ignored a second
    // Ctrl-C for 86 s). It leaves temporary files, which the next batch or import removes.
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of SIGNALS) process.off(s, onSignal);
    },
  };
}

/** Let signal handlers run during a long synchronous loop: call between steps, it yields rarely. */
export function makeYielder(every = 50): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < every) return undefined;
    last = now;
    return new Promise((resolve) => setImmediate(resolve));
  };
}
