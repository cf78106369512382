// `npm run bench` (import half): `kil import ocds` against its floor, side by side.
//
// The floor is what no import of the same input can avoid: read, gunzip and parse it with kil's
// own reader, and write as many files of the same sizes into one folder, as kil does (plain
// writeFileSync of a buffer, no temporary file, no fsync). Both are reported as wall time, CPU
// (user + sys) and peak RSS, and the import's ratio to the floor.
//
// Inputs are made from the real notices in test/fixtures/ocds with new ocids, two releases per
// contracting process (a tender and an award, far apart in the file, as in a year's data).
// Sizes: BENCH_IMPORT_RELEASES (releases, e.g. "20000"; when set, the sizes below default to none)
// and BENCH_IMPORT_MB (megabytes of uncompressed JSON, default "100,1000"), as gzipped JSON Lines;
// the first megabyte size is also given as a release package, or BENCH_IMPORT_PACKAGE_MB (0: none).
// BENCH_IMPORT_RUNS (default 1): runs of each side, alternating; the medians are reported.
// BENCH_IMPORT_DURABLE=1 also measures the floor made durable as kil makes its files (each file
// written to a temporary name and renamed into place, one `sync -f` a thousand files), to say
// what the promise of durability costs. BENCH_DIR: where the inputs and outputs go.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const kil = join(root, 'dist/bin/kil.js');
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').filter((s) => s.trim() !== '').map(Number);
const releaseSizes = list('BENCH_IMPORT_RELEASES', '');
const sizesMb = list('BENCH_IMPORT_MB', releaseSizes.length > 0 ? '' : '100,1000');
const packageMb = Number(process.env.BENCH_IMPORT_PACKAGE_MB ?? sizesMb[0] ?? 0);
const runs = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 1));
const durable = process.env.BENCH_IMPORT_DURABLE === '1';
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kil-bench-import-'));
const usageFile = join(work, 'usage.json');
const usagePreload = join(work, 'usage.mjs');
writeFileSync(
  usagePreload,
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); if (process.env.BENCH_USAGE_FILE) writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify(u)); });\n",
);

// The floor: every release read by kil's own reader, then the same files written plainly (or,
// with --durable, as kil makes them durable: temporary file, rename, one syncfs a thousand files).
const floorScript = join(work, 'floor.mjs');
writeFileSync(
  floorScript,
  `import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openOcds } from ${JSON.stringify(join(root, 'dist/cli/ocds-source.js'))};
import { OcdsReader } from ${JSON.stringify(join(root, 'dist/import/ocds/reader.js'))};
const [input, filesList, outDir, mode] = process.argv.slice(2);
let items = 0;
const source = await openOcds(input, () => process.stdin);
const reader = new OcdsReader(input, { item: () => items++, diagnostic: () => {} }, { jsonLines: /\\.jsonl(\\.gz)?$/.test(input) });
for await (const chunk of source.chunks) reader.write(chunk);
reader.end();
const files = JSON.parse(readFileSync(filesList, 'utf8'));
const bytes = Buffer.alloc(Math.max(0, ...files.map(([, size]) => size)), 'x');
mkdirSync(outDir, { recursive: true });
files.forEach(([name, size], i) => {
  if (mode !== '--durable') return writeFileSync(join(outDir, name), bytes.subarray(0, size));
  const tmp = join(outDir, '.tmp-' + i);
  writeFileSync(tmp, bytes.subarray(0, size));
  renameSync(tmp, join(outDir, name));
  if ((i + 1) % 1000 === 0 || i === files.length - 1) execFileSync('sync', ['-f', outDir]);
});
console.log(items);
`,
);

const notices = readdirSync(join(root, 'test/fixtures/ocds'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(root, 'test/fixtures/ocds', f), 'utf8')))
  .flatMap((d) => (Array.isArray(d.releases) ? d.releases : [d]));

/** The i-th release: notice i mod 9, its process i mod half, so each process has two releases far apart. */
function releaseText(i, processes) {
  const n = notices[i % notices.length];
  const p = i % processes;
  return JSON.stringify({ ...n, ocid: `ocds-bench-${String(p).padStart(7, '0')}`, id: `r-${i}`, date: i < processes ? '2025-01-15T00:00:00Z' : '2025-07-15T00:00:00Z' });
}

const averageBytes = notices.reduce((s, n) => s + JSON.stringify(n).length + 40, 0) / notices.length;

/** Write `count` releases as gzipped JSON Lines (or a plain package); returns the number of processes. */
async function generate(path, count, { packaged = false } = {}) {
  const processes = Math.ceil(count / 2);
  const file = createWriteStream(path);
  const out = packaged ? file : createGzip({ level: 1 });
  if (!packaged) out.pipe(file);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  if (packaged) await write('{"uri":"bench","version":"1.1","releases":[\n');
  for (let i = 0; i < count; i++) await write(packaged ? `${i ? ',\n' : ''}${releaseText(i, processes)}` : `${releaseText(i, processes)}\n`);
  if (packaged) await write('\n]}\n');
  out.end();
  await new Promise((resolve) => file.on('close', resolve));
  return processes;
}

/** One run of node with `args`: wall ms, user and sys CPU ms, peak RSS MiB. */
function timed(args) {
  rmSync(usageFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', `file://${usagePreload}`, ...args], {
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const u = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ms, userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, rssMiB: u.maxRSS / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
/** The median of each figure over the runs. */
const medians = (rs) => Object.fromEntries(Object.keys(rs[0]).map((k) => [k, median(rs.map((r) => r[k]))]));

const f1 = (x) => x.toFixed(1);
const MiB = (bytes) => `${f1(bytes / 1048576)} MiB`;
const said = (t) => `${f1(t.ms / 1000)} s wall, ${f1(t.userMs / 1000)} s user + ${f1(t.sysMs / 1000)} s sys CPU, peak ${f1(t.rssMiB)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

console.log(`\nkil import benchmark: node ${process.version}; inputs made from ${notices.length} real notices, two releases per process; ${runs} run(s) a side, medians; load average ${loadavg()[0].toFixed(2)} at the start`);
const peak = [];
const inputs = [
  ...releaseSizes.map((count) => ({ count, name: `releases-${count}.jsonl.gz`, packaged: false })),
  ...sizesMb.map((mb) => ({ count: Math.round((mb * 1e6) / averageBytes), name: `releases-${mb}mb.jsonl.gz`, packaged: false, mb })),
  ...(packageMb > 0 ? [{ count: Math.round((packageMb * 1e6) / averageBytes), name: `package-${packageMb}mb.json`, packaged: true }] : []),
];
for (const { count, name, packaged, mb } of inputs) {
  const path = join(work, name);
  const processes = await generate(path, count, { packaged });
  const out = join(work, `out-${name}`);
  const filesList = join(work, 'files.json');
  const sides = { run: [], floor: [], durable: [] };
  for (let i = 0; i < runs; i++) {
    sides.run.push(timed([kil, 'import', 'ocds', path, '--out-dir', out]));
    if (i === 0) {
      // The floor writes what the import wrote: the same names and sizes, in one folder.
      const files = readdirSync(out).sort().map((f) => [f, statSync(join(out, f)).size]);
      if (files.length !== processes) throw new Error(`${name}: ${files.length} files written, expected ${processes}`);
      writeFileSync(filesList, JSON.stringify(files));
    }
    rmSync(out, { recursive: true, force: true });
    sides.floor.push(timed([floorScript, path, filesList, out]));
    rmSync(out, { recursive: true, force: true });
    if (durable) {
      sides.durable.push(timed([floorScript, path, filesList, out, '--durable']));
      rmSync(out, { recursive: true, force: true });
    }
  }
  const run = medians(sides.run);
  const floor = medians(sides.floor);
  const cpu = (t) => t.userMs + t.sysMs;
  if (mb !== undefined) peak.push({ mb, rss: run.rssMiB });
  console.log(
    `${name} (${MiB(statSync(path).size)} on disk, ${count.toLocaleString('en-GB')} releases, ${processes.toLocaleString('en-GB')} processes, ` +
      `${Math.round(count / (run.ms / 1000)).toLocaleString('en-GB')} releases/s):\n` +
      `  import ${said(run)}\n  floor  ${said(floor)}\n` +
      `  ratio  ${ratio(run.ms, floor.ms)} wall (target <= 1.5), ${ratio(cpu(run), cpu(floor))} CPU, ${ratio(run.userMs, floor.userMs)} user CPU, ${ratio(run.rssMiB, floor.rssMiB)} peak memory`,
  );
  if (durable) {
    const d = medians(sides.durable);
    console.log(`  floor made durable as kil does (temporary file, rename, a syncfs a thousand files): ${said(d)}; import ${ratio(run.ms, d.ms)} its wall`);
  }
  rmSync(path, { force: true });
}
if (peak.length >= 2) {
  const [small, large] = [peak[0], peak.at(-1)];
  console.log(`import peak memory ${large.mb} MB vs ${small.mb} MB input: ${(large.rss / small.rss).toFixed(2)}x (target <= 1.2, both under 400 MiB)`);
}
rmSync(work, { recursive: true, force: true });
