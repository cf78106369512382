/**
 * Never lose a user's work when someone else writes the same file: two interviews, an editor,
 * a file with tight permissions, a symlink. kil 0.1.0 rewrote the file from its own memory copy
 * (the other writer's answers vanished), reset the mode to 0644 and replaced symlinks.
 */
import { spawn } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../src/cli/user-error.js';
import { Draft } from '../src/cli/interview/draft.js';
import { writeFileAtomic } from '../src/cli/files.js';
import { lockPath } from '../src/cli/file-lock.js';
import { CLI, MINIMAL_CONTRACT, ROOT, runCli, tempDir } from './helpers.js';
import { Terminal } from './pty.js';

const answersIn = (file: string): Record<string, unknown> => (parse(readFileSync(file, 'utf8')) as { answers: Record<string, unknown> }).answers ?? {};

function contractFile(dir: string, name = 'plan.yaml', text = MINIMAL_CONTRACT): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('two writers on one contract file', () => {
  it('a second interview on the same file keeps the first one\'s answers (and the other way round)', () => {
    const file = contractFile(tempDir());
    const a = Draft.open(file, readFileSync(file, 'utf8'));
    const b = Draft.open(file, readFileSync(file, 'utf8'));
    a.setAnswer('S1.1', 3, 'from A');
    a.save();
    b.setAnswer('S1.2', 'yes', undefined);
    b.save();
    a.setAnswer('S2.1', 'no', undefined);
    a.save();
    expect(answersIn(file)).toEqual({ 'S1.1': { value: 3, note: 'from A' }, 'S1.2': 'yes', 'S2.1': 'no' });
  });

  it('an edit made in an editor while the interview is open is kept, comments and all', () => {
    const file = contractFile(tempDir());
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    draft.setAnswer('S1.1', 2, undefined);
    draft.save();
    // The person edits the file by hand: a comment, a fact and an answer.
    writeFileSync(file, readFileSync(file, 'utf8').replace('answers:', '# checked with legal\nanswers:\n  P1.1: partly').replace('  contract_type: services', '  contract_type: services\n  value: { amount: 90000 }'));
    draft.setAnswer('S1.2', 'no', undefined);
    draft.save();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# checked with legal');
    expect(answersIn(file)).toEqual({ 'P1.1': 'partly', 'S1.1': 2, 'S1.2': 'no' });
    expect((parse(text) as { procurement: { value: unknown } }).procurement.value).toEqual({ amount: 90000 });
  });

  it('a file broken by hand meanwhile is not overwritten; the unsaved answer is said', () => {
    const file = contractFile(tempDir());
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    const broken = `${MINIMAL_CONTRACT}answers: [unclosed\n`;
    writeFileSync(file, broken);
    draft.setAnswer('S1.2', 'yes', 'minutes of 3 May');
    expect(() => draft.save()).toThrow(/was changed outside this interview and cannot be read now, so it was not written\. Not saved from this interview: S1\.2: "yes" \(note: "minutes of 3 May"\)/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('a file edited meanwhile so that procurement is no longer a block is not overwritten; the unsaved answer is said (issue 23 item 6: exit 70)', () => {
    const file = contractFile(tempDir());
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    const edited = 'kil: 1\nprocurement: 5\nanswers: {}\n';
    writeFileSync(file, edited);
    draft.set(['procurement', 'title'], 'Renamed');
    draft.setAnswer('S1.2', 'yes', 'minutes of 3 May');
    let thrown: unknown;
    try {
      draft.save();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).exitCode).toBe(2);
    expect((thrown as UserError).message).toMatch(/was changed outside this interview so that its answers no longer fit .*, so it was not written\. Not saved from this interview: procurement\.title: "Renamed"; S1\.2: "yes" \(note: "minutes of 3 May"\)\. Fix the file, then resume with: /);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    // Fixed by hand, the same draft saves, keeping both edits.
    writeFileSync(file, readFileSync(contractFile(tempDir()), 'utf8'));
    draft.save();
    expect(readFileSync(file, 'utf8')).toContain('title: Renamed');
  });

  it('a contract file with another hard link keeps it: both names show the saved answer (issue 23 item 10: the rename broke it)', () => {
    const dir = tempDir();
    const file = contractFile(dir);
    const other = join(dir, 'shared-copy.yaml');
    linkSync(file, other);
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    draft.setAnswer('S1.2', 'yes', 'minutes of 3 May');
    draft.save();
    expect(statSync(file).nlink).toBe(2);
    expect(statSync(file).ino).toBe(statSync(other).ino);
    expect(answersIn(other)).toEqual({ 'S1.2': { value: 'yes', note: 'minutes of 3 May' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a new interview never replaces a file that appeared after its name was chosen', () => {
    const dir = tempDir();
    const file = join(dir, 'new.yaml');
    const draft = Draft.create(file);
    draft.set(['procurement', 'title'], 'Mine');
    writeFileSync(file, 'someone: else\n');
    expect(() => draft.save()).toThrow(/created by someone else/);
    expect(readFileSync(file, 'utf8')).toBe('someone: else\n');
  });

  it('…and its last guard holds alone: a name that looks free when read but is taken when written is never replaced (issue 23 audit)', () => {
    // A dangling symlink is "absent" to the read before the write (guard 1 sees nothing), but the
    // name is taken: only the exclusive create (guard 2, link()) stands between it and a rename.
    const dir = tempDir();
    const file = join(dir, 'new.yaml');
    symlinkSync(join(dir, 'nowhere.yaml'), file);
    const draft = Draft.create(file);
    draft.set(['procurement', 'title'], 'Mine');
    expect(() => draft.save()).toThrow();
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['new.yaml']);
  });

  it('two processes saving 40 answers each at the same time lose none', async () => {
    const dir = tempDir();
    const file = contractFile(dir);
    const writer = join(ROOT, 'test', 'fixtures', 'draft-writer.mjs');
    const run = (prefix: string) =>
      new Promise<number | null>((resolve) => spawn(process.execPath, [writer, file, prefix, '40'], { stdio: 'inherit' }).on('close', resolve));
    expect(await Promise.all([run('A'), run('B')])).toEqual([0, 0]);
    const ids = Object.keys(answersIn(file));
    expect(ids).toHaveLength(80);
    expect(ids.filter((id) => id.startsWith('A'))).toHaveLength(40);
    // The lock is gone and no temporary file is left.
    expect(readdirSync(dir).sort()).toEqual(['plan.yaml']);
  }, 30_000);

  it('a lock left by a process that died is taken over', () => {
    const file = contractFile(tempDir());
    writeFileSync(lockPath(file), '999999999'); // no such process
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    draft.setAnswer('S1.1', 1, undefined);
    draft.save();
    expect(answersIn(file)).toEqual({ 'S1.1': 1 });
  });
});

describe('a rewritten file keeps its mode, owner and links', () => {
  // Group-writable modes, which the usual umask (022) would narrow if kil did not set them exactly.
  it('a 0660 contract stays 0660 after an answer is saved', () => {
    const file = contractFile(tempDir());
    chmodSync(file, 0o660);
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    draft.setAnswer('S1.1', 1, undefined);
    draft.save();
    expect(statSync(file).mode & 0o777).toBe(0o660);
  });

  it('a 0664 report stays 0664 when kil writes it again', () => {
    const dir = tempDir();
    const file = contractFile(dir);
    expect(runCli(['assess', file, '-q']).code).toBe(0);
    chmodSync(join(dir, 'plan.report.md'), 0o664);
    expect(runCli(['assess', file, '-q']).code).toBe(0);
    expect(statSync(join(dir, 'plan.report.md')).mode & 0o777).toBe(0o664);
  });

  it('saving through a symlink writes the real file and keeps the link', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'elsewhere'));
    const real = contractFile(join(dir, 'elsewhere'), 'real.yaml');
    const link = join(dir, 'link.yaml');
    symlinkSync('elsewhere/real.yaml', link);
    const draft = Draft.open(link, readFileSync(link, 'utf8'));
    draft.setAnswer('S1.1', 4, undefined);
    draft.save();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(answersIn(real)).toEqual({ 'S1.1': 4 });
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual(['real.yaml']);
  });

  it('a target name of 250 bytes can be written (the temporary name is short)', () => {
    const dir = tempDir();
    const file = join(dir, `${'n'.repeat(245)}.yaml`);
    writeFileAtomic(file, MINIMAL_CONTRACT);
    expect(readFileSync(file, 'utf8')).toBe(MINIMAL_CONTRACT);
    const r = runCli(['assess', file, '-q', '-o', '-']);
    expect(r.code).toBe(0);
  });
});

describe('kil assess --save on an existing file', () => {
  it('refuses a YAML file that is not a contract and leaves it as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'api_key: s3cret\n');
    chmodSync(file, 0o600);
    const t = new Terminal(`${process.execPath} ${CLI} assess --save config.yaml`, dir);
    expect(await t.exited).toBe(2);
    expect(t.text()).toContain('config.yaml:1:1: unknown field "api_key" in the document');
    expect(t.text()).not.toContain('Resuming');
    expect(readFileSync(file, 'utf8')).toBe('api_key: s3cret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 20_000);
});

describe('outputs that are not files', () => {
  it('-o /dev/null needs no --force', () => {
    const r = runCli(['assess', 'examples/small-vcse-grant.yaml', '-q', '-o', '/dev/null']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

