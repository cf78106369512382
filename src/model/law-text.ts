/**
 * Law in rubric texts, as keys into the policy data. A rubric never writes a citation inline:
 * it writes a segment `[[ ... {law:lots-duty} ... ]]`, and the segment is shown, with the
 * citation the regime in force gives for that provision, only where the provision applies to the
 * contract. Elsewhere (another nation's law, a date before the Act, a grant, a call-off) the
 * segment is left out, so the sentence around it must read whole without it. Pure.
 */

/** A `[[...]]` segment, and a `{law:id}` key inside it. */
const SEGMENT = /\[\[([\s\S]*?)\]\]/g;
const KEY = /\{law:([A-Za-z0-9][A-Za-z0-9._-]*)\}/g;
const ANY_KEY = /\{law:[^}]*\}/;

/** The provisions in force for one contract: id -> citation ("" when the regime gives none). */
export type Citations = ReadonlyMap<string, string>;

/** No contract (rubric documentation, the template): law segments are left out. */
export const NO_CITATIONS: Citations = new Map();

/**
 * The text as a reader of this contract's report sees it: each segment kept when every provision
 * it names is in force with a citation, its keys replaced by those citations; otherwise dropped.
 */
export function withLaw(text: string, citations: Citations): string {
  if (!text.includes('[[')) return text;
  return text
    .replace(SEGMENT, (_, body: string) => {
      let shown = true;
      const filled = body.replace(KEY, (_k, id: string) => {
        const cite = citations.get(id);
        if (!cite) shown = false;
        return cite ?? '';
      });
      return shown ? filled : '';
    })
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.;:)])/g, '$1');
}

export interface LawTextProblem {
  message: string;
}

/**
 * What is wrong with a text's law keys: a key outside a segment (its sentence would not read
 * whole where the law does not apply), a segment without a key, an unclosed segment, or a
 * provision the policy does not declare.
 */
export function lawTextProblems(text: string, known: ReadonlySet<string>): LawTextProblem[] {
  const problems: LawTextProblem[] = [];
  const outside = text.replace(SEGMENT, '');
  if (outside.includes('[[') || outside.includes(']]')) problems.push({ message: 'a "[[" without its "]]" (or the other way round); close each law segment' });
  if (ANY_KEY.test(outside)) problems.push({ message: 'a {law:...} key outside a [[...]] segment; put the words that need the law inside [[ ]] so the text reads whole where it does not apply' });
  for (const [, body] of text.matchAll(SEGMENT)) {
    const ids = [...body!.matchAll(KEY)].map((k) => k[1]!);
    if (ids.length === 0) problems.push({ message: `the segment "[[${body}]]" names no provision; add a {law:...} key or drop the brackets` });
    for (const id of ids) if (!known.has(id)) problems.push({ message: `unknown provision "${id}" in {law:${id}}; declare it under the policy's features` });
  }
  return problems;
}
