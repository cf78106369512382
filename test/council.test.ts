/**
 * The council profile (council.yaml): the answers about the council, given once and used by every
 * contract that names it (or by --council). Pure functions first, then the built CLI end to end,
 * each with its own fixture files in a temporary folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CouncilProfiles } from '../src/cli/council.js';
import { locateContract, loadContract } from '../src/load/contract.js';
import { loadCouncil } from '../src/load/council.js';
import { assembleLibrary } from '../src/load/library.js';
import { reviewNeedsAttention, reviewOverdue, type AppliedCouncil, type CouncilProfile } from '../src/model/council.js';
import { renderReport } from '../src/render/report.js';
import { renderCouncilTemplate, renderTemplate } from '../src/render/template.js';
import { assess } from '../src/score/score.js';
import type { QuestionResult } from '../src/score/result.js';
import { builtInLibrary, contractFrom, editedLibrary, EXAMPLES_DIR, MINIMAL_CONTRACT, ROOT, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();
const COUNCIL_IDS = ['P5.1', 'P5.3'];

const PROFILE = `kil: 1
kind: council
council:
  name: Test Council
  reviewed: 2026-06-01
answers:
  # P3.2 (spend in the contract's category) is asked in each contract since six-principles 3.1.0
  P5.1: { value: 3, note: Endorsed by cabinet in 2025 }
  P5.3: partly
`;

/** MINIMAL_CONTRACT with a council: line and these answers. */
function contractText(answers = '{}', council?: string): string {
  const text = MINIMAL_CONTRACT.replace('answers: {}', `answers: ${answers}`);
  return council === undefined ? text : text.replace('kil: 1\n', `kil: 1\ncouncil: ${council}\n`);
}

function profile(text = PROFILE): CouncilProfile {
  const r = loadCouncil({ file: 'council.yaml', text }, library);
  if (!r.profile) throw new Error(JSON.stringify(r.diagnostics));
  return r.profile;
}

const applied = (text = PROFILE): AppliedCouncil => ({ path: 'council.yaml', profile: profile(text) });
const question = (a: ReturnType<typeof assess>, id: string): QuestionResult => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).find((q) => q.id === id)!;

describe('loading a council profile', () => {
  it('reads the documented format, shorthand and { value, note } answers alike', () => {
    const p = profile();
    expect(p.council).toEqual({ name: 'Test Council', reviewed: '2026-06-01' });
    expect(p.answers).toEqual({ 'P5.1': { value: 3, note: 'Endorsed by cabinet in 2025' }, 'P5.3': { value: 'partly' } });
  });

  it('refuses an answer to a question about the procurement, and checks answers as a contract does, each at file:line:col', () => {
    const text = PROFILE.replace('  P5.3: partly\n', '  P5.3: maybe\n  P1.1: 3\n  P5.9: yes\n').replace('2026-06-01', '2026-02-30');
    const r = loadCouncil({ file: 'council.yaml', text }, library);
    expect(r.profile).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.line, d.col, d.code])).toEqual([
      [5, 13, 'bad-date'],
      [9, 9, 'bad-answer'],
      [10, 3, 'contract-question'],
      [11, 3, 'unknown-question'],
    ]);
    const messages = r.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain('P1.1 is about the procurement, not the council; answer it in the contract file');
    expect(messages).toContain('unknown question id "P5.9"; did you mean');
  });

  it('needs kind: council, the council name and the review date', () => {
    const r = loadCouncil({ file: 'council.yaml', text: 'kil: 1\ncouncil: { name: X }\n' }, library);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-field', 'missing-field']);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/missing required field kind[\s\S]*missing required field council\.reviewed/);
  });

  it('a contract file given a profile says so (council-profile), rather than listing a contract\'s missing fields', () => {
    const r = loadContract({ file: 'council.yaml', text: PROFILE }, library);
    expect(r.diagnostics.map((d) => [d.line, d.col, d.code])).toEqual([[2, 7, 'council-profile']]);
  });
});

describe('scoring with a council profile', () => {
  it('answers the council questions from the profile, saying so, with its notes', () => {
    const a = assess(library, contractFrom(contractText()), applied());
    expect(a.council).toEqual({ path: 'council.yaml', name: 'Test Council', reviewed: '2026-06-01' });
    expect(COUNCIL_IDS.map((id) => [id, question(a, id).source, question(a, id).value])).toEqual([
      ['P5.1', 'council', 3],
      ['P5.3', 'council', 'partly'],
    ]);
    expect(question(a, 'P5.1').note).toBe('Endorsed by cabinet in 2025');
    expect(question(a, 'P1.1').source).toBeNull(); // unanswered
    expect(a.unanswered.map((u) => u.id)).not.toContain('P5.3');
  });

  it('uses the contract\'s own answer over the profile\'s, and a profile never answers a question about the procurement', () => {
    const contract = contractFrom(contractText('{ P5.3: no, P1.1: 2 }'));
    const a = assess(library, contract, applied());
    expect([question(a, 'P5.3').source, question(a, 'P5.3').value]).toEqual(['contract', 'no']);
    expect([question(a, 'P1.1').source, question(a, 'P1.1').value]).toEqual(['contract', 2]);
    // "Not sure yet" in the contract is no answer: the profile's is used.
    expect(question(assess(library, contractFrom(contractText('{ P5.3: null }')), applied()), 'P5.3').source).toBe('council');
  });

  it('leaves council questions unanswered, as before, when neither file answers them', () => {
    const a = assess(library, contractFrom(contractText()));
    expect(a.council).toBeNull();
    for (const id of COUNCIL_IDS) expect(question(a, id)).toMatchObject({ status: 'unanswered', source: null });
    const empty = assess(library, contractFrom(contractText()), applied(PROFILE.replace(/answers:[\s\S]*$/, 'answers:\n  P5.3: null\n')));
    expect(empty.unanswered.map((u) => u.id)).toEqual(expect.arrayContaining(COUNCIL_IDS));
  });

  it('warns about an override without a note, at the contract\'s answer; a note, the same answer or no profile answer means no warning', () => {
    const text = contractText('\n  P5.3: no\n  P3.2: { value: no, note: This category has no baseline yet }\n  P5.1: 3\n');
    const r = loadContract({ file: 'plan.yaml', text }, library, applied());
    expect(r.diagnostics.map((d) => [d.line, d.col, d.severity, d.code])).toEqual([[7, 3, 'warning', 'overrides-council']]);
    expect(r.diagnostics[0]!.message).toMatch(/^answer to P5\.3 overrides the council profile council\.yaml .*; add a note saying why/);
    expect(loadContract({ file: 'plan.yaml', text }, library).diagnostics).toEqual([]);
  });
});

describe('review dates', () => {
  it('are overdue only when more than 12 months before the assessment date', () => {
    expect(reviewOverdue('2025-11-22', '2026-11-22', 12)).toBe(false);
    expect(reviewOverdue('2025-11-21', '2026-11-22', 12)).toBe(true);
    expect(reviewOverdue('2027-02-28', '2028-02-29', 12)).toBe(false);
    expect(reviewOverdue('2027-02-27', '2028-02-29', 12)).toBe(true);
    expect(reviewOverdue('2026-12-01', '2026-11-22', 12)).toBe(false); // reviewed after the assessment date
    // Other ages, as a policy file sets them: a month's missing day becomes its last day.
    expect(reviewOverdue('2026-02-28', '2026-03-31', 1)).toBe(false);
    expect(reviewOverdue('2026-02-27', '2026-03-31', 1)).toBe(true);
    expect(reviewOverdue('2025-05-22', '2026-11-22', 18)).toBe(false);
    expect(reviewOverdue('2025-05-21', '2026-11-22', 18)).toBe(true);
    expect(reviewOverdue('2025-12-15', '2026-01-15', 1)).toBe(false);
    expect(reviewOverdue('2025-12-14', '2026-01-15', 1)).toBe(true);
  });

  it('the age is the policy\'s council_review_months: 6 flags a profile 7 months old that 12 lets pass', () => {
    const six = editedLibrary(['policy.yaml', 'council_review_months: 12', 'council_review_months: 6']);
    const a = assess(six, contractFrom(contractText()), applied());
    expect(renderReport(a, six, { date: '2027-01-02', toolVersion: 't' })).toContain('> **Warning:** the council profile council.yaml was last reviewed on 2026-06-01, more than 6 months before 2027-01-02');
    expect(renderReport(a, library, { date: '2027-01-02', toolVersion: 't' })).not.toContain('**Warning:**');
  });
});

describe('the report', () => {
  const meta = (date: string) => ({ date, toolVersion: 't' });
  const report = (date: string) => renderReport(assess(library, contractFrom(contractText('{ P5.3: no }')), applied()), library, meta(date));

  it('names the profile and its review date, and marks each answer taken from it', () => {
    const md = report('2026-11-22');
    expect(md).toContain('| Council profile | Test Council, reviewed 2026-06-01 (council.yaml);');
    expect(md).toMatch(/\| \*\*P5\.1\*\* .* \| 3 – .* \(from the council profile\) \| Asserted: no evidence \| Endorsed by cabinet in 2025 \|/);
    expect(md).toMatch(/\| \*\*P5\.3\*\* .* \| No \| Asserted: no evidence \| {2}\|/); // the contract's own answer
    expect(md).not.toContain('Warning');
  });

  it('warns when the profile was reviewed more than 12 months before the assessment date', () => {
    expect(report('2027-06-01')).not.toContain('**Warning:**');
    expect(report('2027-06-02')).toContain('> **Warning:** the council profile council.yaml was last reviewed on 2026-06-01, more than 12 months before 2027-06-02; review its answers');
  });

  it('warns when the profile says it was reviewed after the assessment date (issue 23 item 10: never flagged)', () => {
    expect(report('2026-06-01')).not.toContain('**Warning:**');
    expect(report('2026-05-31')).toContain('> **Warning:** the council profile council.yaml says it was reviewed on 2026-06-01, after the assessment date 2026-05-31; correct council.reviewed');
    expect(reviewNeedsAttention('2026-12-01', '2026-11-22', 12)).toBe(true);
    expect(reviewNeedsAttention('2026-11-22', '2026-11-22', 12)).toBe(false);
  });

  it('says nothing of a profile when none is used', () => {
    expect(renderReport(assess(library, contractFrom(contractText())), library, meta('2026-11-22'))).not.toContain('Council profile');
  });
});

describe('reading profiles for many contracts', () => {
  it('reads each distinct profile file once, and names --council for contracts that name none', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'council.yaml'), PROFILE);
    writeFileSync(join(dir, 'other.yaml'), PROFILE.replace('Test Council', 'Other Council'));
    const reads: string[] = [];
    const read = (path: string) => {
      reads.push(path);
      return readFileSync(path, 'utf8');
    };
    const councils = CouncilProfiles.open(library, '2026-11-22', join(dir, 'council.yaml'), read);
    const used = ['', '', 'council: other.yaml', 'council: other.yaml', 'council: council.yaml'].map((line, i) => {
      const file = join(dir, `c${i}.yaml`);
      const { contract, source } = locateContract({ file, text: line ? `${line}\n${MINIMAL_CONTRACT}` : MINIMAL_CONTRACT }, library);
      return councils.forContract(file, contract!, source!);
    });
    expect(reads).toEqual([join(dir, 'council.yaml'), join(dir, 'other.yaml')]);
    expect(used.map((u) => u.council?.profile.council.name)).toEqual(['Test Council', 'Test Council', 'Other Council', 'Other Council', 'Test Council']);
    // A contract naming another profile than --council: said (once per profile, by key).
    expect(used.map((u) => u.notes.map((n) => n.key))).toEqual([[], [], [`own:${join(dir, 'other.yaml')}`], [`own:${join(dir, 'other.yaml')}`], []]);
  });
});

describe('templates', () => {
  it('kil init council: every council question with its prompt, help and answers from the rubric, valid as it stands', () => {
    const text = renderCouncilTemplate(library, { reviewed: '2026-11-22' });
    expect(loadCouncil({ file: 'council.yaml', text }, library).diagnostics).toEqual([]);
    for (const id of COUNCIL_IDS) {
      const { question: q } = library.questions.get(id)!;
      expect(text).toContain(`  ${id}: null`);
      expect(text).toContain(q.prompt);
      expect(text).toContain(q.help.replace(/\s+/g, ' '));
    }
    expect(text).toContain('#     3: Principles endorsed, champions named, a VCSE strategy in place.');
    expect(text).not.toMatch(/^ {2}S1\.1:/m);
  });

  it('written with answers (the interview moving them), keeps each note and evidence', () => {
    const answers = { 'P5.1': { value: 3, note: 'Cabinet, March 2025', evidence: 'Cabinet minutes 2025-03-12' }, 'P5.3': { value: 'no', evidence: 'Grants review 2026' } };
    const text = renderCouncilTemplate(library, { reviewed: '2026-11-22', name: 'Example: "Borough" Council', answers });
    const r = loadCouncil({ file: 'council.yaml', text }, library);
    expect(r.diagnostics).toEqual([]);
    expect(r.profile!.council.name).toBe('Example: "Borough" Council');
    expect(r.profile!.answers).toEqual(answers);
  });

  it('comes from the rubric data, not from code: a question given scope: council in a rubric appears', () => {
    const changed = structuredClone({ ...library, questions: undefined });
    const q = changed.rubrics[0]!.rubric.areas[0]!.questions[0]!;
    q.scope = 'council';
    q.prompt = 'A prompt only this test has';
    const text = renderCouncilTemplate(assembleLibrary(changed), { reviewed: '2026-11-22' });
    expect(text).toContain(`  ${q.id}: null`);
    expect(text).toContain('A prompt only this test has');
  });

  it('the contract template leaves the council questions commented out, saying where they belong', () => {
    const text = renderTemplate(library);
    for (const id of COUNCIL_IDS) expect(text).toContain(`  # ${id}: null`);
    expect(text).toContain('#   about the council: answer it once in the council profile (kil init council)');
    expect(text).toMatch(/^# council: \.\.\/council\.yaml +# the council profile/m);
  });
});

describe('the documented profiles', () => {
  it('the docs/council-profile.md example and examples/council.yaml load without a problem', () => {
    const page = readFileSync(join(ROOT, 'docs', 'council-profile.md'), 'utf8');
    const block = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => /^kind: council/m.test(b));
    expect(block).toBeDefined();
    for (const [file, text] of [['council-profile.md', block!], ['council.yaml', readFileSync(join(EXAMPLES_DIR, 'council.yaml'), 'utf8')]] as const) {
      expect(loadCouncil({ file, text }, library).diagnostics).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The built CLI.

/** A folder with council.yaml, and contracts/ holding the given contract files. */
function folder(contracts: Record<string, string>, profileText = PROFILE): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'council.yaml'), profileText);
  mkdirSync(join(dir, 'contracts'));
  for (const [name, text] of Object.entries(contracts)) writeFileSync(join(dir, 'contracts', name), text);
  return dir;
}

interface JsonQuestion {
  id: string;
  source: string | null;
  value: unknown;
}
const jsonQuestions = (stdout: string): JsonQuestion[] =>
  (JSON.parse(stdout) as { rubrics: { areas: { questions: JsonQuestion[] }[] }[] }).rubrics.flatMap((r) => r.areas.flatMap((a) => a.questions));

describe('kil assess with a council profile', () => {
  it('uses the profile a contract names (relative to the contract file): report and JSON say so', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../council.yaml') });
    const md = runCli(['assess', 'contracts/a.yaml', '-o', '-', '-q'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| Council profile | Test Council, reviewed 2026-06-01 (../council.yaml);');
    expect(md.stdout).toContain('Partly (from the council profile)');
    const json = runCli(['assess', 'contracts/a.yaml', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).council).toEqual({ path: '../council.yaml', name: 'Test Council', reviewed: '2026-06-01' });
    expect(jsonQuestions(json.stdout).filter((q) => COUNCIL_IDS.includes(q.id)).map((q) => q.source)).toEqual(['council', 'council']);
  });

  it('--council applies to a contract that names none; a contract that names another uses its own, and stderr says so', () => {
    const dir = folder({ 'plain.yaml': contractText(), 'own.yaml': contractText('{}', 'other.yaml'), 'other.yaml': PROFILE.replace('Test Council', 'Other Council') });
    const plain = runCli(['assess', 'contracts/plain.yaml', '--council', 'council.yaml', '--format', 'json', '-q'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).council.name).toBe('Test Council');
    expect(plain.stderr).toBe('');
    const own = runCli(['assess', 'contracts/own.yaml', '--council', 'council.yaml', '--format', 'json'], { cwd: dir });
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).council).toMatchObject({ path: 'other.yaml', name: 'Other Council' });
    expect(own.stderr).toContain('kil: contracts/own.yaml names its own council profile (contracts/other.yaml); contracts that name one use it rather than --council council.yaml');
  });

  it('a contract answer overrides the profile: used, with a warning at the answer when it has no note', () => {
    const dir = folder({ 'a.yaml': contractText('\n  P5.3: no\n', '../council.yaml') });
    const r = runCli(['assess', 'contracts/a.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(jsonQuestions(r.stdout).find((q) => q.id === 'P5.3')).toMatchObject({ source: 'contract', value: 'no' });
    expect(r.stderr).toContain('contracts/a.yaml:8:3: warning: answer to P5.3 overrides the council profile ../council.yaml (which answers "partly"); add a note saying why');
  });

  it('a broken profile is an input error (exit 2) naming the contract that points to it and each problem at file:line:col', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../council.yaml') }, PROFILE.replace('P5.3: partly', 'P5.3: maybe'));
    const r = runCli(['assess', 'contracts/a.yaml', '-o', '-', '-q'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'contracts/a.yaml:2:10: the council profile ../council.yaml named here has errors (listed with its path, council.yaml); fix them, or remove this line',
      'council.yaml:9:9: answer to P5.3 is "maybe"; use yes, partly or no',
    ]);
    const flag = runCli(['assess', 'contracts/a.yaml', '--council', 'council.yaml', '-o', '-', '-q'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('council.yaml:9:9: answer to P5.3 is "maybe"');
    expect(flag.stderr).toContain('kil: the council profile given with --council (council.yaml) cannot be used');
  });

  it('a missing profile is an input error (exit 2) naming it and the contract', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../nowhere.yaml') });
    const r = runCli(['assess', 'contracts/a.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('contracts/a.yaml:2:10: the council profile named here cannot be read (nowhere.yaml: cannot read it: no such file or folder');
    expect(JSON.parse(r.stdout).diagnostics).toMatchObject([{ file: 'contracts/a.yaml', line: 2, col: 10, code: 'not-found' }]);
    const flag = runCli(['assess', 'contracts/a.yaml', '--council', 'nowhere.yaml', '-o', '-'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('nowhere.yaml:1:1: cannot read it: no such file or folder');
  });

  it('a profile answering a question about the procurement is refused', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../council.yaml') }, `${PROFILE}  P1.1: 3\n`);
    const r = runCli(['assess', 'contracts/a.yaml', '-o', '-', '-q'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('council.yaml:10:3: P1.1 is about the procurement, not the council; answer it in the contract file');
  });

  it('warns on stderr and in the report when the profile was reviewed more than 12 months before the assessment date', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../council.yaml') });
    const fresh = runCli(['assess', 'contracts/a.yaml', '-o', '-', '-q', '--date', '2027-06-01'], { cwd: dir });
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).not.toContain('**Warning:**');
    const stale = runCli(['assess', 'contracts/a.yaml', '-o', '-', '-q', '--date', '2027-06-02'], { cwd: dir });
    expect(stale.code).toBe(0);
    expect(stale.stderr).toBe('warning: the council profile contracts/../council.yaml was last reviewed on 2026-06-01, more than 12 months before 2027-06-02; review its answers and update council.reviewed\n'.replace('contracts/../', ''));
    expect(stale.stdout).toContain('> **Warning:** the council profile ../council.yaml was last reviewed on 2026-06-01');
  });
});

describe('kil batch with a council profile', () => {
  it('--council answers the council questions of every contract that names none, read once; CSV and reports show it', () => {
    const dir = folder({ 'a.yaml': contractText(), 'b.yaml': contractText(), 'c.yaml': contractText('{ P5.3: { value: no, note: No grants in this service area } }') });
    const r = runCli(['batch', 'contracts', '--council', 'council.yaml', '--format', 'csv', '--out-dir', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header!.split(',').slice(-2)).toEqual(['council_profile', 'council_reviewed']);
    expect(rows.map((row) => row.split(',').slice(-2))).toEqual([
      ['Test Council', '2026-06-01'],
      ['Test Council', '2026-06-01'],
      ['Test Council', '2026-06-01'],
    ]);
    for (const name of ['a', 'b', 'c']) {
      const report = readFileSync(join(dir, 'out', `contracts__${name}.report.md`), 'utf8');
      expect(report).toContain('| Council profile | Test Council, reviewed 2026-06-01 (council.yaml);');
      expect(report).toContain('3 – Principles endorsed, champions named, a VCSE strategy in place. (from the council profile)');
    }
    expect(readFileSync(join(dir, 'out', 'contracts__c.report.md'), 'utf8')).toMatch(/\| \*\*P5\.3\*\* .* \| No \| Asserted: no evidence \| No grants in this service area \|/);
  });

  it('says once that contracts naming another profile use it rather than --council', () => {
    const dir = folder({ 'a.yaml': contractText('{}', 'other.yaml'), 'b.yaml': contractText('{}', 'other.yaml'), 'other.yaml': PROFILE });
    const r = runCli(['batch', 'contracts/a.yaml', 'contracts/b.yaml', '--council', 'council.yaml', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/names its own council profile/g)).toHaveLength(1);
  });

  it('skips a council profile among the inputs with a note, not as a failed contract', () => {
    const dir = folder({ 'a.yaml': contractText('{}', '../council.yaml') });
    const r = runCli(['batch', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('council.yaml: skipped: a council profile (kind: council), not a contract');
    const out = JSON.parse(r.stdout) as { portfolio: { assessed: number; failed: number }; contracts: { path: string; council: unknown }[] };
    expect(out.portfolio).toMatchObject({ assessed: 1, failed: 0 });
    expect(out.contracts.map((c) => [c.path, c.council])).toEqual([['contracts/a.yaml', { path: '../council.yaml', name: 'Test Council', reviewed: '2026-06-01' }]]);
  });

  it('a broken --council stops the batch (exit 2) before any contract; a broken named profile fails the contracts naming it', () => {
    const dir = folder({ 'a.yaml': contractText(), 'b.yaml': contractText('{}', '../broken.yaml') }, PROFILE.replace('kind: council', 'kind: counsel'));
    writeFileSync(join(dir, 'broken.yaml'), PROFILE.replace('reviewed: 2026-06-01', 'reviewed: last year'));
    const flag = runCli(['batch', 'contracts', '--council', 'council.yaml', '--format', 'csv'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toContain('council.yaml:2:7: kind must be council (this is a council profile)');
    const named = runCli(['batch', 'contracts', '--format', 'csv'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stdout).toMatch(/^contracts\/a\.yaml,assessed,/m);
    expect(named.stdout).toMatch(/^contracts\/b\.yaml,failed,/m);
    expect(named.stderr).toContain('contracts/b.yaml:2:10: the council profile ../broken.yaml named here has errors');
    expect(named.stderr).toContain('broken.yaml:5:13: council.reviewed');
  });
});

describe('kil init council', () => {
  it('writes council.yaml by default, valid for kil, and never overwrites a file', () => {
    const dir = tempDir();
    const r = runCli(['init', 'council'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'council.yaml'), 'utf8');
    expect(text).toContain('kind: council');
    expect(text).toMatch(/reviewed: \d{4}-\d{2}-\d{2}/);
    writeFileSync(join(dir, 'council.yaml'), 'mine\n');
    const again = runCli(['init', 'council'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('council.yaml already exists; kil init never replaces a file');
    expect(readFileSync(join(dir, 'council.yaml'), 'utf8')).toBe('mine\n');
    // A contract naming the fresh template assesses with the council questions still open.
    writeFileSync(join(dir, 'profile.yaml'), text);
    writeFileSync(join(dir, 'plan.yaml'), contractText('{}', 'profile.yaml'));
    expect(runCli(['assess', 'plan.yaml', '-o', '-', '-q'], { cwd: dir }).code).toBe(0);
  });

  it('writes to another file or to stdout, with the date given, and takes the questions from --rubrics', () => {
    const dir = tempDir();
    expect(runCli(['init', 'council', 'mine.yaml', '--date', '2026-01-02'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toContain('reviewed: 2026-01-02');
    const out = runCli(['init', '--rubrics', join(process.cwd(), 'rubrics'), 'council', '-']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('  P5.3: null');
    expect(existsSync(join(dir, 'council.yaml'))).toBe(false);
  });
});

describe('a question that moved from the council to each contract (P3.2, six-principles 3.1.0)', () => {
  it('a profile written for the old rubric still loads: its answer is ignored with a warning, at the answer', () => {
    const text = PROFILE.replace("  # P3.2 (spend in the contract's category) is asked in each contract since six-principles 3.1.0\n", '  P3.2: yes\n');
    const r = loadCouncil({ file: 'council.yaml', text }, library);
    expect(r.profile).toBeDefined();
    expect(r.diagnostics.map((d) => [d.line, d.col, d.severity, d.code])).toEqual([[7, 9, 'warning', 'contract-question']]);
    expect(r.diagnostics[0]!.message).toBe('P3.2 is now asked for each contract, not once for the council; this answer is ignored: answer P3.2 in each contract file and remove it here');
    const a = assess(library, contractFrom(contractText()), { path: 'council.yaml', profile: r.profile! });
    expect(question(a, 'P3.2')).toMatchObject({ status: 'unanswered', source: null });
    expect(question(assess(library, contractFrom(contractText('{ P3.2: "yes" }')), { path: 'council.yaml', profile: r.profile! }), 'P3.2')).toMatchObject({ source: 'contract', value: 'yes' });
  });

  it('any other question about the procurement is still refused', () => {
    const r = loadCouncil({ file: 'council.yaml', text: PROFILE.replace('  P5.3: partly\n', '  P5.3: partly\n  P1.1: 3\n') }, library);
    expect(r.profile).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'contract-question']]);
  });
});
