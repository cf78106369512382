/** `kil rubric list` and `kil rubric show`: rubrics as readable text. Pure. */
import { factNamed } from '../facts/catalogue.js';
import type { RubricLibrary } from '../load/rubrics.js';
import type { Question, Rubric } from '../model/rubric.js';
import { formatNumber } from '../model/number-text.js';
import { aNumberIn } from '../model/typed-values.js';
import { NO_CITATIONS, withLaw } from '../model/law-text.js';
import { plainText } from './text.js';

/** A rubric text outside any one contract: its law segments left out (model/law-text.ts). */
const general = (text: string): string => plainText(withLaw(text, NO_CITATIONS));

export function renderRubricList(library: RubricLibrary): string {
  const rows = library.rubrics.map(({ rubric, weight }) => {
    const questions = rubric.areas.reduce((n, a) => n + a.questions.length, 0);
    return [rubric.id, rubric.version, String(weight), String(rubric.areas.length), String(questions), rubric.title].map(plainText);
  });
  const header = ['ID', 'VERSION', 'WEIGHT', 'AREAS', 'QUESTIONS', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const setLine = library.set ? `Set: ${plainText(library.set.id)} ${plainText(library.set.version)}` : 'Set: none (rubrics weighted equally)';
  return [line(header), ...rows.map(line), '', setLine, `Policy: ${plainText(library.policy.id)} ${plainText(library.policy.version)}`, ''].join('\n');
}

export function renderRubric(rubric: Rubric): string {
  const out: string[] = [];
  out.push(`${plainText(rubric.title)} (${plainText(rubric.id)} ${plainText(rubric.version)})`);
  out.push(`Source: ${plainText(rubric.source)}`);
  out.push(`Bands: ${rubric.bands.map((b) => `${plainText(b.name)} from ${b.min}`).join('; ')}`);
  out.push('');
  for (const area of rubric.areas) {
    out.push(`${plainText(area.id)}  ${plainText(area.title)}  (weight ${area.weight})`);
    out.push(`    Why: ${general(area.why)}`);
    for (const q of area.questions) {
      out.push('');
      out.push(`  ${plainText(q.id)}  ${general(q.prompt)}`);
      out.push(`      ${describeType(q)}; weight ${q.weight}${q.derive ? `; derived from ${factNamed(q.derive)?.description ?? q.derive}` : ''}`);
      out.push(...answerGuide(q).map((l) => `      ${l}`));
      if (q.not_applicable) out.push(`      "n/a" allowed: ${general(q.not_applicable)}`);
      out.push(`      Help: ${general(q.help)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function describeType(q: Question): string {
  switch (q.type) {
    case 'yes_no':
      return 'answer yes, partly or no';
    case 'maturity':
      return 'answer a level from 0 to 4';
    case 'choice':
      return `answer one of: ${q.options.map((o) => o.value).join(', ')}`;
    case 'number':
      return `answer ${plainText(aNumberIn(q.unit))} (${q.range.min} or more${q.range.max !== undefined ? `, up to ${q.range.max}` : ''})`;
  }
}

function answerGuide(q: Question): string[] {
  switch (q.type) {
    case 'yes_no':
      return [];
    case 'maturity':
      return q.levels.map((l, i) => `${i}: ${plainText(l)}`);
    case 'choice':
      return q.options.map((o) => `${o.value}: ${plainText(o.label)} (scores ${o.score})`);
    case 'number':
      // Thousands separated (1,000,000), as people read money.
      const n = formatNumber;
      return [`Scores: ${q.bands.map((b) => `${b.min !== undefined ? `${n(b.min)} or more` : `over ${n(b.above!)}`} → ${b.score}`).join('; ')}`];
  }
}
