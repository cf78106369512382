/** The package's public API, used the way a policy officer's Node script would use it. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('the library entry point', () => {
  it('loads, scores and renders from the built package', async () => {
    const kil = await import(join(ROOT, 'dist', 'index.js'));
    const dir = join(ROOT, 'rubrics');
    const files = readdirSync(dir).map((f: string) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
    const { library } = kil.loadRubricLibrary(files);
    const text = readFileSync(join(ROOT, 'examples', 'small-vcse-grant.yaml'), 'utf8');
    const { contract } = kil.loadContract({ file: 'x.yaml', text }, library);
    const assessment = kil.assess(library, contract);
    expect(assessment.overall.band.name).toBe('Local by default');
    expect(kil.renderReport(assessment, library, { date: '2026-01-01', toolVersion: 't' })).toContain('## Overall: ');
    expect(JSON.parse(kil.renderJson(assessment, { date: '2026-01-01', toolVersion: 't' })).generator).toBe('kil');
  });
});
