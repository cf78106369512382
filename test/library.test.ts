/** The package's public API, used the way a policy officer's Node script would use it. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('the library entry point', () => {
  it('loads, scores and renders from the built package', async () => {
    const kil = await import(join(ROOT, 'dist', 'index.js'));
    const dir = join(ROOT, 'rubrics');
    const files = readdirSync(dir)
      .filter((f: string) => f.endsWith('.yaml'))
      .map((f: string) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
    const { library } = kil.loadRubricLibrary(files);
    const text = readFileSync(join(ROOT, 'examples', 'small-vcse-grant.yaml'), 'utf8');
    const { contract } = kil.loadContract({ file: 'x.yaml', text }, library);
    const assessment = kil.assess(library, contract);
    expect(assessment.overall.band.name).toBe('Local by default');
    expect(kil.renderReport(assessment, library, { date: '2026-01-01', toolVersion: 't' })).toContain('## Overall: ');
    expect(JSON.parse(kil.renderJson(assessment, { date: '2026-01-01', toolVersion: 't' })).generator).toBe('kil');
  });

  it('exports the documented API and nothing else', async () => {
    const kil = (await import(join(ROOT, 'dist', 'index.js'))) as Record<string, unknown>;
    // Adding to this list is a promise to keep it; internals stay out (issue 12).
    expect(Object.keys(kil).sort()).toEqual(
      [
        'AnswerSchema',
        'CONTRACT_FORMAT_VERSION',
        'COUNCIL_FORMAT_VERSION',
        'ContractSchema',
        'CouncilProfileSchema',
        'JSON_FORMAT_VERSION',
        'LotSchema',
        'PolicySchema',
        'ProcurementSchema',
        'REPORT_MARKER',
        'RubricSchema',
        'RubricSetSchema',
        'SCHEMA_NAMES',
        'assess',
        'contractRow',
        'formatDiagnostic',
        'hasErrors',
        'importOcds',
        'importedContract',
        'loadContract',
        'loadCouncil',
        'loadRubricFile',
        'loadRubricLibrary',
        'renderImported',
        'renderJson',
        'renderJsonSchema',
        'renderPortfolioJson',
        'renderPortfolioMarkdown',
        'renderReport',
        'renderTemplate',
        'renderCouncilTemplate',
        'summarisePortfolio',
      ].sort(),
    );
  });
});
