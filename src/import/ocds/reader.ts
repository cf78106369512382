/**
 * Reading OCDS from bytes as they arrive, never holding a large input whole: release packages,
 * record packages, arrays of releases, one bare release, and JSON Lines (one release, record or
 * package per line). Pure: the caller feeds chunks (already decompressed) and gets items and
 * diagnostics back; files, stdin and gzip are the shell's business (src/cli/ocds-source.ts).
 *
 * Three ways in, chosen from the first bytes:
 * - small inputs (up to `wholeBelow`) are parsed whole with JSON.parse: fastest, and every
 *   message about the file's shape ("releases" is not a list, ...) stays exact;
 * - JSON Lines (the first line that is not blank is a whole JSON value, or the second is):
 *   each line is parsed alone, and a bad line is reported by its number and skipped;
 * - anything else larger is one JSON document, read by a streaming parser
 *   (@streamparser/json) that hands over each element of `releases`, `records` or of a
 *   top-level array as it ends, and keeps nothing else.
 */
import { JSONParser } from '@streamparser/json';
import type { Diagnostic } from '../../load/diagnostic.js';
import { jsonProblem, lineCol } from './container.js';
import { takeRecord, takeRelease, takeValue, type ItemSink, type Json, type OcdsItem } from './items.js';

export interface ReaderOptions {
  /** Inputs of at most this many bytes are parsed whole. */
  wholeBelow?: number;
  /** The longest line of JSON Lines kil parses; a longer one is reported and skipped. */
  maxLineBytes?: number;
  /** true: JSON Lines whatever the first lines look like (a .jsonl or .ndjson file). */
  jsonLines?: boolean;
}

export const WHOLE_BELOW = 8 * 1024 * 1024;
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface ReaderOutput {
  /**
   * `json`: the item's release as the input wrote it, when the item is one release that was a
   * whole line of JSON Lines (kil can set it aside on disk as it is, without writing it again).
   */
  item(item: OcdsItem, json?: string): void;
  diagnostic(d: Diagnostic): void;
}

const NEWLINE = 0x0a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const hasBom = (b: Uint8Array) => b.length >= 3 && b[0] === UTF8_BOM[0] && b[1] === UTF8_BOM[1] && b[2] === UTF8_BOM[2];
const NOT_UTF8 = 'is not UTF-8 text; OCDS files are UTF-8 JSON';

/** The first byte that is not JSON whitespace (or a BOM), or -1. */
function firstSignificant(bytes: Uint8Array): number {
  for (let i = hasBom(bytes) ? 3 : 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const parsesAsValue = (text: string): boolean => {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether bytes that start an input look like JSON Lines: of the first two lines that are not
 * blank, one is a whole JSON object or array. A pretty-printed document starts "{" then
 * "\"uri\": ...", neither of which is whole; a one-line document has no second line.
 * "unsure" until two lines have ended (or the input has).
 */
export function jsonLinesVerdict(bytes: Uint8Array, complete: boolean): 'yes' | 'no' | 'unsure' {
  const decoder = new TextDecoder('utf-8');
  const lines: string[] = [];
  let start = hasBom(bytes) ? 3 : 0;
  while (lines.length < 2 && start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1 && !complete) return 'unsure'; // a line not yet ended says nothing
    const line = decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    if (line.trim() !== '') lines.push(line);
    if (end === -1) break;
    start = end + 1;
  }
  if (lines.length < 2) return complete ? 'no' : 'unsure';
  return parsesAsValue(lines[0]!) || parsesAsValue(lines[1]!) ? 'yes' : 'no';
}

export const looksLikeJsonLines = (bytes: Uint8Array, complete: boolean): boolean => jsonLinesVerdict(bytes, complete) === 'yes';

/** Past this many bytes held, an input still unsure is read as one document. */
const MAX_SNIFF_BYTES = 16 * 1024 * 1024;

/**
 * The fields of an OCDS 1.1 release. A bare release too large to read whole is rebuilt from
 * these (a package's own fields, uri, publisher and the like, are not among them); fields of
 * extensions are then left out, which only a release of more than `wholeBelow` bytes meets.
 */
const RELEASE_FIELDS = ['ocid', 'id', 'date', 'tag', 'initiationType', 'parties', 'buyer', 'planning', 'tender', 'awards', 'contracts', 'language', 'relatedProcesses'];

type Mode = 'sniff' | 'lines' | 'stream' | 'done';

export class OcdsReader {
  #mode: Mode = 'sniff';
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  readonly #wholeBelow: number;
  readonly #maxLine: number;
  readonly #forceLines: boolean;
  /** Bytes fed so far. */
  bytes = 0;
  /** Items (releases or records) handed on. */
  items = 0;
  /** Problems reported (each is an error diagnostic). */
  problems = 0;

  // JSON Lines
  #lineNo = 0;
  #partial: Uint8Array[] = [];
  #partialBytes = 0;
  #skippingLongLine = false;
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });

  // One streamed document
  #parser: JSONParser | undefined;
  #streamUtf8 = new TextDecoder('utf-8', { fatal: true });
  #lineBase = 1;
  #colBase = 1;
  #chunk: Uint8Array = new Uint8Array(0);
  #started = false;
  /** The top-level release fields of a streamed document, in case it is one bare release. */
  #bare: Json = {};

  constructor(
    readonly file: string,
    readonly out: ReaderOutput,
    options: ReaderOptions = {},
  ) {
    this.#wholeBelow = options.wholeBelow ?? WHOLE_BELOW;
    this.#maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.#forceLines = options.jsonLines ?? false;
  }

  /** Nothing more can be taken from this input (a streamed document broke): stop reading it. */
  get stopped(): boolean {
    return this.#mode === 'done';
  }

  write(chunk: Uint8Array): void {
    if (this.#mode === 'done' || chunk.length === 0) return;
    this.bytes += chunk.length;
    if (this.#mode === 'sniff') {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      if (this.#forceLines) return this.#choose('yes');
      // JSON Lines are read line by line at once (as fast as whole, holding nothing); a document
      // is held until it proves larger than `wholeBelow`. The verdict is asked for only while
      // two lines may not have ended: a document's first lines end early.
      const verdict = this.#heldBytes <= 64 * 1024 || this.#heldBytes > this.#wholeBelow ? jsonLinesVerdict(concat(this.#held, this.#heldBytes), false) : 'no';
      if (verdict === 'yes' || (this.#heldBytes > this.#wholeBelow && (verdict === 'no' || this.#heldBytes > MAX_SNIFF_BYTES))) this.#choose(verdict);
      return;
    }
    this.#feed(chunk);
  }

  end(): void {
    if (this.#mode === 'sniff') {
      const verdict = this.#forceLines ? 'yes' : jsonLinesVerdict(concat(this.#held, this.#heldBytes), true);
      if (verdict === 'yes' || this.#heldBytes > this.#wholeBelow) this.#choose(verdict);
      else return this.#readWhole();
    }
    if (this.#mode === 'lines') this.#endLines();
    else if (this.#mode === 'stream') this.#endStream();
    this.#mode = 'done';
  }

  #problem(message: string, line = 1, col = 1): void {
    this.problems++;
    this.out.diagnostic({ file: this.file, line, col, severity: 'error', code: 'bad-ocds', message });
  }

  #sinkAt(line: number, prefix = '', whole?: { value: unknown; text: string }): ItemSink {
    return {
      item: (item) => {
        this.items++;
        this.out.item(item, whole && !item.compiled && item.releases.length === 1 && item.releases[0] === whole.value ? whole.text : undefined);
      },
      problem: (message) => this.#problem(`${prefix}${message}`, line),
    };
  }

  /** Leave sniffing: to JSON Lines or a streamed document, replaying what was held. */
  #choose(verdict: 'yes' | 'no' | 'unsure'): void {
    const held = concat(this.#held, this.#heldBytes);
    this.#held = [];
    this.#heldBytes = 0;
    this.#mode = verdict === 'yes' ? 'lines' : 'stream';
    this.#feed(held);
  }

  #feed(chunk: Uint8Array): void {
    if (this.#mode === 'lines') this.#feedLines(chunk);
    else if (this.#mode === 'stream') this.#feedStream(chunk);
  }

  // ---- whole ----

  #readWhole(): void {
    this.#mode = 'done';
    const bytes = concat(this.#held, this.#heldBytes);
    this.#held = [];
    let text: string;
    try {
      text = this.#utf8.decode(bytes);
    } catch {
      return this.#problem(`the input ${NOT_UTF8}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const pos = /position (\d+)/.exec((error as Error).message);
      const { line, col } = pos ? lineCol(text.replace(/^\uFEFF/, ''), Number(pos[1])) : { line: 1, col: 1 };
      return this.#problem(`not valid JSON (${jsonProblem(error)}); an OCDS file is a JSON release or record package, or JSON Lines`, line, col);
    }
    takeValue(data, this.#sinkAt(1));
  }

  // ---- JSON Lines ----

  #feedLines(chunk: Uint8Array): void {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      this.#takeLinePart(chunk.subarray(start, nl));
      this.#endLine();
      start = nl + 1;
    }
    if (start < chunk.length) this.#takeLinePart(chunk.subarray(start));
  }

  #takeLinePart(part: Uint8Array): void {
    if (this.#skippingLongLine || part.length === 0) return;
    if (this.#partialBytes + part.length > this.#maxLine) {
      this.#skippingLongLine = true;
      this.#partial = [];
      this.#partialBytes = 0;
      return;
    }
    // Copied: the caller may reuse its buffer once write returns.
    this.#partial.push(part.slice());
    this.#partialBytes += part.length;
  }

  #endLine(): void {
    this.#lineNo++;
    const line = this.#lineNo;
    if (this.#skippingLongLine) {
      this.#skippingLongLine = false;
      return this.#problem(`line ${line} is longer than ${this.#maxLine / 1024 / 1024} MiB, more than kil reads as one line of JSON Lines; skipped (give a large package as a file of its own: kil reads a file in a stream)`, line);
    }
    let bytes = concat(this.#partial, this.#partialBytes);
    this.#partial = [];
    this.#partialBytes = 0;
    if (bytes.length === 0) return;
    if (line === 1 && hasBom(bytes)) bytes = bytes.subarray(3);
    let text: string;
    try {
      text = this.#utf8.decode(bytes);
    } catch {
      return this.#problem(`line ${line} ${NOT_UTF8}; skipped`, line);
    }
    if (text.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const pos = /position (\d+)/.exec((error as Error).message);
      return this.#problem(`line ${line} is not valid JSON (${jsonProblem(error)}); skipped`, line, pos ? Number(pos[1]) + 1 : 1);
    }
    takeValue(data, this.#sinkAt(line, `line ${line}: `, { value: data, text }));
  }

  #endLines(): void {
    if (this.#partialBytes > 0 || this.#skippingLongLine) this.#endLine();
    if (this.items === 0 && this.problems === 0) this.#problem('the JSON Lines have no releases or records');
  }

  // ---- one streamed document ----

  #startStream(first: Uint8Array): Uint8Array | undefined {
    const b = firstSignificant(first);
    if (b === -1) return first; // only whitespace so far
    this.#started = true;
    const array = b === 0x5b; // [
    if (!array && b !== 0x7b) {
      // Not JSON at all: say so at once, without reading the rest (a 600 MiB file of zeros).
      this.#mode = 'done';
      this.#problem(`not valid JSON (it starts with ${JSON.stringify(String.fromCharCode(b))}); an OCDS file is a JSON release or record package, or JSON Lines`);
      return undefined;
    }
    const parser = new JSONParser({ paths: array ? ['$.*'] : ['$.releases.*', '$.records.*', ...RELEASE_FIELDS.map((f) => `$.${f}`)], keepStack: false });
    parser.onValue = ({ value, key, stack }) => {
      if (!array && stack.length === 1) return void (this.#bare[String(key)] = value);
      const list = array ? undefined : stack[1]?.key;
      const sink = this.#sinkAt(this.#lineBase);
      if (list === 'records') takeRecord(value, `records[${String(key)}]`, sink);
      else takeRelease(value, array ? `release ${String(key)}` : `releases[${String(key)}]`, sink);
    };
    parser.onError = (error) => this.#streamBroke(error);
    this.#parser = parser;
    return hasBom(first) ? first.subarray(3) : first;
  }

  #feedStream(chunk: Uint8Array): void {
    let bytes: Uint8Array | undefined = chunk;
    if (!this.#started) bytes = this.#startStream(chunk);
    if (!bytes || !this.#parser) return;
    try {
      this.#streamUtf8.decode(bytes, { stream: true });
    } catch {
      this.#mode = 'done';
      return this.#problem(`the input ${NOT_UTF8} (at about byte ${this.bytes - chunk.length})`, this.#lineBase);
    }
    this.#chunk = bytes;
    this.#parser.write(bytes);
    if (this.#mode !== 'stream') return;
    // Where the next chunk starts, for the line and column of a later error.
    const last = bytes.lastIndexOf(NEWLINE);
    if (last === -1) this.#colBase += bytes.length;
    else {
      for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) this.#lineBase++;
      this.#colBase = bytes.length - last;
    }
  }

  #streamBroke(error: Error): void {
    if (this.#mode === 'done') return;
    this.#mode = 'done';
    // "Unexpected "x" at chunk position "71" (absolute position "71") in state START"
    const pos = /chunk position "?(\d+)/.exec(error.message);
    let line = this.#lineBase;
    let col = this.#colBase;
    if (pos) {
      const upTo = this.#chunk.subarray(0, Number(pos[1]));
      const last = upTo.lastIndexOf(NEWLINE);
      for (let at = upTo.indexOf(NEWLINE); at !== -1; at = upTo.indexOf(NEWLINE, at + 1)) line++;
      col = last === -1 ? col + upTo.length : upTo.length - last;
    }
    const what = /ended in/i.test(error.message) ? 'the file ends inside the JSON: was it cut short?' : error.message.replace(/ at chunk position.*$/, '').replace(/ \(state: .*$/, '');
    const read = this.items === 0 ? '' : this.items === 1 ? '; the release or record before it was read' : `; the ${this.items} releases and records before it were read`;
    this.#problem(`not valid JSON (${what})${read}; the rest of the file is skipped`, line, col);
  }

  #endStream(): void {
    if (!this.#parser) {
      if (this.#mode === 'stream') this.#problem('the file is empty; an OCDS file is a JSON release or record package, or JSON Lines');
      return;
    }
    try {
      this.#streamUtf8.decode();
    } catch {
      return this.#problem(`the input ${NOT_UTF8}`, this.#lineBase);
    }
    // The parser ends itself when the document's last bracket closes; end() then would complain.
    if (this.#mode === 'stream' && !this.#parser.isEnded) {
      try {
        this.#parser.end();
      } catch (error) {
        this.#streamBroke(error as Error);
      }
    }
    if (this.#mode === 'stream' && this.items === 0 && this.problems === 0 && Object.keys(this.#bare).length > 0) {
      takeValue(this.#bare, this.#sinkAt(1));
    } else if (this.#mode === 'stream' && this.items === 0 && this.problems === 0) {
      this.#problem('no releases or records found: kil reads the "releases" or "records" list of an OCDS package, a list of releases, or JSON Lines');
    }
  }
}
