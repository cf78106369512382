/**
 * The prompt layer: what the interview needs from a terminal. The real one wraps inquirer
 * (loaded only here, on the interview path); tests drive the interview with a scripted one.
 *
 * Two keys work at every list: `<` moves to the "← Back" choice (Enter then goes back to the
 * previous prompt), and `+` picks the highlighted answer and then asks for a note or evidence. At a text
 * prompt the interview reads `<` (or "back") and a trailing `+` itself.
 */
export interface PromptChoice<T> {
  value: T;
  name: string;
  description?: string;
}

/** The value of the "← Back" choice, and what `<` at a list picks. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

/** A list's answer; `more` when the person pressed + to add a note or evidence to it. */
export interface Picked<T> {
  value: T;
  more?: boolean;
}

export interface SelectOptions<T> {
  default?: T;
  /** Offer + (answer, then add a note or evidence). */
  more?: boolean;
}

export interface Prompter {
  select<T>(message: string, choices: readonly PromptChoice<T>[], options?: SelectOptions<T>): Promise<Picked<T>>;
  /** validate returns true, or the reason to show before asking again. */
  input(message: string, options?: { default?: string; validate?: (text: string) => true | string }): Promise<string>;
}

/** The keys a list offers, for its help line. */
function helpLine(back: boolean, more: boolean): string {
  return ['↑↓ choose (or type to find)', '⏎ answer', ...(more ? ['+ answer and add a note or evidence'] : []), ...(back ? ['< ⏎ back'] : [])].join(' • ');
}

/** Prompts on stderr (stdout stays for the product) that stop on Ctrl-C, SIGTERM or SIGHUP. */
export async function inquirerPrompter(signal: AbortSignal): Promise<Prompter> {
  const { input } = await import('@inquirer/prompts');
  const pick = await listPrompt();
  const context = { output: process.stderr, signal, clearPromptOnDone: false };
  return {
    select: (message, choices, options = {}) =>
      pick(
        {
          message,
          choices,
          ...(options.default !== undefined ? { default: options.default } : {}),
          more: options.more === true,
        },
        context,
      ) as unknown as Promise<Picked<never>>,
    input: (message, options = {}) =>
      input({ message, ...(options.default !== undefined ? { default: options.default } : {}), validate: options.validate ?? (() => true) }, context),
  };
}

interface ListConfig {
  message: string;
  choices: readonly PromptChoice<unknown>[];
  default?: unknown;
  more: boolean;
}

/**
 * inquirer's select, with two more keys: `<` (back, when the list has the "← Back" choice) and
 * `+` (this answer, with a note). Made on first use: @inquirer/core loads only for an interview.
 */
async function listPrompt() {
  const core = await import('@inquirer/core');
  const { createPrompt, useState, useKeypress, usePrefix, usePagination, useRef, useEffect, makeTheme, isEnterKey, isUpKey, isDownKey, isNumberKey, isBackspaceKey } = core;
  return createPrompt<Picked<unknown>, ListConfig>((config, done) => {
    const theme = makeTheme({});
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [active, setActive] = useState(Math.max(0, config.choices.findIndex((c) => c.value === config.default)));
    const [shown, setShown] = useState('');
    const searchTimeout = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
    useEffect(() => () => clearTimeout(searchTimeout.current), []);
    const prefix = usePrefix({ status, theme });
    const back = config.choices.findIndex((c) => c.value === BACK);
    const finish = (index: number, more: boolean) => {
      const c = config.choices[index]!;
      setShown(c.value === BACK ? '← back' : `${c.name}${more ? ' (+ note)' : ''}`);
      setStatus('done');
      done({ value: c.value, ...(more ? { more: true } : {}) });
    };
    useKeypress((key, rl) => {
      clearTimeout(searchTimeout.current);
      const typed = (key as { sequence?: string }).sequence;
      if (isEnterKey(key)) finish(active, false);
      else if (typed === '+' && config.more && config.choices[active]!.value !== BACK) finish(active, true);
      // `<` moves to "← Back", and Enter goes: as at a text prompt ("< then Enter"). Going back at
      // once left the Enter a learner pressed next to answer the prompt behind it, and a review's
      // "Write the report" ended the session.
      else if (typed === '<' && back !== -1) {
        rl.clearLine(0);
        setActive(back);
      }
      else if (isUpKey(key) || isDownKey(key)) {
        rl.clearLine(0);
        setActive(Math.min(config.choices.length - 1, Math.max(0, active + (isUpKey(key) ? -1 : 1))));
      } else if (isNumberKey(key) && /^\d+$/.test(rl.line)) {
        // A choice named by the number ("3 – ..." on a maturity scale) is that number's; otherwise
        // 1 to 9 jump to that choice, as in inquirer's select. Counting from 1 on a scale from 0
        // picked the level below the one typed, and 0 did nothing.
        const named = config.choices.findIndex((c) => c.name.startsWith(`${rl.line} `));
        const n = named !== -1 ? named : Number(rl.line) - 1;
        if (n >= 0 && n < config.choices.length) setActive(n);
        rl.clearLine(0);
      } else if (isBackspaceKey(key)) rl.clearLine(0);
      else {
        // Typing finds the first choice that holds the text ("days" finds "Days bidders have to respond").
        const term = rl.line.toLowerCase();
        const found = config.choices.findIndex((c) => c.name.toLowerCase().includes(term));
        if (term !== '' && found !== -1) setActive(found);
        searchTimeout.current = setTimeout(() => rl.clearLine(0), 700);
      }
    });
    const message = theme.style.message(config.message, status);
    if (status === 'done') return `${prefix} ${message} ${theme.style.answer(shown)}`;
    const page = usePagination({
      items: config.choices,
      active,
      renderItem: ({ item, isActive }) => (isActive ? theme.style.highlight(`❯ ${item.name}`) : `  ${item.name}`),
      pageSize: 12,
      loop: false,
    });
    const description = config.choices[active]!.description;
    return [`${prefix} ${message}`, page, ' ', ...(description ? [description] : []), theme.style.help(helpLine(back !== -1, config.more))].join('\n');
  });
}

/** The errors inquirer raises when the person stops the interview. */
export function isStopped(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
