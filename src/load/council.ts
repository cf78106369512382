/**
 * Loading a council profile: YAML -> schema -> answers checked against the rubric questions, each
 * of which must be one about the council (scope: council). Pure: the caller reads the file.
 */
import { CouncilProfileSchema, type CouncilProfile } from '../model/council.js';
import { answersThatParse, checkAnswers, uniqueDiagnostics } from './contract.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import type { RubricLibrary } from './library.js';
import type { SourceText } from './rubrics.js';
import { listOf } from './suggest.js';
import { docsOnly, validateSource } from './validate.js';
import { diagnosticAt, parseBlockSource, type YamlSource } from './yaml-source.js';

export interface LoadedCouncil {
  profile?: CouncilProfile;
  /** Errors mean no profile. */
  diagnostics: Diagnostic[];
}

export function loadCouncil(input: SourceText, library: RubricLibrary): LoadedCouncil {
  const parsed = parseBlockSource(input.file, input.text, 'a council profile must be a block of fields (kil, kind, council, answers); write one with "kil init council"');
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const validated = validateSource(source, CouncilProfileSchema, docsOnly('docs/council-profile.md'));
  const answers = validated.ok ? validated.value.answers : answersThatParse(source);
  const diagnostics = [...(validated.ok ? [] : validated.diagnostics), ...checkAnswers(source, answers, library), ...checkScope(source, answers, library)];
  if (!validated.ok || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)) };
  return { profile: validated.value, diagnostics: sortDiagnostics(diagnostics) };
}

/** A profile answers only questions about the council; the rest belong in each contract file. */
function checkScope(source: YamlSource, answers: CouncilProfile['answers'], library: RubricLibrary): Diagnostic[] {
  return Object.keys(answers).flatMap((id) => {
    const q = library.questions.get(id)?.question;
    if (q?.scope !== 'contract') return [];
    // A question that moved from the profile to each contract: the profile written for the old rubric still loads.
    if (q.earlier_scope === 'council') {
      return [diagnosticAt(source, ['answers', id], 'contract-question', `${id} is now asked for each contract, not once for the council; this answer is ignored: answer ${id} in each contract file and remove it here`, 'warning', id)];
    }
    return [
      diagnosticAt(
        source,
        ['answers'],
        'contract-question',
        `${id} is about the procurement, not the council; answer it in the contract file, and keep here only ${listCouncilQuestions(library)}`,
        'error',
        id,
      ),
    ];
  });
}

/** "P3.2, P5.1 and P5.3": the questions a profile may answer. */
export function listCouncilQuestions(library: RubricLibrary): string {
  const ids = [...library.questions.values()].filter((r) => r.question.scope === 'council').map((r) => r.question.id);
  return ids.length === 0 ? 'questions with scope: council (these rubrics have none)' : listOf(ids, 'and');
}
