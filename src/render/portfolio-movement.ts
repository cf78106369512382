/** A portfolio's movement since a baseline (kil batch --baseline), for portfolio.md and the terminal. Pure. */
import type { PortfolioMovement } from '../portfolio/movement.js';
import { signed } from './comparison.js';
import { mdText, plainText, visiblePath } from './text.js';

const show = (n: number | null): string => (n === null ? 'n/a' : String(n));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function movementSection(m: PortfolioMovement): string[] {
  const out = ['## Since the baseline', ''];
  out.push(
    `Compared with ${mdText(visiblePath(m.baseline.label))}, assessed on ${m.baseline.assessedOn}: ${plural(m.matched, 'contract')} in both, ${m.added.length} new, ${m.gone.length} gone. ` +
      `Of those in both, ${m.rose} rose, ${m.fell} fell and ${m.unchanged} did not change.`,
    '',
  );
  if (m.mean.contracts > 0) {
    out.push(`Mean score of the ${plural(m.mean.contracts, 'contract')} in both and finished (not provisional) in both: ${show(m.mean.before)} → ${show(m.mean.after)} (${signed(m.mean.change ?? 0)}).`, '');
  }
  if (m.matched === 0) {
    out.push('No contract is in both, so there is no movement to show: contracts are matched by path, then by reference.', '');
    return [...out, ...newAndGone(m)];
  }
  out.push('### Steps and principles (contracts in both)', '', '| Step or principle | Before | After | Change | Contracts |', '|---|---:|---:|---:|---:|');
  for (const a of m.areas) out.push(`| ${mdText(a.title)} | ${show(a.before)} | ${show(a.after)} | ${a.change === null ? '' : signed(a.change)} | ${a.contracts} |`);
  out.push('');
  out.push('### Contracts, biggest fall first', '', '| Contract | Before | After | Change | File |', '|---|---:|---:|---:|---|');
  for (const c of m.contracts) {
    const name = c.report ? `[${mdText(c.title)}](${encodeURI(c.report)})` : mdText(c.title);
    const notes = [...(c.provisional ? ['provisional'] : []), ...(c.was !== null ? [`was ${visiblePath(c.was)}`] : [])];
    out.push(`| ${name}${notes.length > 0 ? ` (${mdText(notes.join('; '))})` : ''} | ${c.before} | ${c.after} | ${signed(c.change)} | ${mdText(visiblePath(c.path))} |`);
  }
  out.push('');
  if (m.contracts.some((c) => c.provisional)) out.push('A contract marked provisional was too little answered on one side for its change to say much about the design.', '');
  return [...out, ...newAndGone(m)];
}

function newAndGone(m: PortfolioMovement): string[] {
  const list = (xs: { path: string; title: string }[]) => xs.map((x) => `- ${mdText(x.title)} (${mdText(visiblePath(x.path))})`);
  return [
    ...(m.added.length > 0 ? [`### New since the baseline (${m.added.length})`, '', ...list(m.added), ''] : []),
    ...(m.gone.length > 0 ? [`### In the baseline, not now (${m.gone.length})`, '', ...list(m.gone), ''] : []),
  ];
}

/** One line for the terminal table. */
export function movementLine(m: PortfolioMovement): string {
  const mean = m.mean.contracts > 0 ? `; mean ${show(m.mean.before)} → ${show(m.mean.after)}` : '';
  return `Since ${plainText(visiblePath(m.baseline.label))} (${m.baseline.assessedOn}): ${m.matched} in both, ${m.rose} rose, ${m.fell} fell, ${m.unchanged} unchanged; ${m.added.length} new, ${m.gone.length} gone${mean}`;
}
