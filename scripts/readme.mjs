// Writes the procurement fields table in docs/contract-file.md from the facts table (run after the build).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { withFieldsTable } = await import(`${root}dist/render/fields-table.js`);
const page = 'docs/contract-file.md';
const path = `${root}${page}`;
const before = readFileSync(path, 'utf8');
const after = withFieldsTable(before);
if (after === before) {
  console.error(`${page}: the fields table is up to date`);
} else {
  writeFileSync(`${path}.tmp`, after);
  renameSync(`${path}.tmp`, path);
  console.error(`${page}: fields table rewritten`);
}
