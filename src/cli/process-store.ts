/**
 * Releases grouped by contracting process without holding a large input: the first
 * `budgetBytes` of input are grouped in memory; past that, everything is set aside on disk in
 * buckets by a hash of the process's file name (so processes that would share a file name share
 * a bucket), and each bucket is grouped in turn at the end. A bucket still too large is split
 * again with another hash. Memory stays about the budget whatever the input size; the cost is
 * writing and reading the input once more, as JSON, in a temporary folder inside the output
 * folder (same disk, removed at the end or on Ctrl-C).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessGroups, type Process } from '../import/ocds/group.js';
import type { OcdsItem } from '../import/ocds/items.js';
import { fileNameForOcid } from '../import/ocds/index.js';
import { removeLeftBehind } from './atomic-write.js';
import { fsCause } from './files.js';
import { UserError } from './user-error.js';

export const GROUP_BUDGET_BYTES = 8 * 1024 * 1024;
const SPILL_PREFIX = '.kil-import-';
const SPILL_NAME = /^\.kil-import-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Remove the spill folders of imports that are gone (a kill -9 leaves its folder: 30 killed imports
 * left 828 MB). Only names this version makes, and only when their process is not running.
 */
export const removeStaleSpills = (dir: string): number => removeLeftBehind(dir, SPILL_NAME, false, (path) => rmSync(path, { recursive: true, force: true }));

/** The input could not be set aside: the import stops (every input needs the same store). */
export class SpillError extends UserError {}

/** A file-system error while setting the input aside, as the user's to fix. */
export function spillError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error;
  return new SpillError(`${dir}: cannot set the input aside while grouping it (${fsCause(code)}); free some space or raise the open-file limit, then run the same command again`);
}
const BUCKETS = 256;
const BUFFER_BYTES = 64 * 1024;
/** Room past BUFFER_BYTES for the line that crosses it. */
const SPARE_BYTES = 32 * 1024;
/** Beyond this depth a bucket is grouped however large it is (one enormous process). */
const MAX_SPLITS = 4;

/** FNV-1a over UTF-16 units, seeded: cheap, stable across runs and machines. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const groupKey = (ocid: string): string => fileNameForOcid(ocid).toLowerCase();

/**
 * Appending lines to one bucket file, buffered. The file is opened for each flush and closed
 * again: 256 buckets held open made an import fail under `ulimit -n 256`.
 */
class Bucket {
  /** Created on the first flush: most buckets of a split of a small bucket stay empty. */
  #created = false;
  /**
   * Lines encoded into it as they come, written out once BUFFER_BYTES are held: joining the
   * lines and encoding the whole was a third of the cost of setting the input aside.
   */
  #buffer: Buffer | undefined;
  #used = 0;
  bytes = 0;

  constructor(readonly path: string) {}

  get empty(): boolean {
    return this.bytes === 0;
  }

  append(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8: a line that surely fits is encoded in place.
    if (3 * line.length <= SPARE_BYTES) {
      const written = (this.#buffer ??= Buffer.allocUnsafe(BUFFER_BYTES + SPARE_BYTES)).write(line, this.#used, 'utf8');
      this.#used += written;
      this.bytes += written;
    } else {
      const bytes = Buffer.from(line, 'utf8');
      if (this.#used + bytes.length > BUFFER_BYTES + SPARE_BYTES) this.flush();
      if (bytes.length > BUFFER_BYTES + SPARE_BYTES) this.#write(bytes);
      else {
        bytes.copy((this.#buffer ??= Buffer.allocUnsafe(BUFFER_BYTES + SPARE_BYTES)), this.#used);
        this.#used += bytes.length;
      }
      this.bytes += bytes.length;
    }
    if (this.#used >= BUFFER_BYTES) this.flush();
  }

  flush(): void {
    if (this.#used === 0) return;
    this.#write(this.#buffer!.subarray(0, this.#used));
    this.#used = 0;
  }

  #write(bytes: Uint8Array): void {
    const fd = openSync(this.path, this.#created ? 'a' : 'wx', 0o600);
    this.#created = true;
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
  }

  close(): void {
    this.flush();
    this.#buffer = undefined; // nothing more is appended: its memory goes
  }

  /** Drop what is buffered (the store is being removed after an error). */
  abandon(): void {
    this.#buffer = undefined;
    this.#used = 0;
  }
}

/** An item as one line of a bucket: [input index, ocid, releases, compiled?]. */
type Line = [number, string, OcdsItem['releases'], OcdsItem['compiled']?];

export interface StoreEvents {
  /** An item that cannot be set aside (nested too deeply for JSON.stringify). */
  skipped(ocid: string, why: string): void;
}

/** Deeper than this, a value is written again (JSON.stringify), as it always was: it may be too deep to set aside. */
const MAX_AS_READ_DEPTH = 1000;

/**
 * Whether the text JSON.parse read `value` from reads back as the value JSON.stringify would
 * write: yes unless a number is -0 or infinite (stringify writes 0 and null: "-0.0", "1e400")
 * or the value is deep enough that stringify might refuse it (then it is skipped, as ever).
 */
function readsBackTheSame(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return value === 0 ? !Object.is(value, -0) : Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_AS_READ_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!readsBackTheSame(v, depth + 1)) return false;
    return true;
  }
  for (const key in value) if (!readsBackTheSame((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

export class ProcessStore {
  #memory: ProcessGroups | undefined = new ProcessGroups();
  #memoryBytes = 0;
  #buckets: Bucket[] | undefined;
  #dir: string | undefined;
  readonly #inputs: string[] = [];
  readonly #inputIndex = new Map<string, number>();
  /** Whether the input outgrew memory and was set aside on disk. */
  spilled = false;

  constructor(
    readonly parentDir: string,
    readonly events: StoreEvents,
    readonly budgetBytes = GROUP_BUDGET_BYTES,
  ) {}

  /**
   * Add one item; `bytes` is about how much input it took (to know when to spill); `json`, the
   * text of its one release as read (OcdsReader gives it for a line of JSON Lines), is set aside
   * as it is when that reads back the same.
   */
  add(item: OcdsItem, input: string, bytes: number, json?: string): void {
    if (this.#memory) {
      this.#memory.add(item, input);
      this.#memoryBytes += bytes;
      if (this.#memoryBytes > this.budgetBytes) this.#spill();
      return;
    }
    this.#setAside(item, input, json);
  }

  #indexOf(input: string): number {
    let i = this.#inputIndex.get(input);
    if (i === undefined) {
      i = this.#inputs.length;
      this.#inputs.push(input);
      this.#inputIndex.set(input, i);
    }
    return i;
  }

  #spill(): void {
    const held = this.#memory!;
    this.#memory = undefined;
    this.spilled = true;
    // Named with this process's id, so a later import can tell a killed one's folder (removeStaleSpills).
    this.#dir = mkdtempSync(join(this.parentDir, `${SPILL_PREFIX}${process.pid}-`));
    this.#buckets = Array.from({ length: BUCKETS }, (_, i) => new Bucket(join(this.#dir!, `${i}.jsonl`)));
    for (const p of held.processes()) {
      // Each input of a process keeps its name; the releases go with the first.
      this.#setAside({ ocid: p.ocid, releases: p.releases, ...(p.compiled ? { compiled: p.compiled } : {}) }, p.inputs[0]!);
      for (const more of p.inputs.slice(1)) this.#setAside({ ocid: p.ocid, releases: [] }, more);
    }
  }

  #setAside(item: OcdsItem, input: string, json?: string): void {
    // The release's own text is a quarter of the cost of writing it again, and reads back the same.
    if (json !== undefined && !item.compiled && item.releases.length === 1 && readsBackTheSame(item.releases[0])) {
      this.#buckets![hash(groupKey(item.ocid), 0) % BUCKETS]!.append(`[${this.#indexOf(input)},${JSON.stringify(item.ocid)},[${json}]]\n`);
      return;
    }
    const line: Line = [this.#indexOf(input), item.ocid, item.releases];
    if (item.compiled) line.push(item.compiled);
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch (error) {
      // JSON.stringify recurses: an object nested tens of thousands deep overflows it.
      if (error instanceof RangeError) return this.events.skipped(item.ocid, 'it is nested too deeply to set aside on disk');
      throw error;
    }
    this.#buckets![hash(groupKey(item.ocid), 0) % BUCKETS]!.append(`${text}\n`);
  }

  /** Every process, each once: in first-seen order when held in memory, bucket by bucket otherwise. */
  *processes(): Generator<Process> {
    if (this.#memory) {
      const held = this.#memory;
      this.#memory = new ProcessGroups();
      yield* held.processes();
      return;
    }
    for (const path of this.buckets()!) yield* drainBucket(path, this.#inputs, this.budgetBytes);
  }

  /**
   * When the input was set aside: the files of its buckets that hold anything, in order, each to
   * be drained once with drainBucket (on any thread) with `inputs`. processes() is the same in
   * one thread. Undefined while the input is held in memory.
   */
  buckets(): string[] | undefined {
    if (this.#memory) return undefined;
    const buckets = this.#buckets!;
    for (const b of buckets) b.close();
    return buckets.filter((b) => !b.empty).map((b) => b.path);
  }

  /** The inputs' names, by their number in the buckets' lines. */
  get inputs(): readonly string[] {
    return this.#inputs;
  }

  /** Remove what was set aside (at the end, and after an interruption or an error): nothing is flushed first. */
  dispose(): void {
    for (const b of this.#buckets ?? []) b.abandon();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}

/**
 * The processes of one bucket file, grouped. A bucket larger than
 * `budgetBytes` is split again by another hash first (to MAX_SPLITS deep), so memory stays about
 * the budget. `inputs` are the store's, by whose number the lines name them.
 */
export function* drainBucket(path: string, inputs: readonly string[], budgetBytes: number, depth = 1): Generator<Process> {
  const size = statSync(path).size;
  if (size > budgetBytes && depth <= MAX_SPLITS) {
    // Too large to group in memory: split it again, by another hash.
    const dir = mkdtempSync(`${path}-`);
    const parts = Array.from({ length: BUCKETS }, (_, i) => new Bucket(join(dir, `${i}.jsonl`)));
    for (const line of lines(path)) parts[hash(groupKey((JSON.parse(line) as Line)[1]), depth) % BUCKETS]!.append(`${line}\n`);
    for (const p of parts) p.close();
    if (depth > 1) rmSync(path, { force: true });
    const full = parts.filter((p) => !p.empty);
    // All in one part: one process (or names alike under every hash); splitting cannot help.
    for (const p of full) yield* drainBucket(p.path, inputs, budgetBytes, full.length === 1 ? MAX_SPLITS + 1 : depth + 1);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const groups = new ProcessGroups();
  for (const text of lines(path)) {
    const [input, ocid, releases, compiled] = JSON.parse(text) as Line;
    groups.add({ ocid, releases, ...(compiled ? { compiled } : {}) }, inputs[input]!);
  }
  // A bucket split above is removed; the store's own are left to dispose(): removing files while
  // the import creates its contract files slowed the creating more than removing them all at the end.
  if (depth > 1) rmSync(path, { force: true });
  yield* groups.processes();
}

/** The lines of a bucket, read a megabyte at a time (a bucket may exceed what one string holds). */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    // Not zeroed: only the bytes read are looked at (zeroing a megabyte a bucket was a tenth of reading them back).
    const chunk = Buffer.allocUnsafeSlow(1024 * 1024);
    let carry: Buffer[] = [];
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, 0); nl !== -1 && nl < n; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        yield (carry.length > 0 ? Buffer.concat([...carry, piece]) : piece).toString('utf8');
        carry = [];
        start = nl + 1;
      }
      if (start < n) carry.push(Buffer.from(chunk.subarray(start, n)));
    }
  } finally {
    closeSync(fd);
  }
}
