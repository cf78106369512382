/**
 * The bytes of one OCDS input, as they arrive: a file or standard input, gunzipped when it is
 * gzip (a .gz name is not needed: the magic bytes 1f 8b say so). Nothing is held beyond a chunk.
 */
import { createReadStream, statSync } from 'node:fs';
import { crc32, createInflateRaw } from 'node:zlib';
import { fsError } from './files.js';
import { UserError } from './user-error.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK = 1024 * 1024;

/** A path kil can read as a stream: a file (or a pipe), not a folder or a missing path. */
function openFile(path: string): AsyncIterable<Uint8Array> {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw fsError(error, path, 'read it');
  }
  if (isFolder) throw UserError.at(path, 'is a folder; give the OCDS files in it (for example folder/*.json)', 'not-a-file');
  return createReadStream(path, { highWaterMark: CHUNK });
}

/**
 * The first chunks, until there are two bytes to look at (a slow pipe may deliver one byte at a
 * time), then everything after them.
 */
async function* withHead(source: AsyncIterator<Uint8Array>, head: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const next = await source.next();
    if (next.done) return;
    yield next.value;
  }
}

export interface OcdsSource {
  /** Whether the input was gzip. */
  gzip: boolean;
  chunks: AsyncIterable<Uint8Array>;
}

/** Open `path` ("-" for standard input) as decompressed chunks. */
export async function openOcds(path: string, stdin: () => AsyncIterable<Uint8Array>): Promise<OcdsSource> {
  const raw = path === '-' ? stdin() : openFile(path);
  const it = raw[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < 2) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await it.next();
    } catch (error) {
      throw fsError(error, path === '-' ? 'standard input' : path, 'read it');
    }
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const rest = withHead(it, head);
  if (!(first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1])) return { gzip: false, chunks: rest };
  return { gzip: true, chunks: gunzipped(rest) };
}

/** Damaged gzip data: what was decompressed before it has been delivered; `offset` is where, in the compressed bytes. */
export class GzipDamage extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`the gzip data is damaged at byte ${offset} of the compressed input (${reason})`);
    this.name = 'GzipDamage';
  }
}

/**
 * The decompressed chunks of gzip data, member by member, as gzip -dc gives them: every byte of a
 * member is delivered before its checksum is checked, and garbage after the last member is damage
 * reported where it starts, after what came before it was delivered. Node's gunzip stream lost
 * its buffered output on such an error (a wrong checksum in the last 8 bytes kept 0 of 50
 * releases), so each member is inflated raw and its trailer checked here.
 */
async function* gunzipped(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = source[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0); // read, not yet given to an inflater
  let base = 0; // where pending starts, in the compressed input
  let done = false;
  const more = async (): Promise<boolean> => {
    if (done) return false;
    const next = await input.next();
    if (next.done) {
      done = true;
      return false;
    }
    pending = pending.length === 0 ? Buffer.from(next.value) : Buffer.concat([pending, next.value]);
    return true;
  };
  const need = async (n: number): Promise<boolean> => {
    while (pending.length < n) if (!(await more())) return false;
    return true;
  };
  const take = (n: number): Buffer => {
    const taken = pending.subarray(0, n);
    pending = pending.subarray(n);
    base += n;
    return taken;
  };

  for (let member = 0; ; member++) {
    if (!(await need(1))) {
      if (member > 0) return;
      throw new GzipDamage(base, 'no data');
    }
    const headerLength = await gzipHeader(need, () => pending, base, member > 0);
    take(headerLength);
    let crc = 0;
    let size = 0;
    const end = { at: base };
    for await (const chunk of inflated(pending, more, () => pending, (left) => (pending = left), base, end)) {
      crc = crc32(chunk, crc);
      size = (size + chunk.length) % 2 ** 32;
      yield chunk;
    }
    // inflated() has put back as pending what followed the deflate data.
    base = end.at;
    if (!(await need(8))) throw new GzipDamage(base, 'cut short before its checksum');
    const trailer = take(8);
    if (trailer.readUInt32LE(0) !== crc >>> 0) throw new GzipDamage(base - 8, 'incorrect data check');
    if (trailer.readUInt32LE(4) !== size) throw new GzipDamage(base - 4, 'incorrect length check');
  }
}

/** The length of a gzip member's header at the start of the pending bytes (RFC 1952), or damage. */
async function gzipHeader(need: (n: number) => Promise<boolean>, pending: () => Buffer, base: number, after: boolean): Promise<number> {
  if (!(await need(2)) || pending()[0] !== GZIP_MAGIC[0] || pending()[1] !== GZIP_MAGIC[1]) {
    throw new GzipDamage(base, after ? 'garbage after the gzip data' : 'not gzip data');
  }
  if (!(await need(10))) throw new GzipDamage(base, 'cut short in its header');
  if (pending()[2] !== 8) throw new GzipDamage(base + 2, 'unknown compression method');
  const flags = pending()[3]!;
  let at = 10;
  if (flags & 4) {
    if (!(await need(at + 2))) throw new GzipDamage(base + at, 'cut short in its header');
    at += 2 + pending().readUInt16LE(at);
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    for (;;) {
      if (!(await need(at + 1))) throw new GzipDamage(base + at, 'cut short in its header');
      if (pending()[at++] === 0) break;
    }
  }
  if (flags & 2) at += 2;
  if (!(await need(at))) throw new GzipDamage(base + at, 'cut short in its header');
  return at;
}

/**
 * One member's deflate data, inflated: the pending bytes, then more from the input, each chunk
 * written once the one before has been inflated, until the deflate data ends. What followed it is
 * put back as pending, and `end.at` says where it ended in the compressed input.
 */
async function* inflated(
  first: Buffer,
  more: () => Promise<boolean>,
  pending: () => Buffer,
  setPending: (left: Buffer) => void,
  start: number,
  end: { at: number },
): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw({ chunkSize: CHUNK });
  const queue: Buffer[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const woken = () => {
    wake?.();
    wake = undefined;
  };
  inflater.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    if (queue.length >= 4) inflater.pause(); // a few chunks ahead of the reader at most
    woken();
  });
  inflater.on('error', (error: Error) => {
    failure = error;
    woken();
  });
  inflater.on('end', () => {
    ended = true;
    woken();
  });
  let last = first;
  let written = first.length;
  let processed = false;
  const write = (chunk: Buffer) => {
    processed = false;
    inflater.write(chunk, () => {
      processed = true;
      woken();
    });
  };
  setPending(Buffer.alloc(0));
  if (first.length > 0) write(first);
  else processed = true;
  for (;;) {
    const chunk = queue.shift();
    if (chunk) {
      if (queue.length < 4) inflater.resume();
      yield chunk;
      continue;
    }
    if (failure) throw new GzipDamage(start + inflater.bytesWritten, failure.message);
    if (ended) break;
    // More input only once the last is inflated and all of it was taken: when the deflate data
    // ended inside it, the inflater took less, and what is left belongs to what follows.
    if (processed && inflater.bytesWritten === written) {
      if (await more()) {
        last = pending();
        setPending(Buffer.alloc(0));
        written += last.length;
        write(last);
      } else {
        inflater.end();
        processed = false;
      }
      continue;
    }
    await new Promise<void>((resolve) => (wake = resolve));
  }
  // The deflate data ended inside the last chunk written: the rest of it comes next.
  const left = written - inflater.bytesWritten;
  setPending(Buffer.concat([last.subarray(last.length - left), pending()]));
  end.at = start + inflater.bytesWritten;
}
