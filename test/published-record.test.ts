/**
 * The published-record rubric set (rubrics/published-record/): imported notices are assessed on
 * it by default, from their published facts only. Each indicator's value is checked by hand
 * against the notice's JSON (the comment says which field gave it), and the contract file's
 * provenance comment for the fact must say "from <that field>". Then what the set promises: a
 * fact not published carries no weight (never a zero), answers written by hand are not read,
 * coverage is how much the notice publishes, and the choice of rubric set (rubric_set:,
 * --rubric-set, --rubrics) with its errors.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../src/score/score.js';
import { loadContract } from '../src/load/contract.js';
import { chooseRubricFolder, namedRubricSet, textIfReadable } from '../src/cli/rubric-choice.js';
import { EXAMPLES_DIR, publishedRecordLibrary, PUBLISHED_RECORD_DIR, runCli, tempDir, NOTICES_DIR, OCDS_FIXTURES } from './helpers.js';

const NOTICES = NOTICES_DIR;
const FIXTURES = OCDS_FIXTURES;

interface JsonQuestion {
  id: string;
  derivation?: string;
  status: string;
  value: string | number | null;
  score: number | null;
  answerText: string;
}
interface JsonAssessment {
  contract: { title: string };
  rubricSet: { id: string; scoredFrom: string } | null;
  overall: { score: number; provisional: boolean; band: { name: string }; coverage: { pct: number; unanswered: number } };
  rubrics: { areas: { questions: JsonQuestion[] }[] }[];
}

/** Each imported file by the notice it came from (its header names the input). */
function importAll(): Map<string, { path: string; text: string }> {
  const dir = join(tempDir(), 'contracts');
  const files = readdirSync(NOTICES).filter((f) => f.endsWith('.json')).map((f) => join(NOTICES, f));
  const r = runCli(['import', 'ocds', ...files, '--out-dir', dir]);
  if (r.code !== 0) throw new Error(`import failed: ${r.code} ${r.stderr}`);
  expect(r.stderr).toContain('each contract on the rubric set "published-record"');
  const byNotice = new Map<string, { path: string; text: string }>();
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    const notice = /\((?:[^()]*\/)?([^/()]+\.json)\)\./.exec(text)![1]!;
    byNotice.set(notice, { path: join(dir, f), text });
  }
  return byNotice;
}

/** The provenance comment above a fact's key in an imported contract file ("from tender.numberOfTenderers"). */
function provenance(text: string, key: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s+${key}:`).test(l));
  if (at < 1) return undefined;
  return /^\s*# (.*)$/.exec(lines[at - 1]!)?.[1];
}

describe('imported notices on the published-record rubric (values checked by hand against the notices)', () => {
  let files: Map<string, { path: string; text: string }>;
  const results = new Map<string, JsonAssessment>();
  const result = (notice: string): JsonAssessment => {
    let r = results.get(notice);
    if (!r) {
      const out = runCli(['assess', files.get(notice)!.path, '--format', 'json', '-o', '-']);
      if (out.code !== 0 && out.code !== 3) throw new Error(`assess ${notice}: ${out.code} ${out.stderr}`);
      r = JSON.parse(out.stdout) as JsonAssessment;
      results.set(notice, r);
    }
    return r;
  };
  const q = (notice: string, id: string): JsonQuestion => result(notice).rubrics.flatMap((r) => r.areas.flatMap((a) => a.questions)).find((x) => x.id === id)!;
  const from = (notice: string, key: string) => provenance(files.get(notice)!.text, key);

  beforeAll(() => {
    files = importAll();
  });

  it('writes rubric_set: published-record into every imported file, and assesses each on it', () => {
    expect(files.size).toBe(9);
    for (const [notice, f] of files) {
      expect(f.text, notice).toMatch(/^rubric_set: published-record$/m);
      expect(result(notice).rubricSet, notice).toEqual(expect.objectContaining({ id: 'published-record', scoredFrom: 'published-facts' }));
    }
  });

  it('Croydon (uk-cf-2019-croydon-infrastructure-support.json)', () => {
    const n = 'uk-cf-2019-croydon-infrastructure-support.json';
    // tender.value.amount 750000, light-touch so VAT exempt: under £750,001, the second band (75).
    expect(q(n, 'E1.1')).toMatchObject({ status: 'derived', value: 750000, score: 75 });
    expect(from(n, 'value')).toMatch(/^from tender\.value\.amount/);
    // Contracts Finder publishes no lots: not published, never "one lot" by default.
    expect(q(n, 'E1.2')).toMatchObject({ status: 'unanswered', score: null, answerText: 'Not published' });
    expect(from(n, 'lots')).toBeUndefined();
    // tender.procurementMethod "open".
    // tender.procurementMethodDetails "Open procedure" (no procurementMethod).
    expect(q(n, 'E2.1')).toMatchObject({ value: 'open', score: 100 });
    expect(from(n, 'procedure')).toBe('read from text in tender.procurementMethodDetails');
    // tender.tenderPeriod has only an endDate and there is no tender.datePublished: no window.
    expect(q(n, 'E2.2')).toMatchObject({ status: 'unanswered', score: null });
    // tender.numberOfTenderers 4: three or four tenders, 75.
    expect(q(n, 'E2.3')).toMatchObject({ value: 4, score: 75 });
    expect(from(n, 'tenderers')).toBe('from tender.numberOfTenderers');
    // tender.xClassifications.isSuitableForSme / isSuitableForVco true.
    expect(q(n, 'E3.1')).toMatchObject({ value: 'yes', score: 100 });
    expect(q(n, 'E3.2')).toMatchObject({ value: 'yes', score: 100 });
    expect(from(n, 'suitable_for')).toBe('from tender.xClassifications');
    // parties[].sme true for all four suppliers; vco true for three; all four in CR0, as the buyer (CR0 1EA).
    expect(q(n, 'E4.1')).toMatchObject({ value: 100, score: 100 });
    expect(q(n, 'E4.2')).toMatchObject({ value: 75, score: 50 });
    expect(q(n, 'E4.3')).toMatchObject({ value: 100, score: 100 });
    expect(from(n, 'suppliers')).toMatch(/^from awards\[\]\.suppliers, parties/);
    expect(from(n, 'postcode')).toBe('from parties[].address.postalCode');
  });

  it('Leeds PPE (uk-cf-2020-leeds-ppe-workwear.json): five tenders, no SME, none local', () => {
    const n = 'uk-cf-2020-leeds-ppe-workwear.json';
    expect(q(n, 'E2.3')).toMatchObject({ value: 5, score: 100 }); // tender.numberOfTenderers 5
    expect(q(n, 'E3.1')).toMatchObject({ value: 'no', score: 0 }); // xClassifications.isSuitableForSme false
    expect(q(n, 'E4.1')).toMatchObject({ value: 0, score: 0 }); // parties[].sme false for all five suppliers
    // The suppliers' addresses give no postcode in LS1 (the buyer's LS1 1UR).
    expect(q(n, 'E4.3')).toMatchObject({ value: 0, score: 0 });
  });

  it('Greenwich kennelling (uk-cf-2025-greenwich-stray-dog-kennelling.json): a 38-day window', () => {
    const n = 'uk-cf-2025-greenwich-stray-dog-kennelling.json';
    // tender.datePublished 2024-12-20, tender.tenderPeriod.endDate 2025-01-27: 38 days (75).
    expect(q(n, 'E2.2')).toMatchObject({ status: 'derived', value: 38, score: 75 });
    expect(from(n, 'tender_window_days')).toBe('from tender.datePublished, tender.tenderPeriod.endDate');
    // tender.suitability { sme: true, vcse: false }.
    expect(q(n, 'E3.1')).toMatchObject({ value: 'yes' });
    expect(q(n, 'E3.2')).toMatchObject({ value: 'no', score: 0 });
    expect(from(n, 'suitable_for')).toBe('from tender.suitability');
  });

  it('Martock (uk-cf-2025-martock-parish-recreation-ground-maintenance.json): a 6-day window for quotes', () => {
    const n = 'uk-cf-2025-martock-parish-recreation-ground-maintenance.json';
    // tender.datePublished 2025-03-11, deadline 2025-03-17: 6 days, under 20 (0).
    expect(q(n, 'E2.2')).toMatchObject({ value: 6, score: 0 });
    // procurementMethodDetails names a below-threshold quotation: a staged competition, 75.
    expect(q(n, 'E2.1')).toMatchObject({ value: 'staged', score: 75 });
    // tender.value.amount 10000 over 3 years: the smallest band.
    expect(q(n, 'E1.1')).toMatchObject({ value: 10000, score: 100 });
    // No award yet: who won is not published, and carries no weight.
    for (const id of ['E4.1', 'E4.2', 'E4.3', 'E2.3']) expect(q(n, id)).toMatchObject({ status: 'unanswered', score: null });
  });

  it('Merton (uk-cf-2025-merton-parking-enforcement-direct-award.json): a direct award to a large supplier', () => {
    const n = 'uk-cf-2025-merton-parking-enforcement-direct-award.json';
    expect(q(n, 'E2.1')).toMatchObject({ value: 'direct-award', score: 0 });
    // tender.contractPeriod 2025-01-06 to 2026-01-05: one year ("1 year", not "1 years").
    expect(q(n, 'E1.3')).toMatchObject({ value: 1, score: 100, answerText: '1 year', derivation: '1 year including extension options' });
    // No competitive tender under the regime: the window does not apply (not "not published").
    expect(q(n, 'E2.2')).toMatchObject({ status: 'not-applicable', score: null });
    // parties[supplier].details.scale "large", vcse false.
    expect(q(n, 'E4.1')).toMatchObject({ value: 0, score: 0 });
    expect(q(n, 'E4.2')).toMatchObject({ value: 0, score: 0 });
  });

  it('Rutland taxis (uk-cf-2025-rutland-home-to-school-taxi-dps.json): twelve SME suppliers, one in LE15', () => {
    const n = 'uk-cf-2025-rutland-home-to-school-taxi-dps.json';
    expect(q(n, 'E4.1')).toMatchObject({ value: 100, score: 100 }); // details.scale "sme" for all twelve
    expect(q(n, 'E4.3')).toMatchObject({ value: 8.33, score: 50 }); // 1 of 12 in LE15, as the buyer's LE15 6HP
    expect(q(n, 'E2.1')).toMatchObject({ value: 'staged' }); // a dynamic purchasing system
  });

  it('Argyll and Bute (uk-pcs-2019-argyll-bute-fruit-veg-4-lots.json): four lots, little else published, provisional', () => {
    const n = 'uk-pcs-2019-argyll-bute-fruit-veg-4-lots.json';
    expect(q(n, 'E1.2')).toMatchObject({ value: 4, score: 100 });
    expect(from(n, 'lots')).toBe('from tender.lots');
    const r = result(n);
    expect(r.overall.provisional).toBe(true);
    // 4 of 11 indicators published: the tender window is the notice's own date (it gives no
    // tender.datePublished) to the deadline, 16 April to 20 May 2019, 34 days.
    expect(r.overall.coverage.pct).toBe(36.4);
    expect(q(n, 'E2.2')).toMatchObject({ value: 34, score: 75 });
    expect(from(n, 'tender_window_days')).toBe('from date, tender.tenderPeriod.endDate');
    const md = runCli(['assess', files.get(n)!.path, '-o', '-']).stdout;
    expect(md).toContain('# The published record: Supply and Distribution');
    expect(md).toContain('## Overall: 95.8 / 100, Provisional: too little published');
    expect(md).toContain('only 36.4% published in the notices');
    expect(md).toContain('## Not published (these carry no weight either way)');
    expect(md).toContain('Coverage: 4 of the 11 indicators that apply are published (36.4%).');
    // The law of 2019, not the newest: PCSR 2015 thresholds of 2019 are not in kil, so it says it has none.
    expect(md).toMatch(/law applied: Procurement Reform \(Scotland\) Act 2014 and Public Contracts \(Scotland\) Regulations 2015 \(a procurement by a buyer in scotland, starting 2019-04-16\)/);
    expect(md).toContain('Every point is derived from what the notices publish; nothing is self-reported.');
    expect(md).not.toMatch(/self-reported without evidence|answered or derived|not yet answered/);
    const summary = runCli(['assess', files.get(n)!.path, '-o', join(tempDir(), 'r.md')]).stderr;
    expect(summary).toContain('(coverage 36.4%, 7 not published)');
    expect(summary).toContain('Would count most if published: E1.1');
    expect(summary).not.toContain('self-reported');
  });

  it('Cardiff (uk-s2w-2025-cardiff-royal-infirmary-security.json): a tender of 21 February 2025 is assessed under PCR 2015, not the Act three days later (it was given the newest law, for want of a date)', () => {
    const n = 'uk-s2w-2025-cardiff-royal-infirmary-security.json';
    expect(from(n, 'procurement_start')).toBe('kil heuristic: the date of this tender notice (release.date, tag "tender"), as it gives no tender.datePublished');
    const md = runCli(['assess', files.get(n)!.path, '-o', '-']).stdout;
    expect(md).toContain('law applied: Public Contracts Regulations 2015 (a procurement by a buyer in wales, starting 2025-02-21)');
    expect(q(n, 'E2.2')).toMatchObject({ value: 20, score: 50 });
  });

  it('the portfolio of the imported notices calls its provisional contracts "too little published"', () => {
    const dir = join(files.values().next().value!.path, '..');
    const md = runCli(['batch', dir, '--format', 'md']).stdout;
    expect(md).toContain('2 of them are provisional (too little published for a band)');
    expect(md).toContain('## Provisional: too little published');
    expect(md).not.toContain('too little answered');
    expect(runCli(['batch', dir]).stdout).toContain('Provisional: too little published (no band; not in the figures below):');
  });

  it('every derived indicator rests on a fact whose comment says it came from a field of the notice', () => {
    const factOf: Record<string, string> = { 'E1.1': 'value', 'E1.2': 'lots', 'E2.1': 'procedure', 'E2.2': 'tender_window_days', 'E2.3': 'tenderers', 'E3.1': 'suitable_for', 'E3.2': 'suitable_for', 'E4.1': 'suppliers', 'E4.2': 'suppliers', 'E4.3': 'suppliers' };
    let checked = 0;
    for (const n of files.keys()) {
      for (const [id, key] of Object.entries(factOf)) {
        if (q(n, id).status !== 'derived') continue;
        // "read from text in" is the notice's own words too (the procedure in procurementMethodDetails).
        expect(from(n, key), `${n} ${id}`).toMatch(/^(from|read from text in) /);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('what the published-record set promises', () => {
  const library = publishedRecordLibrary();
  const text = (extra = '') => `kil: 1
rubric_set: published-record
procurement:
  title: T
  buyer: { name: B, type: sub-central, nation: england, postcode: CR0 1EA }
  contract_type: services
  value: { amount: 500000, currency: GBP, vat: excluded, includes_extensions: true }
  duration: { initial_months: 36 }
  procedure: open
${extra}answers: {}
`;
  const scored = (t: string) => {
    const { contract, diagnostics } = loadContract({ file: 'c.yaml', text: t }, library);
    if (!contract) throw new Error(JSON.stringify(diagnostics));
    return assess(library, contract);
  };
  const question = (a: ReturnType<typeof assess>, id: string) => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).find((x) => x.id === id)!;

  it('a fact not published carries no weight: publishing a bad fact lowers the score, leaving it out does not', () => {
    const silent = scored(text());
    expect(question(silent, 'E2.3')).toMatchObject({ status: 'unanswered', score: null, share: 0, answerText: 'Not published' });
    const singleBid = scored(text('  tenderers: 1\n'));
    expect(question(singleBid, 'E2.3').score).toBe(0);
    expect(singleBid.overall.score).toBeLessThan(silent.overall.score);
    // Coverage says how much is published: one more fact, higher coverage.
    expect(singleBid.overall.coverage.pct).toBeGreaterThan(silent.overall.coverage.pct);
  });

  it('answers written in the file are not read: the published record is never self-reported', () => {
    const claimed = scored(text().replace('answers: {}', 'answers:\n  E2.3: { value: 9 }\n  E3.1: { value: "yes" }'));
    expect(question(claimed, 'E2.3')).toMatchObject({ status: 'unanswered', score: null });
    expect(question(claimed, 'E3.1')).toMatchObject({ status: 'unanswered', score: null });
    expect(claimed.overall.score).toBe(scored(text()).overall.score);
  });

  it('kil rubric check: the validity properties hold for the set', () => {
    const r = runCli(['rubric', 'check', '--rubrics', PUBLISHED_RECORD_DIR, '--runs', '200']);
    expect(r.stderr + r.stdout).toContain('All 21 properties hold');
    expect(r.code).toBe(0);
  });

  it('kil rubric list and show --rubric-set published-record show the set', () => {
    const list = runCli(['rubric', 'list', '--rubric-set', 'published-record']);
    expect(list.stdout).toMatch(/^published-record\s+1\.0\.1\s+1\s+4\s+11\s+The published record$/m);
    expect(runCli(['rubric', 'show', '--rubric-set', 'published-record']).stdout).toContain('E2.3');
    expect(runCli(['rubric', 'list', '--rubric-set', 'nope']).code).toBe(2);
  });

  it('kil rubric validate: the folder, with the policy file its set names, is valid', () => {
    const r = runCli(['rubric', 'validate', '--rubrics', PUBLISHED_RECORD_DIR]);
    expect(r.stderr).toContain('3 files valid.');
    expect(r.code).toBe(0);
  });
});

describe('choosing the rubric set', () => {
  const imported = (dir: string) => {
    const r = runCli(['import', 'ocds', join(FIXTURES, 'uk-cf-2019-croydon-infrastructure-support.json'), '--out-dir', dir]);
    expect(r.code).toBe(0);
    return join(dir, readdirSync(dir)[0]!);
  };

  it('a batch of imported files runs on published-record; --rubric-set keep-it-local puts them on Keep it Local', () => {
    const dir = tempDir();
    imported(dir);
    type Batch = { rubricSet: { id: string } | null; contracts: { band: string }[] };
    const onRecord = JSON.parse(runCli(['batch', dir, '--format', 'json']).stdout) as Batch;
    expect(onRecord.rubricSet?.id).toBe('published-record');
    expect(onRecord.contracts[0]!.band).toBe('Open to local providers');
    const onKil = JSON.parse(runCli(['batch', dir, '--format', 'json', '--rubric-set', 'keep-it-local']).stdout) as Batch;
    expect(onKil.rubricSet?.id).toBe('keep-it-local');
    expect(runCli(['batch', dir, '--format', 'md']).stdout).toContain('on the rubric set The published record (published-record 1.0.0)');
  });

  it('a batch mixing the two sets stops before any file: exit 2, naming a file of each', () => {
    const dir = tempDir();
    imported(dir);
    writeFileSync(join(dir, 'own.yaml'), readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml')));
    const r = runCli(['batch', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/mixed-rubric-sets|different rubric sets/);
    expect(r.stderr).toContain('1 on keep-it-local');
    expect(r.stderr).toContain('1 on published-record');
    expect(r.stderr).toContain('--rubric-set ID');
    // Choosing one runs them all on it; the example's answers are not read there, and it says so.
    const chosen = runCli(['batch', dir, '--rubric-set', 'published-record']);
    expect(chosen.code).toBe(0);
    expect(chosen.stderr).toContain('the answers and actions in this file are not read: it is assessed on "published-record"');
  });

  it('an unknown rubric_set: exit 2 at its line, naming the sets kil has; an unknown --rubric-set likewise', () => {
    const dir = tempDir();
    const file = imported(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('rubric_set: published-record', 'rubric_set: publshed-record'));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('rubric_set:')) + 1;
    const r = runCli(['assess', file, '-o', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${line}:1: rubric_set: "publshed-record" is not one of kil's rubric sets (keep-it-local, published-record)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // A long id is cut in the message, not echoed whole.
    writeFileSync(file, readFileSync(file, 'utf8').replace('rubric_set: publshed-record', `rubric_set: ${'x'.repeat(5000)}`));
    const long = runCli(['assess', file, '-o', '-']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain(`rubric_set: "${'x'.repeat(59)}…" is not one of kil's rubric sets`);
    expect(long.stderr.length).toBeLessThan(1000);
    const flag = runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', '-', '--rubric-set', 'nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--rubric-set: "nope" is not one of kil\'s rubric sets');
  });

  it('a long file names its set at the top or below 64 KiB of comments: found either way', () => {
    const dir = tempDir();
    const file = imported(dir);
    const text = readFileSync(file, 'utf8');
    const padding = `${'# a long note written by hand\n'.repeat(3000)}`; // about 87 KB
    writeFileSync(file, `${text}${padding}`);
    expect((JSON.parse(runCli(['assess', file, '--format', 'json', '-o', '-']).stdout) as JsonAssessment).rubricSet?.id).toBe('published-record');
    writeFileSync(file, `${padding}${text}`);
    expect((JSON.parse(runCli(['assess', file, '--format', 'json', '-o', '-']).stdout) as JsonAssessment).rubricSet?.id).toBe('published-record');
  });

  it('--rubrics DIR beats the file\'s rubric_set', () => {
    const dir = tempDir();
    const file = imported(dir);
    const r = runCli(['assess', file, '--format', 'json', '-o', '-', '--rubrics', join(EXAMPLES_DIR, '..', 'rubrics')]);
    expect((JSON.parse(r.stdout) as JsonAssessment).rubricSet?.id).toBe('keep-it-local');
  });
});

// ---------------------------------------------------------------------------------------------
// Sabotage audit: each test below fails when the promise it names is broken on purpose.

describe('sabotage audit: the published record, indicator by indicator as docs/published-record.md gives them', () => {
  const library = publishedRecordLibrary();
  /** A contract on the set with every indicator published; `set` replaces or adds procurement lines by key. */
  const contract = (set: Record<string, string | undefined> = {}) => {
    const lines: Record<string, string | undefined> = {
      title: 'T',
      buyer: '{ name: B, type: sub-central, nation: england, postcode: CR0 1EA }',
      contract_type: 'services',
      value: '{ amount: 500000, currency: GBP, vat: excluded, includes_extensions: true }',
      duration: '{ initial_months: 36 }',
      procedure: 'open',
      lots: '[{ id: a }, { id: b }]',
      tender_window_days: '35',
      tenderers: '3',
      suitable_for: '{ sme: true, vcse: false }',
      suppliers: '[{ name: S, scale: small, vcse: true, postcode: CR0 2TB }, { name: L, scale: large, vcse: false, postcode: LS1 1UR }]',
      ...set,
    };
    const body = Object.entries(lines)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `  ${k}: ${v}\n`)
      .join('');
    const { contract: c, diagnostics } = loadContract({ file: 'c.yaml', text: `kil: 1\nrubric_set: published-record\nprocurement:\n${body}answers: {}\n` }, library);
    if (!c) throw new Error(JSON.stringify(diagnostics));
    return assess(library, c);
  };
  const question = (a: ReturnType<typeof assess>, id: string) => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).find((x) => x.id === id)!;
  const scoreOf = (id: string, set: Record<string, string | undefined>) => question(contract(set), id).score;

  it('E1.1 largest lot: £150k or less 100, to £750k 75, to £1.5m 50, to £3m 25, above 0', () => {
    const at = (amount: number) => scoreOf('E1.1', { value: `{ amount: ${amount}, currency: GBP, vat: excluded, includes_extensions: true }` });
    expect([150000, 150001, 750000, 750001, 1500000, 1500001, 3000000, 3000001].map(at)).toEqual([100, 75, 75, 50, 50, 25, 25, 0]);
  });

  it('E1.2 lots: one 50, two 75, three or more 100; a list of no lots is one lot', () => {
    const at = (lots: string) => question(contract({ lots }), 'E1.2');
    expect(['[{ id: a }]', '[{ id: a }, { id: b }]', '[{ id: a }, { id: b }, { id: c }]'].map((l) => at(l).score)).toEqual([50, 75, 100]);
    expect(at('[]')).toMatchObject({ status: 'derived', value: 1, score: 50 });
  });

  it('E1.3 length: up to 5 years 100, then 75, 50 above 7, 25 above 10, 0 above 15', () => {
    const at = (months: number) => scoreOf('E1.3', { duration: `{ initial_months: ${months} }` });
    expect([60, 61, 84, 85, 120, 121, 180, 181].map(at)).toEqual([100, 75, 75, 50, 50, 25, 25, 0]);
  });

  it('E2.1 procedure: open 100; stages, dynamic market or quotes 75; grant 50; most suitable provider or call-off 25; direct award 0', () => {
    const want: Record<string, number> = {
      open: 100,
      'psr-competitive': 100,
      'competitive-flexible': 75,
      'dynamic-market': 75,
      quotes: 75,
      grant: 50,
      'psr-most-suitable-provider': 25,
      'framework-call-off': 25,
      'direct-award': 0,
      'psr-direct-award': 0,
    };
    for (const [procedure, score] of Object.entries(want)) expect(scoreOf('E2.1', { procedure }), procedure).toBe(score);
  });

  it('E2.2 tender window: under 20 days 0, 20 50, 30 75, 40 100', () => {
    expect([19, 20, 29, 30, 39, 40].map((d) => scoreOf('E2.2', { tender_window_days: String(d) }))).toEqual([0, 50, 50, 75, 75, 100]);
  });

  it('E2.3 tenders received: one 0, two 50, three or four 75, five or more 100', () => {
    expect([1, 2, 3, 4, 5].map((n) => scoreOf('E2.3', { tenderers: String(n) }))).toEqual([0, 50, 75, 75, 100]);
  });

  it('E4.1-E4.3: none 0, some 50, all 100', () => {
    const sme = (scales: string[]) => scoreOf('E4.1', { suppliers: `[${scales.map((s, i) => `{ name: S${i}, scale: ${s} }`).join(', ')}]` });
    expect([['large'], ['large', 'micro'], ['micro', 'small', 'medium', 'sme']].map(sme)).toEqual([0, 50, 100]);
    // "All" is all: 199 of 200 (99.5%) is "some".
    expect(sme([...Array<string>(199).fill('micro'), 'large'])).toBe(50);
    const local = (postcodes: string[]) => scoreOf('E4.3', { suppliers: `[${postcodes.map((p, i) => `{ name: S${i}, postcode: ${p} }`).join(', ')}]` });
    expect([['LS1 1UR'], ['LS1 1UR', 'CR0 2TB'], ['CR0 2TB', 'cr02tb']].map(local)).toEqual([0, 50, 100]);
  });

  it('E1.1 and E2.1 weigh twice the others in their areas; the four areas weigh the same', () => {
    const a = contract();
    const share = (id: string) => question(a, id).share;
    expect(a.overall.coverage.pct).toBe(100);
    expect(share('E1.1')).toBeCloseTo(2 * share('E1.2'), 10);
    expect(share('E1.2')).toBeCloseTo(share('E1.3'), 10);
    expect(share('E2.1')).toBeCloseTo(2 * share('E2.2'), 10);
    const area = (ids: string[]) => ids.reduce((s, id) => s + share(id), 0);
    for (const ids of [['E2.1', 'E2.2', 'E2.3'], ['E3.1', 'E3.2'], ['E4.1', 'E4.2', 'E4.3']]) expect(area(ids), ids.join()).toBeCloseTo(area(['E1.1', 'E1.2', 'E1.3']), 10);
  });

  it('a supplier whose size, status or postcode is not published is left out of that share, never counted as a no', () => {
    const a = contract({ suppliers: '[{ name: S, scale: small, vcse: true, postcode: CR0 2TB }, { name: U }]' });
    expect(question(a, 'E4.1')).toMatchObject({ value: 100, score: 100 });
    expect(question(a, 'E4.2')).toMatchObject({ value: 100, score: 100 });
    expect(question(a, 'E4.3')).toMatchObject({ value: 100, score: 100 });
  });

  it("E4.3 without the buyer's postcode is not published, never 0", () => {
    const a = contract({ buyer: '{ name: B, type: sub-central, nation: england }' });
    expect(question(a, 'E4.3')).toMatchObject({ status: 'unanswered', score: null, share: 0, answerText: 'Not published' });
    expect(question(a, 'E4.1').score).toBe(50); // the other award shares are still read
  });
});

describe('sabotage audit: choosing the rubric set (src/cli/rubric-choice.ts)', () => {
  it('reads a top-level rubric_set line with quotes or a trailing comment, as the comment above RUBRIC_SET_LINE allows', () => {
    expect(namedRubricSet('kil: 1\nrubric_set: "published-record"\n')).toEqual({ id: 'published-record', line: 2 });
    expect(namedRubricSet("kil: 1\nrubric_set: 'published-record'\n")).toEqual({ id: 'published-record', line: 2 });
    expect(namedRubricSet('kil: 1\n\nrubric_set: published-record   # written by kil import ocds\n')).toEqual({ id: 'published-record', line: 3 });
  });

  it('reads no rubric_set from a comment or a nested key: only a top-level line names the set', () => {
    expect(namedRubricSet('kil: 1\n# rubric_set: published-record\nprocurement:\n  rubric_set: published-record\n')).toBeUndefined();
  });

  it('a rubric_set line cut by the 64 KiB head is not read as a shorter id: the whole file is read', () => {
    const file = join(tempDir(), 'long.yaml');
    const line = 'rubric_set: published-record\n';
    // The line starts 12 bytes before the end of the head, so the head holds "rubric_set: " and no id.
    const padding = '#'.repeat(64 * 1024 - 12 - 1) + '\n';
    writeFileSync(file, `${padding}${line}kil: 1\n${'# more\n'.repeat(100)}`);
    expect(namedRubricSet(textIfReadable(file)!)).toEqual({ id: 'published-record', line: 2 });
    // Cut inside the id: "rubric_set: publ" must not be taken for a set named "publ".
    writeFileSync(file, `${'#'.repeat(64 * 1024 - 16 - 1)}\n${line}kil: 1\n${'# more\n'.repeat(100)}`);
    expect(namedRubricSet(textIfReadable(file)!)?.id).toBe('published-record');
  });

  it("a file naming kil's own set is on the same set as one naming none: not mixed", () => {
    const files = [
      { path: 'a.yaml', text: () => 'kil: 1\nrubric_set: keep-it-local\n' },
      { path: 'b.yaml', text: () => 'kil: 1\n' },
    ];
    expect(chooseRubricFolder({}, files)).toEqual({ folder: undefined });
    expect(chooseRubricFolder({}, [...files].reverse())).toEqual({ folder: undefined });
    expect(() => chooseRubricFolder({}, [...files, { path: 'c.yaml', text: () => 'rubric_set: published-record\n' }])).toThrow(/different rubric sets/);
  });

  it('a council profile among the files is not counted as a contract on a set (it said "7 on keep-it-local" for 6 contracts and a profile)', () => {
    const files = [
      { path: 'a.yaml', text: () => 'kil: 1\nrubric_set: published-record\n' },
      { path: 'council.yaml', text: () => 'kil: 1\nkind: council\ncouncil: { name: X, reviewed: 2026-01-01 }\n' },
    ];
    // The profile names no set: counted, it made a published-record batch "mixed".
    expect(chooseRubricFolder({}, files).namedBy).toBe('published-record');
    expect(() => chooseRubricFolder({}, [...files, { path: 'b.yaml', text: () => 'kil: 1\n' }])).toThrow(/1 on published-record \(the first a\.yaml\); 1 on keep-it-local \(the first b\.yaml\)/);
  });

  it('--rubrics DIR beats --rubric-set ID as well as the files (docs/published-record.md: "--rubrics DIR overrides both")', () => {
    const files = [{ path: 'a.yaml', text: () => 'rubric_set: published-record\n' }];
    expect(chooseRubricFolder({ rubrics: 'my-rubrics', rubricSet: 'published-record' }, files)).toEqual({ folder: 'my-rubrics' });
    expect(chooseRubricFolder({ rubricSet: 'keep-it-local' }, files)).toEqual({ folder: join(EXAMPLES_DIR, '..', 'rubrics') });
  });
});
