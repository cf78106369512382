/** The spool that keeps a batch's JSON contracts out of memory until the portfolio is written. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Spool } from '../src/cli/spool.js';
import { tempDir } from './helpers.js';

describe('Spool', () => {
  it('gives back exactly what was appended, in order, from memory', () => {
    const spool = new Spool({ where: tempDir() });
    const parts = Array.from({ length: 1000 }, (_, i) => `{"n": ${i}, "t": "£€ ${'x'.repeat(i % 50)}"}\n`);
    for (const p of parts) spool.append(p);
    expect([...spool.drain()].join('')).toBe(parts.join(''));
  });

  it('past its limit keeps the text in a file that is never seen in the folder, and gives it back whole', () => {
    const where = tempDir();
    const spool = new Spool({ where, inMemory: 1000 });
    // Multi-byte characters fall across the file's read blocks (1 MiB) somewhere in 3 MB.
    const parts = Array.from({ length: 30_000 }, (_, i) => `${i}: £€😀 ${'é'.repeat(i % 97)}\n`);
    for (const p of parts) spool.append(p);
    expect(readdirSync(where)).toEqual([]); // the file was removed from its folder once open
    const back = [...spool.drain()];
    expect(back.length).toBeGreaterThan(1);
    expect(back.join('')).toBe(parts.join(''));
    expect(readdirSync(where)).toEqual([]);
  });

  it('close lets go of the file without reading it', () => {
    const where = tempDir();
    const spool = new Spool({ where, inMemory: 10 });
    spool.append('x'.repeat(100));
    spool.close();
    expect(readdirSync(where)).toEqual([]);
  });
});
