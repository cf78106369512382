/** An imported process as a contract file, each fact with a comment saying where it came from. Pure. */
import { CONTRACT_FORMAT_VERSION } from '../../model/contract.js';
import { plainText } from '../../render/text.js';
import { CommentedMap, emitYaml } from './emit-yaml.js';
import { MAX_NAME, type How, type Imported } from './map.js';
import { cutText } from './text.js';

const HOW: Record<How, string> = {
  field: 'from',
  text: 'read from text in',
  default: 'default:',
  heuristic: 'kil heuristic:',
};

/** The longest stem a file name keeps from an ocid (real ocids are under 60 characters). */
export const MAX_FILE_STEM = 120;

/**
 * A safe file name for a process: "ocds-b5fd17-7c5d…" -> "ocds-b5fd17-7c5d….yaml", and with
 * n (2, 3, …) "ocds-b5fd17-7c5d…-2.yaml" for the second process given the same name. Only
 * letters, digits, ".", "_" and "-"; never starting with "." or "-"; the stem is cut before the
 * number is added, so the number always survives, and a name is at most about 150 bytes (room
 * for a temporary-file prefix and suffix under the usual 255-byte limit).
 */
export function fileNameForOcid(ocid: string, n?: number): string {
  const safe = ocid.slice(0, 4 * MAX_FILE_STEM).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_').slice(0, MAX_FILE_STEM);
  return `${safe || 'ocds-process'}${n !== undefined && n > 1 ? `-${n}` : ''}.yaml`;
}

/** The contract an import produces, as plain data (what the YAML text holds). */
export function importedContract(imported: Imported): { kil: number; rubric_set?: string; procurement: Record<string, unknown>; answers: Record<string, never> } {
  const procurement: Record<string, unknown> = {};
  for (const fact of imported.facts) {
    let at = procurement;
    for (const key of fact.path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[fact.path.at(-1)!] = fact.value;
  }
  return { kil: CONTRACT_FORMAT_VERSION, ...(imported.rubricSet !== undefined ? { rubric_set: imported.rubricSet } : {}), procurement, answers: {} };
}

/**
 * The facts as the document's procurement map, as the yaml Document's setIn built it: each fact
 * at its path, maps made on the way (with no comment), the comment on the fact's own key. A fact
 * at a path already set replaces the value in its place; one below a fact whose value is an
 * object adds to that object. Paths come from the mapping, so one through a list or a scalar is a bug.
 */
function procurementMap(imported: Imported): CommentedMap {
  const root = new CommentedMap();
  for (const fact of imported.facts) {
    let at = root;
    for (const key of fact.path.slice(0, -1)) {
      const found = at.get(key);
      let next = found?.value;
      if (found === undefined) at.set(key, { value: (next = new CommentedMap()) });
      else if (next !== null && typeof next === 'object' && !Array.isArray(next) && !(next instanceof CommentedMap)) {
        // A fact's object, now also holding a later fact: its keys become entries with no comment.
        next = new CommentedMap(Object.entries(next).map(([k, value]) => [k, { value }]));
        found.value = next;
      }
      if (!(next instanceof CommentedMap)) throw new Error(`import of ${imported.ocid}: ${fact.path.join('.')} goes through a value that is not a map`);
      at = next;
    }
    // The comment goes above the fact's key, so it reads as a note on that line.
    at.set(fact.path.at(-1)!, { value: fact.value, comment: `${HOW[fact.how]} ${plainText(fact.from)}` });
  }
  return root;
}

export function renderImported(imported: Imported, input: string): string {
  const header = [
    `Imported by kil from OCDS process ${plainText(cutText(imported.ocid, MAX_NAME))} (${plainText(input)}).`,
    'The comment above each fact says where it came from: a field of the notice, text read from it,',
    'a default or a kil heuristic. Check those that are not plain fields.',
    ...(imported.flags.length > 0 ? ['Check:', ...imported.flags.map((f) => ` - ${plainText(f)}`)] : []),
    ...(imported.rubricSet !== undefined
      ? [
          `It is assessed on the rubric set "${plainText(imported.rubricSet)}" (rubric_set), from these facts only. To self-assess`,
          'it on Keep it Local instead, remove the rubric_set line and run "kil assess THIS-FILE" in a terminal.',
        ]
      : ['Questions the facts settle are scored automatically; run "kil assess THIS-FILE" in a terminal to answer the rest.']),
  ];
  const root = new CommentedMap([
    ['kil', { value: CONTRACT_FORMAT_VERSION }],
    ...(imported.rubricSet !== undefined ? ([['rubric_set', { value: imported.rubricSet }]] as const) : []),
    ['procurement', { value: procurementMap(imported) }],
    ['answers', { value: {} }], // "answers: {}" until someone answers
  ]);
  return emitYaml(header, root);
}
