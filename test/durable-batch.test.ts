/** DurableBatch: many new files made durable together, never replacing one unless asked. */
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableBatch, type Outcome } from '../src/cli/durable-batch.js';
import { tempDir } from './helpers.js';

describe('DurableBatch', () => {
  it('names each file only when its batch is flushed, and leaves no temporary file', async () => {
    const dir = tempDir();
    const outcomes: [string, Outcome][] = [];
    const files = new DurableBatch(dir, { maxFiles: 3 }, (target, outcome) => outcomes.push([target, outcome]));
    await files.add('a.yaml', 'A');
    await files.add('b.yaml', 'B');
    // Written but not yet named: a crash now leaves only kil's temporary files, no half file.
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    await files.add('c.yaml', 'C'); // the third fills the batch
    await files.add('d.yaml', 'D');
    expect(outcomes.map(([t]) => t)).toEqual(['a', 'b', 'c'].map((n) => join(dir, `${n}.yaml`)));
    await files.flush();
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']);
    expect(readFileSync(join(dir, 'd.yaml'), 'utf8')).toBe('D');
  });

  it('never replaces an existing file unless asked, and a replaced file keeps its mode', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.yaml'), 'answers the user typed');
    chmodSync(join(dir, 'mine.yaml'), 0o640);
    const outcomes: Outcome[] = [];
    const keep = new DurableBatch(dir, {}, (_, o) => outcomes.push(o));
    await keep.add('mine.yaml', 'imported');
    await keep.flush();
    expect(outcomes).toEqual(['exists']);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('answers the user typed');
    const replace = new DurableBatch(dir, { replace: true }, (_, o) => outcomes.push(o));
    await replace.add('mine.yaml', 'imported');
    await replace.flush();
    expect(outcomes).toEqual(['exists', 'written']);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('imported');
    expect(statSync(join(dir, 'mine.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['mine.yaml']);
  });
});
