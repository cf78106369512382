/**
 * Standard input delivered every way a pipe can deliver it: random piece sizes and pauses
 * (including a long silence before the first byte). `kil assess -` must give the same report as
 * for the file, and `kil batch -` the same CSV as for the paths given as arguments.
 *
 * Each case is two real processes in a shell pipe, so the suite runs a few; `npm run fuzz` sets
 * KIL_FUZZ_STDIN_RUNS for more.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_DIR, exampleNames, ROOT, runCli, tempDir } from './helpers.js';

const RUNS = Number(process.env.KIL_FUZZ_STDIN_RUNS ?? 4);
const WRITER = join(ROOT, 'test', 'fixtures', 'slow-writer.mjs');
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A delivery plan: [bytes, pause ms] steps, then the rest at once; a step may be an empty write and a silence. */
const plan = fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 70_000 })), fc.integer({ min: 0, max: 120 })), { minLength: 1, maxLength: 12 });

function piped(file: string, steps: [number, number][], args: string[]) {
  const cmd = `${q(process.execPath)} ${q(WRITER)} ${q(file)} --plan ${q(JSON.stringify(steps))} | ${q(process.execPath)} ${q(CLI)} ${args.map(q).join(' ')}`;
  return spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000' } });
}

describe('stdin in random pieces and pauses', () => {
  const examples = exampleNames().map((f) => join(EXAMPLES_DIR, f));

  it('kil assess - gives the same report as for the file', () => {
    const expected = new Map(examples.map((f) => [f, runCli(['assess', f, '-o', '-', '-q']).stdout]));
    fc.assert(
      fc.property(fc.constantFrom(...examples), plan, (file, steps) => {
        const r = piped(file, steps, ['assess', '-', '-q']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(expected.get(file));
      }),
      { numRuns: RUNS, seed: Number(process.env.KIL_FUZZ_SEED ?? 20261122) },
    );
  }, 600_000);

  it('kil batch - gives the same CSV as the paths as arguments', () => {
    const list = join(tempDir(), 'list.txt');
    // Many paths, so the list is long enough to arrive in several pieces.
    const paths = Array.from({ length: 400 }, (_, i) => examples[i % examples.length]!);
    writeFileSync(list, `${paths.join('\n')}\n`);
    const expected = runCli(['batch', ...examples, '--format', 'csv', '-q']).stdout;
    fc.assert(
      fc.property(plan, (steps) => {
        const r = piped(list, steps, ['batch', '-', '--format', 'csv', '-q']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(expected);
      }),
      { numRuns: RUNS, seed: Number(process.env.KIL_FUZZ_SEED ?? 20261122) },
    );
  }, 600_000);
});
