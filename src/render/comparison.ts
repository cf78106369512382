/**
 * A comparison of two assessments: `kil compare` as markdown, the report's "Since the last
 * assessment" section (markdown here, HTML in html-report.ts, in the same words: the wording is
 * written against a Markup), and plain lines for the terminal. Pure.
 */
import type { AnswerState, Comparison, SideSummary } from '../compare/compare.js';
import { PROVISIONAL_BAND } from '../score/result.js';
import { provisionalWords } from './basis-text.js';
import { MARKDOWN, type Markup } from './markup.js';
import { showScore } from './report-words.js';
import { plainText } from './text.js';

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
 * with different rubric versions. Plain text (holding titles and references from the files).
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
 * Plain text.
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

export const AREA_CHANGE_COLUMNS = ['Step or principle', 'Before', 'After', 'Change'] as const;
export const NO_AREA_CHANGED = 'No step or principle changed.';
export const QUESTIONS_CHANGED_NOTE = '"Questions changed": the rubric versions ask different questions there, so its two scores are not like for like.';

/** The steps and principles (only those that moved, with `onlyChanged`), as marked-up cells. */
export function areaChangeRows(c: Comparison, onlyChanged: boolean, m: Markup): string[][] {
  return c.areas
    .filter((a) => !onlyChanged || a.before !== a.after || a.questionsChanged || a.only !== null)
    .map((a) => {
      const mark = a.only === 'before' ? ' (before only)' : a.only === 'after' ? ' (after only)' : a.questionsChanged ? ' (questions changed)' : '';
      return [`${m.text(a.title)}${m.own(mark)}`, a.only === 'after' ? '' : showScore(a.before), a.only === 'before' ? '' : showScore(a.after), signedOrNa(a.change)];
    });
}

export const QUESTION_CHANGE_COLUMNS = ['Question', 'Before', 'After', 'Score', 'Overall points'] as const;
export const NO_QUESTION_CHANGED = 'No answer or score changed.';

const answerCell = (s: AnswerState, m: Markup): string => (s.status === 'unanswered' ? m.own('Not answered') : m.text(s.answerText));

/** Each question whose answer or score changed, as marked-up cells. */
export const questionChangeRows = (c: Comparison, m: Markup): string[][] =>
  c.questions.map((q) => [
    `${m.strong(m.text(q.id))} ${m.text(q.prompt)}`,
    answerCell(q.before, m),
    answerCell(q.after, m),
    m.own(`${showScore(q.before.score)} → ${showScore(q.after.score)}`),
    signed(q.points),
  ]);

/** Recommendations resolved (`was`: their points before) or new, as marked-up list items. */
export const recommendationItems = (items: Comparison['resolved'], was: boolean, m: Markup): string[] =>
  items.map((r) => `${m.strong(m.text(r.questionId))} (${m.text(r.areaTitle)}, ${was ? 'was ' : ''}up to +${r.points} points): ${m.text(r.do)}`);

/** The questions in one result only, as marked-up list items. */
export function questionSetItems(c: Comparison, m: Markup): string[] {
  const list = (qs: { id: string }[]) => qs.map((q) => m.strong(m.text(q.id))).join(', ');
  return [
    ...(c.retiredQuestions.length > 0 ? [`In the before result only (retired, not compared): ${list(c.retiredQuestions)}.`] : []),
    ...(c.newQuestions.length > 0 ? [`In the after result only (new, not compared): ${list(c.newQuestions)}.`] : []),
  ];
}

/** The headings of the comparison's parts. */
export const comparisonHeadings = (c: Comparison) => ({
  areas: 'By step and principle',
  questions: `Answers that changed (${c.questions.length})`,
  resolved: `Recommendations resolved (${c.resolved.length})`,
  added: `New recommendations (${c.added.length})`,
  questionSet: 'Questions in one result only',
});

export const SINCE_HEADING = 'Since the last assessment';

/** "Compared with old.json, assessed on 2026-05-01 (59.4 / 100, Developing): overall 59.4 → 66 (+6.6)." */
export const sinceLead = (c: Comparison, m: Markup): string =>
  `Compared with ${m.text(c.before.label)}, assessed on ${m.own(c.before.assessedOn)} (${c.before.score} / 100, ${m.text(bandOf(c.before))}): overall ${m.own(overallChange(c))}.`;

const m = MARKDOWN;
const mdTable = (header: readonly string[], numeric: readonly number[], rows: readonly string[][]): string[] => [
  `| ${header.join(' | ')} |`,
  `|${header.map((_, i) => (numeric.includes(i) ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];
const bullets = (items: readonly string[]): string[] => (items.length === 0 ? ['None.', ''] : [...items.map((i) => `- ${i}`), '']);

/** The comparison's body under headings of `level` (## for kil compare, ### in a report). */
function body(c: Comparison, level: string, onlyChangedAreas: boolean): string[] {
  const heading = comparisonHeadings(c);
  const areas = areaChangeRows(c, onlyChangedAreas, m);
  const questionSet = questionSetItems(c, m);
  return [
    `${level} ${heading.areas}`,
    '',
    ...(areas.length === 0 ? [NO_AREA_CHANGED, ''] : mdTable(AREA_CHANGE_COLUMNS, [1, 2, 3], areas)),
    ...(c.areas.some((a) => a.questionsChanged) ? [QUESTIONS_CHANGED_NOTE, ''] : []),
    `${level} ${heading.questions}`,
    '',
    ...(c.questions.length === 0 ? [NO_QUESTION_CHANGED, ''] : mdTable(QUESTION_CHANGE_COLUMNS, [3, 4], questionChangeRows(c, m))),
    `${level} ${heading.resolved}`,
    '',
    ...bullets(recommendationItems(c.resolved, true, m)),
    `${level} ${heading.added}`,
    '',
    ...bullets(recommendationItems(c.added, false, m)),
    ...(questionSet.length > 0 ? [`${level} ${heading.questionSet}`, '', ...bullets(questionSet)] : []),
  ];
}

const warningLines = (c: Comparison): string[] => comparisonWarnings(c).flatMap((w) => [`> **Warning:** ${m.text(w)}`, '']);
const readingLines = (c: Comparison): string[] => {
  const reading = provisionalReading(c);
  return reading.length > 0 ? [m.text(reading.join(' ')), ''] : [];
};

/** `kil compare` as markdown. */
export function renderComparisonMarkdown(c: Comparison): string {
  const { before: b, after: a } = c;
  const out = [`# Keep it Local comparison: ${m.text(a.title)}`, ''];
  out.push('| | Before | After |', '|---|---|---|');
  out.push(`| File | ${m.text(b.label)} | ${m.text(a.label)} |`);
  out.push(`| Assessed on | ${b.assessedOn} | ${a.assessedOn} |`);
  if (b.reference !== null || a.reference !== null) out.push(`| Reference | ${m.text(b.reference ?? '')} | ${m.text(a.reference ?? '')} |`);
  out.push(`| Rubrics | ${m.text(rubricsOf(b))} | ${m.text(rubricsOf(a))} |`);
  out.push(`| Overall | ${b.score} / 100, ${m.text(bandOf(b))} | ${a.score} / 100, ${m.text(bandOf(a))} |`);
  out.push(`| Coverage | ${b.coveragePct}% (${plural(b.unanswered, 'question')} unanswered) | ${a.coveragePct}% (${plural(a.unanswered, 'question')} unanswered) |`);
  out.push('');
  out.push(...warningLines(c));
  out.push(`## Overall: ${overallChange(c)}`, '');
  out.push(...readingLines(c));
  out.push(...body(c, '##', false));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The markdown report's section on what changed since the baseline (kil assess --baseline). */
export function sinceSection(c: Comparison): string[] {
  return [`## ${SINCE_HEADING}`, '', sinceLead(c, m), '', ...warningLines(c), ...readingLines(c), ...body(c, '###', true)];
}

/** One line for the terminal: "Community mental health support: 59.4 → 64.9 (+5.5); 3 answers changed". */
export function comparisonSummary(c: Comparison): string {
  return `${plainText(c.after.title)}: ${overallChange(c)}; ${plural(c.questions.length, 'answer')} changed, ${plural(c.resolved.length, 'recommendation')} resolved, ${c.added.length} new`;
}
