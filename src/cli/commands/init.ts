/** `kil init [FILE]`: write a commented contract template; never replaces an existing file. */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderTemplate } from '../../render/template.js';
import { loadLibrary, SCHEMAS_DIR } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { writeFileAtomic } from '../files.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export const DEFAULT_TEMPLATE = 'contract.yaml';

export async function runInit(file: string | undefined, opts: { rubrics?: string }, io: Io): Promise<number> {
  const target = file ?? DEFAULT_TEMPLATE;
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  // The shipped schema lists the built-in questions; other rubrics need a schema of their own.
  const schema = join(SCHEMAS_DIR, 'contract.schema.json');
  const schemaRef = opts.rubrics !== undefined ? undefined : target === '-' ? schema : relative(dirname(resolve(target)), schema);
  const text = renderTemplate(library, schemaRef);
  if (target === '-') {
    io.stdout(text);
    return EXIT.ok;
  }
  // Checked just before writing; the rename cannot replace a file created in between by kil itself.
  if (existsSync(target)) throw new UserError(`${target} already exists; kil init never replaces a file. Give another name: kil init NEW-FILE.yaml`);
  writeFileAtomic(target, text);
  io.stderr(`Wrote ${target}. Fill it in, then run: kil assess ${target}\n`);
  if (opts.rubrics !== undefined) {
    io.stderr(`For completion and checks in your editor with these rubrics: kil schema contract --rubrics ${opts.rubrics} > contract.schema.json, then add the line "# yaml-language-server: $schema=contract.schema.json" at the top of ${target}\n`);
  }
  return EXIT.ok;
}
