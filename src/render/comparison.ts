/**
 * A comparison of two assessments, as markdown (`kil compare`), JSON, the report's "Since the
 * last assessment" section, and plain lines for the terminal. Pure.
 */
import type { AnswerState, Comparison, SideSummary } from '../compare/compare.js';
import { PROVISIONAL_BAND } from '../score/result.js';
import { provisionalWords } from './basis-text.js';
import { mdText, plainText } from './text.js';

// Not report.ts's showScore: the report shows this module's section, and modules should not import in a circle.
const showScore = (score: number | null): string => (score === null ? 'n/a' : String(score));
/** "+6.2", "-3", "0": a change as people read it. */
export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const signedOrNa = (n: number | null): string => (n === null ? '' : signed(n));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const bandOf = (s: SideSummary): string => (s.provisional ? PROVISIONAL_BAND : s.band);
const rubricsOf = (s: SideSummary): string =>
  [...s.rubrics.map((r) => `${r.id} ${r.version}`), ...(s.rubricSet ? [`set ${s.rubricSet.id} ${s.rubricSet.version}`] : [])].join(', ');
const provisionalOf = (s: SideSummary): string => provisionalWords(s.coveragePct, s.provisionalBelow ?? 0, s.rubricSet !== null);

/** "15.1 → 21.3 (+6.2)" */
export function overallChange(c: Comparison): string {
  return `${c.overall.before} → ${c.overall.after} (${signed(c.overall.change)})`;
}

/**
 * Things to say before any figure: the two look like different procurements, or were scored
 * with different rubric versions. Plain text, one per line.
 */
export function comparisonWarnings(c: Comparison): string[] {
  const out: string[] = [];
  if (c.differences.length > 0) out.push(`these look like different procurements: ${c.differences.join('; ')}; compared all the same`);
  if (c.rubricChanges.length > 0) {
    const changes = c.rubricChanges.map((r) => `${r.id} ${r.before ?? 'absent'} before, ${r.after ?? 'absent'} after`).join('; ');
    out.push(`the rubric versions differ (${changes}): only questions in both are compared, and the overall scores are each on their own rubrics`);
  }
  return out;
}

/**
 * How to read the change when a result is provisional (too little answered), or when coverage
 * moved: unanswered questions score 0, so part of the change is what was answered, not the design.
 */
export function provisionalReading(c: Comparison): string[] {
  const out: string[] = [];
  const { before, after } = c;
  if (after.provisional) {
    out.push(
      `The after result is provisional: ${provisionalOf(after)}. Unanswered questions score 0, so ${c.fell ? 'this fall may be questions not answered yet rather than a less local plan' : 'its score says more about what is missing than about the design'}.`,
    );
  }
  if (before.provisional) {
    out.push(`The before result was provisional: ${provisionalOf(before)}${after.provisional ? '' : ', so part of the change comes from questions answered since, not only from the design'}.`);
  }
  if (c.fromCoverage !== 0) {
    out.push(`Of the ${signed(c.overall.change)} points, ${signed(c.fromCoverage)} come from questions answered in one result and not in the other.`);
  }
  return out;
}

const answerCell = (s: AnswerState): string => mdText(s.status === 'unanswered' ? 'Not answered' : s.answerText);

function areaTable(c: Comparison, onlyChanged: boolean): string[] {
  const rows = c.areas.filter((a) => !onlyChanged || a.before !== a.after || a.questionsChanged || a.only !== null);
  if (rows.length === 0) return ['No step or principle changed.', ''];
  const out = ['| Step or principle | Before | After | Change |', '|---|---:|---:|---:|'];
  for (const a of rows) {
    const mark = a.only === 'before' ? ' (before only)' : a.only === 'after' ? ' (after only)' : a.questionsChanged ? ' (questions changed)' : '';
    out.push(`| ${mdText(a.title)}${mark} | ${a.only === 'after' ? '' : showScore(a.before)} | ${a.only === 'before' ? '' : showScore(a.after)} | ${signedOrNa(a.change)} |`);
  }
  out.push('');
  if (c.areas.some((a) => a.questionsChanged)) out.push('"Questions changed": the rubric versions ask different questions there, so its two scores are not like for like.', '');
  return out;
}

function questionTable(c: Comparison): string[] {
  if (c.questions.length === 0) return ['No answer or score changed.', ''];
  const out = ['| Question | Before | After | Score | Overall points |', '|---|---|---|---:|---:|'];
  for (const q of c.questions) {
    out.push(`| **${mdText(q.id)}** ${mdText(q.prompt)} | ${answerCell(q.before)} | ${answerCell(q.after)} | ${showScore(q.before.score)} → ${showScore(q.after.score)} | ${signed(q.points)} |`);
  }
  out.push('');
  return out;
}

function recommendationList(items: Comparison['resolved'], was: boolean): string[] {
  if (items.length === 0) return ['None.', ''];
  return [...items.map((r) => `- **${mdText(r.questionId)}** (${mdText(r.areaTitle)}, ${was ? 'was ' : ''}up to +${r.points} points): ${mdText(r.do)}`), ''];
}

function questionSetNotes(c: Comparison): string[] {
  const out: string[] = [];
  const list = (qs: { id: string }[]) => qs.map((q) => `**${mdText(q.id)}**`).join(', ');
  if (c.retiredQuestions.length > 0) out.push(`- In the before result only (retired, not compared): ${list(c.retiredQuestions)}.`);
  if (c.newQuestions.length > 0) out.push(`- In the after result only (new, not compared): ${list(c.newQuestions)}.`);
  return out.length > 0 ? [...out, ''] : [];
}

/** The comparison's body under headings of `level` (## for kil compare, ### in a report). */
function body(c: Comparison, level: string, onlyChangedAreas: boolean): string[] {
  return [
    `${level} By step and principle`,
    '',
    ...areaTable(c, onlyChangedAreas),
    `${level} Answers that changed (${c.questions.length})`,
    '',
    ...questionTable(c),
    `${level} Recommendations resolved (${c.resolved.length})`,
    '',
    ...recommendationList(c.resolved, true),
    `${level} New recommendations (${c.added.length})`,
    '',
    ...recommendationList(c.added, false),
    ...(c.retiredQuestions.length + c.newQuestions.length > 0 ? [`${level} Questions in one result only`, '', ...questionSetNotes(c)] : []),
  ];
}

const warningLines = (c: Comparison): string[] => comparisonWarnings(c).flatMap((w) => [`> **Warning:** ${mdText(w)}`, '']);

/** `kil compare` as markdown. */
export function renderComparisonMarkdown(c: Comparison): string {
  const { before: b, after: a } = c;
  const out = [`# Keep it Local comparison: ${mdText(a.title)}`, ''];
  out.push('| | Before | After |', '|---|---|---|');
  out.push(`| File | ${mdText(b.label)} | ${mdText(a.label)} |`);
  out.push(`| Assessed on | ${b.assessedOn} | ${a.assessedOn} |`);
  if (b.reference !== null || a.reference !== null) out.push(`| Reference | ${mdText(b.reference ?? '')} | ${mdText(a.reference ?? '')} |`);
  out.push(`| Rubrics | ${mdText(rubricsOf(b))} | ${mdText(rubricsOf(a))} |`);
  out.push(`| Overall | ${b.score} / 100, ${mdText(bandOf(b))} | ${a.score} / 100, ${mdText(bandOf(a))} |`);
  out.push(`| Coverage | ${b.coveragePct}% (${plural(b.unanswered, 'question')} unanswered) | ${a.coveragePct}% (${plural(a.unanswered, 'question')} unanswered) |`);
  out.push('');
  out.push(...warningLines(c));
  out.push(`## Overall: ${overallChange(c)}`, '');
  const reading = provisionalReading(c);
  if (reading.length > 0) out.push(mdText(reading.join(' ')), '');
  out.push(...body(c, '##', false));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The report's section on what changed since the baseline (kil assess --baseline). */
export function sinceSection(c: Comparison): string[] {
  const b = c.before;
  const out = ['## Since the last assessment', ''];
  out.push(`Compared with ${mdText(b.label)}, assessed on ${b.assessedOn} (${b.score} / 100, ${mdText(bandOf(b))}): overall ${overallChange(c)}.`, '');
  out.push(...warningLines(c));
  const reading = provisionalReading(c);
  if (reading.length > 0) out.push(mdText(reading.join(' ')), '');
  out.push(...body(c, '###', true));
  return out;
}

/** One line for the terminal: "Community mental health support: 59.4 → 64.9 (+5.5); 3 answers changed". */
export function comparisonSummary(c: Comparison): string {
  return `${plainText(c.after.title)}: ${overallChange(c)}; ${plural(c.questions.length, 'answer')} changed, ${plural(c.resolved.length, 'recommendation')} resolved, ${c.added.length} new`;
}
