/** `kil schema NAME`: print the JSON Schema of a kil file format, for editors and other tools. */
import { renderJsonSchemaText, SCHEMA_NAMES, type SchemaName } from '../../render/json-schema.js';
import { loadLibrary } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export async function runSchema(name: string, opts: { rubrics?: string }, io: Io): Promise<number> {
  if (!(SCHEMA_NAMES as readonly string[]).includes(name)) throw new UserError(`there is no schema "${name}"; choose one of ${SCHEMA_NAMES.join(', ')}`);
  // The contract schema lists the question ids and answers of the rubrics in use.
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  io.stdout(renderJsonSchemaText(name as SchemaName, library));
  return EXIT.ok;
}
