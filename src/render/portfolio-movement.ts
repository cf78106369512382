/**
 * A portfolio's movement since a baseline (kil batch --baseline), written once against a Markup
 * for portfolio.md (here) and portfolio.html, and one line for the terminal table. Pure.
 */
import type { ContractMovement, PortfolioMovement } from '../portfolio/movement.js';
import { signed } from './comparison.js';
import type { Markup } from './markup.js';
import { plainText, visiblePath } from './text.js';

const show = (n: number | null): string => (n === null ? 'n/a' : String(n));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const MOVEMENT_HEADING = 'Since the baseline';
export const MOVEMENT_AREAS_HEADING = 'Steps and principles (contracts in both)';
export const MOVEMENT_CONTRACTS_HEADING = 'Contracts, biggest fall first';
export const MOVEMENT_AREA_COLUMNS = ['Step or principle', 'Before', 'After', 'Change', 'Contracts'] as const;
export const MOVEMENT_CONTRACT_COLUMNS = ['Contract', 'Before', 'After', 'Change', 'File'] as const;
export const NONE_IN_BOTH = 'No contract is in both, so there is no movement to show: contracts are matched by path, then by reference.';
export const PROVISIONAL_MOVEMENT_NOTE = 'A contract marked provisional was too little answered on one side for its change to say much about the design.';

/** The opening lines: what was compared, and the mean of the contracts in both. */
export function movementLead(mv: PortfolioMovement, m: Markup): string[] {
  const out = [
    `Compared with ${m.text(visiblePath(mv.baseline.label))}, assessed on ${m.own(mv.baseline.assessedOn)}: ${plural(mv.matched, 'contract')} in both, ${mv.added.length} new, ${mv.gone.length} gone. ` +
      `Of those in both, ${mv.rose} rose, ${mv.fell} fell and ${mv.unchanged} did not change.`,
  ];
  if (mv.mean.contracts > 0) {
    out.push(m.own(`Mean score of the ${plural(mv.mean.contracts, 'contract')} in both and finished (not provisional) in both: ${show(mv.mean.before)} → ${show(mv.mean.after)} (${signed(mv.mean.change ?? 0)}).`));
  }
  return out;
}

export const movementAreaRows = (mv: PortfolioMovement, m: Markup): string[][] =>
  mv.areas.map((a) => [m.text(a.title), show(a.before), show(a.after), a.change === null ? '' : signed(a.change), String(a.contracts)]);

/**
 * Each contract in both; `contract` makes its name's cell (a link to its report where there is
 * one). Made as they are written: a batch of 50,000 may have 50,000.
 */
export function* movementContractRows(mv: PortfolioMovement, contract: (c: ContractMovement) => string, m: Markup): Generator<string[]> {
  for (const c of mv.contracts) {
    const notes = [...(c.provisional ? ['provisional'] : []), ...(c.was !== null ? [`was ${visiblePath(c.was)}`] : [])];
    yield [`${contract(c)}${notes.length > 0 ? ` (${m.text(notes.join('; '))})` : ''}`, String(c.before), String(c.after), signed(c.change), m.text(visiblePath(c.path))];
  }
}

/** The new and gone contracts: a heading and its items (made as they are written), for each that has any. */
export function newAndGone(mv: PortfolioMovement, m: Markup): { heading: string; items: Iterable<string> }[] {
  function* items(xs: { path: string; title: string }[]): Generator<string> {
    for (const x of xs) yield `${m.text(x.title)} (${m.text(visiblePath(x.path))})`;
  }
  return [
    ...(mv.added.length > 0 ? [{ heading: `New since the baseline (${mv.added.length})`, items: items(mv.added) }] : []),
    ...(mv.gone.length > 0 ? [{ heading: `In the baseline, not now (${mv.gone.length})`, items: items(mv.gone) }] : []),
  ];
}

/** The markdown section's lines. */
export function* movementMarkdown(mv: PortfolioMovement, contract: (c: ContractMovement) => string, m: Markup): Generator<string> {
  yield* [`## ${MOVEMENT_HEADING}`, '', ...movementLead(mv, m).flatMap((l) => [l, ''])];
  if (mv.matched === 0) yield* [NONE_IN_BOTH, ''];
  else {
    yield* [`### ${MOVEMENT_AREAS_HEADING}`, '', `| ${MOVEMENT_AREA_COLUMNS.join(' | ')} |`, '|---|---:|---:|---:|---:|', ...movementAreaRows(mv, m).map((r) => `| ${r.join(' | ')} |`), ''];
    yield* [`### ${MOVEMENT_CONTRACTS_HEADING}`, '', `| ${MOVEMENT_CONTRACT_COLUMNS.join(' | ')} |`, '|---|---:|---:|---:|---|'];
    for (const r of movementContractRows(mv, contract, m)) yield `| ${r.join(' | ')} |`;
    yield '';
    if (mv.contracts.some((c) => c.provisional)) yield* [PROVISIONAL_MOVEMENT_NOTE, ''];
  }
  for (const { heading, items } of newAndGone(mv, m)) {
    yield* [`### ${heading}`, ''];
    for (const i of items) yield `- ${i}`;
    yield '';
  }
}

/** One line for the terminal table. */
export function movementLine(mv: PortfolioMovement): string {
  const mean = mv.mean.contracts > 0 ? `; mean ${show(mv.mean.before)} → ${show(mv.mean.after)}` : '';
  return `Since ${plainText(visiblePath(mv.baseline.label))} (${mv.baseline.assessedOn}): ${mv.matched} in both, ${mv.rose} rose, ${mv.fell} fell, ${mv.unchanged} unchanged; ${mv.added.length} new, ${mv.gone.length} gone${mean}`;
}
