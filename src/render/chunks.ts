/**
 * Output written in pieces: a portfolio of 50,000 contracts is written as it is made, never held
 * whole, and the pieces are gathered into blocks so that it is not 50,000 small writes either.
 */

/** Pieces of output are gathered to about this size. */
export const CHUNK = 64 * 1024;

/** The pieces joined into blocks of at least `size` characters (the last may be shorter); no empty block. */
export function* gathered(pieces: Iterable<string>, size: number = CHUNK): Generator<string> {
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length >= size) {
      yield block;
      block = '';
    }
  }
  if (block !== '') yield block;
}

/** Strings and runs of pieces, in order, as one run of pieces. */
export function* pieces(...parts: (string | Iterable<string>)[]): Generator<string> {
  for (const part of parts) {
    if (typeof part === 'string') yield part;
    else yield* part;
  }
}
