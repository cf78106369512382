// `npm run bench` (batch half): kil batch against its floors, each figure a ratio measured in
// the same run, side by side, so that a busy machine slows both sides alike. A script, not a test.
//
//   cpu       kil batch --jobs 1 vs the parse-only floor (scripts/parse-baseline.mjs: read and
//             YAML-parse the same files), CPU time (user + sys) and wall, at BENCH_SIZES
//   threads   the default --jobs vs --jobs 1, wall, at 100, 2,000 and BENCH_LARGE files
//   out-dir   kil batch --out-dir at BENCH_LARGE files: files a second, vs the floor's rate
//   memory    peak RSS of each format (md, json, csv, --out-dir) at BENCH_SMALL and BENCH_LARGE
//             files, and its ratio; the floor's at both sizes beside it
//   start-up  kil assess on one file vs node -e ''
//
// Timings are the median of BENCH_RUNS runs (3), the two sides of a ratio run alternately.
// BENCH_QUICK=1: small sizes and one run each, a couple of minutes. BENCH_DIR: where to generate
// the contracts (default the system's temporary folder); BENCH_KEEP=1 keeps them.
// The OCDS import benchmark is scripts/bench-import.mjs, which `npm run bench` runs after this.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kil = join(root, 'dist/bin/kil.js');
const floorScript = join(root, 'scripts/parse-baseline.mjs');
const quick = process.env.BENCH_QUICK === '1';
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').map(Number);
const cpuSizes = list('BENCH_SIZES', quick ? '500,2000' : '1000,10000');
const [small] = list('BENCH_SMALL', quick ? '500' : '5000');
const [large] = list('BENCH_LARGE', quick ? '5000' : '50000');
const threadSizes = [100, 2000, large];
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
if (!existsSync(kil)) throw new Error('build kil first: npm run build');
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kil-bench-'));

// Each child records its CPU time and peak memory as it exits.
const usagePreload = join(work, 'usage.mjs');
writeFileSync(
  usagePreload,
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); if (process.env.BENCH_USAGE_FILE) writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, rssMiB: u.maxRSS / 1024 })); });\n",
);

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

/** N contracts in folders of 500, made once per size. */
const generated = new Map();
function contracts(n) {
  if (generated.has(n)) return generated.get(n);
  const dir = join(work, `contracts-${n}`);
  const rand = rng(n);
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `batch-${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `contract-${String(i).padStart(5, '0')}.yaml`), contract(i, rand));
  }
  generated.set(n, dir);
  return dir;
}

/** Run node with these arguments: wall time and CPU time (ms), peak memory (MiB). */
function measure(args) {
  const usageFile = join(work, 'usage.json');
  rmSync(usageFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', `file://${usagePreload}`, ...args], {
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, SOURCE_DATE_EPOCH: '1795000000' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wallMs, ...JSON.parse(readFileSync(usageFile, 'utf8')) };
}

/** `runs` alternating runs of each command: the median of each figure. */
function sideBySide(commands, times = runs) {
  const results = commands.map(() => []);
  for (let i = 0; i < times; i++) {
    for (const [k, args] of commands.entries()) {
      const outDir = args.indexOf('--out-dir');
      if (outDir >= 0) rmSync(args[outDir + 1], { recursive: true, force: true }); // a new folder, as a first run has
      results[k].push(measure(args));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return results.map((rs) => ({ wallMs: median(rs.map((r) => r.wallMs)), cpuMs: median(rs.map((r) => r.cpuMs)), rssMiB: Math.max(...rs.map((r) => r.rssMiB)) }));
}

const s1 = (ms) => `${(ms / 1000).toFixed(1)} s`;
const x2 = (r) => `${r.toFixed(2)}x`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const batch = (n, ...more) => [kil, 'batch', contracts(n), '-q', ...more];
const floor = (n) => [floorScript, contracts(n)];

console.log(`kil batch benchmark${quick ? ' (quick)' : ''}: node ${process.version}, ${availableParallelism()} cores, load average ${load()} at the start; median of ${runs} run${runs === 1 ? '' : 's'}\n`);

console.log('CPU: kil batch --format csv --jobs 1 vs reading and parsing the same files (target <= 1.25x in CPU)');
for (const n of cpuSizes) {
  const [k, f] = sideBySide([batch(n, '--format', 'csv', '--jobs', '1'), floor(n)]);
  console.log(`  ${n} files: CPU ${s1(k.cpuMs)} vs ${s1(f.cpuMs)}, ${x2(k.cpuMs / f.cpuMs)}; wall ${s1(k.wallMs)} vs ${s1(f.wallMs)}, ${x2(k.wallMs / f.wallMs)}; ${((k.cpuMs / n) * 1000).toFixed(0)} µs CPU a file`);
}

console.log('\nThreads: kil batch --format csv, the default --jobs vs --jobs 1 (target: never slower, <= 1.00x in wall)');
for (const n of threadSizes) {
  // Small batches are quick: at least 5 runs each, so that the ratio is not one run's noise.
  const [d, one] = sideBySide([batch(n, '--format', 'csv'), batch(n, '--format', 'csv', '--jobs', '1')], n >= 10000 ? Math.min(runs, 2) : n <= 2000 ? Math.max(runs, 5) : runs);
  console.log(`  ${n} files: wall ${s1(d.wallMs)} vs ${s1(one.wallMs)}, ${x2(d.wallMs / one.wallMs)}; CPU ${s1(d.cpuMs)} vs ${s1(one.cpuMs)}`);
}

console.log(`\nMemory: peak RSS at ${small} and ${large} files, default --jobs (target <= 1.20x for every format)`);
const peaks = {};
for (const n of [small, large]) {
  const outDir = join(work, `out-${n}`);
  const [md, json, csv, out, parse] = sideBySide(
    [batch(n, '--format', 'md'), batch(n, '--format', 'json'), batch(n, '--format', 'csv'), batch(n, '--out-dir', outDir), floor(n)],
    1,
  );
  peaks[n] = { md, json, csv, out, parse };
  console.log(`  ${n} files: md ${md.rssMiB.toFixed(0)} MiB, json ${json.rssMiB.toFixed(0)}, csv ${csv.rssMiB.toFixed(0)}, --out-dir ${out.rssMiB.toFixed(0)}; parse-only ${parse.rssMiB.toFixed(0)}`);
  if (n === large) {
    const rate = (n / out.wallMs) * 1000;
    console.log(`\n--out-dir: ${n} files in ${s1(out.wallMs)}, ${rate.toFixed(0)} files/s (target >= 600); parse-only ${((n / parse.wallMs) * 1000).toFixed(0)} files/s, ${x2(out.wallMs / parse.wallMs)} its time`);
  }
}
const ratios = ['md', 'json', 'csv', 'out'].map((f) => `${f === 'out' ? '--out-dir' : f} ${x2(peaks[large][f].rssMiB / peaks[small][f].rssMiB)}`);
console.log(`  ${large} vs ${small} files: ${ratios.join(', ')}; parse-only ${x2(peaks[large].parse.rssMiB / peaks[small].parse.rssMiB)}`);

const example = join(root, 'examples/small-vcse-grant.yaml');
const [assess, bare] = sideBySide([[kil, 'assess', example, '-o', '-', '-q'], ['-e', '']], quick ? 5 : 15);
console.log(`\nStart-up: kil assess ${assess.wallMs.toFixed(0)} ms, node -e '' ${bare.wallMs.toFixed(0)} ms, ${x2(assess.wallMs / bare.wallMs)} (target <= 3)`);

console.log(`\nload average ${load()} at the end`);
if (process.env.BENCH_KEEP) console.log(`generated files kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
