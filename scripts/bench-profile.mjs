// `node scripts/bench-profile.mjs` (after npm run build): kil profile on a generated national
// input, timed, with its peak memory. The input is made as test/profile.test.ts makes its own
// (scripts/profile-generator.mjs) from the real notices in test/fixtures/ocds, imported first.
// Size: BENCH_PROFILE_CONTRACTS (default 50000) over BENCH_PROFILE_BUYERS (default 400).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generateInput } from './profile-generator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const kil = join(root, 'dist/bin/kil.js');
const contracts = Number(process.env.BENCH_PROFILE_CONTRACTS ?? 50000);
const buyers = Number(process.env.BENCH_PROFILE_BUYERS ?? 400);
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kil-bench-profile-'));
try {
  const fixtures = join(root, 'test/fixtures/ocds');
  const notices = readdirSync(fixtures).filter((f) => f.endsWith('.json')).map((f) => join(fixtures, f));
  const imported = spawnSync(process.execPath, [kil, 'import', 'ocds', ...notices, '--out-dir', join(work, 'templates')], { encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(imported.stderr);
  const templates = readdirSync(join(work, 'templates')).sort().map((f) => parse(readFileSync(join(work, 'templates', f), 'utf8')));
  const made = Date.now();
  generateInput({ dir: join(work, 'input'), templates, contracts, buyers });
  console.log(`generated ${contracts.toLocaleString('en-GB')} contracts over ${buyers} buyers in ${((Date.now() - made) / 1000).toFixed(1)} s`);
  const rss = join(work, 'rss.mjs');
  writeFileSync(rss, "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rss: process.resourceUsage().maxRSS })));\n");
  const rssFile = join(work, 'rss.json');
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', rss, kil, 'profile', join(work, 'input'), '--format', 'json', '-q'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`kil profile exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const doc = JSON.parse(r.stdout);
  const { rss: maxRssKb } = JSON.parse(readFileSync(rssFile, 'utf8'));
  console.log(`kil profile: ${doc.inputs.contracts.toLocaleString('en-GB')} contracts, ${doc.inputs.buyers} buyers, ${doc.inputs.failed.length} failed: ${seconds.toFixed(1)} s, ${(contracts / seconds).toFixed(0)} contracts/s, peak RSS ${(maxRssKb / 1024).toFixed(0)} MB`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}
