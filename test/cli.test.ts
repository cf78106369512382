/** End to end: the built CLI run as a subprocess, as a user or a script would run it. */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_MARKER } from '../src/render/report.js';
import { EXAMPLES_DIR, exampleNames, MINIMAL_CONTRACT, RUBRICS_DIR, runCli, tempDir } from './helpers.js';

const NO_STACK = /\n\s+at .+\(.+:\d+:\d+\)|node:internal/;

function exampleCopy(name: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  copyFileSync(join(EXAMPLES_DIR, name), file);
  return { dir, file };
}

describe('kil assess FILE', () => {
  it.each(exampleNames())('assesses %s: report beside the file, summary on stderr, contract untouched', (name) => {
    const { dir, file } = exampleCopy(name);
    const before = readFileSync(file);
    const r = runCli(['assess', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const reportPath = join(dir, name.replace(/\.yaml$/, '.report.md'));
    const report = readFileSync(reportPath, 'utf8');
    expect(report.startsWith(REPORT_MARKER)).toBe(true);
    for (const n of [1, 2, 3, 4, 5]) expect(report).toContain(`| Step ${n}: `);
    for (const n of [1, 2, 3, 4, 5, 6]) expect(report).toContain(`| Principle ${n}: `);
    expect(r.stderr).toMatch(/\d+(\.\d)?\/100 (Not local yet|Developing|Local by default|Provisional: too little answered|Provisional: facts missing)/);
    expect(r.stderr).toContain(`Report: ${reportPath}`);
    expect(readFileSync(file)).toEqual(before);
  });

  it('writes the report to stdout with -o -', () => {
    const r = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', '-', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(REPORT_MARKER)).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('reads a contract from stdin with "-", and writes its report to stdout', () => {
    const input = readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8');
    const r = runCli(['assess', '-', '-q'], { input });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(REPORT_MARKER)).toBe(true);
    const bad = runCli(['assess', '-'], { input: 'kil: 1\nprocurement:\n  title: [\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^<stdin>:4:1: YAML syntax error/);
  });

  it('writes the report where -o says, and replaces its own report on the next run', () => {
    const dir = tempDir();
    const out = join(dir, 'nested-report.md');
    expect(runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', out]).code).toBe(0);
    expect(runCli(['assess', join(EXAMPLES_DIR, 'regional-outsourcing.yaml'), '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('County-wide integrated wellbeing');
  });

  it('does not overwrite a file kil did not write, unless --force', () => {
    const dir = tempDir();
    const out = join(dir, 'notes.md');
    writeFileSync(out, 'my own notes\n');
    const r = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and was not written by kil; use --force/);
    expect(readFileSync(out, 'utf8')).toBe('my own notes\n');
    expect(runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', out, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith(REPORT_MARKER)).toBe(true);
  });

  it('never writes the report over the contract file, even with --force', () => {
    const { file } = exampleCopy('small-vcse-grant.yaml');
    const before = readFileSync(file, 'utf8');
    const r = runCli(['assess', file, '-o', file, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would overwrite the input file/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('emits JSON on stdout with --format json', () => {
    const r = runCli(['assess', join(EXAMPLES_DIR, 'community-mental-health.yaml'), '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ generator: 'kil', format: 1, assessedOn: '2026-11-18' });
    expect(doc.overall.score).toBe(61.1);
    expect(doc.rubrics.flatMap((x: { areas: unknown[] }) => x.areas)).toHaveLength(11);
  });

  it('exits 1 below --fail-under and 0 at or above it', () => {
    const file = join(EXAMPLES_DIR, 'community-mental-health.yaml');
    const below = runCli(['assess', file, '-o', '-', '--fail-under', '61.2']);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/Score 61\.1 is below --fail-under 61\.2/);
    expect(runCli(['assess', file, '-o', '-', '--fail-under', '61.1']).code).toBe(0);
    expect(runCli(['assess', file, '-o', '-', '--fail-under', '101']).code).toBe(2);
  });

  it('uses another rubric folder with --rubrics, so a council can change weights without code', () => {
    const dir = tempDir();
    const rubrics = join(dir, 'rubrics');
    cpSync(RUBRICS_DIR, rubrics, { recursive: true });
    const setFile = join(rubrics, 'set.yaml');
    writeFileSync(setFile, readFileSync(setFile, 'utf8').replace('{ id: six-principles, weight: 1 }', '{ id: six-principles, weight: 0 }'));
    const args = ['assess', join(EXAMPLES_DIR, 'community-mental-health.yaml'), '--format', 'json', '-q'];
    const custom = JSON.parse(runCli([...args, '--rubrics', rubrics]).stdout);
    expect(custom.overall.score).toBe(custom.rubrics[0].score);
    expect(custom.overall.score).not.toBe(JSON.parse(runCli(args).stdout).overall.score);
  });

  it('is byte-for-byte reproducible with SOURCE_DATE_EPOCH or --date', () => {
    const file = join(EXAMPLES_DIR, 'draft-youth-services.yaml');
    const a = runCli(['assess', file, '-o', '-', '-q']).stdout;
    expect(runCli(['assess', file, '-o', '-', '-q']).stdout).toBe(a);
    expect(runCli(['assess', file, '-o', '-', '-q', '--date', '2026-11-18']).stdout).toBe(a);
    expect(runCli(['assess', file, '-o', '-', '-q', '--date', '2026-13-01']).code).toBe(2);
  });

  it('honours NO_COLOR and --no-color, and FORCE_COLOR for colour', () => {
    const file = join(EXAMPLES_DIR, 'small-vcse-grant.yaml');
    const esc = '\u001b[';
    expect(runCli(['assess', file, '-o', '-'], { env: { FORCE_COLOR: '1' } }).stderr).toContain(esc);
    expect(runCli(['assess', file, '-o', '-'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stderr).not.toContain(esc);
    expect(runCli(['--no-color', 'assess', file, '-o', '-'], { env: { FORCE_COLOR: '1' } }).stderr).not.toContain(esc);
    expect(runCli(['assess', file, '-o', '-']).stderr).not.toContain(esc);
  });
});

describe('kil assess with bad input', () => {
  function badContract(text: string) {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, text);
    const r = runCli(['assess', file]);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(existsSync(join(dir, 'bad.report.md'))).toBe(false);
    return { ...r, file };
  }

  it('reports every problem as file:line:col and exits 2', () => {
    const r = badContract(
      MINIMAL_CONTRACT.replace('  contract_type: services', '  contract_type: service\n  tender_window: 30').replace('answers: {}', 'answers:\n  S1.2: maybe\n  X9.9: yes'),
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${r.file}:5:18: procurement.contract_type is the text "service", which is not allowed; did you mean "services"?`,
      `${r.file}:6:3: unknown field "tender_window" in procurement; did you mean "tender_window_days"?`,
      // Errors in procurement no longer hide those in answers: every problem in one run.
      `${r.file}:8:9: answer to S1.2 is "maybe"; use yes, partly or no`,
      `${r.file}:9:3: unknown question id "X9.9"; run "kil rubric show" to list the question ids`,
    ]);
  });

  it('reports answer problems when the structure is right', () => {
    const r = badContract(MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S1.2: maybe\n  X9.9: yes'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${r.file}:7:9: answer to S1.2 is "maybe"; use yes, partly or no`,
      `${r.file}:8:3: unknown question id "X9.9"; run "kil rubric show" to list the question ids`,
    ]);
  });

  it.each([
    ['an empty file', '', /1:1: file is empty/],
    ['a YAML syntax error', 'kil: 1\nprocurement: [\n', /:3:1: YAML syntax error/],
    ['a duplicate key', 'kil: 1\nkil: 1\n', /:2:1: Map keys must be unique; a key appears twice/],
    ['not UTF-8', Buffer.from([0x6b, 0x69, 0x6c, 0x3a, 0xff, 0xfe]), /1:1: the file is not UTF-8 text/],
    ['a list, not a contract', '- 1\n', /1:1: a contract file must be a block of fields/],
  ])('reports %s with a position and exits 2', (_, text, message) => {
    const r = badContract(text as string);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.startsWith(r.file)).toBe(true);
  });

  it('reports a missing file and a folder', () => {
    const missing = runCli(['assess', 'no/such/file.yaml']);
    expect(missing).toMatchObject({ code: 2, stderr: 'no/such/file.yaml:1:1: cannot read it: no such file or folder; check the path\n' });
    expect(runCli(['assess', EXAMPLES_DIR]).stderr).toMatch(/it is a folder, not a file/);
  });

  it('warns about kil init\'s placeholders left in the file, and still assesses it', () => {
    const dir = tempDir();
    expect(runCli(['init', 'plan.yaml'], { cwd: dir }).code).toBe(0);
    const r = runCli(['assess', 'plan.yaml', '-o', '-', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^plan\.yaml:\d+:\d+: warning: procurement\.title is still "Untitled procurement", the placeholder kil init wrote; replace it with the real title of the procurement$/m);
    expect(r.stderr).toMatch(/^plan\.yaml:\d+:\d+: warning: procurement\.buyer\.name is still "Your council", the placeholder kil init wrote; replace it with the real buyer$/m);
    expect(r.stdout).toContain('# Keep it Local assessment: Untitled procurement');
  });

  it('points to kil batch for a folder or several files, and exits 2', () => {
    const folder = runCli(['assess', 'examples/']);
    expect(folder).toMatchObject({ code: 2, stdout: '' });
    expect(folder.stderr).toBe('examples/:1:1: cannot read it: it is a folder, not a file; to assess several files, use "kil batch examples/"\n');
    const two = runCli(['assess', 'examples/small-vcse-grant.yaml', 'my plans/b.yaml']);
    expect(two).toMatchObject({ code: 2, stdout: '' });
    expect(two.stderr).toContain('kil assess takes one contract file, not 2; to assess several files, use "kil batch examples/small-vcse-grant.yaml \'my plans/b.yaml\'"');
    expect(two.stderr).not.toMatch(/too many arguments/);
  });

  it('reports a broken rubric folder and exits 2', () => {
    const dir = tempDir();
    cpSync(RUBRICS_DIR, dir, { recursive: true });
    const f = join(dir, 'five-steps.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('derive: tender_window_days', 'derive: tender_days'));
    const r = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '--rubrics', dir, '-o', '-']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: unknown fact "tender_days"`));
  });

  it('gives usage errors exit 2 and no stack trace', () => {
    for (const args of [[], ['assess'], ['assess', 'x.yaml', '--bogus'], ['assess', 'x', '--format', 'xml'], ['nonsense']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
  });

  it('keeps going when the output cannot be written, and says why', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.md'));
    const r = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', join(dir, 'out.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/output path is a folder/);
    expect(statSync(join(dir, 'out.md')).isDirectory()).toBe(true);
  });
});

describe('kil rubric', () => {
  it('lists the rubrics on stdout', () => {
    const r = runCli(['rubric', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/five-steps\s+3\.1\.1\s+1\s+5\s+19/);
    expect(r.stdout).toMatch(/six-principles\s+3\.1\.1\s+1\s+6\s+19/);
  });

  it('shows a rubric with its questions and scoring', () => {
    const r = runCli(['rubric', 'show', 'five-steps']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('S4.1  How much is the largest lot worth over its whole life');
    expect(r.stdout).toContain('derived from value of the largest lot');
    expect(runCli(['rubric', 'show', 'five']).stderr).toMatch(/no rubric "five"/);
  });

  it('validates the built-in folder and single files', () => {
    expect(runCli(['rubric', 'validate'])).toMatchObject({ code: 0, stderr: '4 files valid.\n' });
    expect(runCli(['rubric', 'validate', join(RUBRICS_DIR, 'policy.yaml')]).code).toBe(0);
  });

  it('reports broken rubric files as file:line:col and exits 2', () => {
    const dir = tempDir();
    const f = join(dir, 'r.yaml');
    writeFileSync(f, 'kind: rubric\nid: x\ntitle: X\nversion: 1.0\n');
    const r = runCli(['rubric', 'validate', f, join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:4:10: version must be text, but it is the number 1; put it in quotes, e.g. "1.0"`);
    expect(r.stderr).toContain(`${join(dir, 'missing.yaml')}:1:1: cannot read it`);
    expect(r.stderr).toContain('2 of 2 files have errors.');
  });
});
