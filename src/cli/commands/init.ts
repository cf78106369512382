/** `kil init [FILE]`: write a commented contract template; never replaces an existing file. */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderCouncilTemplate, renderTemplate } from '../../render/template.js';
import { assessmentDate, loadLibrary, SCHEMAS_DIR } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { createFile } from '../files.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export const DEFAULT_TEMPLATE = 'contract.yaml';
export const DEFAULT_COUNCIL_TEMPLATE = 'council.yaml';

export async function runInit(file: string | undefined, opts: { rubrics?: string }, io: Io): Promise<number> {
  const target = file ?? DEFAULT_TEMPLATE;
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  // The shipped schema lists the built-in questions; other rubrics need a schema of their own.
  const schema = join(SCHEMAS_DIR, 'contract.schema.json');
  const schemaRef = opts.rubrics !== undefined ? undefined : target === '-' ? schema : relative(dirname(resolve(target)), schema);
  const text = renderTemplate(library, schemaRef);
  if (!writeTemplate(target, text, 'kil init NEW-FILE.yaml', io)) return EXIT.ok;
  io.stderr(`Wrote ${target}. Fill it in, then run: kil assess ${target}\n`);
  if (opts.rubrics !== undefined) {
    io.stderr(`For completion and checks in your editor with these rubrics: kil schema contract --rubrics ${opts.rubrics} > contract.schema.json, then add the line "# yaml-language-server: $schema=contract.schema.json" at the top of ${target}\n`);
  }
  return EXIT.ok;
}

/** `kil init council [FILE]`: a commented council profile; never replaces an existing file. */
export async function runInitCouncil(file: string | undefined, opts: { rubrics?: string; date?: string }, io: Io): Promise<number> {
  const target = file ?? DEFAULT_COUNCIL_TEMPLATE;
  const reviewed = assessmentDate(opts.date, io.env);
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  if (!writeTemplate(target, renderCouncilTemplate(library, { reviewed }), 'kil init council NEW-FILE.yaml', io)) return EXIT.ok;
  io.stderr(`Wrote ${target}. Fill it in, then name it in each contract file ("council: ${target}", relative to the contract) or run: kil assess CONTRACT --council ${target}\n`);
  return EXIT.ok;
}

/** Write a template to a new file, or to stdout for "-" (then false: nothing more to say). */
function writeTemplate(target: string, text: string, otherName: string, io: Io): boolean {
  if (target === '-') {
    io.stdout(text);
    return false;
  }
  // Never replaces a file: createFile links the new file into place only if the name is still free.
  if (existsSync(target) || !createFile(target, text)) throw new UserError(`${target} already exists; kil init never replaces a file. Give another name: ${otherName}`);
  return true;
}
