/**
 * Tests written by the third sabotage audit (scoring, rendering, compare, law, interview parsing,
 * validity, loading, OCDS mapping): each fails on a small planted bug that no other test caught,
 * and holds a promise the docs make or a user relies on. Every expectation is about behaviour
 * (scores, statuses, advice, outputs, exit codes), not about how the code gets there.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compareResults } from '../src/compare/compare.js';
import { FACT_FIELDS, parseNumber } from '../src/interview/fields.js';
import type { RubricLibrary } from '../src/load/rubrics.js';
import type { Question } from '../src/model/rubric.js';
import { areaChart } from '../src/render/svg/chart-areas.js';
import type { Assessment, QuestionResult } from '../src/score/result.js';
import { assess } from '../src/score/score.js';
import { attr, byClass, byTag, parseSvg } from './html-dom.js';
import { builtInLibrary, contractFrom, editedLibrary, exampleText, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();
const questionsOf = (a: Assessment): QuestionResult[] => a.rubrics.flatMap((r) => r.areas.flatMap((area) => area.questions));
const question = (a: Assessment, id: string): QuestionResult => questionsOf(a).find((q) => q.id === id)!;

/** A contract file: the procurement lines (indented two spaces) and the answers lines (two spaces). */
const contractText = (procurement: string, answers = ''): string => `kil: 1
procurement:
  title: Audit service
  buyer: { name: Audit Council, type: sub-central, nation: england }
  contract_type: services
${procurement}answers:${answers ? `\n${answers}` : ' {}\n'}`;

describe('facts beat self-report', () => {
  it('a hand answer to a question the facts settle is not scored: the fact is', () => {
    // S3.2 (days bidders have) is derived from tender_window_days: 15 days scores 0 whatever the file claims.
    const facts = '  tender_window_days: 15\n';
    const withClaim = assess(library, contractFrom(contractText(facts, '  S3.2: 60\n')));
    const without = assess(library, contractFrom(contractText(facts)));
    expect(question(withClaim, 'S3.2')).toMatchObject({ status: 'derived', value: 15, score: 0, basis: 'derived' });
    expect(withClaim.overall.score).toBe(without.overall.score);
  });
});

describe('P2.1 counts the place\'s own neighbourhoods', () => {
  it('a lot naming a neighbourhood outside place.neighbourhoods does not count as one of them', () => {
    const procurement = `  place: { name: Town, neighbourhoods: [North, South, East, West] }
  lots:
    - { id: a, neighbourhood: Elsewhere }
    - { id: b, neighbourhood: Riverside }
    - { id: c, neighbourhood: north }
`;
    const p21 = question(assess(library, contractFrom(contractText(procurement))), 'P2.1');
    // One of the four (North, matched without regard to case); the other two lots are outside the place.
    expect(p21).toMatchObject({ status: 'derived', value: 25 });
  });
});

describe('law-dependent advice (when_law, unless_law)', () => {
  // S4.3's advice for a single lot below the threshold: reserve the competition where the law gives
  // the power (when_law), else divide it into lots (unless_law). The order the rubric lists them in
  // must not matter: a council may list the unless_law one first.
  const RESERVE = /Reserve the competition/;
  const DIVIDE = /Divide the contract into lots/;
  const unlessFirst = (() => {
    const divide = '          - up_to: 50\n            unless_law: [below-threshold-reservation]\n            do: Divide the contract into lots[[ ({law:lots-duty} asks the buyer to consider them)]], or publish the reasons for keeping it as one.\n';
    return editedLibrary(
      ['five-steps.yaml', divide, ''],
      ['five-steps.yaml', '        recommendations:\n          - up_to: 50\n            when_law: [below-threshold-reservation]', `        recommendations:\n${divide}          - up_to: 50\n            when_law: [below-threshold-reservation]`],
    );
  })();
  // A £100,000 service let by an English council: below the threshold, one lot.
  const small = (start: string) => contractText(`  value: { amount: 100000, currency: GBP, vat: exempt, includes_extensions: true }\n  procurement_start: ${start}\n`);

  it('gives the when_law advice where the law gives the power, whichever is listed first', () => {
    for (const lib of [library, unlessFirst]) {
      const s43 = question(assess(lib, contractFrom(small('2026-03-01'), lib)), 'S4.3');
      expect(s43.value).toBe('single-lot-below-threshold');
      expect(s43.recommendation?.do).toMatch(RESERVE);
      expect(s43.recommendation?.do).not.toMatch(DIVIDE);
    }
  });

  it('gives the unless_law advice where the law does not (before the reservation Order)', () => {
    for (const lib of [library, unlessFirst]) {
      const s43 = question(assess(lib, contractFrom(small('2025-09-01'), lib)), 'S4.3');
      expect(s43.recommendation?.do).toMatch(DIVIDE);
      expect(s43.recommendation?.do).not.toMatch(RESERVE);
    }
  });
});

/** A valid answer for any question: the lowest of its scale, options or range. */
function lowestAnswer(q: Question): string {
  switch (q.type) {
    case 'yes_no':
      return '"no"';
    case 'maturity':
      return '0';
    case 'choice':
      return JSON.stringify(q.options[0]!.value);
    case 'number':
      return String(q.range.min);
  }
}

describe('provisional results name the fewest questions to answer', () => {
  // England: 36 of the 38 questions apply, so a line of 75% is reached exactly at 27 answered (75.0%).
  const lib: RubricLibrary = editedLibrary(['set.yaml', 'provisional_below_coverage: 70', 'provisional_below_coverage: 75']);
  const answering = (ids: readonly string[]) =>
    assess(lib, contractFrom(contractText('', ids.map((id) => `  ${id}: ${lowestAnswer(lib.questions.get(id)!.question)}`).join('\n')), lib));

  it('when the line can be met exactly, answering the named questions meets it and one fewer does not', () => {
    const a = answering([]);
    expect(a.overall.coverage.total - a.overall.coverage.notApplicable).toBe(36);
    expect(a.overall.provisional).toBe(true);
    const named = a.overall.toAnswer;
    expect(answering(named).overall.coverage.pct).toBe(75);
    expect(answering(named.slice(0, -1)).overall.coverage.pct).toBeLessThan(75);
  });
});

describe('the chart marks the band thresholds on every bar', () => {
  it('each bar carries a dashed mark at each band start between 0 and 100, where that share of the bar ends', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    const inner = library.bands.map((b) => b.min).filter((min) => min > 0 && min < 100);
    expect(inner).toEqual([40, 70]);
    const bars = byClass(parseSvg(areaChart(a, library.bands).svg).doc, 'kil-bar');
    expect(bars).toHaveLength(11);
    for (const bar of bars) {
      // The bar's track: the first rectangle, the whole 0-100 width.
      const track = byTag(bar, 'rect')[0]!;
      const [x, width] = [Number(attr(track, 'x')), Number(attr(track, 'width'))];
      const marks = byTag(bar, 'line')
        .filter((l) => attr(l, 'stroke-dasharray') !== undefined)
        .map((l) => Math.round(((Number(attr(l, 'x1')) - x) / width) * 100));
      expect(marks.sort((p, q) => p - q)).toEqual(inner);
    }
  });
});

describe('kil compare', () => {
  const EXAMPLE = exampleText('community-mental-health.yaml');
  const compare = (before: string, after: string) =>
    compareResults(
      { label: 'before.yaml', assessedOn: '2026-11-22', result: assess(library, contractFrom(before)) },
      { label: 'after.yaml', assessedOn: '2026-11-22', result: assess(library, contractFrom(after)) },
    );

  it('lists an answer that changed even when its score did not', () => {
    // 21 and 25 days are in the same S3.2 band (20 to 29: 50).
    const c = compare(EXAMPLE, EXAMPLE.replace('  tender_window_days: 21\n', '  tender_window_days: 25\n'));
    expect(c.overall.change).toBe(0);
    expect(c.questions.map((q) => [q.id, q.before.value, q.after.value, q.before.score, q.after.score, q.points])).toEqual([['S3.2', 21, 25, 50, 50, 0]]);
  });

  it('counts as "from coverage" only points of questions answered on one side and not the other', () => {
    // Before: S3.2 answered by hand (40 days, 100); after: the fact (21 days, 50). Answered on both sides.
    const byHand = EXAMPLE.replace('  tender_window_days: 21\n', '').replace('answers:\n', 'answers:\n  S3.2: 40\n');
    const c = compare(byHand, EXAMPLE);
    const s32 = c.questions.find((q) => q.id === 'S3.2')!;
    expect(s32.before).toMatchObject({ status: 'answered', score: 100 });
    expect(s32.after).toMatchObject({ status: 'derived', score: 50 });
    expect(s32.points).toBeLessThan(0);
    expect(c.fromCoverage).toBe(0);
  });
});

describe('the interview takes a number at either bound of its field', () => {
  it('accepts the minimum and the maximum themselves, and refuses one past the maximum', () => {
    const bounded = FACT_FIELDS.flatMap((f) => (f.kind === 'number' && f.max !== undefined ? [f] : []));
    // Percentages (a price-only evaluation is 100%), months, the value and the turnover multiple.
    expect(bounded.map((f) => f.path.join('.'))).toEqual(expect.arrayContaining(['evaluation.price_pct', 'evaluation.social_value_pct', 'duration.initial_months']));
    for (const f of bounded) {
      expect(parseNumber(String(f.max), f), f.path.join('.')).toEqual({ ok: true, value: f.max });
      expect(parseNumber(String(f.min), f), f.path.join('.')).toEqual({ ok: true, value: f.min });
      expect(parseNumber(String(f.max! + 1), f).ok, f.path.join('.')).toBe(false);
    }
  });
});

describe('kil import ocds', () => {
  /** Imports one release through the CLI; the contract file written, and its path. */
  function importOne(release: Record<string, unknown>): { text: string; path: string } {
    const dir = tempDir();
    writeFileSync(join(dir, 'notice.json'), JSON.stringify({ releases: [{ ocid: 'ocds-audit-1', date: '2025-02-20T09:00:00Z', tag: ['tender'], ...release }] }));
    const imported = runCli(['import', 'ocds', join(dir, 'notice.json'), '--out-dir', join(dir, 'out')]);
    expect(imported.code, imported.stderr).toBe(0);
    const [file] = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.yaml'));
    const path = join(dir, 'out', file!);
    return { text: readFileSync(path, 'utf8'), path };
  }

  it('dates the procurement and the tender window from the tender period\'s start, not the publication date (so the law is the one in force when the tender opened)', () => {
    // Published on 20 February 2025 (PCR 2015), open for tenders from 24 February (the Procurement Act 2023) to 31 March.
    const { text, path } = importOne({
      tender: { title: 'Day services', datePublished: '2025-02-20T09:00:00Z', tenderPeriod: { startDate: '2025-02-24T09:00:00Z', endDate: '2025-03-31T12:00:00Z' } },
    });
    expect(text).toMatch(/^ {2}procurement_start: 2025-02-24$/m);
    expect(text).toMatch(/^ {2}tender_window_days: 35$/m);
    const assessed = runCli(['assess', path, '--format', 'json', '-q']);
    expect(assessed.code, assessed.stderr).toBe(0);
    const statements: string[] = JSON.parse(assessed.stdout).facts.statements;
    expect(statements.find((st) => st.startsWith('law applied:'))).toMatch(/^law applied: Procurement Act 2023 .*starting 2025-02-24/);
  });

  const criteria = (list: [string, string, number][]) => ({ awardCriteria: { criteria: list.map(([name, type, weight]) => ({ name, type, numbers: [{ weight }] })) } });

  it('reads a "Community Benefits" criterion (Scotland\'s word) as the social value weighting', () => {
    const { text } = importOne({ ocid: 'ocds-r6ebe6-audit-2', tender: { title: 'Care at home', ...criteria([['Price', 'price', 60], ['Quality', 'quality', 30], ['Community Benefits', 'quality', 10]]) } });
    expect(text).toMatch(/^ {4}social_value_pct: 10$/m);
    expect(text).toMatch(/^ {4}quality_pct: 30$/m);
  });

  it('leaves out weights that do not add up to 100, so the file can still be assessed', () => {
    const { text, path } = importOne({ tender: { title: 'Odd weights', ...criteria([['Price', 'price', 60], ['Quality', 'quality', 42]]) } });
    expect(text).not.toMatch(/^ {2}evaluation:/m);
    expect(text).toMatch(/do not add up to 100/);
    expect(runCli(['assess', path, '--format', 'json', '-q']).code).toBe(0);
  });

  it('refuses a placeholder lot value (1, 140: "no value" on these portals) and keeps the real ones', () => {
    const lot = (id: string, amount: number) => ({ id, title: `Lot ${id}`, value: { amount, currency: 'GBP' } });
    const { text } = importOne({ tender: { title: 'Lotted service', lots: [lot('1', 1), lot('2', 250000), lot('3', 140)] } });
    expect(parseYaml(text).procurement.lots).toEqual([
      { id: '1', title: 'Lot 1' },
      { id: '2', title: 'Lot 2', value: 250000 },
      { id: '3', title: 'Lot 3' },
    ]);
  });

  it('imports a limit of one lot per bidder (the tightest cap there is)', () => {
    const lots = ['North', 'South', 'East'].map((title, i) => ({ id: String(i + 1), title }));
    const { text } = importOne({ tender: { title: 'Lotted service', lots, lotDetails: { maximumLotsBidPerSupplier: 1 } } });
    expect(text).toMatch(/^ {2}max_lots_per_bidder: 1$/m);
  });
});
