// `npm run bench`: kil batch against a parse-only baseline on generated contracts, and
// `kil assess` start-up against bare node. A script, not a test: it prints figures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kil = join(root, 'dist/bin/kil.js');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'kil-bench-'));

// Peak memory of a child: a preload records its maxRSS when it exits.
const rssPreload = join(work, 'rss.mjs');
writeFileSync(rssPreload, "import { writeFileSync } from 'node:fs'; process.on('exit', () => { if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n");

/** Deterministic pseudo-random numbers, so every run benchmarks the same files. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

const YES_NO = ['S1.2', 'S2.2', 'S2.4', 'S5.2', 'S5.3', 'P1.2', 'P2.2', 'P3.2', 'P3.3', 'P4.3', 'P5.3'];
const MATURITY = ['S1.1', 'S1.3', 'S2.3', 'S3.3', 'S5.1', 'P1.1', 'P2.3', 'P5.1', 'P6.4'];

function contract(i, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const lots = 1 + Math.floor(rand() * 5);
  const value = Math.round(20000 + rand() * 20000000);
  const hoods = ['North', 'South', 'East', 'West', 'Central'];
  const lines = [
    'kil: 1',
    'procurement:',
    `  title: Synthetic service ${i}`,
    `  reference: BENCH-${i}`,
    `  buyer: { name: Council ${i % 300}, type: ${pick(['sub-central', 'central'])}, nation: england }`,
    `  contract_type: ${pick(['services', 'light-touch', 'goods'])}`,
    `  place: { name: Place ${i % 300}, neighbourhoods: [${hoods.join(', ')}] }`,
    `  value: { amount: ${value}, currency: GBP, vat: ${pick(['included', 'excluded', 'exempt'])}, includes_extensions: ${rand() < 0.5} }`,
    `  procurement_start: 202${5 + Math.floor(rand() * 2)}-0${1 + Math.floor(rand() * 9)}-15`,
    `  duration: { initial_months: ${12 + Math.floor(rand() * 60)}, extension_months: ${Math.floor(rand() * 36)} }`,
    '  lots:',
    ...Array.from({ length: lots }, (_, l) => `    - { id: lot-${l}, neighbourhood: ${rand() < 0.7 ? hoods[l % 5] : 'Elsewhere'}, value: ${Math.round(value / lots)} }`),
  ];
  if (rand() < 0.8) lines.push(`  evaluation: { price_pct: 40, quality_pct: ${60 - (i % 31)}, social_value_pct: ${i % 31}, quality_questions: ${Math.floor(rand() * 30)} }`);
  if (rand() < 0.8) lines.push(`  tender_window_days: ${10 + Math.floor(rand() * 40)}`);
  if (rand() < 0.7) lines.push(`  expected_local_spend_pct: ${Math.floor(rand() * 100)}`);
  if (rand() < 0.7) lines.push(`  local_orgs_engaged: ${Math.floor(rand() * 10)}`);
  if (rand() < 0.6) lines.push(`  payment: { mechanism: ${pick(['block', 'payment-by-results', 'grant'])}, terms_days: ${pick([14, 30, 45])}, full_cost_recovery: ${rand() < 0.5}, annual_uplift: ${rand() < 0.5} }`);
  if (rand() < 0.7) lines.push(`  local_bidders: ${Math.floor(rand() * 7)}`);
  lines.push('answers:');
  for (const id of YES_NO) if (rand() < 0.75) lines.push(`  ${id}: ${pick(['yes', 'partly', 'no'])}`);
  for (const id of MATURITY) if (rand() < 0.75) lines.push(`  ${id}: { value: ${Math.floor(rand() * 5)}, note: "Evidence note ${i}" }`);
  if (rand() < 0.7) lines.push(`  P4.2: ${Math.floor(rand() * 100)}`);
  return `${lines.join('\n')}\n`;
}

function generate(n) {
  const dir = join(work, `contracts-${n}`);
  const rand = rng(n);
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `batch-${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `contract-${String(i).padStart(5, '0')}.yaml`), contract(i, rand));
  }
  return dir;
}

/** Run a command; return wall time (ms), peak RSS (MiB) and the result. */
function timed(args, { rss = true } = {}) {
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, rss ? ['--import', `file://${rssPreload}`, ...args] : args, {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, SOURCE_DATE_EPOCH: '1795000000' },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, rssMiB: rss ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN, stdout: r.stdout };
}

const medianOf = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x) => x.toFixed(1);

console.log(`kil benchmark: node ${process.version}, ${sizes.join(' and ')} generated contracts, median of 3 runs\n`);
const peak = {};
for (const n of sizes) {
  const dir = generate(n);
  const runs = { batch: [], baseline: [] };
  let batchRss = 0;
  let baseRss = 0;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const b = timed([kil, 'batch', dir, '--format', 'csv', '-q']);
    runs.batch.push(b.ms);
    batchRss = Math.max(batchRss, b.rssMiB);
    rows = b.stdout.trim().split('\n').length - 1;
    const p = timed([join(root, 'scripts/parse-baseline.mjs'), dir]);
    runs.baseline.push(p.ms);
    baseRss = Math.max(baseRss, p.rssMiB);
  }
  peak[n] = batchRss;
  const batchMs = medianOf(runs.batch);
  const baseMs = medianOf(runs.baseline);
  console.log(`N=${n}: kil batch --format csv ${f1(batchMs)} ms (${rows} rows), parse-only baseline ${f1(baseMs)} ms, ratio ${(batchMs / baseMs).toFixed(2)} (target <= 1.5); peak memory ${f1(batchRss)} MiB (baseline ${f1(baseRss)} MiB); ${f1((batchMs / n) * 1000)} µs a contract`);
}
if (sizes.length >= 2) {
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  console.log(`peak memory ${large} vs ${small} files: ${(peak[large] / peak[small]).toFixed(2)}x (target <= 1.5)`);
}

const example = join(root, 'examples/small-vcse-grant.yaml');
const startup = { kil: [], node: [] };
for (let i = 0; i < 15; i++) {
  startup.kil.push(timed([kil, 'assess', example, '-o', '-', '-q'], { rss: false }).ms);
  startup.node.push(timed(['-e', ''], { rss: false }).ms);
}
const [k, b] = [medianOf(startup.kil), medianOf(startup.node)];
console.log(`start-up: kil assess ${f1(k)} ms, node -e '' ${f1(b)} ms, ratio ${(k / b).toFixed(2)} (target <= 3)`);
// Import: a release package of 10,000 releases made from the real notices, with new ocids.
const notices = readdirSync(join(root, 'test/fixtures/ocds'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(root, 'test/fixtures/ocds', f), 'utf8')))
  .flatMap((d) => (Array.isArray(d.releases) ? d.releases : [d]));
const releases = Array.from({ length: Number(process.env.BENCH_IMPORT ?? 10000) }, (_, i) => ({ ...notices[i % notices.length], ocid: `ocds-bench-${String(i).padStart(6, '0')}` }));
const packageFile = join(work, 'package.json');
writeFileSync(packageFile, JSON.stringify({ uri: 'bench', version: '1.1', releases }));
const imported = timed([kil, 'import', 'ocds', packageFile, '--out-dir', join(work, 'imported')]);
console.log(`import: ${releases.length} releases (${f1(readFileSync(packageFile).length / 1048576)} MiB) -> ${readdirSync(join(work, 'imported')).length} contract files in ${f1(imported.ms)} ms (${f1((imported.ms / releases.length) * 1000)} µs a release); peak memory ${f1(imported.rssMiB)} MiB`);

if (process.env.BENCH_KEEP) console.log(`generated files kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
