/**
 * The HTML versions of the action plan and of the comparison sections: the HTML report's
 * "Action plan" and "Since the last assessment", portfolio.html's "Action plans" and "Since the
 * baseline", in the markdown's words, read with a real HTML parser.
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { MovementAccumulator } from '../src/portfolio/movement.js';
import { summarisePortfolio } from '../src/portfolio/portfolio.js';
import { renderHtmlReport, HTML_REPORT_SECTIONS } from '../src/render/html-report.js';
import { PORTFOLIO_HTML_SECTIONS, renderPortfolioHtml } from '../src/render/portfolio-html.js';
import { renderPortfolioMarkdown } from '../src/render/portfolio.js';
import { renderReport } from '../src/render/report.js';
import { assess } from '../src/score/score.js';
import { attr, byTag, parseHtml, text } from './html-dom.js';
import { builtInLibrary, contractFrom, exampleText } from './helpers.js';

const library = builtInLibrary();
const meta = { date: '2026-11-22', toolVersion: '0.0.0-test' };
const scored = (t: string) => assess(library, contractFrom(t));
const EXAMPLE = exampleText('community-mental-health.yaml');
const IMPROVED = EXAMPLE.replace(/^ {2}P3\.2: no$/m, '  P3.2: yes').replace(/^ {2}P4\.3: no$/m, '  P4.3: yes').replace(/^ {2}S1\.3: 2$/m, '  S1.3: 4');
const words = (s: string) => s.replace(/[*`\\|]/g, '').replace(/\s+/g, ' ');
const h2s = (html: string) => byTag(parseHtml(html).doc, 'h2').map((e) => text(e));

describe('the HTML report', () => {
  const outsourcing = scored(exampleText('regional-outsourcing.yaml'));

  it('shows the action plan after the top recommendations, in the markdown\'s words, overdue in bold', () => {
    const html = renderHtmlReport(outsourcing, library, meta);
    const { doc, errors } = parseHtml(html);
    expect(errors).toEqual([]);
    const names = h2s(html);
    expect(names.indexOf('Action plan')).toBe(names.indexOf('Top recommendations') + 1);
    const plan = byTag(doc, 'table').find((t) => attr(t, 'class') === 'actions')!;
    const rows = byTag(plan, 'tr').slice(1).map((tr) => byTag(tr, 'td').map((td) => text(td)));
    expect(rows.map((r) => [r[0]!.split(' ')[0], r[3], r[4], r[5]])).toEqual([
      ['S4.2', '2026-06-30, overdue', 'In progress', '+5'],
      ['S1.2', '2026-04-30', 'Done (update the answer to count it)', '+3.3'],
      ['S5.2', '2027-01-31', 'Planned', '+3.3'],
    ]);
    expect(byTag(plan, 'strong').map((s) => text(s))).toContain('overdue');
    const md = renderReport(outsourcing, library, meta);
    for (const sentence of ['3 actions in the contract file: 1 done, 1 overdue', 'Top recommendations with no action yet: S5.3 (+3.3), P1.1 (+3.1).']) {
      expect(words(md)).toContain(sentence);
      expect(words(text(doc))).toContain(sentence);
    }
  });

  it('shows what changed since the baseline after the summary, as the markdown report does', () => {
    const since = compareResults({ label: 'before.json', assessedOn: '2026-05-01', result: scored(EXAMPLE) }, { label: 'after.yaml', assessedOn: meta.date, result: scored(IMPROVED) });
    const a = scored(IMPROVED);
    const html = renderHtmlReport(a, library, meta, HTML_REPORT_SECTIONS, { since });
    const { doc, errors } = parseHtml(html);
    expect(errors).toEqual([]);
    const md = renderReport(a, library, meta, { since });
    const mdH2 = [...md.matchAll(/^## (.*)$/gm)].map((x) => x[1]!).filter((t) => t !== 'Scores by step and principle');
    expect(h2s(html)).toEqual(mdH2);
    expect(mdH2.slice(0, 2)).toEqual(['Overall: 67.6 / 100, Developing', 'Since the last assessment']);
    for (const sentence of ['Compared with before.json, assessed on 2026-05-01 (61.1 / 100, Developing): overall 61.1 → 67.6 (+6.5).', 'Answers that changed (3)', 'Recommendations resolved (3)']) {
      expect(words(md)).toContain(sentence);
      expect(words(text(doc))).toContain(sentence);
    }
    // Without a baseline, no such section.
    expect(h2s(renderHtmlReport(a, library, meta))).not.toContain('Since the last assessment');
  });

  it('keeps text from the files literal in both sections', () => {
    const hostile = '<img src=x onerror=alert(1)> & **bold**';
    const withPlan = `${EXAMPLE.replace('title: Community mental health support', `title: "${hostile}"`)}actions:\n  P3.2: { do: "${hostile}", owner: "${hostile}", due: 2026-01-01, note: "${hostile}" }\n`;
    const a = scored(withPlan);
    // In portfolio.html too: the overdue action's owner, contract and what will be done.
    const p = summarisePortfolio([contractRow(hostile, a, null, meta.date)], [], library.bands);
    expect(p.actionPlans.overdue).toBe(1);
    const portfolio = parseHtml(renderPortfolioHtml(p, meta));
    expect(portfolio.errors).toEqual([]);
    expect(byTag(portfolio.doc, 'img')).toEqual([]);
    expect(text(portfolio.doc)).toContain(hostile);
    const since = compareResults({ label: hostile, assessedOn: '2026-05-01', result: scored(EXAMPLE) }, { label: 'x', assessedOn: meta.date, result: a });
    const { doc, errors } = parseHtml(renderHtmlReport(a, library, meta, HTML_REPORT_SECTIONS, { since }));
    expect(errors).toEqual([]);
    expect(byTag(doc, 'img')).toEqual([]);
    expect(text(doc)).toContain(hostile);
  });
});

describe('portfolio.html', () => {
  const rows = ['community-mental-health.yaml', 'regional-outsourcing.yaml'].map((n) => contractRow(n, scored(exampleText(n)), null, meta.date));
  const p = summarisePortfolio(rows, [], library.bands);

  it('has the action plans and the movement, in portfolio.md\'s words', () => {
    const baseline = new MovementAccumulator({ label: 'old.json', assessedOn: '2026-05-01', contracts: [contractRow('community-mental-health.yaml', scored(IMPROVED), null)] });
    for (const r of rows) baseline.add(r);
    const movement = baseline.summary();
    const html = renderPortfolioHtml(p, meta, PORTFOLIO_HTML_SECTIONS, { movement });
    const { doc, errors } = parseHtml(html);
    expect(errors).toEqual([]);
    expect(h2s(html).slice(-3)).toEqual(['Since the baseline', 'Action plans', 'Files that could not be assessed']);
    const md = renderPortfolioMarkdown(p, meta, { movement });
    for (const sentence of [
      'Compared with old.json, assessed on 2026-05-01: 1 contract in both, 1 new, 0 gone. Of those in both, 0 rose, 1 fell and 0 did not change.',
      '1 of 2 contracts has an action plan: 3 actions, 1 done, 1 overdue',
    ]) {
      expect(words(md)).toContain(sentence);
      expect(words(text(doc))).toContain(sentence);
    }
    const overdue = byTag(doc, 'table').find((t) => text(byTag(t, 'th')[0]!) === 'Owner')!;
    expect(byTag(byTag(overdue, 'tr')[1]!, 'td').map((td) => text(td))).toEqual([
      'Head of Commissioning',
      'County-wide integrated wellbeing and prevention service',
      'S4.2',
      'Divide the county contract into five neighbourhood lots, each within the maximum contract value',
      '2026-06-30',
      '+5',
    ]);
    expect(md).toContain('| Head of Commissioning | County-wide integrated wellbeing and prevention service | **S4.2** | Divide the county contract');
    // Without a baseline, no movement.
    expect(h2s(renderPortfolioHtml(p, meta))).not.toContain('Since the baseline');
  });
});
