// Writes the README's procurement fields table from the facts table (run after the build).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { withFieldsTable } = await import(`${root}dist/render/fields-table.js`);
const path = `${root}README.md`;
const before = readFileSync(path, 'utf8');
const after = withFieldsTable(before);
if (after === before) {
  console.error('README.md: the fields table is up to date');
} else {
  writeFileSync(`${path}.tmp`, after);
  renameSync(`${path}.tmp`, path);
  console.error('README.md: fields table rewritten');
}
