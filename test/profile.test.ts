/**
 * kil profile: (a) real notices, imported by the CLI, checked against figures read by hand from
 * the notices' JSON; (b) a generated national-size input (2,000 contracts, 100 buyers) checked
 * against a second, deliberately simple implementation in this file, written from the
 * definitions in docs/profile.md over the same YAML; (c) the command's errors; and the pure
 * parts (buyer kinds, postcodes, percentiles) on their own.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateInput, type GeneratedContract } from '../scripts/profile-generator.mjs';
import { buyerKey, buyerKind } from '../src/profile/kind.js';
import { compareLocality, postcodeParts } from '../src/profile/locality.js';
import { peerPercentiles } from '../src/profile/peers.js';
import { profileBuyers, type BuyerProfile } from '../src/profile/profile.js';
import { profileRecord, type ProfileRecord } from '../src/profile/record.js';
import { deriveProcurementFacts } from '../src/facts/procurement-facts.js';
import { builtInLibrary, contractFrom, runCli, tempDir, NOTICES_DIR } from './helpers.js';

const NOTICES = NOTICES_DIR;

interface JsonIndicator {
  value: number | null;
  publishedBy: number;
  contracts: number;
  detail?: string;
  benchmark: { status: string; percentile?: number; peers?: number };
}
interface JsonBuyer {
  name: string;
  key: string;
  kind: string;
  contracts: number;
  value: { value: number | null; publishedBy: number; contracts: number };
  indicators: Record<string, JsonIndicator>;
  procedures: { procedure: string | null; contracts: number; value: number | null; valued: number }[];
  directAwardsByQuarter: { quarter: string | null; contracts: number; directAwards: number; withProcedure: number }[];
  largest: { title: string; value: number; procedure: string | null }[];
}
interface JsonProfile {
  generator: string;
  kind: string;
  rules: { minContracts: number; minPeers: number; percentile: string };
  sizeLine: { amount: number };
  inputs: { files: number; contracts: number; buyers: number; failed: { path: string; errors: string[] }[] };
  buyers: JsonBuyer[];
}

/** Import every real notice with the CLI into a fresh folder. */
function importNotices(): string {
  const dir = tempDir();
  const files = readdirSync(NOTICES).filter((f) => f.endsWith('.json')).map((f) => join(NOTICES, f));
  const r = runCli(['import', 'ocds', ...files, '--out-dir', join(dir, 'contracts')]);
  if (r.code !== 0) throw new Error(`import failed: ${r.code} ${r.stderr}`);
  return join(dir, 'contracts');
}

function profileJson(args: string[]): JsonProfile {
  const r = runCli(['profile', ...args, '--format', 'json']);
  if (r.code !== 0) throw new Error(`kil profile ${args.join(' ')}: ${r.code} ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonProfile;
}

describe('kil profile on real notices (figures read by hand from the notices)', () => {
  let doc: JsonProfile;
  const buyer = (name: string) => doc.buyers.find((b) => b.name === name)!;
  const ind = (name: string, id: string) => buyer(name).indicators[id]!;

  beforeAll(() => {
    doc = profileJson([importNotices(), '--min-contracts', '1']);
  });

  it('profiles every buyer of the nine notices', () => {
    expect(doc.generator).toBe('kil');
    expect(doc.inputs).toMatchObject({ files: 9, contracts: 9, buyers: 9, failed: [] });
    expect(doc.rules.minContracts).toBe(1);
    // rubrics/five-steps.yaml S4.1: the band "above: 1500000 ... needs a large organisation".
    expect(doc.sizeLine.amount).toBe(1_500_000);
  });

  it('Croydon (uk-cf-2019-croydon-infrastructure-support.json)', () => {
    const b = buyer('Croydon Council'); // parties[roles=buyer].name
    expect(b.kind).toBe('council-tier-not-shown'); // "Croydon Council": the name does not show the tier
    // tender.value.amount 750000; light-touch services are VAT exempt and the value covers the whole period.
    expect(b.value).toEqual({ value: 750000, publishedBy: 1, contracts: 1 });
    expect(b.procedures).toEqual([{ procedure: 'open', contracts: 1, value: 750000, valued: 1 }]); // procurementMethodDetails "Open procedure"
    // parties[roles=supplier].sme: true for all four suppliers.
    expect(ind('Croydon Council', 'sme_awards')).toMatchObject({ value: 100, publishedBy: 1, detail: '4 of 4 supplier awards' });
    // parties[].vco: true for three of the four (not Croydon Neighbourhood Care).
    expect(ind('Croydon Council', 'vcse_awards')).toMatchObject({ value: 75, detail: '3 of 4 supplier awards' });
    // awards[0].value.amount 750000 shared equally by four suppliers: three VCSE quarters.
    expect(ind('Croydon Council', 'vcse_value').value).toBe(75);
    // buyer address.postalCode CR0 1EA; suppliers' streetAddress CR0 2TB, CR0 6PD, CR0 2TB, CR0 3RG: all CR0.
    expect(ind('Croydon Council', 'local_authority_awards')).toMatchObject({ value: 100, detail: '4 of 4 supplier awards; compared 4 by postcode district (an approximation)' });
    expect(ind('Croydon Council', 'local_region_awards').value).toBe(100);
    // £750,000 is below Locality's £1.5m; no tender.lots, so the whole contract is the largest lot.
    expect(ind('Croydon Council', 'above_size_value')).toMatchObject({ value: 0, publishedBy: 1 });
    // tender.contractPeriod 2020-03-15 to 2023-03-31: 37 months, no extensions.
    expect(ind('Croydon Council', 'duration_median')).toMatchObject({ value: 37, publishedBy: 1 });
    // The contract starts 2020-03-15, before the earliest thresholds in rubrics/policy.yaml (2022-01-01): not known, not zero.
    expect(ind('Croydon Council', 'above_threshold_value')).toMatchObject({ value: null, publishedBy: 0, contracts: 1 });
    // Only tenderPeriod.endDate is published (no start), so no tender window.
    expect(ind('Croydon Council', 'tender_window_median')).toMatchObject({ value: null, publishedBy: 0 });
    expect(ind('Croydon Council', 'direct_awards').value).toBe(0);
    // tender.numberOfTenderers 4: not a single bid.
    expect(ind('Croydon Council', 'single_bids')).toMatchObject({ value: 0, publishedBy: 1 });
    // No procurement_start: the contract's start date, 2020-03-15, dates it.
    expect(b.directAwardsByQuarter).toEqual([{ quarter: '2020-Q1', contracts: 1, directAwards: 0, withProcedure: 1 }]);
  });

  it('Rutland taxi DPS (uk-cf-2025-rutland-home-to-school-taxi-dps.json)', () => {
    const name = 'Welland Procurement Unit';
    expect(buyer(name).kind).toBe('other-local');
    // tender.value.amount 776888.48 excluding VAT: £932,266.18 with VAT at 20%.
    expect(buyer(name).value.value).toBeCloseTo(776888.48 * 1.2, 2);
    // procurementMethodDetails "Call-off from a dynamic purchasing system".
    expect(buyer(name).procedures.map((p) => p.procedure)).toEqual(['dynamic-market']);
    // parties[].details.scale "sme" and details.vcse false for all twelve suppliers.
    expect(ind(name, 'sme_awards')).toMatchObject({ value: 100, detail: '12 of 12 supplier awards' });
    expect(ind(name, 'vcse_awards')).toMatchObject({ value: 0, detail: '0 of 12 supplier awards' });
    expect(ind(name, 'vcse_value').value).toBe(0);
    // Buyer LE15 6HP; only A1 Taxis (LE15 8JD) is in LE15; five are in the LE area (LE15, LE2, LE5, LE11, LE5).
    expect(ind(name, 'local_authority_awards').value).toBeCloseTo((100 * 1) / 12, 6);
    expect(ind(name, 'local_region_awards').value).toBeCloseTo((100 * 5) / 12, 6);
    // Starts 2024-09-01 (PCR 2015, thresholds from 2024-01-01: £214,904 with VAT): £932,266 is above.
    expect(ind(name, 'above_threshold_value')).toMatchObject({ value: 100, publishedBy: 1 });
    // tender.contractPeriod 2024-09-01 to 2025-08-19: 12 months.
    expect(ind(name, 'duration_median').value).toBe(12);
    expect(buyer(name).directAwardsByQuarter[0]).toMatchObject({ quarter: '2024-Q3', directAwards: 0 });
  });

  it('Merton parking direct award (uk-cf-2025-merton-parking-enforcement-direct-award.json)', () => {
    const name = 'London Borough of Merton';
    expect(buyer(name).kind).toBe('london-borough');
    // tender.procurementMethod "direct", procurementMethodDetails "Direct award".
    expect(ind(name, 'direct_awards')).toMatchObject({ value: 100, publishedBy: 1 });
    expect(ind(name, 'direct_award_value')).toMatchObject({ value: 100, publishedBy: 1 });
    // parties[supplier].details.scale "large", vcse false.
    expect(ind(name, 'sme_awards').value).toBe(0);
    expect(ind(name, 'sme_value').value).toBe(0); // awards[0].value.amount 93007, all to a large supplier
    // Buyer SM4 5DX, supplier EC3N 2LB (in streetAddress): neither district nor area.
    expect(ind(name, 'local_authority_awards').value).toBe(0);
    expect(ind(name, 'local_region_awards').value).toBe(0);
    // tender.contractPeriod 2025-01-06 to 2026-01-05: 12 months; tender.value 372032 + VAT.
    expect(ind(name, 'duration_median').value).toBe(12);
    expect(buyer(name).value.value).toBeCloseTo(372032 * 1.2, 2);
    expect(buyer(name).directAwardsByQuarter).toEqual([{ quarter: '2025-Q1', contracts: 1, directAwards: 1, withProcedure: 1 }]);
  });

  it('Argyll and Bute (uk-pcs-2019-argyll-bute-fruit-veg-4-lots.json): four lots, no value, no award', () => {
    const name = 'Argyll and Bute Council';
    expect(buyer(name).kind).toBe('unitary'); // a Scottish council (ocid prefix ocds-r6ebe6: PCS)
    expect(ind(name, 'lots_used')).toMatchObject({ value: 100, publishedBy: 1 }); // tender.lots: Cowal, Bute, Helensburgh & Lomond, West Argyll
    expect(buyer(name).value).toEqual({ value: null, publishedBy: 0, contracts: 1 }); // no tender.value
    expect(ind(name, 'sme_awards')).toMatchObject({ value: null, publishedBy: 0 }); // a tender notice: no awards
    expect(buyer(name).largest).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) The national-size input, and the second implementation.

/** Thresholds, by date, from rubrics/policy.yaml (England; every set there is VAT-inclusive). */
const THRESHOLD_SETS = [
  // PCR 2015 from 2022-01-01
  { from: '2022-01-01', sub: 213477, central: 138760, lightTouch: 663540, works: 5336937 },
  // PCR 2015 from 2024-01-01, and PA23 from 2025-02-24 with the same figures
  { from: '2024-01-01', sub: 214904, central: 139688, lightTouch: 663540, works: 5372609 },
  // PA23 from 2026-01-01 (England and Northern Ireland); also the newest, used when no date is given
  { from: '2026-01-01', sub: 207720, central: 135018, lightTouch: 663540, works: 5193000 },
];
/** rubrics/five-steps.yaml S4.1: above £1,500,000 "needs a large organisation". */
const SIZE_LINE = 1_500_000;

type Doc = GeneratedContract['doc']['procurement'] & {
  buyer: { name: string; type: 'sub-central' | 'central'; postcode?: string };
  value?: { amount: number; vat: string; includes_extensions: boolean };
  duration?: { initial_months: number; extension_months: number };
  lots?: { value?: number }[];
  procedure?: string;
  contract_type: string;
  tender_window_days?: number;
  tenderers?: number;
  procurement_start?: string;
  start_date?: string;
  source?: { published?: string };
  suppliers?: { scale?: string; vcse?: boolean; postcode?: string }[];
  awarded_value?: number;
};

interface Expected {
  contracts: number;
  value: number | null;
  indicators: Record<string, number | null>;
  quarters: Map<string, { contracts: number; direct: number }>;
}

/** The second implementation: plain loops over the YAML, from the definitions alone. */
function simpleProfiles(docs: Doc[]): Map<string, Expected> {
  const byBuyer = new Map<string, Doc[]>();
  for (const d of docs) {
    const list = byBuyer.get(d.buyer.name) ?? [];
    list.push(d);
    byBuyer.set(d.buyer.name, list);
  }
  const out = new Map<string, Expected>();
  for (const [name, list] of byBuyer) {
    let valueSum = 0;
    let valued = 0;
    let thrAbove = 0, thrAll = 0;
    let sizeAbove = 0, sizeAll = 0;
    let lotsMulti = 0, lotsAll = 0;
    let smeYes = 0, smeAll = 0, smeValYes = 0, smeValAll = 0;
    let vcseYes = 0, vcseAll = 0, vcseValYes = 0, vcseValAll = 0;
    let laYes = 0, laAll = 0, rgYes = 0, rgAll = 0;
    let daYes = 0, daAll = 0, davYes = 0, davAll = 0;
    let bidsOne = 0, bidsAll = 0;
    const windows: number[] = [];
    const durations: number[] = [];
    const quarters = new Map<string, { contracts: number; direct: number }>();
    for (const d of list) {
      // Whole-life value: VAT added when excluded, extensions pro rata when not included.
      let total: number | undefined;
      let factor = 1;
      if (d.value) {
        if (d.value.vat === 'excluded') factor = factor * 1.2;
        if (!d.value.includes_extensions && d.duration && d.duration.extension_months > 0) {
          factor = (factor * (d.duration.initial_months + d.duration.extension_months)) / d.duration.initial_months;
        }
        total = d.value.amount * factor;
        valueSum += total;
        valued++;
      }
      const route = d.procedure === 'grant' ? 'grant' : d.procedure === 'psr-direct-award' ? 'psr' : 'procurement';
      const date = d.procurement_start ?? d.start_date;
      if (total !== undefined && route === 'procurement') {
        let set = THRESHOLD_SETS[2]!;
        if (date !== undefined) {
          set = THRESHOLD_SETS[0]!;
          for (const s of THRESHOLD_SETS) if (s.from <= date) set = s;
        }
        let threshold = d.buyer.type === 'central' ? set.central : set.sub;
        if (d.contract_type === 'light-touch') threshold = set.lightTouch;
        if (d.contract_type === 'works') threshold = set.works;
        thrAll += total;
        if (total >= threshold) thrAbove += total;
      }
      if (total !== undefined) {
        let largest = total;
        const lots = d.lots ?? [];
        if (lots.length > 0 && lots.every((l) => l.value !== undefined)) {
          largest = 0;
          for (const l of lots) largest = Math.max(largest, l.value! * factor);
        }
        const exVat = Math.round(d.value!.vat === 'exempt' ? largest : largest / 1.2);
        sizeAll += total;
        if (exVat > SIZE_LINE) sizeAbove += total;
      }
      if (d.lots && d.lots.length > 0) {
        lotsAll++;
        if (d.lots.length >= 2) lotsMulti++;
      }
      if (d.tender_window_days !== undefined) windows.push(d.tender_window_days);
      if (d.tenderers !== undefined) {
        bidsAll++;
        if (d.tenderers === 1) bidsOne++;
      }
      if (d.duration) durations.push(d.duration.initial_months + d.duration.extension_months);
      if (d.suppliers && d.suppliers.length > 0) {
        const each = d.awarded_value !== undefined ? d.awarded_value / d.suppliers.length : undefined;
        for (const s of d.suppliers) {
          if (s.scale !== undefined) {
            const sme = s.scale !== 'large';
            smeAll++;
            if (sme) smeYes++;
            if (each !== undefined && each > 0) {
              smeValAll += each;
              if (sme) smeValYes += each;
            }
          }
          if (s.vcse !== undefined) {
            vcseAll++;
            if (s.vcse) vcseYes++;
            if (each !== undefined && each > 0) {
              vcseValAll += each;
              if (s.vcse) vcseValYes += each;
            }
          }
          if (s.postcode !== undefined && d.buyer.postcode !== undefined) {
            const district = (pc: string) => pc.split(' ')[0]!;
            const area = (pc: string) => district(pc).replace(/\d.*$/, '');
            laAll++;
            rgAll++;
            if (district(s.postcode) === district(d.buyer.postcode)) laYes++;
            if (area(s.postcode) === area(d.buyer.postcode)) rgYes++;
          }
        }
      }
      const direct = d.procedure === 'direct-award' || d.procedure === 'psr-direct-award';
      if (d.procedure !== undefined) {
        daAll++;
        if (direct) daYes++;
        if (total !== undefined) {
          davAll += total;
          if (direct) davYes += total;
        }
      }
      const when = date ?? d.source?.published;
      const q = when === undefined ? 'none' : `${when.slice(0, 4)}-Q${Math.ceil(Number(when.slice(5, 7)) / 3)}`;
      const entry = quarters.get(q) ?? { contracts: 0, direct: 0 };
      entry.contracts++;
      if (direct) entry.direct++;
      quarters.set(q, entry);
    }
    const pct = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);
    const med = (xs: number[]) => {
      if (xs.length === 0) return null;
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    out.set(name, {
      contracts: list.length,
      value: valued === 0 ? null : valueSum,
      indicators: {
        above_threshold_value: pct(thrAbove, thrAll),
        above_size_value: pct(sizeAbove, sizeAll),
        lots_used: pct(lotsMulti, lotsAll),
        sme_awards: pct(smeYes, smeAll),
        sme_value: pct(smeValYes, smeValAll),
        vcse_awards: pct(vcseYes, vcseAll),
        vcse_value: pct(vcseValYes, vcseValAll),
        local_authority_awards: pct(laYes, laAll),
        local_region_awards: pct(rgYes, rgAll),
        tender_window_median: med(windows),
        single_bids: pct(bidsOne, bidsAll),
        duration_median: med(durations),
        direct_awards: pct(daYes, daAll),
        direct_award_value: pct(davYes, davAll),
      },
      quarters,
    });
  }
  return out;
}

/** Percentiles the simple way: compare with every peer in turn. */
function simplePercentile(name: string, id: string, expected: Map<string, Expected>, kinds: Map<string, string>, min: number): string | number {
  const me = expected.get(name)!;
  if (me.contracts < min) return 'below-minimum';
  const v = me.indicators[id]!;
  if (v === null || v === undefined) return 'not-published';
  let lower = 0;
  let equal = 0;
  let peers = 0;
  for (const [other, e] of expected) {
    if (other === name || kinds.get(other) !== kinds.get(name) || e.contracts < min) continue;
    const w = e.indicators[id];
    if (w === null || w === undefined) continue;
    peers++;
    if (w < v) lower++;
    else if (w === v) equal++;
  }
  if (peers < 5) return 'too-few-peers';
  return (100 * (lower + equal / 2)) / peers;
}

describe('kil profile on a generated national-size input', () => {
  const CONTRACTS = 2000;
  const BUYERS = 100;
  let generated: ReturnType<typeof generateInput>;
  let doc: JsonProfile;
  let expected: Map<string, Expected>;
  let seconds = 0;

  beforeAll(() => {
    const templatesDir = importNotices();
    const templates = readdirSync(templatesDir).sort().map((f) => parse(readFileSync(join(templatesDir, f), 'utf8')) as object);
    const dir = join(tempDir(), 'national');
    mkdirSync(dir);
    generated = generateInput({ dir, templates, contracts: CONTRACTS, buyers: BUYERS });
    const started = process.hrtime.bigint();
    doc = profileJson([dir]);
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The second implementation reads the files back, as kil does, not the generator's objects.
    expected = simpleProfiles(generated.contracts.map((c) => (parse(readFileSync(c.path, 'utf8')) as { procurement: Doc }).procurement));
  }, 120_000);

  it('profiles every buyer and every contract', () => {
    console.log(`kil profile: ${CONTRACTS} contracts, ${BUYERS} buyers in ${seconds.toFixed(1)} s`);
    expect(doc.inputs).toMatchObject({ files: CONTRACTS, contracts: CONTRACTS, buyers: BUYERS, failed: [] });
    expect(doc.buyers).toHaveLength(BUYERS);
    expect(new Set(doc.buyers.map((b) => b.name))).toEqual(new Set(generated.buyers.map((b) => b.name)));
  });

  it('gives each buyer the kind its name shows', () => {
    for (const g of generated.buyers) expect(doc.buyers.find((b) => b.name === g.name)?.kind, g.name).toBe(g.kind);
  });

  it('agrees with the simple implementation on every figure of every buyer', () => {
    let compared = 0;
    let notPublished = 0;
    for (const b of doc.buyers) {
      const e = expected.get(b.name)!;
      expect(b.contracts, b.name).toBe(e.contracts);
      if (e.value === null) expect(b.value.value).toBeNull();
      else expect(b.value.value, b.name).toBeCloseTo(e.value, 2);
      for (const [id, want] of Object.entries(e.indicators)) {
        const got = b.indicators[id]!.value;
        if (want === null) {
          expect(got, `${b.name} ${id}`).toBeNull();
          notPublished++;
        } else expect(got, `${b.name} ${id}`).toBeCloseTo(want, 6);
        compared++;
      }
      const quarters = new Map(b.directAwardsByQuarter.map((q) => [q.quarter ?? 'none', { contracts: q.contracts, direct: q.directAwards }]));
      expect(quarters, b.name).toEqual(e.quarters);
    }
    expect(compared).toBe(BUYERS * 14);
    // The input has gaps, and they show as gaps: some figures are not published, most are.
    expect(notPublished).toBeGreaterThan(0);
    expect(notPublished).toBeLessThan(compared / 4);
  });

  it('agrees on every percentile, with the rule stated', () => {
    expect(doc.rules).toMatchObject({ minContracts: 10, minPeers: 5 });
    expect(doc.rules.percentile).toContain('counting peers with the same value as half');
    const kinds = new Map(doc.buyers.map((b) => [b.name, b.kind]));
    const statuses = new Map<string, number>();
    for (const b of doc.buyers) {
      for (const [id, i] of Object.entries(b.indicators)) {
        const want = simplePercentile(b.name, id, expected, kinds, 10);
        statuses.set(i.benchmark.status, (statuses.get(i.benchmark.status) ?? 0) + 1);
        if (typeof want === 'number') {
          expect(i.benchmark.status, `${b.name} ${id}`).toBe('percentile');
          expect(i.benchmark.percentile, `${b.name} ${id}`).toBeCloseTo(want, 6);
        } else expect(i.benchmark.status, `${b.name} ${id}`).toBe(want);
      }
    }
    // The input exercises every outcome.
    expect([...statuses.keys()].sort()).toEqual(['below-minimum', 'not-published', 'percentile', 'too-few-peers'].filter((s) => statuses.has(s)).sort());
    expect(statuses.get('percentile')).toBeGreaterThan(100);
    expect(statuses.get('below-minimum')).toBeGreaterThan(0);
  });

  it('writes the same figures as CSV, markdown and HTML, and --buyer picks one buyer', () => {
    const dir = join(generated.contracts[0]!.path, '..', '..');
    const some = doc.buyers[7]!;
    const csv = runCli(['profile', dir, '--format', 'csv', '--buyer', some.name]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('buyer,buyer_key,kind,contracts,indicator,value,unit,published_by,percentile,peers,benchmark,detail');
    const sme = lines.find((l) => l.includes(',sme_awards,'))!;
    expect(sme.startsWith(`${some.name},${some.key},${some.kind},${some.contracts},sme_awards,${some.indicators.sme_awards!.value ?? ''},`)).toBe(true);
    const md = runCli(['profile', dir, '--buyer', some.key]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`## ${some.name}`);
    expect(md.stdout).toContain('at least 10 contracts (--min-contracts)');
    expect(md.stdout.match(/^## /gm)).toHaveLength(2); // the buyer and the definitions
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Errors.

describe('kil profile errors', () => {
  let contracts: string;
  beforeAll(() => {
    contracts = importNotices();
  });

  it('a path that names nothing: listed as failed, the rest profiled, exit 2', () => {
    const r = runCli(['profile', contracts, 'no/such/folder', '--format', 'json', '--min-contracts', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/folder:1:1: no such file or folder; check the path');
    const doc = JSON.parse(r.stdout) as JsonProfile;
    expect(doc.inputs.contracts).toBe(9);
    expect(doc.inputs.failed.map((f) => f.path)).toEqual(['no/such/folder']);
  });

  it('no contract files at all: exit 2, nothing on stdout', () => {
    const empty = tempDir();
    const r = runCli(['profile', empty]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no *.yaml or *.yml files found');
    expect(runCli(['profile']).code).toBe(2);
  });

  it('--buyer matching nothing: exit 2 with the nearest names', () => {
    const r = runCli(['profile', contracts, '--buyer', 'Croydn Council']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--buyer "Croydn Council" matches none of the 9 buyers in the input; the nearest: "Croydon Council" (croydon-council)');
  });

  it('broken YAML among the inputs: that file fails, the others are profiled, exit 2', () => {
    const dir = tempDir();
    for (const f of readdirSync(contracts)) writeFileSync(join(dir, f), readFileSync(join(contracts, f)));
    writeFileSync(join(dir, 'broken.yaml'), 'kil: 1\nprocurement: [unclosed\n');
    writeFileSync(join(dir, 'wrong.yaml'), 'kil: 1\nprocurement:\n  title: x\n');
    const r = runCli(['profile', dir, '--format', 'json', '--min-contracts', '1']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as JsonProfile;
    expect(doc.inputs.contracts).toBe(9);
    expect(doc.inputs.failed.map((f) => f.path.split('/').pop())).toEqual(['broken.yaml', 'wrong.yaml']);
    expect(r.stderr).toMatch(/broken\.yaml:3:1: YAML syntax error/);
    expect(r.stderr).toContain('9 contracts of 9 buyers profiled, 2 files failed');
  });

  it('bad options: exit 2', () => {
    expect(runCli(['profile', contracts, '--min-contracts', '0']).stderr).toContain('--min-contracts must be a whole number');
    expect(runCli(['profile', contracts, '--format', 'pdf']).code).toBe(2);
    expect(runCli(['profile', contracts, '--date', '2026-02-30']).code).toBe(2);
  });

  it('--out-dir writes profile.md, profile.html and profile.json, and will not replace a file kil did not write', () => {
    const out = join(tempDir(), 'out');
    const r = runCli(['profile', contracts, '--out-dir', out, '-q']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['profile.html', 'profile.json', 'profile.md']);
    expect(runCli(['profile', contracts, '--out-dir', out, '-q']).code).toBe(0); // its own files: replaced
    writeFileSync(join(out, 'profile.md'), 'my notes\n');
    const again = runCli(['profile', contracts, '--out-dir', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists and was not written by kil');
    expect(readFileSync(join(out, 'profile.md'), 'utf8')).toBe('my notes\n');
  });
});

describe('kil profile with a postcode table (KIL_POSTCODE_TABLE)', () => {
  let croydon: string;
  beforeAll(() => {
    const contracts = importNotices();
    croydon = join(contracts, readdirSync(contracts).find((f) => readFileSync(join(contracts, f), 'utf8').includes('CR0 1EA'))!);
  });
  // Croydon's notice: buyer CR0 1EA; suppliers CR0 2TB, CR0 6PD, CR0 2TB, CR0 3RG, all postcode district CR0.
  // A made-up table puts CR0 1 and CR0 2 in Croydon, CR0 6 in Bromley and CR0 3 in Sutton, all in London.
  const table = {
    format: 'kil-postcode-localities',
    version: 1,
    source: { name: 'test table', sample: false, licence: 'test', attribution: [] },
    regions: [['E12000007', 'London']],
    authorities: [['E09000008', 'Croydon', 0], ['E09000006', 'Bromley', 0], ['E09000029', 'Sutton', 0]],
    sectors: [['CR0 1', 0], ['CR0 2', 0], ['CR0 3', 2], ['CR0 6', 1]],
  };

  it('compares by local authority where the table knows both postcodes, and says which table', () => {
    const file = join(tempDir(), 'table.json');
    writeFileSync(file, JSON.stringify(table));
    const r = runCli(['profile', croydon, '--format', 'json', '--min-contracts', '1'], { env: { KIL_POSTCODE_TABLE: file } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonProfile & { locality: string; postcodeTable: string | null };
    expect(doc.locality).toBe('table');
    expect(doc.postcodeTable).toBe('test table');
    const ind = doc.buyers[0]!.indicators;
    // The two CR0 2TB awards are in Croydon; CR0 6PD and CR0 3RG are not (by postcode district all four were).
    expect(ind.local_authority_awards).toMatchObject({ value: 50, detail: '2 of 4 supplier awards; compared 4 by local authority' });
    expect(ind.local_region_awards).toMatchObject({ value: 100 });
    const md = runCli(['profile', croydon, '--min-contracts', '1'], { env: { KIL_POSTCODE_TABLE: file } });
    expect(md.stdout).toContain('where the postcode table (test table) knows both postcodes');
  });

  it('without one, the postcode district stands in and the output says how to use a table', () => {
    const r = runCli(['profile', croydon, '--format', 'json', '--min-contracts', '1']);
    const doc = JSON.parse(r.stdout) as JsonProfile & { locality: string; postcodeTable: string | null };
    expect(doc.locality).toBe('postcode-district-and-area');
    expect(doc.postcodeTable).toBeNull();
    expect(runCli(['profile', croydon, '--min-contracts', '1']).stdout).toContain('Set KIL_POSTCODE_TABLE to a table built from the ONS Postcode Directory');
  });

  it('a missing or broken table: exit 2, one message naming KIL_POSTCODE_TABLE, no stack trace', () => {
    const broken = join(tempDir(), 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...table, sectors: [['CR0 2', 0], ['CR0 1', 0]] }));
    for (const file of [broken, join(tempDir(), 'none.json')]) {
      const r = runCli(['profile', croydon], { env: { KIL_POSTCODE_TABLE: file } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^kil: KIL_POSTCODE_TABLE: .*(out of order|cannot be read)/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The pure parts.

describe('buyer kinds, postcodes and percentiles', () => {
  it('tells council tiers apart only where the name shows them', () => {
    const kind = (name: string, nation: 'england' | 'scotland' | 'wales' = 'england', type: 'sub-central' | 'central' = 'sub-central') => buyerKind(name, type, nation);
    expect(kind('Devon County Council')).toBe('county');
    expect(kind('Mid Devon District Council')).toBe('district');
    expect(kind('Wigan Metropolitan Borough Council')).toBe('metropolitan');
    expect(kind('London Borough of Merton')).toBe('london-borough');
    expect(kind('Merton London Borough Council')).toBe('london-borough');
    expect(kind('Reading Borough Council')).toBe('council-tier-not-shown');
    expect(kind('Leeds City Council')).toBe('council-tier-not-shown');
    expect(kind('Royal Borough of Greenwich')).toBe('council-tier-not-shown'); // a London borough, but so named are Windsor and Maidenhead (unitary)
    expect(kind('Martock Parish Council')).toBe('parish-town');
    expect(kind('Argyll and Bute Council', 'scotland')).toBe('unitary');
    expect(kind('Cardiff Council', 'wales')).toBe('unitary');
    expect(kind('Conwy County Borough Council', 'wales')).toBe('unitary');
    expect(kind('Durham County Council')).toBe('county'); // the name says county, though Durham is unitary: the name is all kil reads
    expect(kind('NHS Devon Integrated Care Board', 'england', 'central')).toBe('nhs');
    expect(kind('Leeds Teaching Hospitals NHS Trust', 'england', 'central')).toBe('nhs');
    expect(kind('Cabinet Office', 'england', 'central')).toBe('central');
    expect(kind('Welland Procurement Unit')).toBe('other-local');
    expect(buyerKey('Argyll & Bute  Council')).toBe('argyll-and-bute-council');
  });

  it('compares postcodes by district and area unless a locality table knows both', () => {
    expect(postcodeParts('cr0 1ea')).toEqual({ district: 'CR0', area: 'CR' });
    expect(postcodeParts('RM13BB')).toEqual({ district: 'RM1', area: 'RM' });
    expect(postcodeParts('EC3N 2LB')).toEqual({ district: 'EC3N', area: 'EC' });
    expect(postcodeParts('England')).toBeUndefined();
    const none = () => ({});
    expect(compareLocality('CR0 1EA', 'CR0 2TB', 'authority', none)).toEqual({ same: true, basis: 'postcode-district' });
    expect(compareLocality('CR0 1EA', 'CR2 6XH', 'authority', none)).toEqual({ same: false, basis: 'postcode-district' });
    expect(compareLocality('CR0 1EA', 'CR2 6XH', 'region', none)).toEqual({ same: true, basis: 'postcode-area' });
    expect(compareLocality('CR0 1EA', 'UKL22', 'region', none)).toBeUndefined();
    const table = (pc: string) => (pc.startsWith('CR') ? { authority: 'Croydon', region: 'London' } : pc.startsWith('BR') ? { authority: 'Bromley', region: 'London' } : {});
    expect(compareLocality('CR0 1EA', 'BR1 3UH', 'region', table)).toEqual({ same: true, basis: 'region' });
    expect(compareLocality('CR0 1EA', 'BR1 3UH', 'authority', table)).toEqual({ same: false, basis: 'authority' });
    // One side unknown to the table: the postcodes are compared.
    expect(compareLocality('CR0 1EA', 'SE1 9GF', 'authority', table)).toEqual({ same: false, basis: 'postcode-district' });
  });

  it('percentile: the share of peers lower, ties counted half, the buyer not its own peer', () => {
    const record = (buyer: string, i: number, procedure: string): ProfileRecord => ({ path: `${buyer}-${i}`, title: 't', buyer, buyerKey: buyerKey(buyer), kind: 'district', procedure });
    const records: ProfileRecord[] = [];
    // Seven district councils, two contracts each; direct awards 0, 0, 1, 1, 1, 2 and 2 of 2.
    [0, 0, 1, 1, 1, 2, 2].forEach((direct, k) => {
      for (let i = 0; i < 2; i++) records.push(record(`D${k} District Council`, i, i < direct ? 'direct-award' : 'open'));
    });
    const profiles: BuyerProfile[] = profileBuyers(records, { sizeLine: { amount: 1, strict: true, source: 'test' } });
    const b = peerPercentiles(profiles, { minContracts: 2, minPeers: 5 });
    // D2 (50%): peers 0, 0 lower; 50, 50 equal; 100, 100 higher: (2 + 2/2) / 6 = 50.
    expect(b.get('d2-district-council')!.direct_awards).toEqual({ status: 'percentile', percentile: 50, peers: 6 });
    // D0 (0%): one other peer at 0, equal: (0 + 1/2) / 6.
    expect(b.get('d0-district-council')!.direct_awards).toEqual({ status: 'percentile', percentile: (100 * 0.5) / 6, peers: 6 });
    // Not published is no benchmark, never a zero.
    expect(b.get('d0-district-council')!.sme_awards).toEqual({ status: 'not-published' });
    expect(peerPercentiles(profiles, { minContracts: 3, minPeers: 5 }).get('d2-district-council')!.direct_awards).toEqual({ status: 'below-minimum' });
    expect(peerPercentiles(profiles, { minContracts: 2, minPeers: 7 }).get('d2-district-council')!.direct_awards).toEqual({ status: 'too-few-peers', peers: 6 });
  });
});

// ---------------------------------------------------------------------------------------------
// Sabotage audit: each test below fails when the promise it names is broken on purpose.

describe('sabotage audit: kil profile', () => {
  const SIZE = { amount: 1_500_000, strict: true, source: 'test' };
  const rec = (buyer: string, i: number, extra: Partial<ProfileRecord> = {}): ProfileRecord => ({ path: `${buyer}/${i}`, title: 't', buyer, buyerKey: buyerKey(buyer), kind: 'district', ...extra });

  it('5 peers is enough for a percentile; 4 is "too few peers" (docs/profile.md: fewer than 5)', () => {
    const six = [0, 1, 2, 3, 4, 5].flatMap((k) => [rec(`D${k} District Council`, 0, { procedure: k < 3 ? 'direct-award' : 'open' })]);
    const b = peerPercentiles(profileBuyers(six, { sizeLine: SIZE }), { minContracts: 1, minPeers: 5 });
    // D0 at 100%: peers D1, D2 equal (100%), D3, D4, D5 lower (0%): (3 + 2/2) / 5.
    expect(b.get('d0-district-council')!.direct_awards).toEqual({ status: 'percentile', percentile: 80, peers: 5 });
    const five = peerPercentiles(profileBuyers(six.slice(1), { sizeLine: SIZE }), { minContracts: 1, minPeers: 5 });
    expect(five.get('d1-district-council')!.direct_awards).toEqual({ status: 'too-few-peers', peers: 4 });
  });

  it('a share whose contracts are all worth £0 is not published (null), never NaN or 0', () => {
    const [p] = profileBuyers([rec('Z District Council', 0, { value: 0, aboveThreshold: false, procedure: 'direct-award', largestLotExVat: 0 })], { sizeLine: SIZE });
    expect(p!.indicators.above_threshold_value.value).toBeNull();
    expect(p!.indicators.above_size_value.value).toBeNull();
    expect(p!.indicators.direct_award_value.value).toBeNull();
    expect(p!.indicators.direct_awards.value).toBe(100); // by count it is published
  });

  it("Locality's size: a lot of exactly the line is above it only for a `min` band, not an `above` band", () => {
    const at = [rec('A District Council', 0, { value: 2_000_000, largestLotExVat: 1_500_000 })];
    expect(profileBuyers(at, { sizeLine: { ...SIZE, strict: true } })[0]!.indicators.above_size_value.value).toBe(0);
    expect(profileBuyers(at, { sizeLine: { ...SIZE, strict: false } })[0]!.indicators.above_size_value.value).toBe(100);
  });

  // A real bug the audit found: a tie with the last one kept was dropped whatever its path, so
  // which contracts were listed depended on the order of the input.
  it('the largest contracts are the five largest, ties by path, whatever the order of the input', () => {
    const paths = ['f', 'e', 'd', 'c', 'b', 'a'];
    const largest = (order: string[]) => profileBuyers(order.map((path) => ({ ...rec('B District Council', 0, { value: 100 }), path })), { sizeLine: SIZE })[0]!.largest.map((l) => l.path);
    expect(largest(paths)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(largest([...paths].reverse())).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  describe("a contract's record", () => {
    const library = builtInLibrary();
    const recordOf = (extra: string) => {
      const contract = contractFrom(`kil: 1
procurement:
  title: T
  buyer: { name: Mid Devon District Council, type: sub-central, nation: england }
  contract_type: services
${extra}answers: {}
`, library);
      return profileRecord('c.yaml', contract, deriveProcurementFacts(contract.procurement, library.policy));
    };

    it('an empty list of lots lists none: lots_used is not published for it, never "not divided"', () => {
      expect(recordOf('  lots: []\n').lots).toBeUndefined();
      expect(recordOf('  lots: [{ id: a }, { id: b }]\n').lots).toBe(2);
    });

    it('is dated by procurement_start, else start_date, else source.published (docs/profile.md)', () => {
      expect(recordOf('  procurement_start: 2025-02-01\n  start_date: 2025-07-01\n').date).toBe('2025-02-01');
      expect(recordOf('  start_date: 2025-07-01\n').date).toBe('2025-07-01');
    });
  });
});
