/**
 * A commissioner at a real terminal, answering kil's interview from a contract file they hold
 * (the mid-size example): for each prompt on the screen, the answer that file gives. Counts the
 * prompts shown and the keys pressed, as a person would press them (arrows to the answer, then
 * Enter; every typed character is a key).
 */
import { parseDocument } from 'yaml';
import { FACT_FIELDS } from '../src/interview/fields.js';
import { answerChoices } from '../src/interview/questions.js';
import type { Question } from '../src/model/rubric.js';
import { builtInLibrary } from './helpers.js';
import { KEY, Terminal } from './pty.js';

const library = builtInLibrary();

/** What to do at one prompt: pick the choice whose label starts with `pick`, or type `text`. */
export type Move = { pick: string; key?: string } | { text: string; key?: string } | { keys: string[] };

/** The facts and answers of a contract file, for answering the interview from it. */
export interface Sheet {
  procurement: Record<string, unknown>;
  answers: Record<string, { value: unknown; note?: string; evidence?: string }>;
}

export function sheetOf(text: string): Sheet {
  const raw = parseDocument(text).toJSON() as { procurement: Record<string, unknown>; answers: Record<string, unknown> };
  const answers: Sheet['answers'] = {};
  for (const [id, a] of Object.entries(raw.answers ?? {})) answers[id] = a !== null && typeof a === 'object' ? (a as Sheet['answers'][string]) : { value: a };
  return { procurement: raw.procurement, answers };
}

const at = (o: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string | number, unknown>)[k] : undefined), o);

/** The label a choice question shows for a value. */
export function answerLabel(q: Question, value: unknown): string {
  const c = answerChoices(q).find((c) => c.value === value);
  if (!c) throw new Error(`${q.id}: no choice for ${String(value)}`);
  return c.name;
}

/** The facts step's prompts, answered from the sheet (undefined: not a fact prompt). */
export function factMove(message: string, sheet: Sheet): Move | undefined {
  const p = sheet.procurement;
  const lots = (p.lots as { neighbourhood?: string; value?: number }[] | undefined) ?? [];
  const lot = /^Lot (\d+) of (\d+): (which|its value)/.exec(message);
  if (lot) {
    const l = lots[Number(lot[1]) - 1]!;
    return lot[3] === 'which' ? { pick: l.neighbourhood ?? 'None of these' } : { text: l.value === undefined ? '' : String(l.value) };
  }
  if (/^How many lots/.test(message)) return { text: String(lots.length || 1) };
  if (/^At most how many lots/.test(message)) return { text: p.max_lots_per_bidder === undefined ? '' : String(p.max_lots_per_bidder) };
  if (/^Are the reasons for not dividing/.test(message)) return { pick: p.single_lot_reasons_published === undefined ? 'Not sure' : p.single_lot_reasons_published ? 'Yes' : 'No' };
  // The longest label that starts the message: "Buyer" must not take "Buyer's postcode".
  const field = [...FACT_FIELDS].sort((a, b) => b.label.length - a.label.length).find((f) => message.startsWith(f.label));
  if (!field) return undefined;
  const value = at(p, field.path);
  if (field.kind === 'choice') {
    if (value === undefined) return { pick: 'Not sure' };
    const c = field.choices.find((c) => c.value === value);
    return { pick: c!.name };
  }
  if (value === undefined) return { text: '' };
  return { text: Array.isArray(value) ? value.join(', ') : String(value) };
}

/** A question's answer from the sheet. */
export function questionMove(id: string, sheet: Sheet): Move {
  const q = library.questions.get(id)!.question;
  const a = sheet.answers[id];
  if (a === undefined || a.value === null) return q.type === 'number' ? { text: '' } : { pick: 'Not sure' };
  return q.type === 'number' ? { text: String(a.value) } : { pick: answerLabel(q, a.value) };
}

export interface Tally {
  prompts: number;
  keys: number;
  /** Every prompt message, in order. */
  seen: string[];
}

export const newTally = (): Tally => ({ prompts: 0, keys: 0, seen: [] });

/** The next prompt: its message, and its choices if it is a list. */
export async function nextPrompt(t: Terminal, timeoutMs = 10_000): Promise<{ message: string; choices?: string[]; active?: number }> {
  const m = await t.waitFor(/(?:^|\n)\? ([^\n]*?)(?= *\n| *$)/, timeoutMs);
  const message = m[1]!.trim();
  // A list draws its choices and help line at once; a text prompt draws nothing more.
  const deadline = Date.now() + 150; // inquirer draws a list in one write: its choices come with its message
  for (;;) {
    const after = t.peek();
    const help = /\n\s*\n[^\n]*(?:navigate|choose)/.exec(after);
    if (help) {
      const lines = after.slice(0, help.index).split('\n').filter((l) => /^[❯ ] /.test(l));
      const active = lines.findIndex((l) => l.startsWith('❯'));
      return { message, choices: lines.map((l) => l.slice(2).trim()), active };
    }
    if (Date.now() > deadline) return { message };
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The start of the line a prompt leaves when answered (without the default it offered). */
const doneLine = (message: string): RegExp => new RegExp(`✔ ${message.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\n]*\n`);

/** Make a move at the prompt `nextPrompt` found; returns the keys pressed. */
export async function move(t: Terminal, prompt: { message: string; choices?: string[]; active?: number }, m: Move, tally: Tally): Promise<void> {
  tally.prompts++;
  tally.seen.push(prompt.message);
  if ('keys' in m) {
    await t.type(...m.keys);
    tally.keys += m.keys.length;
    await t.waitFor(doneLine(prompt.message));
    return;
  }
  if ('pick' in m) {
    if (!prompt.choices) throw new Error(`"${prompt.message}" is not a list; wanted to pick ${m.pick}`);
    const target = prompt.choices.findIndex((c) => c.startsWith(m.pick));
    if (target === -1) {
      // Not on the first page: type to find it, as a person would.
      await t.type(m.pick, m.key ?? KEY.enter);
      tally.keys += m.pick.length + 1;
      await t.waitFor(doneLine(prompt.message));
      return;
    }
    const steps = target - (prompt.active ?? 0);
    // The fewer keys of the arrows and a digit, as a person who knows the keys would: a digit picks
    // the choice named by it ("3 – ..." on a maturity scale), else the choice at that place (1 to 9).
    const digit = [...'0123456789'].find((d) => {
      const named = prompt.choices!.findIndex((c) => c.startsWith(`${d} `));
      return (named !== -1 ? named : Number(d) - 1) === target;
    });
    const arrows: string[] = Array.from({ length: Math.abs(steps) }, () => (steps > 0 ? KEY.down : KEY.up));
    const keys = digit !== undefined && Math.abs(steps) > 1 ? [digit] : arrows;
    const end = m.key ?? KEY.enter;
    await t.type(...keys, end);
    tally.keys += keys.length + 1;
    await t.waitFor(doneLine(prompt.message));
    return;
  }
  if (prompt.choices) throw new Error(`"${prompt.message}" is a list; wanted to type ${m.text}`);
  await t.type(...(m.text === '' ? [] : [m.text]), m.key ?? KEY.enter);
  tally.keys += m.text.length + 1;
  await t.waitFor(doneLine(prompt.message));
}

/**
 * Answer prompts from the sheet until kil exits (resolves with its exit code) or `until` says
 * stop at a prompt (resolves with that prompt, unanswered). `override` may answer a prompt
 * differently; it sees every prompt first.
 */
export async function answerFromSheet(
  t: Terminal,
  sheet: Sheet,
  tally: Tally,
  options: {
    override?: (prompt: { message: string; choices?: string[] }) => Move | undefined;
    until?: (prompt: { message: string; choices?: string[] }) => boolean;
    /** Answer "Move them to council.yaml?" with this choice (default: keep them in the contract). */
    councilOffer?: string;
  } = {},
): Promise<{ exited: number | null } | { at: { message: string; choices?: string[]; active?: number } }> {
  let last = '';
  for (;;) {
    const next = await Promise.race([nextPrompt(t, 20_000), t.exited.then(() => undefined)]);
    if (!next) return { exited: await t.exited };
    if (options.until?.(next)) return { at: next };
    const q = /^([SP]\d\.\d) /.exec(next.message);
    if (q) last = q[1]!;
    const chosen = options.override?.(next) ?? defaultMove(next, sheet, last, options.councilOffer ?? 'No');
    if (!chosen) throw new Error(`no answer in the sheet for the prompt "${next.message}"`);
    await move(t, next, chosen, tally);
  }
}

function defaultMove(prompt: { message: string }, sheet: Sheet, last: string, councilOffer: string): Move | undefined {
  const { message } = prompt;
  const q = /^([SP]\d\.\d) /.exec(message);
  if (q) {
    const m = questionMove(q[1]!, sheet);
    const a = sheet.answers[q[1]!];
    // An answer with a note or evidence: + instead of Enter (or after the typed number).
    if (a?.note || a?.evidence) return 'pick' in m ? { ...m, key: '+' } : { text: `${(m as { text: string }).text}+` };
    return m;
  }
  if (/^Title of the procurement/.test(message)) return { text: String(sheet.procurement.title) };
  if (/^Save the answers to/.test(message)) return { text: '' };
  if (/^Note for /.test(message)) return { text: sheet.answers[last]?.note ?? '' };
  if (/^Evidence for /.test(message)) return { text: sheet.answers[last]?.evidence ?? '' };
  if (/^Ready to write/.test(message)) return { pick: 'Write the report' };
  if (/^Move them to/.test(message)) return { pick: councilOffer };
  return factMove(message, sheet);
}
