// Benchmark baseline: only read and YAML-parse every *.yaml/*.yml file under a folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

let parsed = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.ya?ml$/i.test(entry.name)) continue;
  parse(readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8'));
  parsed++;
}
process.stdout.write(`${parsed}\n`);
