/**
 * Evidence and provisional results (issue 11, parts 4 and 5). A small rubric folder written here
 * keeps the expectations independent of the shipped rubrics: every figure checked is computed
 * from the assessment itself, and the report, JSON and CSV must say the same.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseDocument } from 'yaml';
import { Draft } from '../src/cli/interview/draft.js';
import { loadContract } from '../src/load/contract.js';
import { loadRubricLibrary, type RubricLibrary } from '../src/load/rubrics.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { summarisePortfolio } from '../src/portfolio/portfolio.js';
import { renderPortfolioMarkdown, renderPortfolioTable } from '../src/render/portfolio.js';
import { renderReport } from '../src/render/report.js';
import { apportionTenths } from '../src/score/basis.js';
import type { Assessment, QuestionBasis } from '../src/score/result.js';
import { assess } from '../src/score/score.js';
import { EXAMPLES_DIR, RUBRICS_DIR, rubricSources, runCli, tempDir } from './helpers.js';

const BANDS = `bands:
  - { name: Low, min: 0, meaning: Low. }
  - { name: High, min: 50, meaning: High. }
`;

/** A rubric of six questions: one derived (from tender_window_days), one that may be n/a. */
function rubric(id: string, prefix: string, extra = ''): string {
  return `kind: rubric
id: ${id}
title: Rubric ${id}
version: 1.0.0
source: a test
scales: { yes_no: { yes: 100, partly: 50, no: 0 }, maturity: [0, 25, 50, 75, 100] }
${BANDS}${extra}areas:
  - id: ${prefix}A
    title: Area ${prefix}A
    why: Why ${prefix}A matters.
    weight: 2
    questions:
      - { id: ${prefix}A.1, prompt: First?, help: Help., type: yes_no, weight: 1 }
      - { id: ${prefix}A.2, prompt: Second?, help: Help., type: yes_no, weight: 3 }
      - { id: ${prefix}A.3, prompt: Third?, help: Help., type: yes_no, weight: 1, not_applicable: When there is no third. }
  - id: ${prefix}B
    title: Area ${prefix}B
    why: Why ${prefix}B matters.
    weight: 1
    questions:
      - id: ${prefix}B.1
        prompt: How many days do bidders have?
        help: Help.
        type: number
        weight: 2
        derive: tender_window_days
        unit: days
        range: { min: 0 }
        integer: true
        bands: [{ min: 0, score: 0 }, { min: 20, score: 60 }, { min: 30, score: 100 }]
      - { id: ${prefix}B.2, prompt: Fourth?, help: Help., type: maturity, weight: 1, levels: [a, b, c, d, e] }
      - { id: ${prefix}B.3, prompt: Fifth?, help: Help., type: yes_no, weight: 1 }
`;
}

const SET = (line: string) => `kind: rubric-set
id: test-set
title: Test set
version: 1.0.0
rubrics: [{ id: one, weight: 1 }]
${BANDS}${line}`;

/** A rubric folder in a temp dir: the files given plus the shipped policy. */
function folder(files: Record<string, string>): string {
  const dir = join(tempDir(), 'rubrics');
  mkdirSync(dir);
  cpSync(join(RUBRICS_DIR, 'policy.yaml'), join(dir, 'policy.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function libraryOf(dir: string): RubricLibrary {
  const { library, diagnostics } = loadRubricLibrary(rubricSources(dir));
  if (!library) throw new Error(`fixture rubrics invalid: ${JSON.stringify(diagnostics)}`);
  return library;
}

const WITH_LINE = folder({ 'one.yaml': rubric('one', ''), 'set.yaml': SET('provisional_below_coverage: 60\n') });
const NO_LINE = folder({ 'one.yaml': rubric('one', ''), 'set.yaml': SET('') });

function contract(answers: string, facts = ''): string {
  return `kil: 1
procurement:
  title: Test service
  buyer: { name: Test Council, type: sub-central, nation: england }
  contract_type: services
${facts}${answers === '' ? 'answers: {}\n' : `answers:\n${answers}`}`;
}

/** Every kind of answer: evidenced, asserted (none, blank, a note only), derived, n/a, unanswered. */
const MIXED = contract(
  `  A.1: { value: "yes", evidence: Board minutes 2026-01-12 }
  A.2: { value: partly, evidence: "   " }
  A.3: n/a
  B.2: { value: 3, note: "A long and careful note, but no evidence" }
  B.3: "yes"
`,
  '  tender_window_days: 25\n',
);

function assessText(text: string, library: RubricLibrary): Assessment {
  const loaded = loadContract({ file: 'c.yaml', text }, library);
  if (!loaded.contract) throw new Error(JSON.stringify(loaded.diagnostics));
  return assess(library, loaded.contract);
}

const questions = (a: Assessment) => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions));
/** The exact (unrounded) points resting on each basis, from the questions' shares and scores. */
const exactPoints = (a: Assessment, basis: QuestionBasis) => questions(a).reduce((s, q) => (q.basis === basis ? s + q.share * q.score! : s), 0);
const tenths = (n: number) => Math.round(n * 10);

describe('the basis of each answer', () => {
  const a = assessText(MIXED, libraryOf(WITH_LINE));
  const byId = new Map(questions(a).map((q) => [q.id, q]));

  it('is evidenced with evidence, asserted without, derived from facts, none when unanswered or n/a', () => {
    expect(Object.fromEntries(questions(a).map((q) => [q.id, q.basis]))).toEqual({
      'A.1': 'evidenced',
      'A.2': 'asserted', // blank evidence is no evidence
      'A.3': null, // n/a
      'B.1': 'derived', // counts as evidenced
      'B.2': 'asserted', // a note is not evidence
      'B.3': 'asserted',
    });
    expect(byId.get('A.1')!.evidence).toBe('Board minutes 2026-01-12');
    expect(byId.get('A.2')!.evidence).toBeUndefined();
  });

  it('leaves an unanswered question on no basis, and an answer that facts settle derived', () => {
    const b = assessText(contract('  B.1: 40\n  A.1: { value: null, evidence: Doc }\n'), libraryOf(WITH_LINE));
    const q = new Map(questions(b).map((x) => [x.id, x]));
    expect(q.get('A.1')!.basis).toBeNull();
    expect(q.get('B.1')).toMatchObject({ status: 'answered', basis: 'asserted' }); // no facts: the answer is used
  });
});

describe('the points split', () => {
  const library = libraryOf(WITH_LINE);
  const a = assessText(MIXED, library);

  it('adds up to the overall score exactly as published, each part within a tenth of its exact value', () => {
    const p = a.overall.points;
    expect(tenths(p.asserted) + tenths(p.evidenced) + tenths(p.derived)).toBe(tenths(a.overall.score));
    for (const basis of ['asserted', 'evidenced', 'derived'] as const) expect(Math.abs(p[basis] - exactPoints(a, basis))).toBeLessThan(0.1);
    expect(p.asserted).toBeGreaterThan(0);
    expect(p.evidenced).toBeGreaterThan(0);
    expect(p.derived).toBeGreaterThan(0);
  });

  it('counts derived answers with the evidenced ones, never with the asserted', () => {
    const withFacts = assessText(MIXED, library);
    const withoutFacts = assessText(MIXED.replace('  tender_window_days: 25\n', ''), library);
    expect(withFacts.overall.points.derived).toBeGreaterThan(0);
    expect(withoutFacts.overall.points.derived).toBe(0);
    expect(withFacts.overall.points.asserted).toBe(withoutFacts.overall.points.asserted);
  });

  it('apportions any parts into tenths that add up to the rounded total', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 1, maxLength: 5 }), (exact) => {
        const total = Math.round(exact.reduce((s, x) => s + x, 0) * 10) / 10;
        const parts = apportionTenths(exact, total);
        expect(parts.reduce((s, x) => s + tenths(x), 0)).toBe(tenths(total));
        parts.forEach((p, i) => expect(Math.abs(p - exact[i]!)).toBeLessThan(0.1 + 1e-9));
      }),
      { numRuns: 500 },
    );
  });

  it('adds up for any answers to the shipped rubrics too', () => {
    const shipped = libraryOf(RUBRICS_DIR);
    const ids = [...shipped.questions.values()].filter((r) => r.question.type === 'yes_no' && r.question.derive === undefined).map((r) => r.question.id);
    const answer = fc.record({ value: fc.constantFrom('yes', 'partly', 'no', 'skip'), evidence: fc.constantFrom('', ' ', 'Doc') });
    fc.assert(
      fc.property(fc.array(answer, { minLength: ids.length, maxLength: ids.length }), (answers) => {
        const lines = ids.flatMap((id, i) => {
          const { value, evidence } = answers[i]!;
          return value === 'skip' ? [] : [`  ${id}: { value: "${value}", evidence: "${evidence}" }`];
        });
        const b = assessText(contract(`${lines.join('\n')}\n`), shipped);
        const p = b.overall.points;
        expect(tenths(p.asserted) + tenths(p.evidenced) + tenths(p.derived)).toBe(tenths(b.overall.score));
      }),
      { numRuns: 40 },
    );
  });
});

describe('provisional results', () => {
  const library = libraryOf(WITH_LINE);

  it('are provisional below the line, keep the computed band, and name the questions to answer', () => {
    const a = assessText(contract('  A.1: "yes"\n'), library);
    expect(a.overall.coverage.pct).toBeLessThan(60);
    expect(a.overall).toMatchObject({ provisional: true, provisionalBelow: 60 });
    expect(a.overall.band.name).toBe(library.bands.findLast((b) => a.overall.score >= b.min)!.name);
    // The named questions are the heaviest unanswered ones, and exactly enough: answering them lifts
    // coverage to the line, answering one fewer does not.
    const open = questions(a).filter((q) => q.status === 'unanswered');
    expect(a.overall.toAnswer).toEqual([...open].sort((x, y) => y.share - x.share).slice(0, a.overall.toAnswer.length).map((q) => q.id));
    // B.1 is derived: given as its fact, since a hand answer in place of a fact keeps the result provisional anyway.
    const answered = (ids: string[]) =>
      assessText(contract(`  A.1: "yes"\n${ids.filter((id) => id !== 'B.1').map((id) => `  ${id}: ${id === 'B.2' ? 1 : '"no"'}\n`).join('')}`, ids.includes('B.1') ? '  tender_window_days: 10\n' : ''), library);
    expect(answered(a.overall.toAnswer).overall.provisional).toBe(false);
    expect(answered(a.overall.toAnswer.slice(0, -1)).overall.provisional).toBe(true);
  });

  it('are provisional while a derived question is answered by hand in place of its facts, and say which (issue 22)', () => {
    const byHand = assessText(MIXED.replace('  tender_window_days: 25\n', '').replace('answers:\n', 'answers:\n  B.1: 40\n'), library);
    expect(byHand.overall.coverage.pct).toBeGreaterThanOrEqual(60);
    expect(byHand.overall).toMatchObject({ provisional: true, toAnswer: [], toSettle: ['B.1'] });
    const b1 = questions(byHand).find((q) => q.id === 'B.1')!;
    expect(b1).toMatchObject({ status: 'answered', basis: 'asserted', factsToSettle: ['procurement.tender_window_days'] });
    const md = renderReport(byHand, library, { date: '2026-12-05', toolVersion: 'test' });
    expect(md).toMatch(/The result is provisional: B\.1 is answered by hand, not derived from the facts that settle it\./);
    expect(md).toMatch(/self-reported in place of the facts procurement\.tender\\?_window\\?_days, which would settle it/);
    // The fact settles it: no longer provisional, and the answer is derived.
    const byFact = assessText(MIXED, library);
    expect(byFact.overall).toMatchObject({ provisional: false, toSettle: [] });
  });

  it('are not provisional at or above the line', () => {
    const a = assessText(MIXED, library);
    expect(a.overall.coverage.pct).toBeGreaterThanOrEqual(60);
    expect(a.overall).toMatchObject({ provisional: false, toAnswer: [] });
  });

  it('never happen when the rubric set gives no line', () => {
    const a = assessText(contract(''), libraryOf(NO_LINE));
    expect(a.overall.coverage.pct).toBe(0);
    expect(a.overall).toMatchObject({ provisional: false, provisionalBelow: null, toAnswer: [] });
  });

  it('without a rubric set, take the line from the rubrics, which must agree', () => {
    const two = (x: string, y: string) => ({ 'one.yaml': rubric('one', '', x), 'two.yaml': rubric('two', 'T', y) });
    const agreeing = libraryOf(folder(two('provisional_below_coverage: 55\n', 'provisional_below_coverage: 55\n')));
    expect(agreeing.provisionalBelow).toBe(55);
    expect(assessText(contract(''), agreeing).overall.provisional).toBe(true);
    expect(libraryOf(folder(two('provisional_below_coverage: 55\n', ''))).provisionalBelow).toBe(55);
    expect(libraryOf(folder(two('', ''))).provisionalBelow).toBeUndefined();
    const differing = loadRubricLibrary(rubricSources(folder(two('provisional_below_coverage: 55\n', 'provisional_below_coverage: 70\n'))));
    expect(differing.library).toBeUndefined();
    expect(differing.diagnostics.map((d) => d.code)).toContain('provisional-differs');
  });

  it('are ranked apart in the portfolio, out of the bands, mean and median', () => {
    const rows = [
      contractRow('a-finished.yaml', assessText(MIXED, library), 'a.report.md', '2026-01-01'),
      contractRow('b-provisional.yaml', assessText(contract('  A.1: "yes"\n'), library), 'b.report.md', '2026-01-01'),
      contractRow('c-empty.yaml', assessText(contract(''), library), null, '2026-01-01'),
    ];
    const p = summarisePortfolio(rows, [], library.bands);
    expect(p).toMatchObject({ assessed: 3, provisional: 2, mean: rows[0]!.score, median: rows[0]!.score });
    expect(p.ranking.map((r) => r.path)).toEqual(['a-finished.yaml']);
    expect(p.provisionalRanking.map((r) => r.path)).toEqual(['c-empty.yaml', 'b-provisional.yaml']); // least answered first
    expect(p.bands.reduce((s, b) => s + b.count, 0)).toBe(1);
    const md = renderPortfolioMarkdown(p, { date: '2026-01-01', toolVersion: 't' });
    const [finished, provisional] = md.split('## Provisional: too little answered');
    expect(finished!.split('## Contracts from least to most local')[1]).toContain('a-finished.yaml');
    expect(finished!.split('## Contracts from least to most local')[1]).not.toContain('provisional.yaml');
    expect(provisional).toContain('b-provisional.yaml');
    expect(provisional).toContain('c-empty.yaml');
    const table = renderPortfolioTable(p).split('Provisional: too little answered');
    expect(table[0]).not.toContain('b-provisional.yaml');
    expect(table[1]).toContain('b-provisional.yaml');
  });

  it('report says which questions to answer, and shows no band meaning', () => {
    const a = assessText(contract('  A.1: "yes"\n'), library);
    const report = renderReport(a, library, { date: '2026-01-01', toolVersion: 't' });
    const top = report.split('## Scores by step and principle')[0]!;
    expect(top).toContain(`## Overall: ${a.overall.score} / 100, Provisional: too little answered`);
    expect(top).toContain(`only ${a.overall.coverage.pct}% answered, below the 60% the rubric set needs`);
    for (const id of a.overall.toAnswer) expect(top).toContain(`- **${id}**`);
    expect(top).not.toContain(a.overall.band.meaning);
  });
});

describe('through the CLI', () => {
  /** A work folder with contract files, assessed against the fixture rubrics. */
  function work(files: Record<string, string>): string {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  const kil = (dir: string, args: string[], rubrics = WITH_LINE) => runCli([...args, '--rubrics', rubrics], { cwd: dir });

  it('report, JSON and CSV give the same points split, and the report marks each answer', () => {
    const dir = work({ 'mixed.yaml': MIXED });
    const json = JSON.parse(kil(dir, ['assess', 'mixed.yaml', '--format', 'json', '-q']).stdout) as Assessment;
    const report = kil(dir, ['assess', 'mixed.yaml', '-o', '-', '-q']).stdout;
    const csv = parseCsv(kil(dir, ['batch', 'mixed.yaml', '--format', 'csv', '-q']).stdout, { columns: true }) as Record<string, string>[];
    const batchJson = JSON.parse(kil(dir, ['batch', 'mixed.yaml', '--format', 'json', '-q']).stdout);

    const p = json.overall.points;
    expect(tenths(p.asserted) + tenths(p.evidenced) + tenths(p.derived)).toBe(tenths(json.overall.score));
    expect(report).toContain(`**${p.asserted} of ${json.overall.score} points are self-reported without evidence**; ${p.evidenced} rest on answers with evidence and ${p.derived} are derived from the procurement facts.`);
    expect(csv[0]).toMatchObject({ overall_score: String(json.overall.score), points_asserted: String(p.asserted), points_evidenced: String(p.evidenced), points_derived: String(p.derived), provisional: 'false' });
    expect(batchJson.contracts[0].points).toEqual(p);

    const row = (id: string) => report.split('\n').find((l) => l.startsWith(`| **${id}**`))!;
    expect(row('A.1')).toContain('| Evidenced: Board minutes 2026-01-12 |');
    expect(row('A.2')).toContain('| Asserted: no evidence |');
    expect(row('B.1')).toContain('| Derived from the facts |');
    expect(row('B.2')).toContain('| Asserted: no evidence | A long and careful note, but no evidence |');
    expect(row('A.3')).toMatch(/\| Not applicable \| {2}\| {2}\| n\/a \|$/);
    const evidenced = json.rubrics[0]!.areas[0]!.questions[0]!;
    expect(evidenced).toMatchObject({ id: 'A.1', basis: 'evidenced', evidence: 'Board minutes 2026-01-12' });
    expect(json.rubrics[0]!.areas[0]!.questions[1]!).not.toHaveProperty('evidence');
  });

  it('a provisional result: banded as such in the report, JSON, CSV and portfolio', () => {
    const dir = work({ 'draft.yaml': contract('  A.1: "yes"\n'), 'done.yaml': MIXED });
    const json = JSON.parse(kil(dir, ['assess', 'draft.yaml', '--format', 'json', '-q']).stdout) as Assessment;
    expect(json.overall).toMatchObject({ provisional: true, provisionalBelow: 60 });
    expect(json.overall.band.name).toMatch(/^(Low|High)$/); // the computed band, kept
    const report = kil(dir, ['assess', 'draft.yaml', '-o', '-', '-q']).stdout;
    expect(report).toContain('## Overall: ');
    expect(report).toContain(', Provisional: too little answered\n');
    for (const id of json.overall.toAnswer) expect(report).toContain(`- **${id}**`);

    const csv = parseCsv(kil(dir, ['batch', '.', '--format', 'csv', '-q']).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.path, r.provisional])).toEqual([
      ['done.yaml', 'false'],
      ['draft.yaml', 'true'],
    ]);
    expect(csv[1]!.band).toBe('Provisional: too little answered'); // never a band that reads as final (issue 25)

    const batchJson = JSON.parse(kil(dir, ['batch', '.', '--format', 'json', '-q']).stdout);
    expect(batchJson.portfolio.ranking.map((r: { path: string }) => r.path)).toEqual(['done.yaml']);
    expect(batchJson.portfolio.provisionalRanking.map((r: { path: string }) => r.path)).toEqual(['draft.yaml']);
    expect(batchJson.contracts.map((c: { provisional: boolean }) => c.provisional)).toEqual([false, true]);
    const md = kil(dir, ['batch', '.', '--format', 'md', '-q']).stdout;
    expect(md.indexOf('draft.yaml')).toBeGreaterThan(md.indexOf('## Provisional: too little answered'));
  });

  it('--fail-under cannot pass a provisional result: exit 3, with its own message', () => {
    const dir = work({ 'draft.yaml': contract('  A.1: "yes"\n'), 'done.yaml': MIXED, 'low.yaml': MIXED.replace('B.3: "yes"', 'B.3: "no"') });
    const json = JSON.parse(kil(dir, ['assess', 'draft.yaml', '--format', 'json', '-q']).stdout) as Assessment;
    const message = `provisional: only ${json.overall.coverage.pct}% answered, below the 60% the rubric set needs; --fail-under cannot pass a provisional result`;
    for (const threshold of ['0', '100']) {
      const r = kil(dir, ['assess', 'draft.yaml', '-o', '-', '--fail-under', threshold]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(message);
    }
    expect(kil(dir, ['assess', 'draft.yaml', '-o', '-']).code).toBe(0); // without --fail-under, no gate
    expect(kil(dir, ['assess', 'done.yaml', '-o', '-', '-q', '--fail-under', '0']).code).toBe(0);
    expect(kil(dir, ['assess', 'done.yaml', '-o', '-', '-q', '--fail-under', '100']).code).toBe(1);

    const batch = kil(dir, ['batch', '.', '--format', 'csv', '--fail-under', '100']);
    expect(batch.code).toBe(3); // provisional wins over below the threshold
    expect(batch.stderr).toContain(`draft.yaml: provisional: only ${json.overall.coverage.pct}% answered, below the 60% the rubric set needs`);
    expect(batch.stderr).toContain('1 contract is provisional; --fail-under cannot pass a provisional result');
    expect(batch.stderr).toContain('2 contracts below --fail-under 100');
    expect(kil(dir, ['batch', 'done.yaml', 'low.yaml', '--fail-under', '100', '-q']).code).toBe(1);
    expect(kil(dir, ['batch', 'done.yaml', '--fail-under', '0', '-q']).code).toBe(0);
    writeFileSync(join(dir, 'broken.yaml'), 'kil: 1\nprocurement: [\n');
    expect(kil(dir, ['batch', '.', '--fail-under', '0', '-q']).code).toBe(2); // a failed file wins over provisional
  });

  it('a rubric set without the line: nothing is provisional, --fail-under judges the score', () => {
    const dir = work({ 'empty.yaml': contract('') });
    const json = JSON.parse(kil(dir, ['assess', 'empty.yaml', '--format', 'json', '-q'], NO_LINE).stdout) as Assessment;
    expect(json.overall).toMatchObject({ provisional: false, provisionalBelow: null, score: 0 });
    expect(kil(dir, ['assess', 'empty.yaml', '-o', '-', '-q', '--fail-under', '0'], NO_LINE).code).toBe(0);
    expect(kil(dir, ['assess', 'empty.yaml', '-o', '-', '-q', '--fail-under', '1'], NO_LINE).code).toBe(1);
  });

  it('the shipped rubric set draws the line its set.yaml gives', () => {
    const line = (parseYaml(readFileSync(join(RUBRICS_DIR, 'set.yaml'), 'utf8')) as { provisional_below_coverage?: number }).provisional_below_coverage;
    expect(line).toBeTypeOf('number');
    for (const name of ['draft-youth-services.yaml', 'community-mental-health.yaml']) {
      const json = JSON.parse(runCli(['assess', join(EXAMPLES_DIR, name), '--format', 'json', '-q']).stdout) as Assessment;
      expect(json.overall.provisionalBelow).toBe(line);
      expect(json.overall.provisional).toBe(json.overall.coverage.pct < line!);
    }
  });
});

describe('the interview', () => {
  it('keeps the evidence already in the file when it rewrites an answer', () => {
    const file = join(tempDir(), 'plan.yaml');
    const text = contract('  A.1: { value: "yes", evidence: Board minutes } # keep me\n  A.2: { value: "no", note: old, evidence: Audit 2025 }\n');
    writeFileSync(file, text);
    const draft = Draft.open(file, text);
    draft.setAnswer('A.1', 'partly', 'a note');
    draft.setAnswer('A.2', 'yes', undefined);
    draft.save();
    const answers = parseDocument(readFileSync(file, 'utf8')).toJS().answers;
    expect(answers['A.1']).toEqual({ value: 'partly', evidence: 'Board minutes', note: 'a note' });
    expect(answers['A.2']).toEqual({ value: 'yes', evidence: 'Audit 2025' });
    // And when someone else changed the file meanwhile, the replayed answer keeps it too.
    const later = Draft.open(file, readFileSync(file, 'utf8'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('Audit 2025', 'Audit 2026'));
    later.setAnswer('A.2', 'no', undefined);
    later.save();
    expect(parseDocument(readFileSync(file, 'utf8')).toJS().answers['A.2']).toEqual({ value: 'no', evidence: 'Audit 2026' });
  });
});
