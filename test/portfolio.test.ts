import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodeUnit as byPath } from '../src/model/order-text.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { HEATMAP_ROWS, median, summarisePortfolio } from '../src/portfolio/portfolio.js';
import { reportFileName } from '../src/portfolio/report-name.js';
import { csvHeader, csvRecord, csvRow, neutraliseFormula } from '../src/render/csv.js';
import { contractJson, portfolioJsonChunks, portfolioMarkdownChunks, portfolioTableChunks, renderPortfolioJson, renderPortfolioMarkdown, renderPortfolioTable } from '../src/render/portfolio.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom, exampleNames, exampleText, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();
const rows = exampleNames().map((name) => contractRow(`examples/${name}`, assess(library, contractFrom(exampleText(name))), null, '2026-11-22'));

describe('summarisePortfolio', () => {
  const p = summarisePortfolio(rows, [{ path: 'bad.yaml', errors: ['bad.yaml:1:1: file is empty'], diagnostics: [{ file: 'bad.yaml', line: 1, col: 1, severity: 'error', code: 'empty-file', message: 'file is empty' }] }], library.bands);

  const finished = rows.filter((r) => !r.provisional);
  const provisional = rows.filter((r) => r.provisional);

  it('counts assessed and failed files, the provisional ones, and the finished ones by band', () => {
    expect(p.assessed).toBe(4);
    expect(p.failed).toBe(1);
    expect(provisional.map((r) => r.path)).toEqual(['examples/draft-youth-services.yaml']); // 25% answered
    expect(p.provisional).toBe(1);
    expect(p.bands.map((b) => [b.name, b.count])).toEqual(library.bands.map((b) => [b.name, finished.filter((r) => r.band === b.name).length]));
    expect(p.bands.reduce((s, b) => s + b.count, 0)).toBe(finished.length);
  });

  it('gives the mean and median of the finished contracts\' overall scores', () => {
    const scores = finished.map((r) => r.score).sort((a, b) => a - b);
    expect(scores).toHaveLength(3);
    expect(p.mean).toBe(Math.round((scores.reduce((s, x) => s + x, 0) / 3) * 10) / 10);
    expect(p.median).toBe(scores[1]);
  });

  it('lists every area with its mean, weakest first', () => {
    expect(p.areas).toHaveLength(11);
    const means = p.areas.map((a) => a.mean!);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    // Of the finished contracts only, as the headline mean is (issue 25: provisional ones were counted).
    const s1 = finished.map((r) => r.areas.find((a) => a.id === 'S1')!.score!);
    expect(finished).toHaveLength(3);
    expect(p.areas.find((a) => a.id === 'S1')!.mean).toBe(Math.round((s1.reduce((s, x) => s + x, 0) / 3) * 10) / 10);
    expect(p.areas.find((a) => a.id === 'S1')!.contracts).toBe(3);
  });

  it('ranks finished contracts from least to most local, and provisional ones apart', () => {
    expect(p.ranking.map((r) => r.path)).toEqual([...finished].sort((a, b) => a.score - b.score).map((r) => r.path));
    expect(p.provisionalRanking.map((r) => r.path)).toEqual(['examples/draft-youth-services.yaml']);
  });

  it('counts recurring recommendations by the contracts that have them in their top five', () => {
    const top = p.recurring[0]!;
    // Of the finished contracts: a provisional one is out of the figures (its top entries are "answer this question").
    expect(rows.some((r) => r.provisional && r.topRecommendations.some((x) => x.questionId === top.questionId))).toBe(true);
    const count = rows.filter((r) => !r.provisional && r.topRecommendations.some((x) => x.questionId === top.questionId)).length;
    expect(top.contracts).toBe(count);
    expect(p.recurring.map((r) => r.contracts)).toEqual([...p.recurring.map((r) => r.contracts)].sort((a, b) => b - a));
  });

  it('lists each recurring question once, whatever advice text each contract got (issue 25: P1.1 three times)', () => {
    const withAdvice = (r: (typeof rows)[number], text: string) => ({ ...r, provisional: false, topRecommendations: [{ questionId: 'P1.1', areaTitle: 'Principle 1', do: text, points: 2, hasAction: false }] });
    const q = summarisePortfolio([withAdvice(rows[0]!, 'Bring in the ICB'), withAdvice(rows[1]!, 'Pool budgets'), withAdvice(rows[2]!, 'Pool budgets')], [], library.bands);
    expect(q.recurring).toEqual([{ questionId: 'P1.1', areaTitle: 'Principle 1', do: 'Pool budgets', contracts: 3 }]);
  });

  it('handles an empty portfolio', () => {
    const empty = summarisePortfolio([], [], library.bands);
    expect(empty).toMatchObject({ assessed: 0, mean: null, median: null, ranking: [], recurring: [] });
  });

  it('takes the median of odd and even counts', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([1, 2, 3, 9])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('reportFileName', () => {
  it('keeps names flat and safe, whatever the path', () => {
    const used = new Set<string>();
    expect(reportFileName('contracts/2026/a.yaml', used)).toBe('contracts__2026__a.report.md');
    expect(reportFileName('../../etc/passwd', used)).toBe('up__up__etc__passwd.report.md');
    expect(reportFileName('/abs/path/x.yml', used)).toBe('abs__path__x.report.md');
    expect(reportFileName('.hidden/ä b;c.yaml', used)).toBe('_hidden___b_c.report.md');
  });

  it('never repeats a name and never takes portfolio.md', () => {
    const used = new Set<string>();
    expect(reportFileName('a/b.yaml', used)).toBe('a__b.report.md');
    expect(reportFileName('a__b.yaml', used)).toBe('a__b-2.report.md');
    expect(reportFileName('A/B.yaml', used)).toBe('A__B-3.report.md');
  });
});

describe('CSV', () => {
  it('neutralises spreadsheet formulas', () => {
    for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    expect(neutraliseFormula('Council')).toBe('Council');
  });

  it('has one column per area and quotes text', () => {
    const areas = library.rubrics.flatMap((r) => r.rubric.areas.map((a) => ({ id: a.id, title: a.title })));
    expect(csvHeader(areas).trim().split(',')).toHaveLength(21 + 11 + 2); // + council_profile, council_reviewed
    const row = { ...rows[0]!, title: 'A, "quoted" title' };
    expect(csvRow(row, areas)).toContain('"A, ""quoted"" title"');
  });

  it('quotes every cell exactly as csv-stringify did (kil 0.1.0 wrote rows with it)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '£', "'", '=', '\t', ';') }));
    const cells = fc.array(fc.oneof(text, fc.double(), fc.integer(), fc.constant('')), { maxLength: 8 });
    // Cells with a semicolon are quoted too (a semicolon-locale spreadsheet would split them).
    for (const record of fc.sample(cells, { numRuns: 5_000, seed: 15 })) expect(csvRecord(record), JSON.stringify(record)).toBe(stringify([record], { quoted_match: /;/ }));
    expect(csvRecord(['x;=1+1', 'plain'])).toBe('"x;=1+1",plain\n');
    // Through the CLI: a title that a semicolon-locale spreadsheet would split into a formula.
    const dir = tempDir();
    writeFileSync(join(dir, 'c.yaml'), exampleText('small-vcse-grant.yaml').replace(/^ {2}title: .*$/m, '  title: "x;=1+1"'));
    expect(runCli(['batch', 'c.yaml', '--format', 'csv'], { cwd: dir }).stdout).toMatch(/^c\.yaml,assessed,"x;=1\+1",/m);
  });
});

describe('the heatmap of a large portfolio', () => {
  // The accumulator keeps area scores only for contracts that may still be shown: what it shows
  // must be what keeping every contract's would show, whatever the order the contracts come in.
  it('shows the same rows as a full sort of every contract would, with their area scores', () => {
    const shapes = fc.array(fc.record({ base: fc.nat(rows.length - 1), score: fc.integer({ min: 0, max: 20 }), coverage: fc.integer({ min: 0, max: 3 }), provisional: fc.boolean(), path: fc.nat(60), shift: fc.integer({ min: -5, max: 5 }) }), { minLength: 20, maxLength: 160, size: 'max' });
    fc.assert(
      fc.property(shapes, (shape) => {
        const seen = new Set<string>();
        const picked = shape
          .map((x, i) => {
            const r = rows[x.base]!;
            const areas = r.areas.map((a, k) => ({ ...a, score: a.score === null ? null : a.score + x.shift + k }));
            return { ...r, path: `p${x.path}/${i % 3}`, score: x.score, coveragePct: x.coverage * 25, provisional: x.provisional, areas };
          })
          .filter((r) => !seen.has(r.path) && seen.add(r.path));
        const p = summarisePortfolio(picked, [], library.bands);
        const finished = picked.filter((r) => !r.provisional).sort((a, b) => a.score - b.score || byPath(a.path, b.path));
        const provisional = picked.filter((r) => r.provisional).sort((a, b) => a.coveragePct - b.coveragePct || a.score - b.score || byPath(a.path, b.path));
        const shown = [...finished, ...provisional].slice(0, HEATMAP_ROWS);
        const expected = shown.map((r) => ({ path: r.path, score: r.score, provisional: r.provisional, scores: p.areas.map((a) => r.areas.find((x) => x.id === a.id)?.score ?? null) }));
        expect(p.heatmap.rows.map(({ title: _t, ...row }) => row)).toEqual(expected);
        expect(p.heatmap.notShown).toBe(Math.max(0, picked.length - HEATMAP_ROWS));
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe('the portfolio written in pieces', () => {
  // A batch writes the portfolio as it makes it, so that 50,000 contracts are never one string:
  // the pieces must make exactly the text the whole-string renderers make.
  const meta = { date: '2026-11-22', toolVersion: 'test' };
  const failure = (path: string, error: string) => ({ path, errors: [error], diagnostics: [] });
  const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', '|', '*', '<', '\u001b', '  ', '-') }));
  const portfolios = fc.sample(
    fc.record({
      picked: fc.subarray(rows),
      titles: fc.array(text, { minLength: 4, maxLength: 4 }),
      copies: fc.integer({ min: 0, max: 3 }),
      failures: fc.array(fc.tuple(text, text), { maxLength: 3 }),
    }),
    { numRuns: 300, seed: 3 },
  );

  it('markdown, table and JSON pieces join to the same text as the whole-string renderers', () => {
    const cases = [{ picked: [] as typeof rows, titles: [], copies: 0, failures: [] as [string, string][] }, { picked: rows, titles: [], copies: 400, failures: [] }, ...portfolios];
    for (const c of cases) {
      const picked = Array.from({ length: c.copies + 1 }, (_, k) => c.picked.map((r, i) => ({ ...r, path: `${k}/${r.path}`, title: c.titles[i] ?? r.title }))).flat();
      const failures = c.failures.map(([path, error]) => failure(path, error));
      const p = summarisePortfolio(picked, failures, library.bands);
      expect([...portfolioMarkdownChunks(p, meta)].join('')).toBe(renderPortfolioMarkdown(p, meta));
      expect([...portfolioTableChunks(p)].join('')).toBe(renderPortfolioTable(p));
      const contracts = { count: picked.length, text: [picked.map(contractJson).join(',\n')] };
      expect([...portfolioJsonChunks(p, meta, contracts)].join('')).toBe(renderPortfolioJson(p, picked, meta));
    }
  });

  it('the markdown is the text kil 0.1.0 wrote: blank runs folded to one, the end trimmed', () => {
    const p = summarisePortfolio(rows, [failure('bad.yaml', 'bad.yaml:1:1: file is empty')], library.bands);
    const md = [...portfolioMarkdownChunks(p, meta)].join('');
    expect(md).not.toMatch(/\n\n\n/);
    expect(md.endsWith('file is empty\n')).toBe(true);
    expect(md.split('\n').filter((l) => l.startsWith('|')).length).toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------------------------------------
// Sabotage audit: each test below fails when the promise it names is broken on purpose.

describe('sabotage audit: the portfolio weighted by value (byValue)', () => {
  const finished = rows.filter((r) => !r.provisional);
  const provisional = rows.filter((r) => r.provisional);
  const round1 = (n: number) => Math.round(n * 10) / 10;

  it('counts the finished contracts without a value and leaves them out of the figures (a provisional one is in neither)', () => {
    const valued = [{ ...finished[0]!, totalValue: null }, { ...finished[1]!, totalValue: 1000 }, { ...finished[2]!, totalValue: 3000 }];
    const p = summarisePortfolio([...valued, ...provisional.map((r) => ({ ...r, totalValue: null }))], [], library.bands);
    expect(p.byValue).toMatchObject({ contracts: 2, total: 4000, withoutValue: 1, mean: round1((finished[1]!.score * 1000 + finished[2]!.score * 3000) / 4000) });
    expect(p.byValue.bands.reduce((s, b) => s + b.value, 0)).toBe(4000);
  });

  it('all worth £0: no mean and no shares (null, "n/a"), never NaN', () => {
    const p = summarisePortfolio(finished.map((r) => ({ ...r, totalValue: 0 })), [], library.bands);
    expect(p.byValue).toMatchObject({ contracts: 3, total: 0, withoutValue: 0, mean: null });
    for (const b of p.byValue.bands) expect(b).toMatchObject({ value: 0, pct: null });
    expect(renderPortfolioMarkdown(p, { date: '2026-11-22', toolVersion: 'test' })).not.toContain('NaN');
  });
});
