import { describe, expect, it } from 'vitest';
import { assess, bandFor } from '../src/score/score.js';
import { builtInLibrary, contractFrom, editedLibrary as editedFiles, exampleText, MINIMAL_CONTRACT } from './helpers.js';

const library = builtInLibrary();

/** The shipped rubric folder with some text replaced, as a council editing YAML would. */
const editedLibrary = (file: string, replace: string, by: string) => editedFiles([file, replace, by]);

describe('assess', () => {
  it('scores an empty contract 0 with every question that applies unanswered', () => {
    const a = assess(library, contractFrom(MINIMAL_CONTRACT));
    expect(a.overall.score).toBe(0);
    expect(a.overall.band.name).toBe('Not local yet');
    // 38 questions; the Scottish and Welsh duties' questions do not apply in England. An unlotted
    // contract is one lot, with no published reasons for that: S4.3 is derived (and scores 0).
    expect(a.overall.coverage).toMatchObject({ total: 38, unanswered: 35, derived: 1, notApplicable: 2, pct: 2.8 });
    expect(a.unanswered).toHaveLength(35);
  });

  it('puts the examples in the expected bands: outsourcing lowest, small local contract highest', () => {
    const score = (name: string) => assess(library, contractFrom(exampleText(name))).overall;
    const regional = score('regional-outsourcing.yaml');
    const draft = score('draft-youth-services.yaml');
    const midSize = score('community-mental-health.yaml');
    const small = score('small-vcse-grant.yaml');
    expect(regional.band.name).toBe('Not local yet');
    expect(midSize.band.name).toBe('Developing');
    expect(small.band.name).toBe('Local by default');
    // The draft is partly answered (unanswered questions score 0); the other three are complete.
    expect(draft.coverage.pct).toBeLessThan(50);
    for (const complete of [regional, midSize, small]) expect(complete.coverage.unanswered).toBe(0);
    expect(regional.score).toBeLessThan(draft.score);
    expect(draft.score).toBeLessThan(midSize.score);
    expect(midSize.score).toBeLessThan(small.score);
  });

  it('makes the overall score the weighted sum of question shares times scores', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    const questions = a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions));
    const shares = questions.reduce((s, q) => s + q.share, 0);
    expect(shares).toBeCloseTo(1, 9);
    const weighted = questions.reduce((s, q) => s + q.share * (q.score ?? 0), 0);
    expect(Math.round(weighted * 10) / 10).toBe(a.overall.score);
  });

  it('takes area and rubric scores as weighted means', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    for (const r of a.rubrics) {
      for (const area of r.areas) {
        const applicable = area.questions.filter((q) => q.score !== null);
        const w = applicable.reduce((s, q) => s + q.weight, 0);
        expect(area.score).toBeCloseTo(applicable.reduce((s, q) => s + q.weight * q.score!, 0) / w, 1);
      }
    }
    const mean = (a.rubrics[0]!.score! + a.rubrics[1]!.score!) / 2;
    expect(a.overall.score).toBeCloseTo(mean, 0);
  });

  it('gives not-applicable questions no weight instead of a zero', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    // Scotland's sustainable procurement duty does not apply to an English council.
    const s25 = a.rubrics[0]!.areas[1]!.questions.find((q) => q.id === 'S2.5')!;
    expect(s25).toMatchObject({ status: 'not-applicable', score: null, share: 0, recoverable: 0 });
  });

  it('ranks recommendations by points recovered, ties in rubric order', () => {
    const a = assess(library, contractFrom(exampleText('regional-outsourcing.yaml')));
    const points = a.recommendations.map((r) => r.points);
    expect(points).toEqual([...points].sort((x, y) => y - x));
    // Locality's test (S4.2, weight 2) scores 0 and carries the most points.
    expect(a.recommendations[0]).toMatchObject({ questionId: 'S4.2', rank: 1 });
    // S1.2, S5.2 and S5.3 weigh the same and recover the same points: rubric order breaks the tie.
    expect(a.recommendations.slice(1, 4).map((r) => r.questionId)).toEqual(['S1.2', 'S5.2', 'S5.3']);
    expect(a.recommendations.map((r) => r.rank)).toEqual(a.recommendations.map((_, i) => i + 1));
  });

  it('derives answers from facts and says how', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    const s32 = a.rubrics[0]!.areas[2]!.questions.find((q) => q.id === 'S3.2')!;
    expect(s32).toMatchObject({ status: 'derived', value: 21, score: 50, derivation: 'bidders have 21 days to respond' });
  });

  it('lists the facts to add for a derived question it cannot derive', () => {
    const a = assess(library, contractFrom(exampleText('draft-youth-services.yaml')));
    expect(a.unanswered.find((u) => u.id === 'S3.2')).toMatchObject({ missingFacts: ['procurement.tender_window_days'] });
  });

  it('asks for an answer before advising on an unanswered question', () => {
    const a = assess(library, contractFrom(exampleText('draft-youth-services.yaml')));
    const s42 = a.recommendations.find((r) => r.questionId === 'S4.2')!;
    // In words first (issue 25: a director was told to "Add procurement.local_bidders").
    expect(s42.do).toMatch(/^Find out the local organisations that could bid alone for the largest lot \(procurement\.local_bidders in the contract file\), or answer the question; if the answer is low: Shrink the lots/);
    const s11 = a.recommendations.find((r) => r.questionId === 'S1.3')!;
    expect(s11.do).toMatch(/^Answer this question; if the answer is low: /);
    const s32 = a.rubrics[0]!.areas[2]!.questions.find((q) => q.id === 'S3.2')!;
    expect(s32.recommendation!.do).toMatch(/^Find out the days bidders have to respond \(procurement\.tender_window_days in the contract file\), or answer the question; if the answer is low: /);
    const answered = assess(library, contractFrom(exampleText('community-mental-health.yaml'))).recommendations[0]!;
    expect(answered.do).not.toMatch(/if the answer is low/);
  });

  it('sizes a lot by what local providers carry over its life, not by which threshold or VAT basis applies (rubric 3.0.0)', () => {
    const s41 = (type: string, vat: string) => {
      const text = MINIMAL_CONTRACT.replace('contract_type: services', `contract_type: ${type}
  procurement_start: 2026-06-01
  value: { amount: 1800000, currency: GBP, vat: ${vat}, includes_extensions: true }
  duration: { initial_months: 36 }
  lots:
    - { id: a, value: 600000 }
    - { id: b, value: 600000 }
    - { id: c, value: 600000 }`);
      return assess(library, contractFrom(text)).rubrics[0]!.areas[3]!.questions.find((q) => q.id === 'S4.1')!;
    };
    // 1.0.0 scored the same £600k lot 100 as light-touch and 50 as services, and VAT moved it.
    const lightTouch = s41('light-touch', 'exempt');
    expect(lightTouch).toMatchObject({ status: 'derived', value: 600000, score: 75 });
    expect(s41('services', 'exempt').score).toBe(lightTouch.score);
    expect(s41('services', 'excluded')).toMatchObject({ value: 600000, score: 75 });
    // A value that includes VAT carries less for the provider: £500k before VAT.
    expect(s41('services', 'included').value).toBe(500000);
  });

  it('never scores the same lot higher for stretching it over more years (issue 22)', () => {
    const s41 = (months: number) =>
      assess(library, contractFrom(MINIMAL_CONTRACT.replace('contract_type: services', `contract_type: services\n  value: { amount: 1200000, currency: GBP, vat: exempt, includes_extensions: true }\n  duration: { initial_months: ${months} }`)))
        .rubrics[0]!.areas[3]!.questions.find((q) => q.id === 'S4.1')!;
    // 2.0.0 divided by the years: £1.2m over 1 year scored 0, over 5 years (£240k a year) 75.
    const scores = [12, 36, 60, 120].map((m) => s41(m).score);
    expect(scores).toEqual([50, 50, 50, 50]);
  });

  it('scores length up to 7 years and less beyond; whether anyone local could bid counts once, in S4.2 (rubric 3.0.0)', () => {
    const p41 = (months: number, bidders?: number) => {
      const text = MINIMAL_CONTRACT.replace('contract_type: services', `contract_type: services\n  duration: { initial_months: ${months} }${bidders === undefined ? '' : `\n  local_bidders: ${bidders}`}`);
      return assess(library, contractFrom(text)).rubrics[1]!.areas[3]!.questions.find((q) => q.id === 'P4.1')!;
    };
    expect([12, 36, 84, 96, 120, 132, 192].map((m) => p41(m, 2).score)).toEqual([25, 100, 100, 50, 50, 25, 0]);
    // local_bidders is S4.2's fact alone: 2.0.0 also zeroed P4.1 for it, counting one fact twice.
    expect(p41(60, 0)).toMatchObject({ score: 100, status: 'derived' });
    expect(p41(60).score).toBe(100);
    // Advice says which way to move: too long is not "offer more years".
    expect(p41(132, 2).recommendation!.do).toMatch(/^Shorten the term to 7 years or less/);
    expect(p41(12, 2).recommendation!.do).toMatch(/^Offer at least 3 years/);
  });

  it('is deterministic', () => {
    const c = contractFrom(exampleText('draft-youth-services.yaml'));
    expect(JSON.stringify(assess(library, c))).toBe(JSON.stringify(assess(library, c)));
  });
});

describe('rubric content is data', () => {
  const contract = contractFrom(exampleText('community-mental-health.yaml'));
  const base = assess(library, contract);

  it('follows a weight changed in the YAML', () => {
    const s52 = '          - { at_least: 0.1, answer: partly }\n          - { at_least: 10, answer: "yes" }\n        weight: ';
    const heavier = editedLibrary('five-steps.yaml', `${s52}1`, `${s52}5`);
    const a = assess(heavier, contract);
    expect(a.overall.score).toBeLessThan(base.overall.score);
    expect(a.recommendations[0]!.questionId).toBe('S5.2');
    expect(a.recommendations[0]!.points).toBeGreaterThan(base.recommendations[0]!.points);
  });

  it('follows a band changed in the YAML', () => {
    const stricter = editedLibrary('set.yaml', '  - name: Developing\n    min: 40', '  - name: Developing\n    min: 65');
    expect(base.overall.band.name).toBe('Developing');
    expect(assess(stricter, contract).overall.band.name).toBe('Not local yet');
  });

  it('follows a number band changed in the YAML', () => {
    const generous = editedLibrary('five-steps.yaml', '          - { min: 20, score: 50 }\n          - { min: 30, score: 75 }', '          - { min: 20, score: 100 }\n          - { min: 30, score: 100 }');
    const q = (a: typeof base) => a.rubrics[0]!.areas[2]!.questions.find((x) => x.id === 'S3.2')!.score;
    expect(q(base)).toBe(50);
    expect(q(assess(generous, contract))).toBe(100);
  });

  it('follows an area weight changed in the YAML', () => {
    const s1Heavy = editedLibrary('five-steps.yaml', '      one-size-fits-all contracts miss (Locality, Keep it Local, 2017).\n    weight: 1', '      one-size-fits-all contracts miss (Locality, Keep it Local, 2017).\n    weight: 9');
    const a = assess(s1Heavy, contract);
    const steps = a.rubrics[0]!;
    const [s1, ...rest] = steps.areas.map((x) => x.score!);
    // By hand: step 1 counts nine times, the other four steps once each.
    const byHand = (9 * s1! + rest.reduce((t, x) => t + x, 0)) / 13;
    const unweighted = (s1! + rest.reduce((t, x) => t + x, 0)) / 5;
    expect(Math.abs(byHand - unweighted)).toBeGreaterThan(1);
    expect(Math.abs(steps.score! - byHand)).toBeLessThanOrEqual(0.1);
    // The overall score and the recommendations follow it too: step 1's questions carry 9/13 of the rubric's half.
    const s1Share = steps.areas[0]!.questions.reduce((t, q) => t + q.share, 0);
    expect(s1Share).toBeCloseTo(0.5 * (9 / 13), 9);
    expect(Math.abs(a.overall.score - (steps.score! + a.rubrics[1]!.score!) / 2)).toBeLessThanOrEqual(0.1);
    expect(a.overall.score).not.toBe(base.overall.score);
  });

  it('follows rubric weights in the set', () => {
    const onlySteps = editedLibrary('set.yaml', '  - { id: six-principles, weight: 1 }', '  - { id: six-principles, weight: 0 }');
    const a = assess(onlySteps, contract);
    expect(a.overall.score).toBe(a.rubrics[0]!.score);
  });
});

describe('bandFor', () => {
  const bands = library.bands;
  it('includes the lower bound of a band', () => {
    expect(bandFor(39.9, bands).name).toBe('Not local yet');
    expect(bandFor(40, bands).name).toBe('Developing');
    expect(bandFor(70, bands).name).toBe('Local by default');
    expect(bandFor(100, bands).name).toBe('Local by default');
  });
});
