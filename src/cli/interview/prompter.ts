/**
 * The prompt layer: what the interview needs from a terminal. The real one wraps inquirer
 * (loaded only here, on the interview path); tests drive the interview with a scripted one.
 */
export interface PromptChoice<T> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T>(message: string, choices: readonly PromptChoice<T>[], defaultValue?: T): Promise<T>;
  /** validate returns true, or the reason to show before asking again. */
  input(message: string, options?: { default?: string; validate?: (text: string) => true | string }): Promise<string>;
  /** A yes/no question; Enter gives `defaultValue`. */
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

/** Prompts on stderr (stdout stays for the product) that stop on Ctrl-C, SIGTERM or SIGHUP. */
export async function inquirerPrompter(signal: AbortSignal): Promise<Prompter> {
  const { select, input, confirm } = await import('@inquirer/prompts');
  const context = { output: process.stderr, signal, clearPromptOnDone: false };
  return {
    select: (message, choices, defaultValue) =>
      select({ message, choices: choices.map((c) => ({ ...c })), default: defaultValue, pageSize: 12, loop: false }, context),
    input: (message, options = {}) =>
      input({ message, ...(options.default !== undefined ? { default: options.default } : {}), validate: options.validate ?? (() => true) }, context),
    confirm: (message, defaultValue) => confirm({ message, default: defaultValue }, context),
  };
}

/** The errors inquirer raises when the person stops the interview. */
export function isStopped(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
