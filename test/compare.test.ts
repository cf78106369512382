/**
 * Comparing two assessments of one procurement: the pure comparison (overall, areas, answers,
 * recommendations; rubric versions and different procurements; provisional results) and the
 * movement of a portfolio since a baseline.
 */
import { describe, expect, it } from 'vitest';
import { compareResults, type ComparedSide } from '../src/compare/compare.js';
import type { ComparableResult } from '../src/compare/result-schema.js';
import { dropVerdict } from '../src/cli/commands/compare.js';
import { resultFromJson } from '../src/cli/compared-side.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { MovementAccumulator } from '../src/portfolio/movement.js';
import { comparisonWarnings, provisionalReading, renderComparisonMarkdown, sinceSection } from '../src/render/comparison.js';
import { renderJson } from '../src/render/json.js';
import { assess } from '../src/score/score.js';
import type { Assessment } from '../src/score/result.js';
import { builtInLibrary, contractFrom, exampleText } from './helpers.js';

const library = builtInLibrary();
const EXAMPLE = exampleText('community-mental-health.yaml');
/** The example with three answers improved. */
export const IMPROVED = EXAMPLE.replace(/^ {2}P3\.2: no$/m, '  P3.2: yes').replace(/^ {2}P4\.3: no$/m, '  P4.3: yes').replace(/^ {2}S1\.3: 2$/m, '  S1.3: 4');

const scored = (text: string): Assessment => assess(library, contractFrom(text));
const side = (label: string, result: ComparableResult, assessedOn = '2026-11-22'): ComparedSide => ({ label, assessedOn, result });
const compare = (before: string, after: string) => compareResults(side('before.yaml', scored(before)), side('after.yaml', scored(after)));

describe('comparing the example with itself, three answers improved', () => {
  const c = compare(EXAMPLE, IMPROVED);

  it('names those three questions, with their answers, scores and points', () => {
    expect(IMPROVED).not.toBe(EXAMPLE);
    expect(c.questions.map((q) => [q.id, q.before.answerText, q.after.answerText, q.before.score, q.after.score])).toEqual([
      ['S1.3', expect.stringMatching(/^2 – /), expect.stringMatching(/^4 – /), 50, 100],
      ['P3.2', 'No', 'Yes', 0, 100],
      ['P4.3', 'No', 'Yes', 0, 100],
    ]);
    // Each question's points are its share times the change in its score.
    const shares = new Map(scored(EXAMPLE).rubrics.flatMap((r) => r.areas.flatMap((a) => a.questions.map((q) => [q.id, q.share] as const))));
    for (const q of c.questions) expect(q.points).toBe(Math.round(shares.get(q.id)! * (q.after.score! - q.before.score!) * 10) / 10);
  });

  it('gives the overall change and each area\'s, and only the three areas moved', () => {
    const before = scored(EXAMPLE).overall.score;
    const after = scored(IMPROVED).overall.score;
    expect(c.overall).toEqual({ before, after, change: Math.round((after - before) * 10) / 10 });
    expect(c.overall.change).toBeGreaterThan(0);
    expect(c.fell).toBe(false);
    expect(c.areas.filter((a) => a.change !== 0).map((a) => a.id)).toEqual(['S1', 'P3', 'P4']);
    expect(c.areas.every((a) => !a.questionsChanged && a.only === null)).toBe(true);
    // The points of the questions add up to the overall change (to rounding).
    expect(c.questions.reduce((s, q) => s + q.points, 0)).toBeCloseTo(c.overall.change, 0);
    expect(c.fromCoverage).toBe(0);
  });

  it('lists the three recommendations as resolved and none as new; the other way round, three new', () => {
    expect(c.resolved.map((r) => r.questionId).sort()).toEqual(['P3.2', 'P4.3', 'S1.3']);
    expect(c.added).toEqual([]);
    const back = compare(IMPROVED, EXAMPLE);
    expect(back.fell).toBe(true);
    expect(back.overall.change).toBe(-c.overall.change);
    expect(back.added.map((r) => r.questionId).sort()).toEqual(['P3.2', 'P4.3', 'S1.3']);
    expect(back.resolved).toEqual([]);
  });

  it('says nothing about rubrics or procurements when they are the same', () => {
    expect(c.differences).toEqual([]);
    expect(c.rubricChanges).toEqual([]);
    expect(comparisonWarnings(c)).toEqual([]);
    expect(provisionalReading(c)).toEqual([]);
  });

  it('reads a kil JSON result as the assessment it was made from', () => {
    const json = JSON.parse(renderJson(scored(EXAMPLE), { date: '2026-05-01', toolVersion: 'test' }));
    const { result, assessedOn } = resultFromJson('before.json', json);
    expect(assessedOn).toBe('2026-05-01');
    const mixed = compareResults(side('before.yaml', result), side('after.yaml', scored(IMPROVED)));
    expect(mixed).toEqual(c);
  });

  it('renders the three questions, the resolved recommendations and the change', () => {
    const md = renderComparisonMarkdown(c);
    expect(md).toContain(`## Overall: ${c.overall.before} → ${c.overall.after} (+${c.overall.change})`);
    expect(md).toContain('## Answers that changed (3)');
    expect(md).toMatch(/\| \*\*P3\.2\*\* Do you know how much .* \| No \| Yes \| 0 → 100 \| \+2\.8 \|/);
    expect(md).toContain('## Recommendations resolved (3)');
    expect(md).toContain('## New recommendations (0)\n\nNone.');
  });
});

/** A result as another rubric version would give it: P3.2 retired, a new P3.9, six-principles 2.1.0. */
function otherRubricVersion(a: Assessment): ComparableResult {
  const r = structuredClone(a) as ComparableResult;
  const six = r.rubrics.find((x) => x.id === 'six-principles')!;
  six.version = '3.2.0';
  const p3 = six.areas.find((x) => x.id === 'P3')!;
  p3.questions = p3.questions.filter((q) => q.id !== 'P3.2');
  p3.questions.push({ id: 'P3.9', prompt: 'A new question', status: 'answered', value: 'yes', answerText: 'Yes', score: 100, share: 0.01 });
  r.recommendations = r.recommendations.filter((x) => x.questionId !== 'P3.2');
  return r;
}

describe('the report\'s section', () => {
  it('lists only the steps and principles that moved: not one that applies on neither side', () => {
    const notApplying = (a: Assessment): ComparableResult => {
      const r = structuredClone(a) as ComparableResult;
      r.rubrics[0]!.areas[3]!.score = null;
      return r;
    };
    const same = compareResults(side('before.yaml', notApplying(scored(EXAMPLE))), side('after.yaml', notApplying(scored(EXAMPLE))));
    expect(sinceSection(same).join('\n')).toContain('### By step and principle\n\nNo step or principle changed.');
    const moved = compareResults(side('before.yaml', notApplying(scored(EXAMPLE))), side('after.yaml', scored(EXAMPLE)));
    expect(sinceSection(moved).filter((l) => l.startsWith('| Step 4'))).toEqual(['| Step 4: Set a maximum contract value | n/a | 62.5 |  |']);
  });
});

describe('rubric versions that differ', () => {
  const before = scored(EXAMPLE);
  const c = compareResults(side('before.json', before), side('after.yaml', otherRubricVersion(scored(IMPROVED))));

  it('compares only the questions in both, lists retired and new ones, and flags the area', () => {
    expect(c.rubricChanges).toEqual([{ id: 'six-principles', before: '3.1.1', after: '3.2.0' }]);
    expect(c.retiredQuestions.map((q) => q.id)).toEqual(['P3.2']);
    expect(c.newQuestions.map((q) => q.id)).toEqual(['P3.9']);
    expect(c.questions.map((q) => q.id)).toEqual(['S1.3', 'P4.3']);
    expect(c.areas.filter((a) => a.questionsChanged).map((a) => a.id)).toEqual(['P3']);
    // P3.2's recommendation is not "resolved": its question is gone, not answered.
    expect(c.resolved.map((r) => r.questionId)).not.toContain('P3.2');
    expect(comparisonWarnings(c)).toEqual([
      'the rubric versions differ (six-principles 3.1.1 before, 3.2.0 after): only questions in both are compared, and the overall scores are each on their own rubrics',
    ]);
    const md = renderComparisonMarkdown(c);
    expect(md).toContain('| Principle 3: Increase local spend to invest in the local economy (questions changed) |');
    expect(md).toContain('- In the before result only (retired, not compared): **P3.2**.');
    expect(md).toContain('- In the after result only (new, not compared): **P3.9**.');
  });
});

describe('two results that look like different procurements', () => {
  it('warns, naming what differs, and compares all the same', () => {
    const other = EXAMPLE.replace('reference: EBC-ASC-2026-014', 'reference: EBC-ASC-2026-099').replace('title: Community mental health support', 'title: Day opportunities');
    const c = compare(EXAMPLE, other);
    expect(c.differences).toEqual([
      'the reference is "EBC-ASC-2026-014" before and "EBC-ASC-2026-099" after',
      'the title is "Community mental health support" before and "Day opportunities" after',
    ]);
    expect(comparisonWarnings(c)[0]).toMatch(/^these look like different procurements: the reference is .*; compared all the same$/);
    expect(renderComparisonMarkdown(c)).toContain('> **Warning:** these look like different procurements');
    // Case and spacing of a title are not a difference.
    expect(compare(EXAMPLE, EXAMPLE.replace('title: Community mental health support', 'title: community  mental health SUPPORT')).differences).toEqual([]);
  });
});

describe('provisional results', () => {
  /** The example with most answers taken out: below the 70% line. */
  const sparse = EXAMPLE.replace(/\nanswers:[\s\S]*$/, '\nanswers:\n  S1.1: 2\n');
  const quiet = () => undefined;

  it('a fall to a provisional result reads as answers missing, and --fail-on-drop cannot judge it (exit 3)', () => {
    const c = compare(EXAMPLE, sparse);
    expect(c.after.provisional).toBe(true);
    expect(c.fell).toBe(true);
    // All of the fall comes from questions answered before and not now.
    expect(c.fromCoverage).toBeCloseTo(c.overall.change, 0);
    const reading = provisionalReading(c).join(' ');
    expect(reading).toMatch(/^The after result is provisional: only [\d.]+% answered, below the 70% the rubric set needs\. Unanswered questions score 0, so this fall may be questions not answered yet rather than a less local plan\./);
    expect(reading).toContain(`Of the ${c.overall.change} points, ${c.fromCoverage} come from questions answered in one result and not in the other.`);
    expect(dropVerdict(c, true, quiet)).toBe(3);
    expect(c.questions.find((q) => q.id === 'P1.2')!.after).toMatchObject({ status: 'unanswered', score: 0 });
  });

  it('a rise from a provisional result says part of it is answers given since; a plain fall exits 1', () => {
    const c = compare(sparse, EXAMPLE);
    expect(provisionalReading(c)[0]).toMatch(/^The before result was provisional: .*, so part of the change comes from questions answered since/);
    expect(dropVerdict(c, true, quiet)).toBe(0);
    expect(dropVerdict(compare(IMPROVED, EXAMPLE), true, quiet)).toBe(1);
    expect(dropVerdict(compare(EXAMPLE, EXAMPLE), true, quiet)).toBe(0); // no change is no fall
  });

  it('says how a fall reads in the report\'s section too', () => {
    const section = sinceSection(compare(EXAMPLE, sparse)).join('\n');
    expect(section).toMatch(/^## Since the last assessment\n\nCompared with before\.yaml, assessed on 2026-11-22 \(61\.1 \/ 100, Developing\): overall 61\.1 → /);
    expect(section).toContain('The after result is provisional');
  });
});

describe('a portfolio\'s movement since a baseline', () => {
  const row = (path: string, text: string) => contractRow(path, scored(text), null, '2026-11-22');
  const baseline = {
    label: 'old.json',
    assessedOn: '2026-05-01',
    contracts: [row('a.yaml', EXAMPLE), row('b.yaml', exampleText('small-vcse-grant.yaml')), row('gone.yaml', exampleText('regional-outsourcing.yaml'))],
  };

  it('matches by path, then by a unique reference, and gives each contract\'s change, biggest fall first', () => {
    const m = new MovementAccumulator(baseline);
    m.add(row('a.yaml', IMPROVED));
    m.add(row('renamed.yaml', exampleText('small-vcse-grant.yaml'))); // b.yaml moved: same reference
    m.add(row('new.yaml', exampleText('draft-youth-services.yaml')));
    const s = m.summary();
    expect(s.matched).toBe(2);
    expect(s.contracts.map((c) => [c.path, c.was, c.change])).toEqual([
      ['renamed.yaml', 'b.yaml', 0],
      ['a.yaml', null, compare(EXAMPLE, IMPROVED).overall.change],
    ]);
    expect(s.added.map((x) => x.path)).toEqual(['new.yaml']);
    expect(s.gone.map((x) => x.path)).toEqual(['gone.yaml']);
    expect([s.rose, s.fell, s.unchanged]).toEqual([1, 0, 1]);
  });

  it('gives each area\'s mean over the contracts in both', () => {
    const m = new MovementAccumulator(baseline);
    m.add(row('a.yaml', IMPROVED));
    m.add(row('b.yaml', exampleText('small-vcse-grant.yaml')));
    const s = m.summary();
    const p3 = s.areas.find((a) => a.id === 'P3')!;
    const score = (text: string) => scored(text).rubrics.flatMap((r) => r.areas).find((a) => a.id === 'P3')!.score!;
    const grant = score(exampleText('small-vcse-grant.yaml'));
    expect(p3).toMatchObject({ before: Math.round(((score(EXAMPLE) + grant) / 2) * 10) / 10, after: Math.round(((score(IMPROVED) + grant) / 2) * 10) / 10, contracts: 2 });
    expect(s.mean.contracts).toBe(2);
  });

  it('leaves out of an area\'s means a contract where it did not apply on one side', () => {
    const b = row('b.yaml', exampleText('small-vcse-grant.yaml'));
    const notThen = { ...baseline, contracts: [baseline.contracts[0]!, { ...b, areas: b.areas.map((a) => (a.id === 'P3' ? { ...a, score: null } : a)) }] };
    const m = new MovementAccumulator(notThen);
    m.add(row('a.yaml', IMPROVED));
    m.add(b);
    const p3 = m.summary().areas.find((a) => a.id === 'P3')!;
    const score = (text: string) => scored(text).rubrics.flatMap((r) => r.areas).find((a) => a.id === 'P3')!.score!;
    expect(p3).toMatchObject({ before: score(EXAMPLE), after: score(IMPROVED), contracts: 1 });
  });
});
