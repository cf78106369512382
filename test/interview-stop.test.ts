/**
 * Ctrl-C between two prompts. At a prompt the terminal is in raw mode and Ctrl-C reaches
 * inquirer as a key; once an answer is taken it is not, and Ctrl-C arrives as SIGINT. With no
 * listener for it then, kil died at once: the answer just given (its ✔ already shown) was not
 * saved and nothing said what was. CI caught it once in the terminal test; here the SIGINT is
 * made to land exactly there, every time, in a kil of its own.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exampleText, ROOT, tempDir } from './helpers.js';

/**
 * A person who answers each list with its first choice, a moment after it is shown (as a key
 * arrives: after the event loop has turned), and whose Ctrl-C lands as the answer to `at` is taken.
 * A stopped prompt rejects as inquirer's does.
 */
const SCRIPT = `
import { readdirSync, readFileSync } from 'node:fs';
const root = new URL(process.env.KIL_ROOT);
const { loadRubricLibrary } = await import(new URL('dist/index.js', root));
const { resumeInterview } = await import(new URL('dist/cli/interview/session.js', root));
const { CouncilProfiles } = await import(new URL('dist/cli/council.js', root));
const rubrics = new URL('rubrics/', root);
const files = readdirSync(rubrics).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: f, text: readFileSync(new URL(f, rubrics), 'utf8') }));
const { library } = loadRubricLibrary(files);
const stopped = () => Object.assign(new Error('stopped'), { name: 'AbortPromptError' });
const prompterFor = async (signal) => ({
  async select(message, choices) {
    await new Promise((r) => setImmediate(r));
    if (signal.aborted) throw stopped();
    if (message.startsWith(process.env.STOP_AT + ' ')) process.kill(process.pid, 'SIGINT');
    return { value: choices[0].value };
  },
  async input(message, options = {}) {
    await new Promise((r) => setImmediate(r));
    if (signal.aborted) throw stopped();
    return options.default ?? '';
  },
});
const date = '2026-12-01';
const code = await resumeInterview('plan.yaml', library, { say: (t) => process.stderr.write(t) },
  { unanswered: 20, complete: true, interactive: false, councils: CouncilProfiles.withFlag(library, date, undefined), date }, prompterFor);
process.exitCode = code ?? 0;
`;

describe('Ctrl-C between two prompts of the interview', () => {
  it('keeps the answer just given, says what is saved, and exits 130 (it died by the signal, losing that answer)', () => {
    const dir = tempDir();
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, exampleText('community-mental-health.yaml').replace(/\nanswers:[\s\S]*$/, '\nanswers: {}\n'));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', KIL_ROOT: pathToFileURL(`${ROOT}/`).href, STOP_AT: 'S1.3' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect({ signal: r.signal, status: r.status }).toEqual({ signal: null, status: 130 });
    expect(r.stderr).toMatch(/Stopped\. 3 answers are saved in plan\.yaml/);
    const answers = (parse(readFileSync(file, 'utf8')) as { answers: Record<string, unknown> }).answers;
    expect(answers).toEqual({ 'S1.1': 0, 'S1.2': 'yes', 'S1.3': 0 });
  });
});
