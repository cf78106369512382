/**
 * Property-based tests: every input gives a result or clear diagnostics, never an exception,
 * and nothing from a contract file can break the markdown, the CSV or the terminal.
 *
 * The suite runs a hundred cases per property; `npm run fuzz` sets KIL_FUZZ_RUNS for
 * 100,000+ in all and prints how many ran and how many failed.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importedContract, importOcds, renderImported } from '../src/import/ocds/index.js';
import { loadContract } from '../src/load/contract.js';
import { ContractSchema } from '../src/model/contract.js';
import { loadRubricFile } from '../src/load/rubrics.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { summarisePortfolio } from '../src/portfolio/portfolio.js';
import { csvHeader, csvRow } from '../src/render/csv.js';
import { renderJson } from '../src/render/json.js';
import { renderHtmlReport } from '../src/render/html-report.js';
import { renderPortfolioMarkdown, renderPortfolioTable } from '../src/render/portfolio.js';
import { renderPortfolioHtml } from '../src/render/portfolio-html.js';
import { REPORT_MARKER, renderReport } from '../src/render/report.js';
import { NO_PAINT, renderSummary } from '../src/render/summary.js';
import { areaChart } from '../src/render/svg/chart-areas.js';
import { bandsChart } from '../src/render/svg/chart-bands.js';
import { heatmapChart } from '../src/render/svg/chart-heatmap.js';
import { svgFile } from '../src/render/svg/svg.js';
import { plainText, visiblePath } from '../src/render/text.js';
import type { Assessment } from '../src/score/result.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, exampleNames, exampleText, ROOT, rubricSources } from './helpers.js';
import { attr, byClass, byTag, comments, elements, parseHtml, skeleton, text, type El } from './html-dom.js';

const RUNS = Number(process.env.KIL_FUZZ_RUNS ?? 100);
const library = builtInLibrary();
const md = new MarkdownIt({ html: true });
const meta = { date: '2026-11-22', toolVersion: 'fuzz' };
const areas = library.rubrics.flatMap((r) => r.rubric.areas.map((a) => ({ id: a.id, title: a.title })));
const examples = exampleNames().map(exampleText);

const tally: Record<string, { ran: number; failed: number; examples: string[] }> = {};

/** Run a property, counting every case and every failure rather than stopping at the first. */
function property<T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void): void {
  const t: { ran: number; failed: number; examples: string[] } = (tally[name] = { ran: 0, failed: 0, examples: [] });
  fc.assert(
    fc.property(arb, (value) => {
      t.ran++;
      try {
        check(value);
      } catch (error) {
        t.failed++;
        if (t.examples.length < 3) t.examples.push(`${(error as Error).message.slice(0, 300)}\n  input: ${JSON.stringify(value).slice(0, 300)}`);
      }
      return true;
    }),
    { numRuns: RUNS, seed: Number(process.env.KIL_FUZZ_SEED ?? 20261122) },
  );
  expect(t.examples, `${name}: ${t.failed} of ${t.ran} failed`).toEqual([]);
}

afterAll(() => {
  const ran = Object.values(tally).reduce((s, t) => s + t.ran, 0);
  const failed = Object.values(tally).reduce((s, t) => s + t.failed, 0);
  if (process.env.KIL_FUZZ_RUNS) {
    for (const [name, t] of Object.entries(tally)) console.log(`fuzz: ${name}: ${t.ran} cases, ${t.failed} failed`);
    console.log(`fuzz: ${ran} cases in all, ${failed} failed`);
  }
});

/** What a reader sees for a piece of inline markdown: rendered, tags removed, entities decoded. */
function seen(inline: string): string {
  return md
    .renderInline(inline)
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Text as kil promises to show it: control characters and escapes dropped, white space folded. */
const shownAs = (text: string) => plainText(text).replace(/\s+/g, ' ').trim();
/** The same in HTML and SVG, where an unpaired surrogate or a noncharacter (no file or XML can hold them) reads as U+FFFD. */
const shownInHtml = (text: string) => shownAs(text).replace(/[\p{Noncharacter_Code_Point}\uD800-\uDFFF]/gu, '\uFFFD');

/** Characters XML 1.0 does not allow, and an & that does not start one of the five entities kil writes. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|&(?!(?:amp|lt|gt|quot|#39);)/u;

/**
 * What any HTML page or SVG file of kil's must be, whatever text went into it: it parses with
 * no error; kil's marker is its only comment; no script, no event handler, nothing to fetch;
 * an SVG file is well-formed XML text.
 */
function checkMarkup(name: string, page: string, kind: 'html' | 'svg'): ReturnType<typeof parseHtml>['doc'] {
  const { doc, errors } = parseHtml(page);
  const real = kind === 'svg' ? errors.filter((e) => e.code !== 'missing-doctype') : errors;
  if (real.length > 0) throw new Error(`${name}: parse errors ${real.map((e) => e.code).join(', ')}`);
  if (JSON.stringify(comments(doc)) !== JSON.stringify([REPORT_MARKER.slice(4, -3)])) throw new Error(`${name}: comments ${JSON.stringify(comments(doc))}`);
  const all = elements(doc);
  const bad = all.filter((e) => ['script', 'iframe', 'object', 'embed', 'img', 'link', 'image', 'use', 'foreignObject', 'style'].includes(e.tagName) && !(e.tagName === 'style' && e.parentNode === byTag(doc, 'head')[0]));
  if (bad.length > 0) throw new Error(`${name}: <${bad[0]!.tagName}>`);
  const handler = all.flatMap((e) => e.attrs).find((a) => /^on/i.test(a.name) || a.name === 'style' || a.name === 'src' || /href$/.test(a.name) && !/^[A-Za-z0-9._-]+\.report\.md$/.test(a.value));
  if (handler) throw new Error(`${name}: attribute ${handler.name}="${handler.value}"`);
  if (kind === 'svg' && NOT_XML.test(page)) throw new Error(`${name}: not XML at ${JSON.stringify(page.slice(page.search(NOT_XML) - 20, page.search(NOT_XML) + 20))}`);
  return doc;
}

/** Checks every output of an assessable contract; throws on the first broken promise. */
function checkOutputs(contractText: string): void {
  const loaded = loadContract({ file: 'fuzz.yaml', text: contractText }, library);
  for (const d of loaded.diagnostics) {
    if (!(d.line >= 1 && d.col >= 1 && d.message.length > 0)) throw new Error(`bad diagnostic ${JSON.stringify(d)}`);
  }
  if (!loaded.contract) {
    if (!loaded.diagnostics.some((d) => d.severity === 'error')) throw new Error('no contract and no error');
    return;
  }
  const a = assess(library, loaded.contract);
  if (!(a.overall.score >= 0 && a.overall.score <= 100)) throw new Error(`score ${a.overall.score}`);

  const report = renderReport(a, library, meta);
  const tokens = md.parse(report, {});
  const html = tokens.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type === 'html_block' || t.type === 'html_inline');
  if (html.length !== 1 || html[0]!.content.trim() !== REPORT_MARKER) throw new Error(`raw HTML in the report: ${html.map((h) => h.content).join(' | ')}`);
  const h1 = tokens.filter((t) => t.type === 'heading_open' && t.tag === 'h1');
  if (h1.length !== 1) throw new Error(`${h1.length} top headings`);
  let headerCells = 0;
  let cells = 0;
  for (const t of tokens) {
    if (t.type === 'tr_open') cells = 0;
    if (t.type === 'th_open' || t.type === 'td_open') cells++;
    if (t.type === 'tr_close') {
      if (tokens[tokens.indexOf(t) - 1]?.type === 'th_close') headerCells = cells;
      else if (cells !== headerCells) throw new Error(`a table row has ${cells} cells, its header ${headerCells}`);
    }
  }

  JSON.parse(renderJson(a, meta));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(renderSummary(a, NO_PAINT, 'out.md'))) throw new Error('control characters in the terminal summary');

  const row = contractRow('fuzz.yaml', a, null, meta.date);
  const csv = parseCsv(csvHeader(areas) + csvRow(row, areas), { relax_column_count: false }) as string[][];
  if (csv.length !== 2) throw new Error(`CSV has ${csv.length} records`);
  for (const cell of csv[1]!) if (/^[=+\-@\t\r]/.test(cell)) throw new Error(`CSV cell starts like a formula: ${cell}`);

  const p = summarisePortfolio([row], [], library.bands);
  if (md.parse(renderPortfolioMarkdown(p, meta), {}).some((t) => t.type === 'html_block' && !t.content.includes('generated by kil'))) throw new Error('raw HTML in portfolio.md');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(renderPortfolioTable(p))) throw new Error('control characters in the table');

  checkMarkup('the HTML report', renderHtmlReport(a, library, meta), 'html');
  checkMarkup('the chart', svgFile(REPORT_MARKER, areaChart(a, library.bands)), 'svg');
  checkMarkup('portfolio.html', renderPortfolioHtml(p, meta), 'html');
  checkMarkup('the heatmap', svgFile(REPORT_MARKER, heatmapChart(p, p.bands)), 'svg');
}

/**
 * Every HTML and SVG output of a contract and of a portfolio holding it (with `path` as its
 * path): the parsed pages, the same way a browser would read them.
 */
function htmlOutputs(a: Assessment, path: string): Record<'report' | 'chart' | 'portfolio' | 'heatmap' | 'bands', ReturnType<typeof parseHtml>['doc']> {
  const p = summarisePortfolio([contractRow(path, a, 'fuzz.report.md')], [], library.bands);
  return {
    report: checkMarkup('the HTML report', renderHtmlReport(a, library, meta), 'html'),
    chart: checkMarkup('the chart', svgFile(REPORT_MARKER, areaChart(a, library.bands)), 'svg'),
    portfolio: checkMarkup('portfolio.html', renderPortfolioHtml(p, meta), 'html'),
    heatmap: checkMarkup('the heatmap', svgFile(REPORT_MARKER, heatmapChart(p, p.bands)), 'svg'),
    bands: checkMarkup('the band chart', svgFile(REPORT_MARKER, bandsChart(p, p.bands)), 'svg'),
  };
}

/** Text that looks like YAML: keys, indentation, anchors, tags, flow collections and junk. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('kil: 1', 'procurement:', '  title: X', '  buyer: {name: B, type: central, nation: england}', '  contract_type: goods', 'answers:', '  S1.2: yes', '  S1.1: {value: 9}', '__proto__:', '  constructor: 1', '&a [1, 2]', '*a', '!!binary aGk=', '!tag x', '---', '? complex', '- - -', '{', ']', '"unterminated', "'x'", '\t', '1e400', '.nan', '~'),
      fc.string({ unit: 'binary', maxLength: 40, size: 'max' }),
    ),
    { maxLength: 25 },
  )
  .map((lines) => lines.join('\n'));

/** One of the examples with random edits: lines deleted, duplicated, swapped, or junk inserted. */
const mutatedExample = fc
  .tuple(
    fc.nat({ max: examples.length - 1 }),
    fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'insert', 'replace'), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 30 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([i, edits]) => {
    const lines = examples[i]!.split('\n');
    for (const [kind, a, b, junk] of edits) {
      const x = a % lines.length;
      const y = b % lines.length;
      if (kind === 'delete') lines.splice(x, 1);
      if (kind === 'duplicate') lines.splice(x, 0, lines[x]!);
      if (kind === 'swap') [lines[x], lines[y]] = [lines[y]!, lines[x]!];
      if (kind === 'insert') lines.splice(x, 0, junk);
      if (kind === 'replace') lines[x] = lines[x]!.slice(0, b % (lines[x]!.length + 1)) + junk;
      if (lines.length === 0) lines.push('');
    }
    return lines.join('\n');
  });

/** Pieces that break naive renderers: markdown and HTML syntax, escapes, controls, formula starts. */
const dangerous = fc.constantFrom(
  '|', '<', '>', '&', '`', '*', '_', '#', '[', ']', '(', ')', '!', '\\', '~', '\n', '\r', '\r\n', '\t', '=', '+', '-', '@',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u009b', '\u202e', '\u2028', '1. ', '- ', '# ', '> ', '---', '<script>alert(1)</script>',
  '</td><td>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '\u001b[31m', '\u001b]0;title\u0007', '\u001b[2J', '&lt;', '=HYPERLINK("x")',
);
/** A valid contract whose every text field is hostile text. */
const hostileText = fc
  .array(fc.oneof({ weight: 3, arbitrary: dangerous }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }), { minLength: 1, maxLength: 16 })
  .map((parts) => parts.join(''))
  .filter((s) => s.trim().length > 0);
type TextFields = { title: string; buyer: string; service: string; reference: string; place: string; hood: string; lotTitle: string; note: string; evidence: string };
const contractWithHostileText = fc
  .record({
    title: hostileText,
    buyer: hostileText,
    service: hostileText,
    reference: hostileText,
    place: hostileText,
    hood: hostileText,
    lotTitle: hostileText,
    note: fc.oneof(hostileText, fc.constant('')),
    evidence: fc.oneof(hostileText, fc.constantFrom('', '  ', '\n\t')),
  })
  .map((t) => ({ fields: t, text: contractWith(t) }));

/** The same fields with harmless text (blank stays blank): the twin whose pages must have the same shape. */
const harmless = (t: TextFields): TextFields =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.trim() === '' ? v : `Harmless ${k}`])) as TextFields;

function contractWith(t: TextFields): string {
  return stringify({
      kil: 1,
      procurement: {
        title: t.title,
        reference: t.reference,
        buyer: { name: t.buyer, type: 'sub-central', nation: 'england' },
        service: t.service,
        contract_type: 'light-touch',
        place: { name: t.place, neighbourhoods: [t.hood] },
        value: { amount: 500000, currency: 'GBP', vat: 'included', includes_extensions: true },
        lots: [{ id: 'a', title: t.lotTitle, neighbourhood: t.hood, value: 500000 }],
      },
      answers: { 'S1.1': { value: 2, note: t.note }, 'S1.2': { value: 'yes', note: t.note, evidence: t.evidence } },
    });
}

/** Any allowed answer (or none) to every question. */
const randomAnswers = fc
  .array(fc.nat(), { minLength: library.questions.size, maxLength: library.questions.size })
  .map((picks) => {
    const answers: Record<string, unknown> = {};
    [...library.questions.values()].forEach(({ question: q }, i) => {
      const n = picks[i]!;
      if (n % 5 === 0) return; // unanswered
      if (q.type === 'yes_no') answers[q.id] = ['yes', 'partly', 'no'][n % 3];
      if (q.type === 'maturity') answers[q.id] = n % 5;
      if (q.type === 'choice') answers[q.id] = q.options[n % q.options.length]!.value;
      if (q.type === 'number') answers[q.id] = q.range.min + (n % (q.range.max === undefined ? 100 : q.range.max - q.range.min + 1));
    });
    return stringify({ kil: 1, procurement: { title: 'T', buyer: { name: 'B', type: 'central', nation: 'england' }, contract_type: 'goods' }, answers });
  });

const rubricText = rubricSources().find((s) => s.file.endsWith('five-steps.yaml'))!.text;
const mutatedRubric = fc
  .array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })), { minLength: 1, maxLength: 3 })
  .map((edits) => {
    const lines = rubricText.split('\n');
    for (const [at, junk] of edits) {
      const x = at % lines.length;
      lines[x] = junk.length % 2 === 0 ? lines[x]!.replace(/: .*$/, `: ${junk}`) : junk;
    }
    return lines.join('\n');
  });

/** Real notices with random fields deleted or replaced by junk, and arbitrary JSON. */
const noticeFiles = readdirSync(join(ROOT, 'test', 'fixtures', 'ocds')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(ROOT, 'test', 'fixtures', 'ocds', f), 'utf8'));
const mutatedNotice = fc
  .tuple(fc.nat({ max: noticeFiles.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 }))
  .map(([i, edits]) => {
    const data = JSON.parse(noticeFiles[i]!) as unknown;
    const nodes: { parent: Record<string, unknown>; key: string }[] = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) (nodes.push({ parent: v as Record<string, unknown>, key: k }), walk(child));
    };
    walk(data);
    for (const [at, junk] of edits) {
      const n = nodes[at % nodes.length];
      if (n) n.parent[n.key] = at % 3 === 0 ? undefined : junk;
    }
    return JSON.stringify(data);
  });

describe('fuzzing', () => {
  it('any JSON or mutated notice through the OCDS importer: valid contracts or diagnostics', () => {
    property('OCDS import', fc.oneof(mutatedNotice, fc.json({ maxDepth: 4 }), fc.string({ maxLength: 200, size: 'max' })), (text) => {
      const { imported, diagnostics } = importOcds('n.json', text);
      for (const d of diagnostics) if (!(d.line >= 1 && d.col >= 1 && d.message.length > 0)) throw new Error(`bad diagnostic ${JSON.stringify(d)}`);
      for (const i of imported) {
        const check = ContractSchema.safeParse(importedContract(i));
        if (!check.success) throw new Error(`invalid contract: ${JSON.stringify(check.error.issues).slice(0, 300)}`);
        const back = loadContract({ file: 'n.yaml', text: renderImported(i, 'n.json') }, library);
        if (!back.contract) throw new Error(back.diagnostics.map((d) => d.message).join('; '));
      }
    });
  }, 600_000);

  it('any text: a contract or clear diagnostics, and safe outputs', () => {
    property('random text', fc.oneof(fc.string({ unit: 'binary', maxLength: 300, size: 'max' }), yamlish), checkOutputs);
  }, 600_000);

  it('mutated examples: a contract or clear diagnostics, and safe outputs', () => {
    property('mutated examples', mutatedExample, checkOutputs);
  }, 600_000);

  it('hostile text in every text field never breaks the report, CSV or terminal', () => {
    property('hostile text fields', contractWithHostileText, ({ fields, text }) => {
      const loaded = loadContract({ file: 'f.yaml', text }, library);
      if (!loaded.contract) throw new Error(`valid contract rejected: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      checkOutputs(text);
      // The reader sees exactly the text that was written: nothing cut off, nothing interpreted.
      const tokens = md.parse(renderReport(assess(library, loaded.contract), library, meta), {});
      const heading = tokens[tokens.findIndex((tk) => tk.type === 'heading_open' && tk.tag === 'h1') + 1]!.content;
      if (seen(heading).trim() !== `Keep it Local assessment: ${shownAs(fields.title)}`.trim()) throw new Error(`title shown as ${JSON.stringify(seen(heading))}`);
      const row = tokens.findIndex((tk) => tk.type === 'inline' && tk.content.startsWith('**S1.2**'));
      const buyerRow = tokens.findIndex((tk) => tk.type === 'inline' && tk.content === 'Buyer');
      if (seen(tokens[buyerRow + 3]!.content).trim() !== shownAs(fields.buyer)) throw new Error(`buyer shown as ${JSON.stringify(seen(tokens[buyerRow + 3]!.content))}`);
      // The row's cells: question, answer, evidence, note, score.
      const cellsOfRow = tokens.slice(row).filter((tk, i, all) => tk.type === 'inline' && (i === 0 || all[i - 1]?.type === 'td_open')).slice(0, 5);
      const noteShown = seen(cellsOfRow[3]?.content ?? '').trim();
      if (noteShown !== shownAs(fields.note)) throw new Error(`note shown as ${JSON.stringify(noteShown)}, written ${JSON.stringify(shownAs(fields.note))}`);
      const evidenceShown = seen(cellsOfRow[2]?.content ?? '').trim();
      const expected = fields.evidence.trim() === '' ? 'Asserted: no evidence' : `Evidenced: ${shownAs(fields.evidence)}`.trim();
      if (evidenceShown !== expected) throw new Error(`evidence shown as ${JSON.stringify(evidenceShown)}, expected ${JSON.stringify(expected)}`);
    });
  }, 600_000);

  it('hostile text in every text field never breaks the HTML report, the charts or portfolio.html', () => {
    const twinOutputs = new Map<string, ReturnType<typeof htmlOutputs>>();
    property('hostile text in HTML and SVG', fc.tuple(contractWithHostileText, hostileText), ([{ fields, text: contractText }, path]) => {
      const load = (yaml: string) => {
        const loaded = loadContract({ file: 'f.yaml', text: yaml }, library);
        if (!loaded.contract) throw new Error(`valid contract rejected: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
        return assess(library, loaded.contract);
      };
      const hostile = htmlOutputs(load(contractText), path);
      // No element or attribute comes from the text: the pages have the shape of a harmless twin's.
      const twinText = contractWith(harmless(fields));
      if (!twinOutputs.has(twinText)) twinOutputs.set(twinText, htmlOutputs(load(twinText), 'harmless.yaml'));
      const twin = twinOutputs.get(twinText)!;
      for (const k of Object.keys(hostile) as (keyof typeof hostile)[]) {
        const [h, t] = [skeleton(hostile[k]), skeleton(twin[k])];
        const at = h.findIndex((x, i) => x !== t[i]);
        if (at >= 0 || h.length !== t.length) throw new Error(`${k}: element ${at} is ${h[at]}, in the harmless twin ${t[at]}`);
      }

      // The reader sees exactly the text that was written.
      const expect = (what: string, shown: string | undefined, written: string) => {
        if (shown !== written) throw new Error(`${what} shown as ${JSON.stringify(shown)}, written ${JSON.stringify(written)}`);
      };
      const r = hostile.report;
      expect('title', text(byTag(r, 'h1')[0]!), `Keep it Local assessment: ${shownInHtml(fields.title)}`);
      expect('page title', text(byTag(r, 'title')[0]!), `Keep it Local assessment: ${shownInHtml(fields.title)}`.trim());
      const factRow = (label: string) => byTag(r, 'tr').find((tr) => text(byTag(tr, 'th')[0] ?? tr) === label);
      expect('buyer', text(byTag(factRow('Buyer')!, 'td')[0]!), shownInHtml(fields.buyer));
      expect('reference', text(byTag(factRow('Reference')!, 'td')[0]!), shownInHtml(fields.reference));
      const s12 = byTag(r, 'tr').find((tr) => text(byTag(tr, 'td')[0] ?? tr).startsWith('S1.2 '))!;
      const cells = byTag(s12, 'td').map((td) => text(td));
      expect('note', cells[3], shownInHtml(fields.note));
      expect('evidence', cells[2], fields.evidence.trim() === '' ? 'Asserted: no evidence' : `Evidenced: ${shownInHtml(fields.evidence)}`);
      expect('chart title', text(byTag(hostile.chart, 'title')[0]!), `Keep it Local scores by step and principle: ${shownInHtml(fields.title)}`.trim());
      const link = byTag(hostile.portfolio, 'a')[0]!;
      expect('portfolio link', text(link), shownInHtml(fields.title));
      expect('portfolio link target', attr(link, 'href'), 'fuzz.report.md');
      const rankRow = (link.parentNode as El).parentNode as El;
      expect('portfolio path', text(byTag(rankRow, 'td').at(-1)!), shownInHtml(visiblePath(path)));
      for (const doc of [hostile.portfolio, hostile.heatmap]) {
        const row = byClass(doc, 'kil-heatmap-row')[0]!;
        const full = text(byTag(row, 'title')[0]!);
        if (!full.startsWith(`${shownInHtml(fields.title)}: `)) throw new Error(`heatmap row tooltip ${JSON.stringify(full)}`);
        const label = text(byClass(row, 'kil-contract')[0]!);
        const written = shownInHtml(fields.title);
        if (label !== written && !(label.endsWith('…') && written.startsWith(label.slice(0, -1)))) throw new Error(`heatmap label ${JSON.stringify(label)}, written ${JSON.stringify(written)}`);
      }
    });
  }, 600_000);

  it('any answers: scores stay in range and add up', () => {
    property('random answers', randomAnswers, (text) => {
      const loaded = loadContract({ file: 'f.yaml', text }, library);
      if (!loaded.contract) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
      const a = assess(library, loaded.contract);
      const qs = a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions));
      const sum = qs.reduce((s, q) => s + q.share * (q.score ?? 0), 0);
      // The published score is the exact one rounded to 0.1, so they differ by at most 0.05 (plus float error).
      if (Math.abs(sum - a.overall.score) > 0.05 + 1e-9) throw new Error(`overall ${a.overall.score} but shares give ${sum}`);
      for (const q of qs) if (q.score !== null && (q.score < 0 || q.score > 100)) throw new Error(`${q.id} scored ${q.score}`);
    });
  }, 600_000);

  it('mutated rubrics: a rubric or clear diagnostics', () => {
    property('mutated rubrics', mutatedRubric, (text) => {
      const r = loadRubricFile({ file: 'r.yaml', text });
      for (const d of r.diagnostics) if (!(d.line >= 1 && d.col >= 1 && d.message.length > 0)) throw new Error(`bad diagnostic ${JSON.stringify(d)}`);
      if (!r.loaded && !r.diagnostics.some((d) => d.severity === 'error')) throw new Error('no rubric and no error');
    });
  }, 600_000);
});
