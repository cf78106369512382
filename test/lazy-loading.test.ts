/**
 * Start-up cost by construction: the interview and inquirer live in chunks that only a dynamic
 * import reaches, so `kil assess FILE` without a terminal and `kil batch` never load them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const BIN = join(ROOT, 'dist', 'bin');

/** Chunks a file loads at once: its static imports, followed through. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(BIN, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+)["']/g)) staticClosure(m[1]!, seen);
  return seen;
}

/** The chunk a dynamic import("./name-HASH.js") in the entry points at. */
function dynamicChunk(prefix: string): string {
  const code = readFileSync(join(BIN, 'kil.js'), 'utf8');
  const m = new RegExp(`import\\("\\./(${prefix}-[A-Z0-9]+\\.js)"\\)`).exec(code);
  if (!m) throw new Error(`no dynamic import of ${prefix} in the bundle`);
  return m[1]!;
}

const loadsInquirer = (files: Set<string>) => [...files].some((f) => readFileSync(join(BIN, f), 'utf8').includes('ExitPromptError'));

describe('lazy loading in the kil bundle', () => {
  it('keeps inquirer out of start-up, assess and batch', () => {
    expect(loadsInquirer(staticClosure('kil.js'))).toBe(false);
    expect(loadsInquirer(staticClosure(dynamicChunk('assess')))).toBe(false);
    expect(loadsInquirer(staticClosure(dynamicChunk('batch')))).toBe(false);
  });

  it('still has the interview, behind a dynamic import from assess', () => {
    const assess = readFileSync(join(BIN, dynamicChunk('assess')), 'utf8');
    const session = /import\("\.\/(session-[A-Z0-9]+\.js)"\)/.exec(assess)?.[1];
    expect(session).toBeDefined();
    expect(readFileSync(join(BIN, session!), 'utf8')).toMatch(/import\("\.\/[^"]+"\)/); // inquirer itself is one more dynamic import away
  });
});
