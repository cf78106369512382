/** `kil batch` end to end, on a folder that mixes good, partly answered and broken contracts. */
import { parse } from 'csv-parse/sync';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../src/cli/commands/batch.js';
import { coresBusyElsewhere, sampleCpu, SHORTEST_STRETCH_MS } from '../src/cli/cpu-busy.js';
import { REPORT_MARKER } from '../src/render/report.js';
import { EXAMPLES_DIR, exampleNames, exampleText, MINIMAL_CONTRACT, ROOT, runCli, tempDir } from './helpers.js';

/** contracts/ with the four examples (one in a sub-folder), two broken files and a non-YAML file. */
function mixedFolder(): string {
  const dir = tempDir();
  const contracts = join(dir, 'contracts');
  mkdirSync(join(contracts, 'north'), { recursive: true });
  for (const name of exampleNames()) copyFileSync(join(EXAMPLES_DIR, name), join(contracts, name === 'small-vcse-grant.yaml' ? `north/${name}` : name));
  writeFileSync(join(contracts, 'broken-syntax.yaml'), 'kil: 1\nprocurement: [\n');
  writeFileSync(join(contracts, 'broken-answer.yml'), MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S1.2: maybe\n'));
  writeFileSync(join(contracts, 'notes.txt'), 'not a contract');
  return dir;
}

const batch = (dir: string, args: string[], input?: string) => runCli(['batch', ...args], { cwd: dir, ...(input !== undefined ? { input } : {}) });

describe('kil batch', () => {
  it('assesses every good file, reports the broken ones, and exits 2', () => {
    const dir = mixedFolder();
    const r = batch(dir, ['contracts', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('contracts/broken-syntax.yaml:3:1: YAML syntax error');
    expect(r.stderr).toContain('contracts/broken-answer.yml:7:9: answer to S1.2 is "maybe"; use yes, partly or no');
    expect(r.stderr).toContain('4 assessed, 2 failed');
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((x) => [x.path, x.status])).toEqual([
      ['contracts/broken-answer.yml', 'failed'],
      ['contracts/broken-syntax.yaml', 'failed'],
      ['contracts/community-mental-health.yaml', 'assessed'],
      ['contracts/draft-youth-services.yaml', 'assessed'],
      ['contracts/north/small-vcse-grant.yaml', 'assessed'],
      ['contracts/regional-outsourcing.yaml', 'assessed'],
    ]);
    const mh = records.find((x) => x.path === 'contracts/community-mental-health.yaml')!;
    expect(mh).toMatchObject({ overall_score: '61.1', band: 'Developing', coverage_pct: '100', S1: '50', P6: '75' });
    expect(Object.keys(mh)).toHaveLength(34); // with council_profile and council_reviewed, empty here
    expect(mh).toMatchObject({ council_profile: '', council_reviewed: '' });
    // What a policy officer sorts and filters on: the value kil tests thresholds against, nation, type, dates.
    expect(mh).toMatchObject({ nation: 'england', contract_type: 'light-touch', value: '1800000', procurement_start: '2026-03-01', start_date: '2026-09-01', cpv: '' });
    expect(mh.service).toBe('Community mental-health and wellbeing support for adults');
    // A provisional contract's band cell says it is provisional: it must not look final.
    const draft = records.find((x) => x.path === 'contracts/draft-youth-services.yaml')!;
    expect(draft).toMatchObject({ band: 'Provisional: too little answered', provisional: 'true', value: '900000', procurement_start: '' });
  });

  it('weighs the portfolio by value as well as by count', () => {
    const dir = mixedFolder();
    const json = JSON.parse(batch(dir, ['contracts', '--format', 'json']).stdout) as {
      portfolio: { mean: number; byValue: { contracts: number; total: number; withoutValue: number; mean: number; bands: { name: string; value: number; pct: number }[] } };
      contracts: { provisional: boolean; score: number; totalValue: number | null; band: string }[];
    };
    // An independent computation over the contracts in the same JSON.
    const finished = json.contracts.filter((c) => !c.provisional && c.totalValue !== null);
    const total = finished.reduce((s, c) => s + c.totalValue!, 0);
    const weighted = finished.reduce((s, c) => s + c.score * c.totalValue!, 0) / total;
    const v = json.portfolio.byValue;
    expect(v).toMatchObject({ contracts: 3, total, withoutValue: 0, mean: Math.round(weighted * 10) / 10 });
    expect(v.mean).not.toBe(json.portfolio.mean); // the large low-scoring outsourcing weighs more by value than by count
    for (const b of v.bands) expect(b.value).toBe(finished.filter((c) => c.band === b.name).reduce((s, c) => s + c.totalValue!, 0));
    expect(v.bands.reduce((s, b) => s + b.pct, 0)).toBeCloseTo(100, 0);
    const table = batch(dir, ['contracts']).stdout;
    expect(table).toContain(`By value: £${(total / 1e6).toFixed(2)}m in 3 (mean ${v.mean} weighted by value): Not local yet ${v.bands[0]!.pct}%`);
  });

  it('with --format html writes each contract\'s report as an HTML page, and portfolio.html links to the pages', () => {
    const dir = mixedFolder();
    const out = join(dir, 'out');
    batch(dir, ['contracts', '--format', 'html', '--out-dir', out, '-q']);
    const reports = readdirSync(out).filter((f) => f.includes('.report.'));
    expect(reports).toHaveLength(4);
    for (const f of reports) {
      expect(f).toMatch(/\.report\.html$/);
      expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<!-- generated by kil[^\n]*-->\n<!DOCTYPE html>/);
    }
    const links = [...readFileSync(join(out, 'portfolio.html'), 'utf8').matchAll(/href="([^"#]+)"/g)].map((x) => x[1]!);
    expect(new Set(links)).toEqual(new Set(reports));
    // Without it the reports stay markdown.
    const md = join(dir, 'md');
    batch(dir, ['contracts', '--out-dir', md, '-q']);
    expect(readdirSync(md).filter((f) => f.includes('.report.')).every((f) => f.endsWith('.report.md'))).toBe(true);
  });

  it('exits 0 when every file is assessed, 1 when one is below --fail-under', () => {
    const dir = mixedFolder();
    const good = ['contracts/community-mental-health.yaml', 'contracts/north'];
    expect(batch(dir, [...good, '--format', 'csv']).code).toBe(0);
    const low = batch(dir, [...good, '--format', 'csv', '--fail-under', '62']);
    expect(low.code).toBe(1);
    expect(low.stderr).toContain('contracts/community-mental-health.yaml: 61.1 is below --fail-under 62\n1 contract below --fail-under 62\n');
    // A failed file wins over a low score: the results are incomplete.
    expect(batch(dir, ['contracts', '--format', 'csv', '--fail-under', '60']).code).toBe(2);
  });

  it('names the contracts below --fail-under, ten of them, then counts the rest', () => {
    const dir = tempDir();
    const low = exampleText('regional-outsourcing.yaml'); // scores 16.1
    for (let i = 1; i <= 12; i++) writeFileSync(join(dir, `low-${String(i).padStart(2, '0')}.yaml`), low);
    copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(dir, 'high.yaml'));
    const r = batch(dir, ['.', '--format', 'csv', '--fail-under', '40']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(-12)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `low-${String(i + 1).padStart(2, '0')}.yaml: 16.1 is below --fail-under 40`),
      '... and 2 more',
      '12 contracts below --fail-under 40',
    ]);
    expect(r.stderr).not.toContain('high.yaml');
  });

  it('passes --fail-under at exactly the score, and fails just above it', () => {
    const dir = mixedFolder();
    const one = ['contracts/community-mental-health.yaml', '--format', 'csv']; // scores 59
    expect(parse(batch(dir, one).stdout, { columns: true })[0]).toMatchObject({ overall_score: '61.1' });
    expect(batch(dir, [...one, '--fail-under', '61.1']).code).toBe(0);
    const above = batch(dir, [...one, '--fail-under', '61.2']);
    expect(above.code).toBe(1);
    expect(above.stderr).toContain('1 contract below --fail-under 61.2');
  });

  it('neutralises spreadsheet formulas in the path and error of a failed file', () => {
    const dir = tempDir();
    const names = ['=HYPERLINK.yaml', '+SUM.yaml', '-x.yaml', '@cmd.yaml'];
    for (const name of names) writeFileSync(join(dir, name), 'kil: 1\nprocurement: [\n');
    const r = batch(dir, ['.', '--format', 'csv', '-q']);
    expect(r.code).toBe(2);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((x) => [x.path, x.status])).toEqual([...names].sort().map((n) => [`'${n}`, 'failed']));
    for (const x of records) expect(x.error!.startsWith(`${x.path}:3:1: YAML syntax error`), x.error).toBe(true);
  });

  it('reads paths from stdin with -', () => {
    const dir = mixedFolder();
    const r = batch(dir, ['-', '--format', 'json'], 'contracts/regional-outsourcing.yaml\n\ncontracts/north/small-vcse-grant.yaml\n');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.portfolio.ranking.map((x: { path: string }) => x.path)).toEqual(['contracts/regional-outsourcing.yaml', 'contracts/north/small-vcse-grant.yaml']);
  });

  it('expands globs itself and reports arguments that name nothing', () => {
    const dir = mixedFolder();
    const r = batch(dir, ['contracts/*-*.yaml', 'missing.yaml', 'nothing/*.yaml', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml:1:1: no such file or folder');
    expect(r.stderr).toContain('nothing/*.yaml:1:1: the pattern matches no files');
    const paths = (parse(r.stdout, { columns: true }) as { path: string }[]).map((x) => x.path);
    expect(paths).toContain('contracts/community-mental-health.yaml');
    expect(paths).not.toContain('contracts/north/small-vcse-grant.yaml');
  });

  it('gives JSON with every contract and the portfolio figures', () => {
    const dir = mixedFolder();
    const doc = JSON.parse(batch(dir, ['contracts', '--format', 'json']).stdout);
    expect(doc).toMatchObject({ generator: 'kil', kind: 'portfolio', format: 1 });
    expect(doc.contracts).toHaveLength(4);
    expect(doc.portfolio).toMatchObject({ assessed: 4, failed: 2 });
    expect(doc.portfolio.areas).toHaveLength(11);
    expect(doc.portfolio.failures.map((f: { path: string }) => f.path)).toEqual(['contracts/broken-answer.yml', 'contracts/broken-syntax.yaml']);
  });

  it('prints a table by default and markdown with --format md', () => {
    const dir = mixedFolder();
    const table = batch(dir, ['contracts']).stdout;
    expect(table.split('\n')[0]).toMatch(/^SCORE\s+BAND\s+COVERAGE\s+CONTRACT$/);
    expect(table).toMatch(/FAILED\s+contracts\/broken-syntax\.yaml/);
    expect(table).toContain('4 assessed, 2 failed');
    const md = batch(dir, ['contracts', '--format', 'md']).stdout;
    expect(md.startsWith(REPORT_MARKER)).toBe(true);
    expect(md).toContain('## Contracts from least to most local');
  });

  it('writes one report per contract, and portfolio.md (its charts as images) and portfolio.html with links to them', () => {
    const dir = mixedFolder();
    const r = batch(dir, ['contracts', '--out-dir', 'out', '--format', 'csv']);
    expect(r.code).toBe(2);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual([
      'contracts__community-mental-health.report.md',
      'contracts__draft-youth-services.report.md',
      'contracts__north__small-vcse-grant.report.md',
      'contracts__regional-outsourcing.report.md',
      'portfolio-bands.svg',
      'portfolio-heatmap.svg',
      'portfolio.html',
      'portfolio.md',
    ]);
    const portfolio = readFileSync(join(dir, 'out', 'portfolio.md'), 'utf8');
    expect(portfolio).toContain('[County-wide integrated wellbeing and prevention service](contracts__regional-outsourcing.report.md)');
    expect(portfolio).toContain('contracts/broken-syntax.yaml');
    expect(portfolio).toContain('](portfolio-bands.svg)');
    expect(portfolio).toContain('](portfolio-heatmap.svg)');
    const html = readFileSync(join(dir, 'out', 'portfolio.html'), 'utf8');
    expect(html.startsWith(REPORT_MARKER)).toBe(true);
    expect(html).toContain('<a href="contracts__regional-outsourcing.report.md">County-wide integrated wellbeing and prevention service</a>');
    for (const svg of ['portfolio-bands.svg', 'portfolio-heatmap.svg']) expect(readFileSync(join(dir, 'out', svg), 'utf8').startsWith(`${REPORT_MARKER}\n<svg `)).toBe(true);
    // The same portfolio on stdout; the markdown without the chart files it cannot link to.
    // With --format html the reports are pages; stdout is the portfolio.html written beside them.
    const asPages = batch(dir, ['contracts', '--format', 'html', '--out-dir', 'pages']).stdout;
    expect(asPages).toBe(readFileSync(join(dir, 'pages', 'portfolio.html'), 'utf8'));
    expect(asPages).toBe(html.replaceAll('.report.md"', '.report.html"'));
    expect(batch(dir, ['contracts', '--format', 'md']).stdout).not.toContain('.svg');
  });

  it('is byte-for-byte deterministic across runs', () => {
    const dir = mixedFolder();
    const first = ['csv', 'json', 'md', 'html', 'table'].map((f) => batch(dir, ['contracts', '--format', f, '--out-dir', 'out1']).stdout);
    const second = ['csv', 'json', 'md', 'html', 'table'].map((f) => batch(dir, ['contracts', '--format', f, '--out-dir', 'out2']).stdout);
    expect(second).toEqual(first);
    for (const f of readdirSync(join(dir, 'out1'))) expect(readFileSync(join(dir, 'out2', f))).toEqual(readFileSync(join(dir, 'out1', f)));
  });

  it('gives the same bytes on worker threads as in one thread, failures included', () => {
    const dir = mixedFolder();
    // Enough files that each worker gets several chunks, so order could go wrong if it were not kept.
    for (let i = 0; i < 80; i++) copyFileSync(join(dir, 'contracts', 'draft-youth-services.yaml'), join(dir, 'contracts', `copy-${String(i).padStart(2, '0')}.yaml`));
    for (const format of ['csv', 'json']) {
      const one = batch(dir, ['contracts', '--format', format, '--jobs', '1', '--out-dir', 'one']);
      const two = batch(dir, ['contracts', '--format', format, '--jobs', '2', '--out-dir', 'two']);
      expect(two.code).toBe(2);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr.replace('reports in one', 'reports in two'));
    }
    // Compared as text with toBe: toEqual on Buffers walks them byte by byte and took most of the time.
    for (const f of readdirSync(join(dir, 'one'))) expect(readFileSync(join(dir, 'two', f), 'latin1'), f).toBe(readFileSync(join(dir, 'one', f), 'latin1'));
    expect(batch(dir, ['contracts', '--jobs', '0']).code).toBe(2);
  }, 60_000);

  it('does not overwrite files in --out-dir that kil did not write', () => {
    const dir = mixedFolder();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'portfolio.md'), 'my notes');
    const r = batch(dir, ['contracts/north', '--out-dir', 'out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/portfolio\.md already exists and was not written by kil/);
    expect(readFileSync(join(dir, 'out', 'portfolio.md'), 'utf8')).toBe('my notes');
  });

  it('does not overwrite a portfolio.html or portfolio chart kil did not write, and writes nothing when one is there', () => {
    for (const name of ['portfolio.html', 'portfolio-bands.svg', 'portfolio-heatmap.svg']) {
      const dir = mixedFolder();
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', name), '<svg>mine</svg>');
      const r = batch(dir, ['contracts/north', '--out-dir', 'out']);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`${name} already exists and was not written by kil`);
      expect(readdirSync(join(dir, 'out'))).toEqual([name]);
      expect(readFileSync(join(dir, 'out', name), 'utf8')).toBe('<svg>mine</svg>');
      // Written by kil: replaced without --force.
      writeFileSync(join(dir, 'out', name), `${REPORT_MARKER}\nwritten by an earlier kil`);
      expect(batch(dir, ['contracts/north', '--out-dir', 'out']).code, name).toBe(0);
      expect(readFileSync(join(dir, 'out', name), 'utf8')).not.toContain('written by an earlier kil');
    }
  });

  it('keeps stdout for the product only', () => {
    const dir = mixedFolder();
    const r = batch(dir, ['contracts', '--format', 'csv', '-q']);
    expect(r.stderr.split('\n').filter(Boolean).every((l) => /^contracts\/broken-/.test(l))).toBe(true);
    expect(r.stdout.split('\n')[0]).toMatch(/^path,status,title/);
  });

  it('refuses to run with nothing to assess', () => {
    const dir = tempDir();
    expect(batch(dir, []).code).toBe(2);
    mkdirSync(join(dir, 'empty'));
    expect(batch(dir, ['empty']).stderr).toMatch(/no \*\.yaml or \*\.yml files found in empty/);
  });
});

describe('the default number of threads', () => {
  // A worker costs about a third of a second to load: below 1,000 files a thread it made a batch
  // slower, not faster (kil 0.1.0 started one per core from 256 files).
  it('is one thread per 2,500 files, at most one per core and 8 in all', () => {
    expect(defaultThreads(100, 2)).toBe(1);
    expect(defaultThreads(2000, 2)).toBe(1); // measured: two threads no faster on 2 cores
    expect(defaultThreads(4999, 2)).toBe(1);
    expect(defaultThreads(5000, 2)).toBe(2);
    expect(defaultThreads(50_000, 2)).toBe(2);
    expect(defaultThreads(8000, 8)).toBe(3);
    expect(defaultThreads(50_000, 16)).toBe(8);
    expect(defaultThreads(50_000, 1)).toBe(1);
    expect(defaultThreads(0, 4)).toBe(1);
  });

  it('measures the cores other processes keep busy as kil starts: the machine\'s busy CPU time less its own, over the stretch', () => {
    const at = (ms: number, machineBusyMs: number, ownMs: number) => ({ at: ms, machineBusyMs, ownMs });
    expect(coresBusyElsewhere(at(0, 5000, 100), at(200, 5200, 300))).toBe(0); // only kil ran
    expect(coresBusyElsewhere(at(0, 5000, 100), at(200, 5400, 300))).toBe(1); // one other busy core
    expect(coresBusyElsewhere(at(0, 5000, 100), at(500, 6250, 350))).toBe(2);
    expect(coresBusyElsewhere(at(0, 5000, 100), at(200, 5190, 300))).toBe(0); // ticks counted late: never below 0
    expect(coresBusyElsewhere(at(0, 5000, 100), at(SHORTEST_STRETCH_MS - 1, 5100, 120))).toBeUndefined(); // too short to tell
    // On this machine: kil's own busy loop is not counted as other work.
    const before = sampleCpu();
    // Busy until kil itself has used 150 ms of CPU (not 150 ms of wall time: on a loaded machine
    // the loop gets less than a core), or 5 s have passed.
    const cpuAtStart = process.cpuUsage();
    const giveUp = performance.now() + 5000;
    while (performance.now() < giveUp) {
      const used = process.cpuUsage(cpuAtStart);
      if ((used.user + used.system) / 1000 >= 150) break;
    }
    const after = sampleCpu();
    expect(after.ownMs - before.ownMs).toBeGreaterThan(100);
    expect(after.machineBusyMs).toBeGreaterThanOrEqual(before.machineBusyMs);
    expect(coresBusyElsewhere(before, after)).toBeGreaterThanOrEqual(0);
  });

  it('leaves out the cores other work keeps busy', () => {
    expect(defaultThreads(50_000, 2, 0.3)).toBe(2);
    expect(defaultThreads(50_000, 2, 1)).toBe(1); // one other busy process on two cores
    expect(defaultThreads(50_000, 2, 3.4)).toBe(1);
    expect(defaultThreads(50_000, 8, 3)).toBe(5);
    expect(defaultThreads(50_000, 8, -1)).toBe(8); // a nonsense load is no load
    expect(defaultThreads(100, 8, 0)).toBe(1);
  });
});

describe('a portfolio of imported notices reads by title and buyer, not by file name (issue 24, item 5)', () => {
  it('the table, portfolio.md and portfolio.html name each contract and its buyer, with its value', () => {
    const dir = tempDir();
    const fixtures = join(ROOT, 'test', 'fixtures', 'ocds');
    const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.json')).map((f) => join(fixtures, f));
    expect(runCli(['import', 'ocds', ...inputs, '--out-dir', join(dir, 'imported')]).code).toBe(0);
    const out = join(dir, 'out');
    const r = runCli(['batch', 'imported', '--out-dir', out, '--format', 'json'], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { contracts: { path: string; title: string; buyer: string; totalValue: number | null }[] };
    expect(doc.contracts.length).toBeGreaterThan(3);
    const table = runCli(['batch', 'imported'], { cwd: dir }).stdout;
    const md = readFileSync(join(out, 'portfolio.md'), 'utf8');
    const html = readFileSync(join(out, 'portfolio.html'), 'utf8');
    for (const c of doc.contracts) {
      // Each line of the table starts the contract's own words, then the file.
      const line = table.split('\n').find((l) => l.endsWith(`: ${c.path}`))!;
      expect(line, c.path).toContain(`${c.title.slice(0, 30)}`);
      expect(line).toContain(`, ${c.buyer.slice(0, 30)}`);
      expect(md).toContain(`| ${c.buyer.slice(0, 20)}`);
      expect(html).toContain(`<td>${c.buyer.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 20)}`);
    }
    // The value column: a stated value in money, a missing one said so (never £0).
    for (const c of doc.contracts) if (c.totalValue === null) expect(md).toMatch(new RegExp(`\\| ${c.buyer.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^|]* \\| not stated \\|`));
  });
});
