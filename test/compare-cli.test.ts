/**
 * kil compare, kil assess --baseline and kil batch --baseline as a user runs them: subprocesses,
 * files on disk, exit codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, exampleText, runCli, tempDir } from './helpers.js';

const EXAMPLE = exampleText('community-mental-health.yaml');
/** The example with three answers improved: S1.3 from 2 to 4, P3.2 and P4.3 from no to yes. */
const IMPROVED = EXAMPLE.replace(/^ {2}P3\.2: no$/m, '  P3.2: yes').replace(/^ {2}P4\.3: no$/m, '  P4.3: yes').replace(/^ {2}S1\.3: 2$/m, '  S1.3: 4');

function twoVersions(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'before.yaml'), EXAMPLE);
  writeFileSync(join(dir, 'after.yaml'), IMPROVED);
  return dir;
}

describe('kil compare', () => {
  it('names the three answers improved, with the right deltas; --fail-on-drop exits 1 the other way round', () => {
    const dir = twoVersions();
    const up = runCli(['compare', 'before.yaml', 'after.yaml', '--fail-on-drop'], { cwd: dir });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('## Overall: 61.1 → 67.6 (+6.5)');
    const changed = up.stdout.split('## Answers that changed (3)\n\n')[1]!.split('\n\n')[0]!.split('\n').slice(2);
    expect(changed).toEqual([
      '| **S1.3** Are the outcomes written for people in this place, rather than as service outputs? | 2 – Some outcomes for local people, mixed with output targets. | 4 – Outcomes set with residents, tracked by neighbourhood and reviewed with them. | 50 → 100 | +1.7 |',
      '| **P3.2** Do you know how much of the current spend in this category goes to local suppliers? | No | Yes | 0 → 100 | +2.8 |',
      '| **P4.3** Has failure demand in the current service been analysed? | No | Yes | 0 → 100 | +2.1 |',
    ]);
    expect(up.stdout).toContain('| Step 1: Take a place-based approach | 50 | 66.7 | +16.7 |');
    expect(up.stdout).toContain('| Principle 4: Focus on early intervention now to save costs tomorrow | 62.5 | 87.5 | +25 |');
    expect(up.stdout).toContain('## Recommendations resolved (3)');
    expect(up.stderr).toBe('Community mental health support: 61.1 → 67.6 (+6.5); 3 answers changed, 3 recommendations resolved, 0 new\n');

    const down = runCli(['compare', 'after.yaml', 'before.yaml', '--fail-on-drop'], { cwd: dir });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('## Overall: 67.6 → 61.1 (-6.5)');
    expect(down.stdout).toContain('## New recommendations (3)');
    expect(down.stderr).toContain('The overall score fell from 67.6 to 61.1 (-6.5): before.yaml is less local than after.yaml (--fail-on-drop).\n');
    // Without the flag, a fall is reported, not an exit code.
    expect(runCli(['compare', 'after.yaml', 'before.yaml', '-q'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
  });

  it('takes a kil JSON result on either side, mixed with a contract file, and gives JSON', () => {
    const dir = twoVersions();
    const json = runCli(['assess', 'before.yaml', '--format', 'json', '-q', '--date', '2026-05-01'], { cwd: dir });
    writeFileSync(join(dir, 'before.json'), json.stdout);
    const r = runCli(['compare', 'before.json', 'after.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ generator: 'kil', format: 1, kind: 'comparison', warnings: [], overall: { before: 61.1, after: 67.6, change: 6.5 }, fell: false });
    expect(doc.before).toMatchObject({ label: 'before.json', assessedOn: '2026-05-01' });
    expect(doc.after).toMatchObject({ label: 'after.yaml', assessedOn: '2026-11-18' }); // SOURCE_DATE_EPOCH
    expect(doc.questions.map((q: { id: string; points: number }) => [q.id, q.points])).toEqual([
      ['S1.3', 1.7],
      ['P3.2', 2.8],
      ['P4.3', 2.1],
    ]);
    // From stdin: git show main:plan.yaml | kil compare - plan.yaml
    const piped = runCli(['compare', '-', 'after.yaml', '-q'], { cwd: dir, input: EXAMPLE });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('| File | \\<stdin> | after.yaml |');
    expect(piped.stdout).toContain('## Answers that changed (3)');
  });

  it('warns when the two look like different procurements, and compares all the same', () => {
    const dir = twoVersions();
    writeFileSync(join(dir, 'other.yaml'), IMPROVED.replace('reference: EBC-ASC-2026-014', 'reference: EBC-ASC-2026-099'));
    const r = runCli(['compare', 'before.yaml', 'other.yaml', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: these look like different procurements: the reference is "EBC-ASC-2026-014" before and "EBC-ASC-2026-099" after; compared all the same\n');
    expect(r.stdout).toContain('> **Warning:** these look like different procurements');
  });

  it('exits 3 with --fail-on-drop when the score fell to a provisional result', () => {
    const dir = twoVersions();
    writeFileSync(join(dir, 'sparse.yaml'), EXAMPLE.replace(/\nanswers:[\s\S]*$/, '\nanswers:\n  S1.1: 2\n'));
    const r = runCli(['compare', 'before.yaml', 'sparse.yaml', '--fail-on-drop'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/The overall score fell from 61\.1 to [\d.]+ \(-[\d.]+\), but the after result is provisional \(only [\d.]+% answered, below the 70% the rubric set needs\); --fail-on-drop cannot judge a provisional result\.\n$/);
    expect(r.stdout).toContain('The after result is provisional');
  });

  it('refuses JSON that is not one kil assessment with one clear message, file:line:col and exit 2', () => {
    const dir = twoVersions();
    const files: Record<string, string> = {
      'other.json': '{ "name": "not kil" }',
      'failed.json': runCli(['assess', '-', '--format', 'json', '-q'], { input: 'kil: 1\nprocurement: {}\n' }).stdout,
      'portfolio.json': runCli(['batch', 'before.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout,
      'future.json': runCli(['assess', 'before.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout.replace('"format": 1', '"format": 2'),
      'cut.json': '{ "generator": "kil", "format": 1, "assessedOn": "2026-01-01", "contract": { "title": "x" } }',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = (name: string) => runCli(['compare', name, 'after.yaml'], { cwd: dir });
    const expected: Record<string, string> = {
      'other.json': 'other.json:1:1: it is JSON but not a kil result (no "generator": "kil"); give a contract file, or the output of "kil assess FILE --format json"\n',
      'failed.json': 'failed.json:1:1: it holds the problems of a contract kil could not assess ("ok": false), not a result; fix the contract and give a contract file, or the output of "kil assess FILE --format json"\n',
      'portfolio.json':
        'portfolio.json:1:1: it is a portfolio (kil batch --format json), not one assessment; give a contract file, or the output of "kil assess FILE --format json"; to compare portfolios, use "kil batch PATH... --baseline FILE"\n',
      'future.json': 'future.json:1:1: it is a kil result in JSON format 2, and this kil reads format 1; make it again with this kil ("kil assess FILE --format json")\n',
      'cut.json': 'cut.json:1:1: it is not a complete kil assessment result (contract.reference is missing or of the wrong kind); give the output of "kil assess FILE --format json"\n',
    };
    for (const name of Object.keys(files)) expect({ name, ...run(name) }).toEqual({ name, code: 2, stdout: '', stderr: expected[name] });
    expect(runCli(['compare', 'missing.yaml', 'after.yaml'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'missing.yaml:1:1: cannot read it: no such file or folder; check the path\n' });
    expect(runCli(['compare', '-', '-'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'kil: only one of BEFORE and AFTER can be "-" (standard input); give the other as a file\n' });
  });
});

describe('kil assess --baseline', () => {
  it('adds "Since the last assessment" to the report and the JSON', () => {
    const dir = twoVersions();
    writeFileSync(join(dir, 'before.json'), runCli(['assess', 'before.yaml', '--format', 'json', '-q', '--date', '2026-05-01'], { cwd: dir }).stdout);
    const md = runCli(['assess', 'after.yaml', '--baseline', 'before.json'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stderr).toMatch(/\nReport: after\.report\.md[^\n]*\nSince before\.json \(2026-05-01\): 61\.1 → 67\.6 \(\+6\.5\)\n$/);
    const report = readFileSync(join(dir, 'after.report.md'), 'utf8');
    expect(report).toContain('## Since the last assessment\n\nCompared with before.json, assessed on 2026-05-01 (61.1 / 100, Developing): overall 61.1 → 67.6 (+6.5).');
    expect(report.indexOf('## Since the last assessment')).toBeLessThan(report.indexOf('## Scores by step and principle'));
    // Only the areas that moved.
    expect(report.split('### By step and principle')[1]!.split('###')[0]!.match(/^\| (Step|Principle) \d/gm)).toHaveLength(3);
    const json = JSON.parse(runCli(['assess', 'after.yaml', '--baseline', 'before.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout);
    expect(json.sinceLastAssessment).toMatchObject({ warnings: [], overall: { before: 61.1, after: 67.6, change: 6.5 }, before: { label: 'before.yaml' } });
    expect(json.sinceLastAssessment.questions.map((q: { id: string }) => q.id)).toEqual(['S1.3', 'P3.2', 'P4.3']);
    // Without --baseline, neither is there.
    expect(JSON.parse(runCli(['assess', 'after.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout).sinceLastAssessment).toBeUndefined();
  });

  it('stops before writing anything when the baseline cannot be used', () => {
    const dir = twoVersions();
    writeFileSync(join(dir, 'x.json'), '[1, 2]');
    const r = runCli(['assess', 'after.yaml', '--baseline', 'x.json'], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'x.json:1:1: it is JSON but not a kil result (no "generator": "kil"); give a contract file, or the output of "kil assess FILE --format json"\n' });
    expect(() => readFileSync(join(dir, 'after.report.md'))).toThrow();
  });
});

describe('kil batch --baseline', () => {
  it('adds the movement per contract and per step and principle', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), EXAMPLE);
    writeFileSync(join(dir, 'b.yaml'), exampleText('small-vcse-grant.yaml'));
    writeFileSync(join(dir, 'old.json'), runCli(['batch', 'a.yaml', 'b.yaml', '--format', 'json', '-q', '--date', '2026-05-01'], { cwd: dir }).stdout);
    writeFileSync(join(dir, 'a.yaml'), IMPROVED);
    const md = runCli(['batch', 'a.yaml', 'b.yaml', '--baseline', 'old.json', '--format', 'md', '-q'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Since the baseline\n\nCompared with old.json, assessed on 2026-05-01: 2 contracts in both, 0 new, 0 gone. Of those in both, 1 rose, 0 fell and 1 did not change.');
    expect(md.stdout).toContain('| Community mental health support | 61.1 | 67.6 | +6.5 | a.yaml |');
    expect(md.stdout).toMatch(/\| Principle 3: Increase local spend to invest in the local economy \| [\d.]+ \| [\d.]+ \| \+16\.7 \| 2 \|/);
    const json = JSON.parse(runCli(['batch', 'a.yaml', 'b.yaml', '--baseline', 'old.json', '--format', 'json', '-q'], { cwd: dir }).stdout);
    expect(json.portfolio.movement).toMatchObject({ matched: 2, rose: 1, fell: 0, unchanged: 1 });
    const table = runCli(['batch', 'a.yaml', 'b.yaml', '--baseline', 'old.json', '-q'], { cwd: dir });
    expect(table.stdout).toContain('Since old.json (2026-05-01): 2 in both, 1 rose, 0 fell, 1 unchanged; 0 new, 0 gone; mean ');
    // Without --baseline the portfolio has no movement.
    expect(JSON.parse(runCli(['batch', 'a.yaml', 'b.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout).portfolio.movement).toBeUndefined();
  });

  it('refuses a baseline that is not an earlier portfolio, before assessing anything', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), EXAMPLE);
    writeFileSync(join(dir, 'one.json'), runCli(['assess', 'a.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout);
    const r = runCli(['batch', 'a.yaml', '--baseline', 'one.json', '--out-dir', 'out'], { cwd: dir });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'one.json:1:1: it is one assessment (kil assess --format json), not a portfolio; give the output of "kil batch PATH... --format json"; to compare two assessments, use "kil compare BEFORE AFTER"\n',
    });
    expect(() => readFileSync(join(dir, 'out', 'portfolio.md'))).toThrow();
  });
});

describe('kil compare refuses results no kil could have written', () => {
  it('a score of 1e308 or a coverage of 500% is an input error naming the field (issue 23 item 10)', () => {
    const dir = tempDir();
    const good = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '--format', 'json', '-q']);
    expect(good.code).toBe(0);
    const doc = JSON.parse(good.stdout);
    writeFileSync(join(dir, 'a.json'), good.stdout);
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ ...doc, overall: { ...doc.overall, score: 1e308 } }));
    writeFileSync(join(dir, 'cov.json'), JSON.stringify({ ...doc, overall: { ...doc.overall, coverage: { ...doc.overall.coverage, pct: 500 } } }));
    expect(runCli(['compare', 'big.json', 'a.json'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr: 'big.json:1:1: it is not a complete kil assessment result (overall.score is not valid); give the output of "kil assess FILE --format json"\n' });
    expect(runCli(['compare', 'cov.json', 'a.json'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'cov.json:1:1: it is not a complete kil assessment result (overall.coverage.pct is not valid); give the output of "kil assess FILE --format json"\n' });
    expect(runCli(['compare', 'a.json', 'a.json', '-q'], { cwd: dir }).code).toBe(0);
  });
});
