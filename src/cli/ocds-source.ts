/**
 * The bytes of one OCDS input, as they arrive: a file or standard input, gunzipped when it is
 * gzip (a .gz name is not needed: the magic bytes 1f 8b say so). Nothing is held beyond a chunk.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
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
  const gunzip = createGunzip({ chunkSize: CHUNK });
  // Errors of the source end the gunzip stream with that error, so the reader sees them.
  pipeline(Readable.from(rest, { objectMode: false }), gunzip).catch(() => undefined);
  return { gzip: true, chunks: gunzip };
}
