// Build step after tsc: bundle the `kil` executable (start-up time: one file loads far faster
// than ~200 modules) and snapshot the validated built-in rubrics (see src/cli/rubric-snapshot.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

rmSync(join(root, 'dist/bin'), { recursive: true, force: true }); // no stale chunks from earlier builds
await build({
  // The workers sit beside the bundle, where src/cli/worker-pool.ts and import-files.ts look for them.
  entryPoints: { kil: join(root, 'src/cli.ts'), 'batch-worker': join(root, 'src/cli/batch-worker.ts'), 'import-worker': join(root, 'src/cli/import-worker.ts') },
  outdir: join(root, 'dist/bin'),
  bundle: true,
  splitting: true, // lazy imports (the interview) become chunks loaded only when used
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true, // less text for V8 to compile at every start; the linked source map maps stack traces back
  sourcemap: 'linked',
  banner: { js: "import { createRequire as __kilRequire } from 'node:module'; const require = __kilRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync(join(root, 'dist/bin/kil.js'), 0o755);

const { loadRubricLibrary } = await import(join(root, 'dist/load/rubrics.js'));
const { snapshotOf } = await import(join(root, 'dist/cli/rubric-snapshot.js'));
const dir = join(root, 'rubrics');
const sources = readdirSync(dir)
  .filter((n) => /\.ya?ml$/i.test(n))
  .sort()
  .map((n) => ({ file: join(dir, n), text: readFileSync(join(dir, n), 'utf8') }));
const { library, diagnostics } = loadRubricLibrary(sources);
if (!library || diagnostics.length > 0) {
  for (const d of diagnostics) console.error(`${d.file}:${d.line}:${d.col}: ${d.message}`);
  console.error('build: the built-in rubrics are not valid; fix them (kil rubric validate) and build again');
  process.exit(1);
}
const out = join(root, 'dist/rubrics.snapshot.json');
writeFileSync(`${out}.tmp`, JSON.stringify(snapshotOf(sources, library)));
renameSync(`${out}.tmp`, out);

// The JSON Schemas shipped in the package, so that a contract file's modeline can name a path
// (kil init writes one): editors validate and complete the file as it is typed.
const { renderJsonSchemaText, SCHEMA_NAMES } = await import(join(root, 'dist/render/json-schema.js'));
mkdirSync(join(root, 'schemas'), { recursive: true });
for (const name of SCHEMA_NAMES) {
  const file = join(root, 'schemas', `${name}.schema.json`);
  writeFileSync(`${file}.tmp`, renderJsonSchemaText(name, library));
  renameSync(`${file}.tmp`, file);
}
