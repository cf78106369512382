/**
 * A full disk (issue 23 item 10): on a 128 KiB tmpfs, filled so that a report fits but its chart
 * does not, or neither, kil assess exits 2 and leaves no report pointing at a missing chart and
 * no chart without its report. Needs root to mount the tmpfs; where mounting is not allowed the
 * test says so and is skipped (CI runs as root).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_DIR, ROOT, tempDir } from './helpers.js';

const dir = join(tempDir(), 'full');
mkdirSync(dir);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', dir]).status === 0;
if (!mounted) console.warn('full-disk.test.ts skipped: cannot mount a tmpfs here (needs root)');
afterAll(() => {
  if (mounted) spawnSync('umount', [dir]);
});

describe.skipIf(!mounted)('kil assess on a full disk', () => {
  it('never leaves a report without its chart, nor a new chart without its report', () => {
    copyFileSync(join(EXAMPLES_DIR, 'community-mental-health.yaml'), join(dir, 'c.yaml'));
    // From room for the report but not its chart, to room for neither.
    for (const pad of [92_000, 100_000, 110_000]) {
      for (const f of readdirSync(dir)) if (f !== 'c.yaml') rmSync(join(dir, f));
      writeFileSync(join(dir, 'pad'), Buffer.alloc(pad));
      const r = spawnSync(process.execPath, [CLI, 'assess', 'c.yaml', '-q'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^c\.report\.(md|svg):1:1: cannot write it: the disk is full; free some space and try again\n$/);
      expect(readdirSync(dir).sort()).toEqual(['c.yaml', 'pad']);
    }
  });
});

describe.skipIf(!mounted)('kil batch --out-dir on a full disk', () => {
  it('exits 2 naming the file it could not write, and leaves no temporary file (it left .kil-PID-RANDOM.tmp files)', () => {
    const input = join(dir, 'in');
    for (const pad of [20_000, 40_000, 60_000, 80_000]) {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true });
      mkdirSync(input);
      for (let i = 1; i <= 3; i++) copyFileSync(join(EXAMPLES_DIR, 'community-mental-health.yaml'), join(input, `c${i}.yaml`));
      writeFileSync(join(dir, 'pad'), Buffer.alloc(pad));
      const r = spawnSync(process.execPath, [CLI, 'batch', 'in', '--out-dir', 'out', '-q'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/cannot write it: the disk is full; free some space and try again\n$/);
      expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });
});

describe.skipIf(!mounted)('kil import ocds on a full disk', () => {
  it('a spilling import that runs out of space exits 2 with one message and leaves no spill folder (was exit 70 and a .kil-import-* folder)', () => {
    const small = join(tempDir(), 'small');
    mkdirSync(small);
    const mountedSmall = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', small]).status === 0;
    expect(mountedSmall).toBe(true);
    try {
      // 16 MB of releases: past the 8 MB the import groups in memory, so it sets them aside on disk.
      const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'ocds', 'uk-cf-2019-sunderland-welfare-rights-advice.json'), 'utf8'));
      const release = (fixture.releases ?? [fixture])[0];
      const lines = Array.from({ length: 4000 }, (_, i) => JSON.stringify({ ...release, ocid: `ocds-full-${i}`, id: `r-${i}` })).join('\n');
      const input = join(tempDir(), 'big.jsonl');
      writeFileSync(input, lines);
      const r = spawnSync(process.execPath, [CLI, 'import', 'ocds', input, '--out-dir', join(small, 'out')], { encoding: 'utf8' });
      expect(r.stderr).toMatch(/^kil: .*\/out: cannot set the input aside while grouping it \(the disk is full\); free some space/m);
      expect(r.stderr).not.toMatch(/ at /);
      expect(r.status).toBe(2);
      expect(readdirSync(join(small, 'out')).filter((f) => f.startsWith('.kil-'))).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  }, 60_000);
});
