/**
 * The HTML report, portfolio.html and the SVG charts: what they contain, read with a real HTML
 * parser (parse5), and how kil assess and kil batch write them. The browser's view is in
 * browser.test.ts; hostile text is fuzzed in fuzz.test.ts.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractRow } from '../src/portfolio/contract-row.js';
import { HEATMAP_ROWS, summarisePortfolio } from '../src/portfolio/portfolio.js';
import { CONTENT_SECURITY_POLICY } from '../src/render/html-page.js';
import { HTML_REPORT_SECTIONS, renderHtmlReport, topRecommendationsSection } from '../src/render/html-report.js';
import { PORTFOLIO_HTML_SECTIONS, portfolioHtmlChunks, renderPortfolioHtml } from '../src/render/portfolio-html.js';
import { MovementAccumulator } from '../src/portfolio/movement.js';
import { CHUNK, gathered } from '../src/render/chunks.js';
import { CHART_ALT, REPORT_MARKER, renderReport } from '../src/render/report.js';
import { areaChart } from '../src/render/svg/chart-areas.js';
import { bandsChart } from '../src/render/svg/chart-bands.js';
import { heatmapChart } from '../src/render/svg/chart-heatmap.js';
import { bandColour } from '../src/render/svg/palette.js';
import { svgFile } from '../src/render/svg/svg.js';
import { fitText } from '../src/render/svg/text-fit.js';
import { htmlText } from '../src/render/text.js';
import { assess } from '../src/score/score.js';
import { attr, byClass, byTag, comments, elements, parseHtml, parseSvg, text } from './html-dom.js';
import { builtInLibrary, contractFrom, editedLibrary, EXAMPLES_DIR, exampleNames, exampleText, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();
const meta = { date: '2026-11-22', toolVersion: '0.0.0-test' };
const assessed = (name: string, lib = library) => assess(lib, contractFrom(exampleText(name), lib));
const cmh = assessed('community-mental-health.yaml');

/** Relative luminance (WCAG) of #rrggbb, worked out here rather than with kil's own function: what a greyscale printer keeps of a colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

describe('the chart of an assessment', () => {
  const chart = areaChart(cmh, library.bands);
  const { doc, errors } = parseSvg(chart.svg);

  it('says "not answered yet" for a step or principle with nothing answered, not "0 Not local yet" (issue 25)', () => {
    const draft = assess(library, contractFrom(exampleText('draft-youth-services.yaml')));
    const bars = byClass(parseSvg(areaChart(draft, library.bands).svg).doc, 'kil-bar');
    const value = (id: string) => text(byClass(bars.find((b) => attr(b, 'data-area') === id)!, 'kil-bar-value')[0]!);
    // P1 has only unanswered questions; S3 has one answer among them, so its low score is a score.
    expect(value('P1')).toBe('–not answered yet');
    expect(value('S3')).toBe('6.3Not local yet');
  });

  it('has eleven bars in rubric order, each labelled with its id, title, score and band', () => {
    expect(errors).toEqual([]);
    const bars = byClass(doc, 'kil-bar');
    expect(bars.map((b) => attr(b, 'data-area'))).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    const results = cmh.rubrics.flatMap((r) => r.areas);
    bars.forEach((b, i) => {
      const area = results[i]!;
      // Two tspans: the id in bold, then the title.
      expect(byTag(byClass(b, 'kil-bar-label')[0]!, 'tspan').map((t) => text(t))).toEqual([area.id, area.title]);
      const value = text(byClass(b, 'kil-bar-value')[0]!);
      const band = library.bands.filter((x) => area.score! >= x.min).at(-1)!.name;
      expect(value).toBe(`${area.score}${band}`); // two tspans: the score in bold, then the band's name
      expect(text(byTag(b, 'title')[0]!)).toBe(`${area.id} ${area.title}: ${area.score} / 100, ${band}`);
    });
  });

  it('is an image with a title and a description that say what it shows', () => {
    const svg = byTag(doc, 'svg')[0]!;
    expect(attr(svg, 'role')).toBe('img');
    expect(attr(svg, 'aria-labelledby')).toBe('kil-areas-title kil-areas-desc');
    expect(text(byTag(doc, 'title')[0]!)).toBe('Keep it Local scores by step and principle: Community mental health support');
    const desc = text(byTag(doc, 'desc')[0]!);
    expect(desc).toContain('Overall: 61.1 / 100, Developing.');
    expect(desc).toContain('S5 Step 5: Involve local people through co-design: 33.3, Not local yet');
    expect(text(doc)).toContain('Overall: 61.1 / 100, Developing');
  });

  it('colours each bar by the band its score falls in, from the band\'s place in the list', () => {
    const bars = byClass(doc, 'kil-bar');
    const results = cmh.rubrics.flatMap((r) => r.areas);
    bars.forEach((b, i) => {
      const rank = library.bands.filter((x) => results[i]!.score! >= x.min).length - 1;
      expect(byTag(b, 'rect').map((r) => attr(r, 'fill'))).toContain(bandColour(rank, library.bands.length).fill);
    });
  });

  it('takes band names and colours from the rubric data: renamed bands keep their colours, a fourth band gets its own', () => {
    const renamed = editedLibrary(['set.yaml', 'name: Developing', 'name: Getting there']);
    const renamedChart = areaChart(assessed('community-mental-health.yaml', renamed), renamed.bands).svg;
    const values = (svg: string) => byClass(parseSvg(svg).doc, 'kil-bar-value').map((v) => text(v));
    expect(values(renamedChart)).toEqual(values(chart.svg).map((v) => v.replace('Developing', 'Getting there')));
    expect(values(renamedChart).join()).toContain('Getting there');
    const fills = (svg: string) => byClass(parseSvg(svg).doc, 'kil-bar').map((b) => byTag(b, 'rect').map((r) => attr(r, 'fill')));
    expect(fills(renamedChart)).toEqual(fills(chart.svg));
    const four = editedLibrary(['set.yaml', '  - name: Local by default\n', '  - name: Nearly\n    min: 55\n    meaning: Close.\n  - name: Local by default\n']);
    const fourChart = areaChart(assessed('community-mental-health.yaml', four), four.bands).svg;
    for (let i = 0; i < 4; i++) expect(fourChart).toContain(`fill="${bandColour(i, 4).fill}"`);
    expect(fourChart).toContain('Nearly from 55');
  });

  it('stays readable in greyscale: each band darker than the one below it, and the text on a cell readable', () => {
    for (let count = 1; count <= 7; count++) {
      const colours = Array.from({ length: count }, (_, i) => bandColour(i, count));
      const lum = colours.map((c) => luminance(c.fill));
      for (let i = 1; i < count; i++) expect(lum[i]!, `${count} bands, band ${i}`).toBeLessThan(lum[i - 1]! - 0.04);
      for (const c of colours) expect(contrast(c.fill, c.ink)).toBeGreaterThanOrEqual(4.5);
      for (const c of colours) expect(contrast(c.stroke, '#ffffff')).toBeGreaterThanOrEqual(3);
    }
  });

  it('is the same bytes every time, and a file starts with kil\'s marker', () => {
    expect(areaChart(assessed('community-mental-health.yaml'), library.bands).svg).toBe(chart.svg);
    const file = svgFile(REPORT_MARKER, chart);
    expect(file.startsWith(`${REPORT_MARKER}\n<svg xmlns="http://www.w3.org/2000/svg" `)).toBe(true);
    expect(comments(parseHtml(file).doc)).toEqual([REPORT_MARKER.slice(4, -3)]);
  });

  it('shows n/a for a step that does not apply, and cuts a label too long for the chart', () => {
    const a = structuredClone(cmh);
    a.rubrics[0]!.areas[0]!.score = null;
    a.rubrics[0]!.areas[1]!.title = `A very long title ${'that goes on '.repeat(12)}to the end`;
    const d = parseSvg(areaChart(a, library.bands).svg).doc;
    const [first, second] = byClass(d, 'kil-bar');
    expect(text(byClass(first!, 'kil-bar-value')[0]!)).toBe('n/adoes not apply');
    expect(byTag(first!, 'rect')).toHaveLength(1); // the track only
    const label = text(byClass(second!, 'kil-bar-label')[0]!);
    expect(label.endsWith('…')).toBe(true);
    expect(label.startsWith('S2A very long title')).toBe(true);
    expect(a.rubrics[0]!.areas[1]!.title.startsWith(label.slice(2, -1))).toBe(true);
    expect(text(byTag(second!, 'title')[0]!)).toContain('to the end'); // in full where a reader can hover
  });
});

describe('fitText', () => {
  it('keeps text that fits, cuts what does not at a character, never inside a surrogate pair', () => {
    expect(fitText('Short', 200, 12)).toBe('Short');
    const cut = fitText('x'.repeat(300), 100, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(300);
    const emoji = fitText('😀'.repeat(100), 60, 12);
    expect(emoji).toMatch(/^(😀)+…$/u);
  });
});

describe('the portfolio charts', () => {
  const rows = exampleNames().map((n) => contractRow(`examples/${n}`, assessed(n)));
  const p = summarisePortfolio(rows, [{ path: 'bad.yaml', errors: ['bad.yaml:1:1: empty'], diagnostics: [] }], library.bands);

  it('the heatmap has one row per contract, least local first then the provisional ones, and a column per step and principle, weakest first', () => {
    const { doc, errors } = parseSvg(heatmapChart(p, p.bands).svg);
    expect(errors).toEqual([]);
    const heatRows = byClass(doc, 'kil-heatmap-row');
    const titles = [...p.ranking, ...p.provisionalRanking].map((r) => r.title);
    expect(heatRows.map((r) => text(byTag(r, 'title')[0]!).split(': ')[0])).toEqual(titles);
    // A title too long for its column is cut with "…", in full in the row's tooltip.
    heatRows.forEach((r, i) => {
      const shown = text(byClass(r, 'kil-contract')[0]!);
      expect(shown === titles[i] || (shown.endsWith('…') && titles[i]!.startsWith(shown.slice(0, -1))), shown).toBe(true);
    });
    expect(heatRows.map((r) => text(byClass(r, 'kil-contract')[0]!))).toContain('Community mental health support');
    const header = byTag(doc, 'text').map((t) => text(t));
    const ids = p.areas.map((a) => a.id);
    const at = header.indexOf('Overall');
    expect(header.slice(at + 1, at + 1 + ids.length)).toEqual(ids);
    // Each cell shows its score: the first row's scores, in the columns' order.
    const first = byClass(doc, 'kil-heatmap-row')[0]!;
    const firstRow = rows.find((r) => r.path === p.ranking[0]!.path)!;
    const cells = byTag(first, 'text').slice(1).map((t) => text(t));
    expect(cells).toEqual([String(firstRow.score), ...ids.map((id) => String(firstRow.areas.find((a) => a.id === id)!.score))]);
    expect(text(doc)).toContain('Provisional: too little answered');
  });

  it('the heatmap shows at most HEATMAP_ROWS contracts and says how many more there are', () => {
    const many = Array.from({ length: HEATMAP_ROWS + 7 }, (_, i) => ({ ...rows[0]!, path: `c${String(i).padStart(3, '0')}.yaml` }));
    const big = summarisePortfolio(many, [], library.bands);
    const { doc } = parseSvg(heatmapChart(big, big.bands).svg);
    expect(byClass(doc, 'kil-heatmap-row')).toHaveLength(HEATMAP_ROWS);
    expect(text(doc)).toContain('… and 7 more contracts, not shown here; the ranking lists them all.');
  });

  it('the band chart has a bar per band, then the provisional and failed, each with its count in words', () => {
    const { doc } = parseSvg(bandsChart(p, p.bands).svg);
    const bars = byClass(doc, 'kil-band-bar').map((b) => text(byTag(b, 'title')[0]!));
    expect(bars).toEqual([...p.bands.map((b) => `${b.name} from ${b.min}: ${b.count} contract${b.count === 1 ? '' : 's'}`), 'Provisional: too little answered: 1 contract', 'Could not be assessed: 1 contract']);
  });

  it('an empty portfolio still gives charts', () => {
    const empty = summarisePortfolio([], [], library.bands);
    expect(text(parseSvg(heatmapChart(empty, empty.bands).svg).doc)).toContain('No contracts assessed.');
    expect(byClass(parseSvg(bandsChart(empty, empty.bands).svg).doc, 'kil-band-bar')).toHaveLength(3);
    expect(parseHtml(renderPortfolioHtml(empty, meta)).errors).toEqual([]);
  });
});

describe('the HTML report', () => {
  const html = renderHtmlReport(cmh, library, meta);
  const { doc, errors } = parseHtml(html);
  const h2 = byTag(doc, 'h2').map((e) => text(e));

  it('is one valid page: kil\'s marker first, then the doctype; no script, nothing fetched', () => {
    expect(html.startsWith(`${REPORT_MARKER}\n<!DOCTYPE html>\n`)).toBe(true);
    expect(errors).toEqual([]);
    expect(doc.mode).toBe('no-quirks');
    const all = elements(doc);
    expect(all.filter((e) => e.tagName === 'script' || e.tagName === 'link' || e.tagName === 'img' || e.tagName === 'iframe')).toEqual([]);
    expect(all.flatMap((e) => e.attrs.filter((a) => /^on|^(src|srcset|href|xlink:href|style)$/.test(a.name)))).toEqual([]);
    expect(html.match(/url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg")/)).toBeNull();
    const csp = byTag(doc, 'meta').find((m) => attr(m, 'http-equiv') === 'Content-Security-Policy');
    expect(attr(csp!, 'content')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'none'/);
  });

  it('has the markdown report\'s sections: the summary and chart first, the top recommendations, then the detail', () => {
    const md = renderReport(cmh, library, meta);
    const mdH2 = [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]!).filter((t) => t !== 'Scores by step and principle');
    expect(h2).toEqual(mdH2);
    expect(text(byTag(doc, 'h1')[0]!)).toBe('Keep it Local assessment: Community mental health support');
    expect(text(byTag(doc, 'title')[0]!)).toBe('Keep it Local assessment: Community mental health support');
    const order = elements(doc).map((e) => (e.tagName === 'svg' ? 'chart' : e.tagName === 'h2' ? text(e) : '')).filter(Boolean);
    expect(order.slice(0, 3)).toEqual(['Overall: 61.1 / 100, Developing', 'chart', 'Top recommendations']);
    expect(byClass(doc, 'kil-bar')).toHaveLength(11);
    expect(byClass(doc, 'recommendation')).toHaveLength(5);
    expect(byTag(doc, 'table').filter((t) => attr(t, 'class') === 'questions')).toHaveLength(11);
  });

  it('says what the markdown says, in the same words', () => {
    const md = renderReport(cmh, library, meta);
    const words = (s: string) => s.replace(/[*`\\|]/g, '').replace(/\s+/g, ' ');
    for (const sentence of ['27.1 of 61.1 points are self-reported without evidence; 6.2 rest on answers with evidence and 27.8 are derived from the procurement facts.', 'Add a trained, paid user panel', '£1.8m (VAT-exempt, so no VAT; including extension options)']) {
      expect(words(md)).toContain(sentence);
      expect(words(text(doc))).toContain(sentence);
    }
    const firstRow = byTag(byTag(doc, 'table').find((t) => attr(t, 'class') === 'questions')!, 'tr')[1]!;
    expect(byTag(firstRow, 'td').map((td) => text(td))).toEqual(['S1.1 How well is the need in this place evidenced, by data and by what local people and organisations say?', '2 – Data on local need, but little from residents or local organisations.', 'Evidenced: JSNA 2025, chapter 6: adult mental health', 'No resident input yet', '50']);
  });

  it('puts a provisional result\'s questions after the chart, so the chart stays on the first page', () => {
    const draft = parseHtml(renderHtmlReport(assessed('draft-youth-services.yaml'), library, meta)).doc;
    const summary = byClass(draft, 'summary')[0]!;
    const kids = elements(summary).filter((e) => e.parentNode === summary).map((e) => e.tagName);
    expect(kids).toEqual(['h2', 'p', 'p', 'p', 'figure', 'p', 'ul']);
    expect(text(summary)).toContain('The result is provisional: only 25% answered');
  });

  it('is built from sections that can be chosen and added to', () => {
    const extra = () => '<section><h2>Action plan</h2></section>';
    const at = HTML_REPORT_SECTIONS.indexOf(topRecommendationsSection) + 1;
    const withExtra = renderHtmlReport(cmh, library, meta, [...HTML_REPORT_SECTIONS.slice(0, at), extra, ...HTML_REPORT_SECTIONS.slice(at)]);
    const names = byTag(parseHtml(withExtra).doc, 'h2').map((e) => text(e));
    expect(names.indexOf('Action plan')).toBe(names.indexOf('Top recommendations') + 1);
  });

  it('is the same bytes every time, with no date the markdown report does not have', () => {
    expect(renderHtmlReport(assessed('community-mental-health.yaml'), library, meta)).toBe(html);
    const dates = (s: string) => [...new Set(s.match(/\d{4}-\d{2}-\d{2}/g))].sort();
    expect(dates(html)).toEqual(dates(renderReport(cmh, library, meta)));
    expect(dates(html)).toContain('2026-11-22');
  });
});

describe('the markdown report\'s chart', () => {
  it('is an image linked by a relative name, encoded so no name can break the link', () => {
    const md = renderReport(cmh, library, meta, { chart: 'my plan (v2).report.svg' });
    expect(md).toContain(`![${CHART_ALT}](my%20plan%20%28v2%29.report.svg)`);
    expect(renderReport(cmh, library, meta)).not.toContain('.svg');
  });
});

describe('portfolio.html', () => {
  const rows = exampleNames().map((n) => contractRow(`examples/${n}`, assessed(n), `examples__${n.replace('.yaml', '')}.report.md`));
  const p = summarisePortfolio(rows, [], library.bands);
  const html = renderPortfolioHtml(p, meta);
  const { doc, errors } = parseHtml(html);

  it('has the figures, the band chart and the heatmap first, then portfolio.md\'s tables, with links to the reports', () => {
    expect(html.startsWith(`${REPORT_MARKER}\n<!DOCTYPE html>\n`)).toBe(true);
    expect(errors).toEqual([]);
    expect(byTag(doc, 'h2').map((e) => text(e))).toEqual([
      'Contracts by band',
      'Contracts by step and principle, least local first',
      'Steps and principles, weakest first',
      'Recurring recommendations',
      'Contracts from least to most local',
      'Provisional: too little answered',
      'Action plans', // examples/regional-outsourcing.yaml has one
      'Files that could not be assessed',
    ]);
    expect(byTag(doc, 'svg')).toHaveLength(2);
    expect(byTag(doc, 'script')).toEqual([]);
    const links = byTag(doc, 'a').map((a) => [text(a), attr(a, 'href')]);
    expect(links).toContainEqual(['Community mental health support', 'examples__community-mental-health.report.md']);
    for (const [, href] of links) expect(href).toMatch(/^[A-Za-z0-9._-]+\.report\.md$/);
  });

  it('is made in pieces of about 64 KiB, so that 12,000 contracts are never one string, and the pieces make the whole page', () => {
    // regional-outsourcing.yaml has overdue actions: a table that grows with the contracts too.
    const dated = exampleNames().map((n) => contractRow(`examples/${n}`, assessed(n), `examples__${n.replace('.yaml', '')}.report.md`, '2026-11-22'));
    // With a baseline (--baseline) whose contracts are half the same (a movement table row each), half gone.
    const copies = (n: number) => {
      const contracts = Array.from({ length: n }, (_, k) => dated.map((r) => ({ ...r, path: `${k}/${r.path}`, report: `${k}-${r.report}` }))).flat();
      const baseline = new MovementAccumulator({ label: 'last-year.json', assessedOn: '2026-05-01', contracts: contracts.map((r, i) => ({ ...r, path: i % 2 === 0 ? r.path : `gone/${r.path}`, reference: null, score: r.score - 1 })) });
      for (const r of contracts) baseline.add(r);
      return { p: summarisePortfolio(contracts, [], library.bands), movement: baseline.summary() };
    };
    const big = copies(3000);
    const pieces = [...portfolioHtmlChunks(big.p, meta, PORTFOLIO_HTML_SECTIONS, { movement: big.movement })];
    const page = pieces.join('');
    expect(page).toBe(renderPortfolioHtml(big.p, meta, PORTFOLIO_HTML_SECTIONS, { movement: big.movement }));
    expect(pieces.length).toBeGreaterThan(page.length / (2 * CHUNK));
    // No piece grows with the portfolio: the largest is the heatmap's (HEATMAP_ROWS contracts at most).
    const largest = (ps: string[]) => Math.max(...ps.map((piece) => piece.length));
    const small = copies(30);
    expect(largest(pieces)).toBeLessThanOrEqual(largest([...portfolioHtmlChunks(small.p, meta, PORTFOLIO_HTML_SECTIONS, { movement: small.movement })]) + 4096);
    expect(big.p.actionPlans.overdue).toBeGreaterThanOrEqual(3000);
    expect([big.movement.matched, big.movement.added.length, big.movement.gone.length]).toEqual([6000, 6000, 6000]);
    const parsed = parseHtml(page);
    expect(parsed.errors).toEqual([]);
    const rankingRows = byClass(parsed.doc, 'ranking').map((t) => byTag(t, 'tr').length - 1); // less the header row
    expect(rankingRows).toEqual([big.p.ranking.length, big.p.provisionalRanking.length, 6000]); // the last: contracts in both
    expect(big.p.ranking.length + big.p.provisionalRanking.length).toBe(12000);
  });
});

describe('output gathered in pieces', () => {
  it('joins to the same text, every block but the last at least the size asked, none empty', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 60, size: 'max' }), fc.integer({ min: 1, max: 100 }), (parts, size) => {
        const blocks = [...gathered(parts, size)];
        expect(blocks.join('')).toBe(parts.join(''));
        blocks.forEach((b, i) => {
          expect(b).not.toBe('');
          if (i < blocks.length - 1) expect(b.length).toBeGreaterThanOrEqual(size);
          expect(b.length).toBeLessThan(size + 40);
        });
      }),
    );
  });
});

describe('kil assess --format html and the chart beside the markdown report', () => {
  const copy = (name = 'community-mental-health.yaml') => {
    const dir = tempDir();
    copyFileSync(join(EXAMPLES_DIR, name), join(dir, name));
    return { dir, file: join(dir, name) };
  };

  it('writes NAME.report.html beside the contract, and replaces it on the next run', () => {
    const { dir, file } = copy();
    const r = runCli(['assess', file, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const out = join(dir, 'community-mental-health.report.html');
    expect(r.stderr).toContain(`Report: ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toBe(renderHtmlReport(cmh, library, { date: '2026-11-18', toolVersion: JSON.parse(readFileSync(join(EXAMPLES_DIR, '..', 'package.json'), 'utf8')).version }));
    expect(readdirSync(dir).sort()).toEqual(['community-mental-health.report.html', 'community-mental-health.yaml']);
    expect(runCli(['assess', file, '--format', 'html', '-q']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(html);
  });

  it('writes HTML to stdout with -o -, and for a contract on stdin', () => {
    const r = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '--format', 'html', '-o', '-', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`${REPORT_MARKER}\n<!DOCTYPE html>`)).toBe(true);
    const s = runCli(['assess', '-', '--format', 'html', '-q'], { input: exampleText('small-vcse-grant.yaml') });
    expect(s.code).toBe(0);
    expect(s.stdout).toBe(r.stdout);
  });

  it('writes the markdown report\'s chart as NAME.report.svg beside it, shown as an image', () => {
    const { dir, file } = copy();
    const r = runCli(['assess', file]);
    expect(r.code).toBe(0);
    const svg = join(dir, 'community-mental-health.report.svg');
    expect(r.stderr).toContain(`Report: ${join(dir, 'community-mental-health.report.md')} (chart: ${svg})`);
    expect(readFileSync(svg, 'utf8')).toBe(svgFile(REPORT_MARKER, areaChart(cmh, library.bands)));
    expect(readFileSync(join(dir, 'community-mental-health.report.md'), 'utf8')).toContain(`![${CHART_ALT}](community-mental-health.report.svg)\n`);
    // -o elsewhere: the chart follows the report; a name without .md gets .svg added.
    expect(runCli(['assess', file, '-o', join(dir, 'out', '..', 'plan.md'), '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'plan.svg'))).toBe(true);
    expect(runCli(['assess', file, '-o', join(dir, 'plan.txt'), '-q']).code).toBe(0);
    expect(readFileSync(join(dir, 'plan.txt'), 'utf8')).toContain('](plan.txt.svg)');
    expect(existsSync(join(dir, 'plan.txt.svg'))).toBe(true);
  });

  it('writes no chart where the report has no file to sit beside: stdout, stdin, a device', () => {
    const { dir, file } = copy();
    const r = runCli(['assess', file, '-o', '-', '-q']);
    expect(r.stdout).not.toContain('.svg');
    expect(runCli(['assess', '-', '-q'], { input: exampleText('small-vcse-grant.yaml'), cwd: dir }).stdout).not.toContain('.svg');
    const dev = runCli(['assess', file, '-o', '/dev/null']);
    expect(dev.code).toBe(0);
    expect(dev.stderr).toContain('Report: /dev/null\n');
    expect(readdirSync(dir)).toEqual(['community-mental-health.yaml']);
  });

  it('never replaces a chart or HTML file kil did not write, and then writes nothing at all; --force does', () => {
    const { dir, file } = copy();
    const svg = join(dir, 'community-mental-health.report.svg');
    writeFileSync(svg, '<svg>my drawing</svg>');
    const r = runCli(['assess', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${svg} already exists and was not written by kil; use --force to replace it`);
    expect(readFileSync(svg, 'utf8')).toBe('<svg>my drawing</svg>');
    expect(existsSync(join(dir, 'community-mental-health.report.md'))).toBe(false);
    expect(runCli(['assess', file, '--force', '-q']).code).toBe(0);
    expect(readFileSync(svg, 'utf8').startsWith(REPORT_MARKER)).toBe(true);

    const html = join(dir, 'community-mental-health.report.html');
    writeFileSync(html, '<p>mine</p>');
    expect(runCli(['assess', file, '--format', 'html']).code).toBe(2);
    expect(readFileSync(html, 'utf8')).toBe('<p>mine</p>');
  });

  it('never writes the chart over the contract file', () => {
    const dir = tempDir();
    const file = join(dir, 'plan.svg'); // a contract file, oddly named
    writeFileSync(file, exampleText('small-vcse-grant.yaml'));
    const r = runCli(['assess', file, '-o', join(dir, 'plan.md'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would overwrite the input file');
    expect(readdirSync(dir)).toEqual(['plan.svg']);
  });

  it('lists html among the formats in the help and in the message for a wrong one', () => {
    const oneLine = (help: string) => help.replace(/\s+/g, ' ');
    expect(oneLine(runCli(['assess', '--help']).stdout)).toContain('html (one self-contained page, printable on A4) or json (choices: "md", "html", "json", default: "md")');
    expect(oneLine(runCli(['batch', '--help']).stdout)).toContain('(choices: "table", "md", "html", "csv", "json", default: "table")');
    const bad = runCli(['assess', 'x.yaml', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are md, html, json/);
  });
});

describe('htmlText', () => {
  it('encodes the five markup characters, folds white space, drops controls and makes unpaired surrogates U+FFFD', () => {
    expect(htmlText(' <a href="x">&\'b\'</a>\n\t c\u0007\u001b[31m ')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;b&#39;&lt;/a&gt; c');
    expect(htmlText('a\uD800b\uDC00c\uFFFE😀')).toBe('a\uFFFDb\uFFFDc\uFFFD😀');
  });
});
