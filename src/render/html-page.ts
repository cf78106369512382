/**
 * The HTML page every kil HTML file is: kil's marker comment, then one self-contained document
 * with its stylesheet inline, no script, and a Content-Security-Policy that lets it fetch
 * nothing at all (no fonts, images or styles by URL), printable on A4. Pure.
 */
import { createHash } from 'node:crypto';
import { REPORT_MARKER } from './report.js';
import type { ReportMeta } from './report-words.js';
import { htmlText } from './text.js';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

const VOID = new Set(['meta', 'br', 'hr', 'col']);

function attributes(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([name, value]) => ` ${name}="${htmlText(String(value))}"`)
    .join('');
}

/**
 * An HTML element around children that are already HTML (marked up by the HTML Markup, or
 * built here). Element and attribute names are kil's constants; values are escaped.
 */
export function h(name: string, attrs: Attrs, ...children: string[]): string {
  if (VOID.has(name)) return `<${name}${attributes(attrs)}>`;
  return `<${name}${attributes(attrs)}>${children.join('')}</${name}>`;
}

/** An element whose children come in pieces: its opening tag, the pieces, its closing tag. */
export function* element(name: string, attrs: Attrs, children: Iterable<string>): Generator<string> {
  yield `<${name}${attributes(attrs)}>`;
  yield* children;
  yield `</${name}>`;
}

export interface TableLayout {
  /** Columns (0-based) of numbers: right-aligned. */
  numeric?: readonly number[];
  /** A class per column, for widths set in the stylesheet. */
  columns?: readonly string[];
}

/** A table with a header row (repeated on every printed page) and body rows; cells are HTML. */
export function table(attrs: Attrs, header: readonly string[], rows: readonly (readonly string[])[], layout: TableLayout = {}): string {
  return [...tableChunks(attrs, header, rows, layout)].join('');
}

/**
 * The same table in pieces, a row at a time, for tables of one row per contract: a portfolio
 * of 50,000 contracts is written as it is made, never held whole.
 */
export function* tableChunks(attrs: Attrs, header: readonly string[], rows: Iterable<readonly string[]>, layout: TableLayout = {}): Generator<string> {
  const cls = (i: number) => (layout.numeric?.includes(i) ? { class: 'num' } : {});
  function* body(): Generator<string> {
    for (const r of rows) yield h('tr', {}, ...r.map((c, i) => h('td', cls(i), c)));
  }
  function* inside(): Generator<string> {
    if (layout.columns) yield h('colgroup', {}, ...layout.columns.map((c) => h('col', { class: c })));
    yield h('thead', {}, h('tr', {}, ...header.map((c, i) => h('th', { scope: 'col', ...cls(i) }, c))));
    yield* element('tbody', {}, body());
  }
  yield* element('table', attrs, inside());
}

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; color: #444; } }
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body { margin: 0 auto; max-width: 860px; padding: 24px; font-family: "Segoe UI", Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 15px; line-height: 1.45; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 12px; }
h2 { font-size: 20px; margin: 28px 0 10px; padding-bottom: 3px; border-bottom: 2px solid #333; }
h3 { font-size: 16px; margin: 18px 0 6px; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li, dd { overflow-wrap: break-word; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #8a8a8a; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.questions, table.ranking { table-layout: fixed; }
table.questions td, table.ranking td { overflow-wrap: anywhere; }
thead th { background: #e8e8e8; }
thead { display: table-header-group; }
tr, figure, .recommendation, .keep, .area { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
/* A heading may wrap between words in a narrow fixed column ("Score so far" ran into the next one); the figures below it do not. */
th.num { white-space: normal; overflow-wrap: normal; }
table.narrow { width: auto; min-width: 50%; }
table.facts th { width: 24%; background: #f2f2f2; }
table.questions col.question { width: 36%; }
table.questions col.answer { width: 22%; }
table.questions col.evidence { width: 18%; }
table.questions col.note { width: 17%; }
table.questions col.score { width: 7%; }
table.ranking col.rank { width: 5%; }
table.ranking col.contract { width: 27%; }
table.ranking col.buyer { width: 17%; }
table.ranking col.value { width: 10%; }
table.ranking col.score { width: 8%; }
table.ranking col.band { width: 13%; }
table.ranking col.file { width: 20%; }
table.ranking col.coverage { width: 10%; }
table.ranking col.so-far { width: 11%; }
figure { margin: 12px 0; }
figure svg { display: block; width: 100%; max-width: 760px; height: auto; }
.warning { border: 2px solid #111; padding: 6px 10px; }
.recommendation { border-left: 4px solid #555; padding: 2px 0 2px 12px; margin: 8px 0 12px; }
.recommendation h3 { margin-top: 4px; }
.recommendations > p:last-child { break-before: avoid; page-break-before: avoid; }
.recommendation dl { display: grid; grid-template-columns: 9.5em 1fr; gap: 3px 10px; margin: 4px 0; }
.recommendation dt { font-weight: bold; }
.recommendation dd { margin: 0; }
.lead { font-size: 16px; }
code { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
footer { margin-top: 24px; font-size: 12px; color: #444; }
.page { break-before: page; page-break-before: always; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h1 { font-size: 18pt; }
  h2 { font-size: 14pt; margin-top: 14pt; }
  th, td { padding: 2pt 4pt; }
  figure { margin: 6pt 0 0; }
  h3 { font-size: 11.5pt; }
  table { font-size: 9pt; }
  .lead { font-size: 11pt; }
  figure svg { max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
`.trim();

/** The stylesheet's hash, so the policy allows this stylesheet and no other. */
const CSS_HASH = createHash('sha256').update(CSS, 'utf8').digest('base64');
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${CSS_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** The whole file: marker, doctype, head, and the body (HTML). `title` is literal text. */
export function htmlPage(title: string, body: string): string {
  return [...htmlPageChunks(title, [body])].join('');
}

/** The same file in pieces, the body's as they come. */
export function* htmlPageChunks(title: string, body: Iterable<string>): Generator<string> {
  const head = h(
    'head',
    {},
    h('meta', { charset: 'utf-8' }),
    h('meta', { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'generator', content: 'kil' }),
    `<title>${htmlText(title)}</title>`,
    `<style>${CSS}</style>`,
  );
  yield `${REPORT_MARKER}\n<!DOCTYPE html>\n<html lang="en-GB">\n${head}\n<body>\n`;
  yield* body;
  yield '\n</body>\n</html>\n';
}

/** The last line of every page: who wrote it, when, and that edits are lost. */
export const kilFooter = (meta: ReportMeta): string =>
  h('footer', {}, `Written by kil ${htmlText(meta.toolVersion)} on ${htmlText(meta.date)}. Generated: edits here are lost when kil runs again.`);
