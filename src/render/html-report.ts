/**
 * The HTML report: the markdown report's content in one self-contained page, with the chart,
 * printable on A4. The summary and chart come first, then the top recommendations, then the
 * detail. Pure: assessment in, HTML out. The wording is report-words.ts's; every piece of text
 * from the contract file goes through htmlText (the HTML Markup).
 *
 * The page is a list of sections, each a function of the assessment: to add one, write a
 * function and put it in HTML_REPORT_SECTIONS where it belongs.
 */
import type { RubricLibrary } from '../load/rubrics.js';
import { reviewNeedsAttention } from '../model/council.js';
import type { Assessment } from '../score/result.js';
import { h, htmlPage, kilFooter, table } from './html-page.js';
import { HTML as m } from './markup.js';
import {
  ALL_ANSWERED,
  areaAdvice,
  areaHeading,
  coverageSentence,
  derivedFactItems,
  headerRows,
  METHOD_HEADING,
  methodItems,
  moreRecommendations,
  NO_FACTS,
  NO_RECOMMENDATIONS,
  overallHeading,
  pointsSentence,
  provisionalWords,
  QUESTION_COLUMNS,
  questionCells,
  recommendationHeading,
  recommendationParts,
  reportTitle,
  rubricHeading,
  staleCouncilWarning,
  TOP_RECOMMENDATIONS,
  topRecommendationsLead,
  titleWords,
  unansweredHeading,
  unansweredItems,
  type ReportMeta,
  bandMeaning,
  otherLawNote,
  shownQuestions,
} from './report-words.js';
import type { Comparison } from '../compare/compare.js';
import { ACTION_COLUMNS, ACTION_PLAN_HEADING, actionCells, actionPlanLead, withoutActionLine } from './action-plan.js';
import {
  AREA_CHANGE_COLUMNS,
  areaChangeRows,
  comparisonHeadings,
  comparisonWarnings,
  NO_AREA_CHANGED,
  NO_QUESTION_CHANGED,
  provisionalReading,
  QUESTION_CHANGE_COLUMNS,
  questionChangeRows,
  QUESTIONS_CHANGED_NOTE,
  questionSetItems,
  recommendationItems,
  SINCE_HEADING,
  sinceLead,
} from './comparison.js';
import type { ReportExtras } from './report.js';
import { areaChart } from './svg/chart-areas.js';

export interface HtmlReportInput {
  a: Assessment;
  library: RubricLibrary;
  meta: ReportMeta;
  /** The comparison with a baseline (kil assess --baseline). */
  since?: Comparison;
}

/** One part of the page: HTML, or '' to show nothing. */
export type HtmlSection = (input: HtmlReportInput) => string;

const NONE = 'None.';
// Children joined first, never spread as arguments: lists can be far longer than a call's arguments may be.
const list = (items: readonly string[]): string => h('ul', {}, items.map((i) => h('li', {}, i)).join(''));
const paragraph = (html: string, attrs = {}): string => h('p', attrs, html);

export const headerSection: HtmlSection = ({ a, meta }) =>
  h('header', {}, h('h1', {}, reportTitle(a, m)), h('table', { class: 'facts' }, h('tbody', {}, ...headerRows(a, meta, m).map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, m.own(label)), h('td', {}, value))))));

export const councilWarningSection: HtmlSection = ({ a, library, meta }) =>
  a.council && reviewNeedsAttention(a.council.reviewed, meta.date, library.policy.council_review_months)
    ? paragraph(`${m.strong('Warning:')} ${m.text(staleCouncilWarning(a.council, meta.date, library.policy.council_review_months))}`, { class: 'warning', role: 'note' }) : '';

/**
 * The overall score and band (or why it is provisional), what it rests on, and the chart; a
 * provisional result's list of questions to answer comes after the chart, so the chart stays on
 * the first page.
 */
export const summarySection: HtmlSection = ({ a, library, meta }) => {
  const provisional = a.overall.provisional ? provisionalWords(a, m) : undefined;
  return h(
    'section',
    { class: 'summary', 'aria-label': 'Summary' },
    h('h2', {}, overallHeading(a, m)),
    paragraph(provisional ? provisional.reason : m.text(bandMeaning(a, meta.date)), { class: 'lead' }),
    paragraph(pointsSentence(a, m)),
    paragraph(coverageSentence(a, m)),
    h('figure', { class: 'chart' }, areaChart(a, library.bands, { heading: false }).svg),
    provisional ? paragraph(provisional.lead) + list(provisional.questions) : '',
  );
};

/** What changed since the baseline (kil assess --baseline), as the markdown report's section says it. */
export const sinceSection: HtmlSection = ({ since: c }) => {
  if (!c) return '';
  const heading = comparisonHeadings(c);
  const areas = areaChangeRows(c, true, m);
  const reading = provisionalReading(c);
  const questionSet = questionSetItems(c, m);
  const items = (xs: readonly string[]) => (xs.length === 0 ? paragraph(NONE) : list(xs));
  return h(
    'section',
    { class: 'since' },
    h('h2', {}, SINCE_HEADING),
    paragraph(sinceLead(c, m)),
    ...comparisonWarnings(c).map((w) => paragraph(`${m.strong('Warning:')} ${m.text(w)}`, { class: 'warning', role: 'note' })),
    reading.length > 0 ? paragraph(m.text(reading.join(' '))) : '',
    h('h3', {}, heading.areas),
    areas.length === 0 ? paragraph(NO_AREA_CHANGED) : table({}, AREA_CHANGE_COLUMNS, areas, { numeric: [1, 2, 3] }),
    c.areas.some((a) => a.questionsChanged) ? paragraph(m.own(QUESTIONS_CHANGED_NOTE)) : '',
    h('h3', {}, heading.questions),
    c.questions.length === 0 ? paragraph(NO_QUESTION_CHANGED) : table({}, QUESTION_CHANGE_COLUMNS, questionChangeRows(c, m), { numeric: [3, 4] }),
    h('h3', {}, heading.resolved),
    items(recommendationItems(c.resolved, true, m)),
    h('h3', {}, heading.added),
    items(recommendationItems(c.added, false, m)),
    questionSet.length > 0 ? h('h3', {}, heading.questionSet) + list(questionSet) : '',
  );
};

export const topRecommendationsSection: HtmlSection = ({ a }) => {
  const top = a.recommendations.slice(0, TOP_RECOMMENDATIONS);
  const parts = [h('h2', {}, 'Top recommendations')];
  if (top.length === 0) parts.push(paragraph(NO_RECOMMENDATIONS));
  const lead = topRecommendationsLead(a, top);
  if (lead) parts.push(paragraph(m.own(lead)));
  for (const rec of top) {
    parts.push(
      h(
        'article',
        { class: 'recommendation' },
        h('h3', {}, recommendationHeading(rec, m)),
        h('dl', {}, ...recommendationParts(rec, m).flatMap(([label, text]) => [h('dt', {}, label), h('dd', {}, text)])),
      ),
    );
  }
  const more = moreRecommendations(a, top.length);
  if (more) parts.push(paragraph(m.own(more)));
  return h('section', { class: 'recommendations page' }, ...parts);
};

/** The contract file's action plan, after the top recommendations; nothing without one. */
export const actionPlanSection: HtmlSection = ({ a, meta }) => {
  if (a.actions.length === 0) return '';
  const without = withoutActionLine(a, TOP_RECOMMENDATIONS, m);
  return h(
    'section',
    { class: 'actions' },
    h('h2', {}, ACTION_PLAN_HEADING),
    paragraph(m.own(actionPlanLead(a, meta.date))),
    table({ class: 'actions' }, ACTION_COLUMNS, a.actions.map((x) => actionCells(x, meta.date, m)), { numeric: [5] }),
    without ? paragraph(without) : '',
  );
};

/** Each rubric, each of its steps or principles, with every question and its answer. */
export const detailSection: HtmlSection = ({ a }) =>
  h(
    'section',
    { class: 'detail' },
    a.rubrics
      .map((r) =>
        h(
          'section',
          { class: 'rubric' },
          h('h2', {}, rubricHeading(r, m)),
          r.areas
            .map((area) => {
              const advice = areaAdvice(area, m);
              const shown = shownQuestions(area);
              const questions =
                shown.length === 0
                  ? ''
                  : table({ class: 'questions' }, QUESTION_COLUMNS, shown.map((q) => questionCells(q, m)), {
                      numeric: [4],
                      columns: ['question', 'answer', 'evidence', 'note', 'score'],
                    });
              const otherLaw = otherLawNote(area, m);
              return h('section', { class: 'area' }, h('h3', {}, areaHeading(area, m)), paragraph(m.text(area.why)), questions, otherLaw ? paragraph(otherLaw) : '', advice.length > 0 ? list(advice) : '');
            })
            .join(''),
        ),
      )
      .join(''),
  );

export const unansweredSection: HtmlSection = ({ a }) =>
  h('section', {}, h('h2', {}, unansweredHeading(a)), a.unanswered.length === 0 ? paragraph(ALL_ANSWERED) : list(unansweredItems(a, m)));

export const derivedFactsSection: HtmlSection = ({ a }) => {
  const facts = derivedFactItems(a, m);
  return h('section', {}, h('h2', {}, 'Derived facts'), facts.length === 0 ? paragraph(NO_FACTS) : list(facts));
};

export const methodSection: HtmlSection = ({ library }) => h('section', { class: 'keep' }, h('h2', {}, METHOD_HEADING), list(methodItems(library, m)));

export const footerSection: HtmlSection = ({ meta }) => kilFooter(meta);

/** The page, in order: the summary and chart first, then the top recommendations, then the detail. */
export const HTML_REPORT_SECTIONS: readonly HtmlSection[] = [
  headerSection,
  councilWarningSection,
  summarySection,
  sinceSection,
  topRecommendationsSection,
  actionPlanSection,
  detailSection,
  unansweredSection,
  derivedFactsSection,
  methodSection,
  footerSection,
];

export function renderHtmlReport(a: Assessment, library: RubricLibrary, meta: ReportMeta, sections: readonly HtmlSection[] = HTML_REPORT_SECTIONS, extras: ReportExtras = {}): string {
  const input = { a, library, meta, ...extras };
  const body = sections.map((s) => s(input)).filter((html) => html !== '');
  return htmlPage(`${titleWords(a)}: ${a.contract.title}`, h('main', {}, ...body.map((b) => `\n${b}`), '\n'));
}
