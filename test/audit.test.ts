/**
 * Promises a sabotage audit found untested (issue 23): each test below fails when its one-line bug
 * is put back (the sabotage is named in each test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Draft } from '../src/cli/interview/draft.js';
import { importOcds } from '../src/import/ocds/index.js';
import { loadContract } from '../src/load/contract.js';
import { MovementAccumulator } from '../src/portfolio/movement.js';
import { provisionalOf } from '../src/score/basis.js';
import type { Coverage, QuestionResult } from '../src/score/result.js';
import { builtInLibrary, exampleText, MINIMAL_CONTRACT, ROOT, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();

describe('provisional exactly at the coverage line', () => {
  // Sabotage: `coverage.pct >= line` made `>` in src/score/basis.ts.
  it('is not provisional at the line, and is just below it', () => {
    const q = { id: 'Q', status: 'unanswered', share: 0.1 } as QuestionResult;
    const cov = (pct: number): Coverage => ({ total: 10, answered: 7, derived: 0, notApplicable: 0, unanswered: 3, pct });
    expect(provisionalOf([q], cov(70), 70, (n) => Math.round(n * 10) / 10).provisional).toBe(false);
    expect(provisionalOf([q], cov(69.9), 70, (n) => Math.round(n * 10) / 10).provisional).toBe(true);
  });
});

describe('a JSON file kil did not write', () => {
  // Sabotage: isKilOutput matching any "generator" field, not "generator": "kil".
  it('is not overwritten by --format json, even with a generator field of its own; kil\'s own is', () => {
    const dir = tempDir();
    const contract = join(ROOT, 'examples', 'small-vcse-grant.yaml');
    writeFileSync(join(dir, 'theirs.json'), '{\n  "generator": "another-tool",\n  "data": 1\n}\n');
    const r = runCli(['assess', contract, '--format', 'json', '-o', 'theirs.json', '-q'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'theirs.json'), 'utf8')).toContain('another-tool');
    expect(runCli(['assess', contract, '--format', 'json', '-o', 'ours.json', '-q'], { cwd: dir }).code).toBe(0);
    expect(runCli(['assess', contract, '--format', 'json', '-o', 'ours.json', '-q'], { cwd: dir }).code).toBe(0);
  });
});

describe('an answer to a derived question', () => {
  // Sabotage: answer-ignored given whether or not the fact is known (src/load/contract.ts).
  it('is ignored (with a warning) only when the facts settle it; without the fact it is used, with no warning', () => {
    const codes = (text: string) => loadContract({ file: 'c.yaml', text }, library).diagnostics.map((d) => d.code);
    const answered = MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S3.2: 30');
    expect(codes(answered)).toEqual([]);
    expect(codes(answered.replace('contract_type: services', 'contract_type: services\n  tender_window_days: 30'))).toEqual(['answer-ignored']);
  });
});

describe('kil batch orders files by code point', () => {
  // Sabotage: the sort in src/cli/batch-inputs.ts made localeCompare.
  it('B before Z before a before é, whatever the locale', () => {
    const dir = tempDir();
    for (const name of ['é.yaml', 'a.yaml', 'Z.yaml', 'B.yaml']) writeFileSync(join(dir, name), exampleText('small-vcse-grant.yaml'));
    const r = runCli(['batch', '.', '--format', 'csv'], { cwd: dir, env: { LANG: 'en_GB.UTF-8', LC_ALL: 'en_GB.UTF-8' } });
    expect(r.code).toBe(0);
    expect((parse(r.stdout, { columns: true }) as { path: string }[]).map((x) => x.path)).toEqual(['B.yaml', 'Z.yaml', 'a.yaml', 'é.yaml']);
  });
});

describe('a baseline contract matched by its reference', () => {
  // Sabotage: the count check in unique() (src/portfolio/movement.ts) dropped.
  const contract = (path: string, reference: string | null, score: number) => ({ path, title: path, reference, score, provisional: false, areas: [] });
  const row = (path: string, reference: string | null) => ({ path, title: path, reference, score: 50, provisional: false, report: null, areas: [] });

  it('is matched only when exactly one unmatched contract on each side has that reference', () => {
    const unique = new MovementAccumulator({ label: 'b', assessedOn: '2026-01-01', contracts: [contract('old/a.yaml', 'R1', 40)] });
    unique.add(row('new/a.yaml', 'R1'));
    expect(unique.summary()).toMatchObject({ matched: 1, added: [], gone: [] });

    const twice = new MovementAccumulator({ label: 'b', assessedOn: '2026-01-01', contracts: [contract('old/a.yaml', 'R1', 40), contract('old/b.yaml', 'R1', 45)] });
    twice.add(row('new/a.yaml', 'R1'));
    const s = twice.summary();
    expect(s.matched).toBe(0);
    expect(s.added.map((x) => x.path)).toEqual(['new/a.yaml']);
    expect(s.gone.map((x) => x.path).sort()).toEqual(['old/a.yaml', 'old/b.yaml']);
  });
});

describe('an imported notice whose gross value is a placeholder', () => {
  // Sabotage: the isPlaceholder(gross) check in src/import/ocds/map.ts dropped.
  it('takes the net amount and flags the gross one as a placeholder, never £1', () => {
    const release = {
      ocid: 'ocds-test-gross',
      id: 'r1',
      date: '2026-01-01T00:00:00Z',
      tag: ['tender'],
      buyer: { name: 'Test Council' },
      tender: { title: 'A service', value: { amount: 250000, amountGross: 1, currency: 'GBP' } },
    };
    const { imported } = importOcds('n.json', JSON.stringify({ releases: [release] }));
    const value = imported[0]!.facts.find((f) => f.path.join('.') === 'value');
    expect(value?.value).toMatchObject({ amount: 250000 });
    expect(imported[0]!.flags.join('\n')).toMatch(/tender\.value\.amountGross is 1, a placeholder these portals use: not imported/);
  });
});

describe('resuming an interview keeps the person\'s comments', () => {
  // Sabotage: setNode copying comments only when the old node is a scalar.
  it('on a map and on a list the interview replaces, not only on scalars', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    const text = `kil: 1
procurement:
  title: T
  buyer: { name: B, type: sub-central, nation: england }
  contract_type: services
  evaluation: # weights agreed at the March board
    price_pct: 40
    quality_pct: 50
    social_value_pct: 10
  lots: # one lot per ward
    - { id: north }
answers: {}
`;
    writeFileSync(file, text);
    const draft = Draft.open(file, text);
    draft.set(['procurement', 'evaluation'], { price_pct: 30, quality_pct: 50, social_value_pct: 20 });
    draft.set(['procurement', 'lots'], [{ id: 'north' }, { id: 'south' }]);
    draft.save();
    const saved = readFileSync(file, 'utf8');
    expect(saved).toContain('# weights agreed at the March board');
    expect(saved).toContain('# one lot per ward');
    expect(saved).toContain('social_value_pct: 20');
    expect(saved).toContain('id: south');
  });
});
