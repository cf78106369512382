/**
 * How many cores other work keeps busy right now, measured over a short stretch of kil's own
 * start-up (loading the rubrics, listing the files): the machine's busy CPU time in that stretch,
 * less kil's own. The load average is no good for this: it is a minute-long average, so a batch
 * run straight after another (or after any command) finds the cores "busy" with work that has
 * ended, and a busy machine looks quiet for the first seconds of other work.
 */
import { cpus } from 'node:os';

export interface CpuSample {
  /** Milliseconds on a monotonic clock. */
  at: number;
  /** CPU time all cores have spent busy since boot (user, nice, system, irq), in ms. */
  machineBusyMs: number;
  /** CPU time this process has spent, in ms. */
  ownMs: number;
}

export function sampleCpu(): CpuSample {
  let machineBusyMs = 0;
  for (const { times } of cpus()) machineBusyMs += times.user + times.nice + times.sys + times.irq;
  const own = process.cpuUsage();
  return { at: performance.now(), machineBusyMs, ownMs: (own.user + own.system) / 1000 };
}

/** Taken as kil's modules load: the stretch to the first decision then includes all of start-up. */
export const CPU_AT_LOAD = sampleCpu();

/**
 * Kernel clock ticks are 10 ms: a stretch shorter than this says too little to go on, and
 * then `undefined` (the caller assumes nothing about other work).
 */
export const SHORTEST_STRETCH_MS = 60;

/** Cores kept busy by other processes between two samples, 0 or more; undefined if the stretch is too short to tell. */
export function coresBusyElsewhere(before: CpuSample, after: CpuSample): number | undefined {
  const wall = after.at - before.at;
  if (!(wall >= SHORTEST_STRETCH_MS)) return undefined;
  const elsewhere = after.machineBusyMs - before.machineBusyMs - (after.ownMs - before.ownMs);
  return Math.max(0, elsewhere / wall);
}
