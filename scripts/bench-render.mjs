// Rendering an imported process as a contract file, before and after: the yaml Document renderer
// (test/ocds-render-reference.ts, bundled here on the fly) against renderImported's emitter, on
// the same processes in the same run, in alternating rounds. Run after `npm run build`:
//   node scripts/bench-render.mjs            (BENCH_RENDER_PROCESSES, default 10000; BENCH_RENDER_ROUNDS, default 5)
// The processes are the real notices in test/fixtures/ocds, imported once and repeated with new ocids.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.env.BENCH_RENDER_PROCESSES ?? 10_000);
const rounds = Number(process.env.BENCH_RENDER_ROUNDS ?? 5);

const { importOcds, renderImported } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
const work = mkdtempSync(join(tmpdir(), 'kil-bench-render-'));
const reference = join(work, 'reference.mjs');
await build({
  entryPoints: [join(root, 'test/ocds-render-reference.ts')],
  outfile: reference,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // yaml is CommonJS: its require calls need a require in the bundle, as in scripts/build.mjs.
  banner: { js: "import { createRequire as __kilRequire } from 'node:module'; const require = __kilRequire(import.meta.url);" },
  logLevel: 'warning',
});
const { renderImportedWithDocument } = await import(pathToFileURL(reference).href);
rmSync(work, { recursive: true, force: true });

const dir = join(root, 'test/fixtures/ocds');
const notices = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const texts = notices.map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
const real = texts.flatMap(([f, text]) => importOcds(f, text).imported.map((imported) => ({ imported, input: f })));
// For scale: reading and mapping the same notices, warm (about 1,000 processes).
const importRounds = Math.ceil(1000 / real.length);
for (const [f, text] of texts) importOcds(f, text);
const started = performance.now();
for (let r = 0; r < importRounds; r++) for (const [f, text] of texts) importOcds(f, text);
const importMs = (performance.now() - started) / (importRounds * real.length);
const processes = Array.from({ length: count }, (_, i) => {
  const { imported, input } = real[i % real.length];
  return { imported: { ...imported, ocid: `${imported.ocid}-${i}` }, input };
});

// The same text from both, or the figures compare different work.
for (const { imported, input } of processes.slice(0, real.length * 3)) {
  if (renderImported(imported, input) !== renderImportedWithDocument(imported, input)) throw new Error(`bench-render: the renderers differ for ${imported.ocid}`);
}

/** Milliseconds per process for one pass over all the processes. */
function pass(render) {
  let bytes = 0;
  const t = performance.now();
  for (const { imported, input } of processes) bytes += render(imported, input).length;
  const ms = (performance.now() - t) / processes.length;
  if (bytes === 0) throw new Error('bench-render: nothing rendered');
  return ms;
}

pass(renderImportedWithDocument); // warm up both
pass(renderImported);
const times = { document: [], emitter: [] };
for (let r = 0; r < rounds; r++) {
  times.document.push(pass(renderImportedWithDocument));
  times.emitter.push(pass(renderImported));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [before, after] = [median(times.document), median(times.emitter)];
console.log(`${processes.length} processes (${real.length} real notices repeated), median of ${rounds} rounds, Node ${process.version}`);
console.log(`  for scale, reading and mapping them (importOcds): ${importMs.toFixed(3)} ms/process`);
console.log(`  yaml Document renderer: ${before.toFixed(4)} ms/process`);
console.log(`  emitter (renderImported): ${after.toFixed(4)} ms/process`);
console.log(`  ${(before / after).toFixed(1)}x faster, ${(before - after).toFixed(4)} ms saved a process`);
