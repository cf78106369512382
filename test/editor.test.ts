/**
 * Editor support, checked with the language server editors use (yaml-language-server): a file
 * written by `kil init` gets completion of the procurement fields, hover help from the facts
 * table, and red squiggles for the mistakes kil itself would report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';
import { YamlLanguageServer } from './lsp.js';

describe('a kil init file in an editor', () => {
  const dir = tempDir();
  const file = join(dir, 'plan.yaml');
  let server: YamlLanguageServer;
  let text: string;

  beforeAll(async () => {
    expect(runCli(['init', 'plan.yaml'], { cwd: dir }).code).toBe(0);
    text = readFileSync(file, 'utf8');
    server = new YamlLanguageServer(dir);
    await server.start(dir);
  }, 20_000);
  afterAll(() => server.stop());

  it('completes the procurement fields and hovers with their help; the template itself has no problems', async () => {
    const uri = server.open(file, text);
    const lines = text.split('\n');
    const keys = await server.completion(uri, lines.findIndex((l) => l.startsWith('  title:')), 2);
    for (const key of ['evaluation', 'tender_window_days', 'payment', 'lots', 'reservation']) expect(keys).toContain(key);
    const hover = await server.hover(uri, lines.findIndex((l) => l.includes('type: sub-central')), 5);
    expect(hover).toContain('Kind of buyer');
    expect(hover).toContain('A council or other local authority');
    expect(await server.diagnosticsFor(uri)).toEqual([]);
  }, 20_000);

  it('underlines what kil would refuse: a wrong value, an unknown field, a wrong answer', async () => {
    const broken = text
      .replace('nation: england', 'nation: England')
      .replace(/^  title: (.*)$/m, '  title: $1\n  tender_window_day: 30')
      .replace(/^  S1\.2: null$/m, '  S1.2: maybe');
    const uri = server.open(join(dir, 'broken.yaml'), broken);
    const lines = broken.split('\n');
    const problems = await server.diagnosticsFor(uri);
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(problems.map((p) => p.line).sort((a, b) => a - b)).toEqual([at(/tender_window_day:/), at(/nation: England/), at(/^  S1\.2: maybe/)].sort((a, b) => a - b));
    const kil = runCli(['assess', '-', '-o', '-'], { input: broken.replace(/^# yaml-language-server.*\n/, '') });
    expect(kil.code).toBe(2);
    expect(kil.stderr.trim().split('\n')).toHaveLength(3);
  }, 20_000);
});
