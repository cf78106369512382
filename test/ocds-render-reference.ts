/**
 * The Document-based renderer `renderImported` used before src/import/ocds/emit-yaml.ts, kept
 * only as the reference the emitter is checked against (test/ocds-emit.test.ts) and timed
 * against (scripts/bench-render.mjs). Unchanged but for its name, and the rubric_set line and its
 * header sentence (issue 24).
 */
import { Document, isMap, isScalar, type Pair, type Scalar } from 'yaml';
import { CONTRACT_FORMAT_VERSION } from '../src/model/contract.js';
import { plainText } from '../src/render/text.js';
import { MAX_NAME, type How, type Imported } from '../src/import/ocds/map.js';
import { cutText } from '../src/import/ocds/text.js';

const HOW: Record<How, string> = {
  field: 'from',
  text: 'read from text in',
  default: 'default:',
  heuristic: 'kil heuristic:',
};

export function renderImportedWithDocument(imported: Imported, input: string): string {
  const doc = new Document({ kil: CONTRACT_FORMAT_VERSION, ...(imported.rubricSet !== undefined ? { rubric_set: imported.rubricSet } : {}), procurement: {}, answers: {} });
  const header = [
    ` Imported by kil from OCDS process ${plainText(cutText(imported.ocid, MAX_NAME))} (${plainText(input)}).`,
    ' The comment above each fact says where it came from: a field of the notice, text read from it,',
    ' a default or a kil heuristic. Check those that are not plain fields.',
    ...(imported.flags.length > 0 ? [' Check:', ...imported.flags.map((f) => `  - ${plainText(f)}`)] : []),
    ...(imported.rubricSet !== undefined
      ? [
          ` It is assessed on the rubric set "${plainText(imported.rubricSet)}" (rubric_set), from these facts only. To self-assess`,
          ' it on Keep it Local instead, remove the rubric_set line and run "kil assess THIS-FILE" in a terminal.',
        ]
      : [' Questions the facts settle are scored automatically; run "kil assess THIS-FILE" in a terminal to answer the rest.']),
  ];
  doc.commentBefore = header.join('\n');
  for (const fact of imported.facts) {
    doc.setIn(['procurement', ...fact.path], doc.createNode(fact.value));
    // The comment goes above the fact's key, so it reads as a note on that line.
    const parentPath = ['procurement', ...fact.path.slice(0, -1)];
    const parent = doc.getIn(parentPath, true);
    if (isMap(parent)) {
      const key = fact.path.at(-1)!;
      const pair = parent.items.find((p): p is Pair => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (pair) {
        if (!isScalar(pair.key)) pair.key = doc.createNode(key); // keys made by setIn are plain strings
        (pair.key as Scalar).commentBefore = ` ${HOW[fact.how]} ${plainText(fact.from)}`;
      }
    }
  }
  const answers = doc.get('answers', true);
  if (isMap(answers)) answers.flow = true; // "answers: {}" until someone answers
  return doc.toString({ lineWidth: 0 });
}
