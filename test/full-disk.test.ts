/**
 * A full disk (issue 23 item 10): on a 64 KiB tmpfs, filled so that a report fits but its chart
 * does not, or neither, kil assess exits 2 and leaves no report pointing at a missing chart and
 * no chart without its report. Needs root to mount the tmpfs; where mounting is not allowed the
 * test says so and is skipped (CI runs as root).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_DIR, tempDir } from './helpers.js';

const dir = join(tempDir(), 'full');
mkdirSync(dir);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
if (!mounted) console.warn('full-disk.test.ts skipped: cannot mount a tmpfs here (needs root)');
afterAll(() => {
  if (mounted) spawnSync('umount', [dir]);
});

describe.skipIf(!mounted)('kil assess on a full disk', () => {
  it('never leaves a report without its chart, nor a new chart without its report', () => {
    copyFileSync(join(EXAMPLES_DIR, 'community-mental-health.yaml'), join(dir, 'c.yaml'));
    // From room for the report but not its chart, to room for neither.
    for (const pad of [28_000, 36_000, 46_000]) {
      for (const f of readdirSync(dir)) if (f !== 'c.yaml') rmSync(join(dir, f));
      writeFileSync(join(dir, 'pad'), Buffer.alloc(pad));
      const r = spawnSync(process.execPath, [CLI, 'assess', 'c.yaml', '-q'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^c\.report\.(md|svg):1:1: cannot write it: the disk is full; free some space and try again\n$/);
      expect(readdirSync(dir).sort()).toEqual(['c.yaml', 'pad']);
    }
  });
});
