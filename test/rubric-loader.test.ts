import { describe, expect, it } from 'vitest';
import { FACTS } from '../src/facts/catalogue.js';
import { loadRubricFile, loadRubricLibrary } from '../src/load/rubrics.js';
import { builtInLibrary, publishedRecordLibrary, rubricSources } from './helpers.js';

const fiveSteps = () => rubricSources().find((s) => s.file.endsWith('five-steps.yaml'))!;

/** The shipped rubric with one edit, as a council might make it. */
function edited(replace: string, by: string) {
  const src = fiveSteps();
  if (!src.text.includes(replace)) throw new Error(`fixture text not found: ${replace}`);
  return { file: 'five-steps.yaml', text: src.text.replace(replace, by) };
}

function libraryErrors(replace: string, by: string) {
  const others = rubricSources().filter((s) => !s.file.endsWith('five-steps.yaml'));
  return loadRubricLibrary([edited(replace, by), ...others]).diagnostics.filter((d) => d.severity === 'error');
}

describe('the shipped rubrics', () => {
  const library = builtInLibrary();

  it('are the five steps (5 areas) and six principles (6 areas), 2+ questions an area', () => {
    const byId = Object.fromEntries(library.rubrics.map((r) => [r.rubric.id, r.rubric]));
    expect(byId['five-steps']!.areas).toHaveLength(5);
    expect(byId['six-principles']!.areas).toHaveLength(6);
    for (const { rubric } of library.rubrics) for (const area of rubric.areas) expect(area.questions.length).toBeGreaterThanOrEqual(2);
  });

  it('give every question help text, and a recommendation for a low score', () => {
    for (const { question } of library.questions.values()) {
      expect(question.help.length).toBeGreaterThan(20);
      // Advice by score, or (a length can be too short or too long) advice on every band below 100.
      const byBand = question.type === 'number' && question.bands.every((b) => b.score === 100 || b.do !== undefined);
      expect(question.recommendations.some((r) => r.up_to >= 0) || byBand).toBe(true);
    }
  });

  it('derive only from known facts, and cover every fact in the catalogue but those kept for 1.x rubrics (both built-in sets together)', () => {
    const questions = [...library.questions.values(), ...publishedRecordLibrary().questions.values()];
    const used = new Set(questions.flatMap((q) => [q.question.derive, q.question.counts_only_if?.fact]).filter(Boolean));
    const current = Object.entries(FACTS).filter(([, f]) => f.keptFor === undefined).map(([name]) => name);
    expect([...used].sort()).toEqual(current.sort());
  });

  it('load with a policy and a rubric set', () => {
    expect(library.policy.regimes.map((r) => r.id)).toEqual(['pcr-2015', 'ccr-2016', 'pa23', 'scotland', 'scotland-concessions', 'psr-england', 'psr-wales', 'grant']);
    expect(library.set?.rubrics.map((r) => r.id)).toEqual(['five-steps', 'six-principles']);
  });
});

describe('broken rubrics', () => {
  it('suggests the nearest name for a misspelt field, at its line', () => {
    const { diagnostics } = loadRubricFile(edited('    why: >-\n      Services built', '    whyy: >-\n      Services built'));
    const d = diagnostics.find((x) => x.message.includes('"whyy"'))!;
    expect(d.message).toMatch(/did you mean "why"\?/);
    expect(d.line).toBe(fiveSteps().text.split('\n').findIndex((l) => l.includes('Services built')));
    expect(d.col).toBe(5);
  });

  it('reports a derive that names no known fact', () => {
    const { diagnostics } = loadRubricFile(edited('derive: tender_window_days', 'derive: tender_window_dayz'));
    expect(diagnostics[0]!.message).toMatch(/unknown fact "tender_window_dayz"; did you mean "tender_window_days"/);
  });

  it('reports a derived question whose type does not fit its fact', () => {
    const { diagnostics } = loadRubricFile(edited('derive: lot_structure', 'derive: tender_window_days'));
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/fact "tender_window_days" gives a number; make the question type "number"/);
  });

  it('reports bands out of order and a missing 0 band', () => {
    const r = loadRubricFile(edited('    min: 40\n', '    min: 80\n'));
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/lowest min to the highest/);
    const r2 = loadRubricFile(edited('  - name: Not local yet\n    min: 0\n', '  - name: Not local yet\n    min: 5\n'));
    expect(r2.diagnostics.map((d) => d.message).join('\n')).toMatch(/min: 0/);
  });

  it('reports a wrong type with the value found', () => {
    const { diagnostics } = loadRubricFile(edited('    weight: 2\n', '    weight: heavy\n'));
    expect(diagnostics[0]!.message).toMatch(/weight must be a number, but it is the text "heavy"/);
  });

  it('reports question ids used in two rubrics', () => {
    const errors = libraryErrors('      - id: S1.2\n', '      - id: P1.2\n');
    expect(errors.map((d) => d.message).join('\n')).toMatch(/question id "P1.2" is also used/);
  });

  it('reports every problem in the file, not just the first', () => {
    const src = edited('    weight: 2\n', '    weight: -1\n').text.replace('        help: For example a user forum', '        hepl: For example a user forum');
    const messages = loadRubricFile({ file: 'x.yaml', text: src }).diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.includes('must be 0 or more'))).toBe(true);
    expect(messages.some((m) => m.includes('did you mean "help"'))).toBe(true);
  });

  it('needs a policy file in the folder', () => {
    const noPolicy = rubricSources().filter((s) => !s.file.endsWith('policy.yaml'));
    expect(loadRubricLibrary(noPolicy).diagnostics[0]!.message).toMatch(/no policy file/);
  });

  it('reports an unknown kind with a suggestion', () => {
    const { diagnostics } = loadRubricFile({ file: 'x.yaml', text: 'kind: rubrik\n' });
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 7 });
    expect(diagnostics[0]!.message).toMatch(/did you mean "rubric"/);
  });
});
