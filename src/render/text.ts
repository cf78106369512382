/**
 * Making text from contract files safe for where it is shown. Contract files come from many
 * hands, so nothing in them may break a markdown table, inject HTML, or drive the terminal.
 */
import { detached } from '../model/detached.js';
import { visibleControls } from '../model/visible-text.js';

// C0/C1 controls and ANSI escape sequences (CSI, OSC and single-character escapes).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Every escape sequence starts with a control character: text without one is plain already. */
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** For the terminal: drop escape sequences and control characters, fold newlines to spaces. */
export function plainText(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(ANSI, '').replace(/\r\n?|\n|\t/g, ' ').replace(CONTROL, '');
}

/** One line of plain text, as every format shows text from a file: controls dropped, white space folded and trimmed. */
export const oneLine = (text: string): string => plainText(text).replace(/\s+/g, ' ').trim();

/**
 * For a file path shown to a person: every control character made visible (`\n`, `\e`, `\x07`),
 * so the path shown is the path on disk, not a folded look-alike, and cannot drive the terminal.
 */
export const visiblePath = (path: string): string => visibleControls(path);

/**
 * Text that mdText would change: a control character (escapes start with one), white space that
 * is not one space between words, a character markdown or HTML reads, or a start that could be
 * block syntax (a digit, -, + or =).
 */
// eslint-disable-next-line no-control-regex
const MD_WORK = /[\u0000-\u001f\u007f-\u009f&<>\\`*_[\]|~#]|[^\S ]|\s\s|^[\s\d=+-]|\s$/;

/**
 * For markdown: one line of literal text. Every character that markdown could read as syntax
 * (an HTML tag, an entity, emphasis, a table cell) is backslash-escaped, so the text renders
 * exactly as written and reads as written in a text editor.
 */
export function mdText(text: string): string {
  let safe = MD_SEEN.get(text);
  if (safe === undefined) {
    safe = markdownSafe(text);
    // Copies: text cut from a contract file would keep the whole file's text in memory.
    if (MD_SEEN.size < MD_KEPT) MD_SEEN.set(detached(text), detached(safe));
  }
  return safe;
}

/**
 * The rubric's prompts, titles and recommendations are in every report of a batch: each is made
 * safe once. The first texts seen are kept (the rubric's, mostly), up to a bound.
 */
const MD_SEEN = new Map<string, string>();
const MD_KEPT = 4096;

function markdownSafe(text: string): string {
  // Most text needs none of the work below.
  if (!MD_WORK.test(text)) return text;
  const oneLine = plainText(text).replace(/\s+/g, ' ').trim();
  return oneLine
    // Backslash escapes, not entities: the file is read as plain text too, where "Q&amp;A" is noise.
    .replace(/[\\`*_[\]|~#<]|&(?=#?[A-Za-z0-9]+;)/g, (c) => `\\${c}`)
    // Block syntax only counts at the start of a line and, for list markers, before a space.
    .replace(/^>/, '\\>')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^(=+)$/, '\\$1');
}

// Lone surrogates, which no UTF-8 file can hold, and noncharacters (U+FDD0-U+FDEF, U+FFFE and
// U+FFFF in every plane), which XML forbids or discourages and HTML counts as parse errors.
// With the u flag a surrogate pair is one code point, so [\uD800-\uDFFF] matches only an unpaired half.
const NOT_TEXT = /[\p{Noncharacter_Code_Point}\uD800-\uDFFF]/gu;
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * For HTML and SVG, in text and in quoted attribute values alike: one line of literal text.
 * Controls are dropped and white space folded as for markdown, characters no file or XML can
 * hold become U+FFFD, and the five characters with meaning in markup are entity-encoded, so
 * the reader sees exactly what was written and no element or attribute can come from it. The
 * page parses without a single error, as HTML and (for an SVG file) as XML.
 */
export function htmlText(text: string): string {
  return oneLine(text)
    .replace(NOT_TEXT, '\uFFFD')
    .replace(/[&<>"']/g, (c) => HTML_ENTITY[c]!);
}
