/**
 * The report's wording, written once against a Markup so that the markdown report and the HTML
 * report say the same things in the same words. Pure: assessment in, marked-up lines out; the
 * layout (headings, tables, lists) is each renderer's own.
 */
import { formatMoney } from '../facts/money.js';
import type { RubricLibrary } from '../load/rubrics.js';
import type { AreaResult, Assessment, QuestionResult, RankedRecommendation, RubricResult } from '../score/result.js';
import { factToFindOut } from '../model/field-table.js';
import { assertedSentence, bandShown, provisionalReason, restSentence } from './basis-text.js';
import type { Markup } from './markup.js';

export interface ReportMeta {
  /** The assessment date, YYYY-MM-DD. */
  date: string;
  toolVersion: string;
  /** A portfolio's rubric set (every contract of a batch is on one). */
  rubricSet?: { id: string; title: string; version: string };
}

/** How many recommendations the report gives as top ones (and the interview offers actions for). */
export const TOP_RECOMMENDATIONS = 5;

export const showScore = (score: number | null): string => (score === null ? 'n/a' : String(score));

/** What the entered value covers, where kil added nothing to it. */
const COVERS_VAT = { included: 'including VAT', exempt: 'VAT-exempt, so no VAT' } as const;
const COVERS_EXTENSIONS = { included: 'including extension options', none: 'no extension options', 'not-known': 'extension options not known' } as const;

/**
 * The value as entered and what it covers, and, when kil added VAT or extension options to it,
 * the value thresholds are judged on: "£12m as entered; £14.4m with VAT and extension options,
 * the basis for thresholds". A VAT-exempt value never reads "including VAT".
 */
export function totalValueText(c: Assessment['contract']): string {
  if (c.totalValue === null || c.enteredValue === null || c.valueBasis === null) return 'not given';
  const { vat, extensions } = c.valueBasis;
  const added = [...(vat === 'added' ? ['VAT'] : []), ...(extensions === 'added' ? ['extension options'] : [])];
  const covers = [...(vat !== 'added' ? [COVERS_VAT[vat]] : []), ...(extensions !== 'added' ? [COVERS_EXTENSIONS[extensions]] : [])];
  const coversText = covers.join('; ').replace('including VAT; including extension options', 'including VAT and extension options');
  if (added.length === 0) return `${formatMoney(c.enteredValue)} (${coversText})`;
  return `${formatMoney(c.enteredValue)} as entered${coversText ? ` (${coversText})` : ''}; ${formatMoney(c.totalValue)} with ${added.join(' and ')}, the basis for thresholds`;
}

/** On a rubric set scored from published facts (the published record), not from answers. */
export const published = (a: Assessment): boolean => a.rubricSet?.scoredFrom === 'published-facts';

/** "Keep it Local assessment: <title>", or on a set scored from published facts, the set's title. */
export const reportTitle = (a: Assessment, m: Markup): string => `${m.text(titleWords(a))}: ${m.text(a.contract.title)}`;
export const titleWords = (a: Assessment): string => (published(a) ? `${a.rubricSet!.title}` : 'Keep it Local assessment');

/** The facts table at the top: label and marked-up value. */
export function headerRows(a: Assessment, meta: ReportMeta, m: Markup): [string, string][] {
  const c = a.contract;
  const rows: [string, string][] = [['Buyer', m.text(c.buyer)]];
  if (c.reference) rows.push(['Reference', m.text(c.reference)]);
  if (c.service) rows.push(['Service', m.text(c.service)]);
  rows.push(['Total value', m.own(totalValueText(c))]);
  rows.push(['Contract start', m.own(c.startDate ?? 'not given')]);
  rows.push(['Assessed on', `${m.own(meta.date)} with kil ${m.text(meta.toolVersion)}`]);
  const rubricIds = a.rubrics.map((r) => `${m.text(r.id)} ${m.text(r.version)}`).join(', ');
  const set = a.rubricSet ? `; set ${m.text(a.rubricSet.id)} ${m.text(a.rubricSet.version)}` : '';
  rows.push(['Rubrics', `${rubricIds}${set}; policy ${m.text(a.policy.id)} ${m.text(a.policy.version)}`]);
  if (a.council) rows.push(['Council profile', `${m.text(a.council.name)}, reviewed ${m.text(a.council.reviewed)} (${m.text(a.council.path)}); answers taken from it are marked "from the council profile"`]);
  return rows;
}

/** What the report and the terminal say about a council profile not reviewed for over a year. */
export function staleCouncilWarning(council: { path: string; reviewed: string }, date: string, months: number): string {
  if (council.reviewed > date) return `the council profile ${council.path} says it was reviewed on ${council.reviewed}, after the assessment date ${date}; correct council.reviewed`;
  return `the council profile ${council.path} was last reviewed on ${council.reviewed}, more than ${months} months before ${date}; review its answers and update council.reviewed`;
}

/** The band's meaning, for a procurement still planned or one whose tender has gone out by the assessment date. */
export function bandMeaning(a: Assessment, date: string): string {
  const band = a.overall.band;
  const started = a.contract.procurementStart !== null && a.contract.procurementStart <= date;
  return started && band.meaning_once_started !== undefined ? band.meaning_once_started : band.meaning;
}

export const overallHeading = (a: Assessment, m: Markup): string => `Overall: ${a.overall.score} / 100, ${m.text(bandShown(a))}`;

/** "**31 of 59 points are self-reported without evidence**; 10 rest on answers with evidence and 18 are derived from the procurement facts." */
export const pointsSentence = (a: Assessment, m: Markup): string =>
  published(a) ? m.own(`Every point is derived from what the notices publish; nothing is self-reported.`) : `${m.strong(m.own(assertedSentence(a)))}; ${m.own(restSentence(a))}.`;

export function coverageSentence(a: Assessment, m: Markup): string {
  const c = a.overall.coverage;
  if (published(a)) {
    return m.own(
      `Coverage: ${c.total - c.unanswered - c.notApplicable} of the ${c.total - c.notApplicable} indicators that apply are published (${c.pct}%)` +
        `${c.notApplicable > 0 ? `; ${c.notApplicable} not applicable` : ''}.` +
        (c.unanswered === 0 ? '' : ' What the notices do not publish carries no weight, so coverage is how much they publish.'),
    );
  }
  // The count and the percentage are of the same thing: the questions that apply (a question that
  // does not apply was counted as "answered or derived", so "11 of 38 (25%)" did not add up).
  return m.own(
    `Coverage: ${c.answered + c.derived} of the ${c.total - c.notApplicable} questions that apply are answered or derived (${c.pct}%): ` +
      `${c.answered} answered, ${c.derived} derived from the facts, ${c.unanswered} not yet answered` +
      `${c.notApplicable > 0 ? `; ${c.notApplicable} more do${c.notApplicable === 1 ? 'es' : ''} not apply` : ''}.` +
      (c.unanswered > 0 ? ' Unanswered questions score 0, so the score rises as you answer them.' : ''),
  );
}

const missingFactsSentence = (facts: readonly string[] | undefined, m: Markup): string =>
  facts ? ` Find out ${m.text(facts.map(factToFindOut).join(', and '))} (${facts.map(m.code).join(', ')}) to derive it.` : '';

/**
 * Too little is answered for the band to mean anything: say so, give the band the score so far
 * reaches, and name the questions that would lift coverage to the line.
 */
export function provisionalWords(a: Assessment, m: Markup): { reason: string; lead: string; questions: string[] } {
  const open = new Map(a.unanswered.map((u) => [u.id, u]));
  const n = a.overall.toAnswer.length;
  const settle = a.overall.toSettle;
  const byId = new Map(a.rubrics.flatMap((r) => r.areas.flatMap((area) => area.questions.map((q) => [q.id, { q, area }] as const))));
  const why =
    n > 0 && published(a)
      ? 'but it rests on too few published facts to say much about the contract'
      : n > 0
      ? 'but unanswered questions score 0, so it says more about what is missing than about the design'
      : 'but it rests on answers given by hand where the procurement facts should decide, and facts beat self-report';
  const leads = [
    ...(n > 0 && published(a) ? [`The notices would need to publish at least ${n} more of these facts; ${n === 1 ? 'this one carries' : 'these carry'} the most weight.`] : []),
    ...(n > 0 && !published(a) ? [`To get above the line, answer at least ${n} more question${n === 1 ? '' : 's'}. ${n === 1 ? 'This one carries' : 'These carry'} the most weight.`] : []),
    ...(settle.length > 0 ? [`Give the facts that settle ${settle.length === 1 ? 'the answer' : `the ${settle.length} answers`} written by hand.`] : []),
  ];
  return {
    reason: `The result is provisional: ${m.text(provisionalReason(a))}. The score so far reaches ${m.text(a.overall.band.name)}, ${why}.`,
    lead: leads.join(' '),
    questions: [
      ...a.overall.toAnswer.map((id) => {
        const u = open.get(id);
        return `${m.strong(m.text(id))}${u ? ` (${m.text(u.areaTitle)}): ${m.text(u.prompt)}${missingFactsSentence(u.missingFacts, m)}` : ''}`;
      }),
      ...settle.map((id) => {
        const found = byId.get(id);
        return `${m.strong(m.text(id))}${found ? ` (${m.text(found.area.title)}): ${m.text(found.q.prompt)}${settleSentence(found.q.factsToSettle, m)}` : ''}`;
      }),
    ],
  };
}

/** " Self-reported; add procurement.local_bidders to settle it." */
const settleSentence = (facts: readonly string[] | undefined, m: Markup): string => (facts ? ` Self-reported; add ${facts.map(m.code).join(', ')} to settle it.` : '');

export const NO_RECOMMENDATIONS = 'None: every question scores full marks or has no recommendation.';

/**
 * What the top recommendations are worth together, and which matters most and why: "Together these
 * could add up to 11.8 points. The first matters most: S5.2 carries 3.3% of the overall score and
 * scores 0 now." Undefined with fewer than two (nothing to compare).
 */
export function topRecommendationsLead(a: Assessment, top: readonly RankedRecommendation[]): string | undefined {
  if (top.length < 2) return undefined;
  const together = Math.round(top.reduce((s, r) => s + r.points, 0) * 10) / 10;
  const first = top[0]!;
  const q = a.rubrics.flatMap((r) => r.areas.flatMap((area) => area.questions)).find((x) => x.id === first.questionId);
  const why = q && q.score !== null ? `: ${first.questionId} carries ${Math.round(q.share * 1000) / 10}% of the overall score and scores ${q.score} of 100 now` : '';
  return `Together these could add up to ${together} points. The first matters most${why}.`;
}

/** "3 more recommendations appear with their questions below.", or nothing when all are shown. */
export function moreRecommendations(a: Assessment, shown: number): string | undefined {
  const more = a.recommendations.length - shown;
  return more > 0 ? `${more} more recommendation${more === 1 ? '' : 's'} appear with their questions below.` : undefined;
}

export const recommendationHeading = (rec: RankedRecommendation, m: Markup): string =>
  `${rec.rank}. ${m.text(rec.areaTitle)} (${m.text(rec.questionId)}, up to +${rec.points} points)`;

/** The recommendation's parts: label and marked-up text. */
export const recommendationParts = (rec: RankedRecommendation, m: Markup): [string, string][] => [
  ['Question', m.text(rec.prompt)],
  ['Current answer', m.text(rec.answerText)],
  ['Why it matters', m.text(rec.why)],
  ['What to do', m.text(rec.do)],
];

export const rubricHeading = (r: RubricResult, m: Markup): string =>
  `${m.text(r.title)} (${m.text(r.id)} ${m.text(r.version)}): ${showScore(r.score)} / 100${r.band ? `, ${m.text(r.band.name)}` : ''}`;

export const areaHeading = (area: AreaResult, m: Markup): string => `${m.text(area.title)}: ${showScore(area.score)} / 100`;

export const QUESTION_COLUMNS = ['Question', 'Answer', 'Evidence', 'Note', 'Score'] as const;

/** Whether the answer is derived, evidenced (with the evidence) or asserted: blank when unanswered or not applicable. */
function evidenceCell(q: QuestionResult, m: Markup): string {
  switch (q.basis) {
    case 'derived':
      return 'Derived from the facts';
    case 'evidenced':
      return `Evidenced: ${m.text(q.evidence ?? '')}`;
    case 'asserted':
      return 'Asserted: no evidence';
    case null:
      return '';
  }
}

/** A question's row in its area's table, one cell per QUESTION_COLUMNS. */
export function questionCells(q: QuestionResult, m: Markup): string[] {
  const answer = q.derivation
    ? `${q.answerText} (derived: ${q.derivation})`
    : q.factsToSettle
      ? `${q.answerText} (self-reported in place of the facts ${q.factsToSettle.join(', ')}, which would settle it)`
      : q.source === 'council'
        ? `${q.answerText} (from the council profile)`
        : q.answerText;
  return [`${m.strong(m.text(q.id))} ${m.text(q.prompt)}`, m.text(answer), evidenceCell(q, m), q.note ? m.text(q.note) : '', showScore(q.score)];
}

/** The questions an area's table shows: not those about law the contract's regime never has. */
export const shownQuestions = (area: AreaResult): QuestionResult[] => area.questions.filter((q) => !q.otherLaw);

/** "Not shown: S2.5 and S2.6, which ask about another nation's law." Undefined when every question is shown. */
export function otherLawNote(area: AreaResult, m: Markup): string | undefined {
  const ids = area.questions.filter((q) => q.otherLaw).map((q) => m.strong(m.text(q.id)));
  if (ids.length === 0) return undefined;
  const named = ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
  return `Not shown: ${named}, which ${ids.length === 1 ? 'asks' : 'ask'} about another nation's law.`;
}

/** The area's advice: each question that would recover points, with what to do. */
export const areaAdvice = (area: AreaResult, m: Markup): string[] =>
  area.questions.filter((q) => q.recommendation && q.recoverable > 0).map((q) => `${m.strong(m.text(q.id))}: ${m.text(q.recommendation!.do)}`);

export const ALL_ANSWERED = 'Every question is answered or derived.';

/** The heading for the questions left open: on a rubric set of published facts, what the notices did not publish (no one is asked). */
export const unansweredHeading = (a: Assessment): string =>
  a.rubricSet?.scoredFrom === 'published-facts' ? 'Not published (these carry no weight either way)' : 'Not yet answered';

export const unansweredItems = (a: Assessment, m: Markup): string[] =>
  a.unanswered.map((u) => `${m.strong(m.text(u.id))} (${m.text(u.areaTitle)}): ${m.text(u.prompt)}${missingFactsSentence(u.missingFacts, m)}`);

export const NO_FACTS = 'No procurement facts to derive from yet.';

export const derivedFactItems = (a: Assessment, m: Markup): string[] => [
  ...a.facts.statements.map((s) => m.text(s)),
  ...a.facts.duties.map((d) => `${m.text(d.text)} (${m.text(d.source)}${d.verified ? '' : '; not verified'})`),
];

export const METHOD_HEADING = 'How this score is calculated';

/** The overall score, its bands and the provisional line, as the method says them on either kind of rubric set. */
function overallItems(library: RubricLibrary, m: Markup, covered: string, tooLittle: string): string[] {
  const bands = library.bands.map((b) => `${m.text(b.name)} from ${b.min}`).join('; ');
  const weights = library.rubrics.map((r) => `${m.text(r.rubric.id)} × ${r.weight}`).join(', ');
  return [
    `The overall score is the weighted mean of the rubrics (${weights}).`,
    `Bands for the overall score: ${bands}.`,
    ...(library.provisionalBelow === undefined
      ? []
      : [m.own(`Below ${library.provisionalBelow}% coverage (${covered}, of those that apply) the result is provisional: too little is ${tooLittle} for the band to mean anything.`)]),
  ];
}

export function methodItems(library: RubricLibrary, m: Markup): string[] {
  if (library.scoredFrom === 'published-facts') {
    return [
      m.own('Each indicator is derived from a fact of the contract file that the published notices give (the comment above each fact in an imported file names the field); answers written in the file are not read.'),
      m.own('An indicator scores 0 to 100 by the rubric\'s bands or options. One whose fact the notices do not publish carries no weight, either way; one that does not apply (a tender window for a direct award) carries none either.'),
      m.own('An area is the weighted mean of its indicators; a rubric is the weighted mean of its areas.'),
      ...overallItems(library, m, 'the indicators the notices publish', 'published'),
      m.own('Recommendations, for the next time the work is let, are ranked by the overall points each would recover if its indicator scored full marks.'),
      `Weights, bands and recommendations are data in the rubric files; run ${m.code(`kil rubric show --rubric-set ${library.set?.id ?? ''}`)} to read them.`,
    ];
  }
  return [
    m.own('Each question scores 0 to 100 from the rubric: yes, partly and no, and the maturity levels 0 to 4, use the rubric\'s scales; a choice scores what its option says; a number scores by the band it falls in.'),
    m.own('Questions marked as derived are worked out from the procurement facts in the contract file, using the dated thresholds in the policy data, and are not asked.'),
    m.own('A question that is not yet answered scores 0. A question that does not apply carries no weight.'),
    m.own('Each answer is marked by what it rests on: derived from the facts, evidenced (answered with a document, link or reference) or asserted (answered without). A question adds its share of the overall score times its score to the points of its kind. The three are rounded to one decimal together (largest remainder), so they add up to the overall score as shown.'),
    m.own('An area (a step or principle) is the weighted mean of its questions; a rubric is the weighted mean of its areas.'),
    ...overallItems(library, m, 'questions answered or derived', 'answered'),
    m.own('Recommendations are ranked by the overall points each would recover if its question scored full marks: the question\'s share of the overall score times its shortfall.'),
    `Weights, scales, bands and recommendations are data in the rubric files; run ${m.code('kil rubric show')} to read them.`,
  ];
}
