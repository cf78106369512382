/**
 * The result of `kil rubric check` as text: one line per property, and for a failure the change,
 * the scores, the questions that moved and the contract to reproduce it with `kil assess`. Pure.
 */
import { stringify } from 'yaml';
import type { PropertyResult } from '../validity/properties.js';
import { plainText } from './text.js';

export function renderPropertyResults(results: readonly PropertyResult[], rubricsLabel: string): string {
  const out: string[] = [`Validity properties of ${plainText(rubricsLabel)}:`, ''];
  for (const r of results) {
    out.push(`${r.passed ? 'ok  ' : 'FAIL'}  ${r.id}: ${r.claim} (${r.runs} case${r.runs === 1 ? '' : 's'})`);
    const c = r.counterexample;
    if (!c) continue;
    out.push(`      counterexample: ${plainText(c.change)}: overall ${c.scoreBefore} → ${c.scoreAfter}`);
    for (const m of c.moved) out.push(`        ${m.id}: ${plainText(m.before)} → ${plainText(m.after)}`);
    out.push('      the contract before the change (save it and run kil assess to see it):');
    for (const line of stringify(c.before).trimEnd().split('\n')) out.push(`        ${line}`);
    out.push('      and after:');
    for (const line of stringify(c.after).trimEnd().split('\n')) out.push(`        ${line}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  const cases = results.reduce((s, r) => s + r.runs, 0);
  out.push('', failed === 0 ? `All ${results.length} properties hold (${cases} cases, seed ${results[0]?.seed ?? 0}).` : `${failed} of ${results.length} properties fail (seed ${results[0]?.seed ?? 0}).`);
  return `${out.join('\n')}\n`;
}
