/** Shared test helpers: the built-in rubric library and running the built CLI as a subprocess. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRubricLibrary, type RubricLibrary, type SourceText } from '../src/load/rubrics.js';
import { loadContract } from '../src/load/contract.js';
import type { Contract } from '../src/model/contract.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RUBRICS_DIR = join(ROOT, 'rubrics');
export const EXAMPLES_DIR = join(ROOT, 'examples');
export const CLI = join(ROOT, 'dist', 'bin', 'kil.js');
export const OCDS_FIXTURES = join(ROOT, 'test', 'fixtures', 'ocds');
/** The real notices: the shared copy beside the repository when there is one, else the test fixtures (the same files). */
export const NOTICES_DIR = existsSync(join(ROOT, '..', 'shared', 'ocds')) ? join(ROOT, '..', 'shared', 'ocds') : OCDS_FIXTURES;

export function rubricSources(dir = RUBRICS_DIR): SourceText[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

/** The published-record set's folder, with kil's policy file it names (policy: ../policy.yaml). */
export const PUBLISHED_RECORD_DIR = join(RUBRICS_DIR, 'published-record');
export function publishedRecordLibrary(): RubricLibrary {
  const sources = [...rubricSources(PUBLISHED_RECORD_DIR), ...rubricSources().filter((s) => s.file.endsWith('policy.yaml'))];
  const { library, diagnostics } = loadRubricLibrary(sources);
  if (!library) throw new Error(`published-record rubrics invalid: ${JSON.stringify(diagnostics)}`);
  return library;
}

export function builtInLibrary(): RubricLibrary {
  const { library, diagnostics } = loadRubricLibrary(rubricSources());
  if (!library) throw new Error(`built-in rubrics invalid: ${JSON.stringify(diagnostics)}`);
  return library;
}

/** Parse a contract text against the built-in rubrics, failing the test on any error. */
export function contractFrom(text: string, library = builtInLibrary()): Contract {
  const r = loadContract({ file: 'test.yaml', text }, library);
  if (!r.contract) throw new Error(`contract invalid: ${JSON.stringify(r.diagnostics)}`);
  return r.contract;
}

export const exampleText = (name: string): string => readFileSync(join(EXAMPLES_DIR, name), 'utf8');
/** The example contract files (examples/council.yaml is a council profile, not a contract). */
export const exampleNames = (): string[] => readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml') && f !== 'council.yaml').sort();

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kil-test-'));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a user would, with no terminal and no colour unless asked. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 15_000,
    maxBuffer: 256 * 1024 * 1024, // a test may read tens of thousands of diagnostics
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal valid contract to vary in tests. */
export const MINIMAL_CONTRACT = `kil: 1
procurement:
  title: Test service
  buyer: { name: Test Council, type: sub-central, nation: england }
  contract_type: services
answers: {}
`;

/** The built-in rubric folder's files with text replaced: [file, replace, by] for each edit. */
export function editedSources(edits: readonly (readonly [string, string, string])[]): SourceText[] {
  return rubricSources().map((s) => {
    let text = s.text;
    for (const [file, replace, by] of edits) {
      if (!s.file.endsWith(file)) continue;
      if (!text.includes(replace)) throw new Error(`not found in ${file}: ${replace}`);
      text = text.replace(replace, by);
    }
    return { ...s, text };
  });
}

/** The built-in library with text replaced in its files (see editedSources); throws if it no longer loads. */
export function editedLibrary(...edits: (readonly [string, string, string])[]): RubricLibrary {
  const { library, diagnostics } = loadRubricLibrary(editedSources(edits));
  if (!library) throw new Error(JSON.stringify(diagnostics));
  return library;
}
