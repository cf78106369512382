// `npm run bench` (import half): `kil import ocds` against its floor, a streaming parse of the
// same input (gunzip + the same reader, nothing grouped, mapped or written), side by side.
// Inputs are made from the real notices in test/fixtures/ocds with new ocids, two releases per
// contracting process (a tender and an award, far apart in the file, as in a year's data).
// Sizes are of the uncompressed JSON: BENCH_IMPORT_MB (default "100,1000"); the largest is also
// given as a release package when BENCH_IMPORT_PACKAGE_MB is set (default 100).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const kil = join(root, 'dist/bin/kil.js');
const sizesMb = (process.env.BENCH_IMPORT_MB ?? '100,1000').split(',').map(Number);
const packageMb = Number(process.env.BENCH_IMPORT_PACKAGE_MB ?? 100);
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kil-bench-import-'));
const rssPreload = join(work, 'rss.mjs');
writeFileSync(rssPreload, "import { writeFileSync } from 'node:fs'; process.on('exit', () => { if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rss: process.resourceUsage().maxRSS, cpu: process.cpuUsage() })); });\n");

// The floor: open (gunzip) and read every release with kil's own reader, and do nothing else.
const floorScript = join(work, 'parse-only.mjs');
writeFileSync(
  floorScript,
  `import { openOcds } from ${JSON.stringify(join(root, 'dist/cli/ocds-source.js'))};
import { OcdsReader } from ${JSON.stringify(join(root, 'dist/import/ocds/reader.js'))};
let items = 0;
const source = await openOcds(process.argv[2], () => process.stdin);
const reader = new OcdsReader(process.argv[2], { item: () => items++, diagnostic: () => {} }, { jsonLines: /\\.jsonl(\\.gz)?$/.test(process.argv[2]) });
for await (const chunk of source.chunks) reader.write(chunk);
reader.end();
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

/** Write `mb` megabytes of releases as gzipped JSON Lines (or a plain package); returns the count. */
async function generate(path, mb, { packaged = false } = {}) {
  const count = Math.round((mb * 1e6) / averageBytes);
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
  return { count, processes };
}

function timed(args) {
  const rssFile = join(work, 'rss.json');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', `file://${rssPreload}`, ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const { rss, cpu } = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { ms, rssMiB: rss / 1024, cpuMs: (cpu.user + cpu.system) / 1000, stderr: r.stderr, stdout: r.stdout };
}

const f1 = (x) => x.toFixed(1);
const MiB = (bytes) => `${f1(bytes / 1048576)} MiB`;
console.log(`\nkil import benchmark: node ${process.version}; inputs made from ${notices.length} real notices, two releases per process`);
const peak = [];
const inputs = [
  ...sizesMb.map((mb) => ({ mb, name: `releases-${mb}mb.jsonl.gz`, packaged: false })),
  ...(packageMb > 0 ? [{ mb: packageMb, name: `package-${packageMb}mb.json`, packaged: true }] : []),
];
for (const { mb, name, packaged } of inputs) {
  const path = join(work, name);
  const { count, processes } = await generate(path, mb, { packaged });
  const floor = timed([floorScript, path]);
  const out = join(work, `out-${name}`);
  const run = timed([kil, 'import', 'ocds', path, '--out-dir', out]);
  const files = readdirSync(out).length;
  if (files !== processes) throw new Error(`${name}: ${files} files written, expected ${processes}`);
  rmSync(out, { recursive: true, force: true });
  if (!packaged) peak.push({ mb, rss: run.rssMiB });
  console.log(
    `${name} (${MiB(statSync(path).size)} on disk, ${count.toLocaleString('en-GB')} releases, ${processes.toLocaleString('en-GB')} processes): ` +
      `import ${f1(run.ms / 1000)} s wall, ${f1(run.cpuMs / 1000)} s CPU, peak ${f1(run.rssMiB)} MiB; ` +
      `parse-only ${f1(floor.ms / 1000)} s, peak ${f1(floor.rssMiB)} MiB; ratio ${(run.ms / floor.ms).toFixed(2)} (target <= 2); ` +
      `${Math.round(count / (run.ms / 1000)).toLocaleString('en-GB')} releases/s`,
  );
  rmSync(path, { force: true });
}
if (peak.length >= 2) {
  const [small, large] = [peak[0], peak.at(-1)];
  console.log(`import peak memory ${large.mb} MB vs ${small.mb} MB input: ${(large.rss / small.rss).toFixed(2)}x (target <= 1.2, both under 400 MiB)`);
}
rmSync(work, { recursive: true, force: true });
