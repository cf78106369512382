/**
 * Which contracts kil profile counts as one buyer: those linked by the same name key or the same
 * registered identifier (procurement.buyer.identifier, which kil import ocds copies from
 * parties[].identifier), however far apart in the input and in whatever order. Checked on small
 * hand-made inputs, against a simple connected-components implementation over random inputs in
 * every order, and end to end on the real notices that carry an identifier.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buyerKey } from '../src/profile/kind.js';
import { matchBuyers } from '../src/profile/match.js';
import { profileBuyers, type BuyerProfile } from '../src/profile/profile.js';
import type { ProfileRecord } from '../src/profile/record.js';
import { NOTICES_DIR, runCli, tempDir } from './helpers.js';

const RUNS = Number(process.env.KIL_FUZZ_RUNS ?? 100);
const POLICY = { sizeLine: { amount: 1_500_000, strict: true, source: 'test' } };

let made = 0;
const record = (buyer: string, identifier?: string, value?: number): ProfileRecord => ({
  path: `c${++made}.yaml`,
  title: `Contract ${made}`,
  buyer,
  buyerKey: buyerKey(buyer),
  ...(identifier !== undefined ? { buyerIdentifier: identifier } : {}),
  kind: 'other-local',
  ...(value !== undefined ? { value, procedure: 'open' } : {}),
});

const profiles = (records: ProfileRecord[]): BuyerProfile[] => profileBuyers(records, POLICY);

describe('one buyer: the same name key or the same registered identifier', () => {
  it('names that differ but share an identifier are one buyer, named as most of its contracts name it', () => {
    const [p, ...rest] = profiles([
      record('Welland Procurement Unit', 'GB-SRS-SID4GOV/W1', 100),
      record('Welland Procurement', 'GB-SRS-SID4GOV/W1', 300),
      record('WELLAND PROCUREMENT UNIT', undefined, 200), // the same key as the first
    ]);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ name: 'WELLAND PROCUREMENT UNIT', key: 'welland-procurement-unit', contracts: 3, identifiers: ['GB-SRS-SID4GOV/W1'] });
    // Each name once: a tie between names goes to the first in code-unit order, whatever the input's order.
    expect(p!.alsoNamed).toEqual(['Welland Procurement', 'Welland Procurement Unit']);
    expect(p!.value.value).toBe(600);
    expect(p!.largest.map((c) => c.value)).toEqual([300, 200, 100]);
  });

  it('a contract that links two buyers found apart makes them one, with every figure of both', () => {
    const input = [record('Alpha Council', 'GB-X-1', 10), record('Beta Council', 'GB-X-2', 20), record('Beta Council', undefined, 40), record('Alpha Council', 'GB-X-2', 80)];
    const [p, ...rest] = profiles(input);
    expect(rest).toEqual([]);
    // Two contracts each: the tie goes to the first name in code-unit order.
    expect(p).toMatchObject({ name: 'Alpha Council', contracts: 4, alsoNamed: ['Beta Council'], identifiers: ['GB-X-1', 'GB-X-2'] });
    expect(p!.value).toEqual({ value: 150, n: 4, m: 4 });
    expect(p!.procedures).toEqual([{ procedure: 'open', contracts: 4, value: 150, valued: 4 }]);
  });

  it('different names with different identifiers, or none, stay apart', () => {
    const ps = profiles([record('Alpha Council', 'GB-X-1'), record('Beta Council', 'GB-X-2'), record('Gamma Council')]);
    expect(ps.map((p) => [p.name, p.identifiers, p.alsoNamed])).toEqual([
      ['Alpha Council', ['GB-X-1'], []],
      ['Beta Council', ['GB-X-2'], []],
      ['Gamma Council', [], []],
    ]);
  });

  it('are the connected components of names and identifiers, in whatever order the contracts come', () => {
    const names = ['Alpha Council', 'Beta Council', 'Gamma Council', 'Delta Council', 'Epsilon Trust', 'alpha council'];
    const ids = ['GB-A-1', 'GB-A-2', 'GB-A-3', 'GB-A-4'];
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const postcode = fc.constantFrom('LE15 6HP', 'LE15 9AB', 'LE16 1AA', 'TA12 6JL', 'CR0 1EA');
    const contract = fc.record({
      name: fc.constantFrom(...names),
      id: maybe(fc.constantFrom(...ids)),
      value: fc.integer({ min: 1, max: 1000 }),
      // Every other figure a record carries, so that joining two buyers must carry each of them over.
      facts: fc.record(
        {
          procedure: fc.constantFrom('open', 'direct-award', 'framework-call-off'),
          aboveThreshold: fc.boolean(),
          largestLotExVat: fc.integer({ min: 1, max: 3_000_000 }),
          lots: fc.integer({ min: 1, max: 4 }),
          tenderWindowDays: fc.integer({ min: 5, max: 60 }),
          tenderers: fc.integer({ min: 1, max: 6 }),
          durationMonths: fc.integer({ min: 1, max: 120 }),
          awardedValue: fc.integer({ min: 1, max: 100 }).map((n) => n * 6), // a whole share for 1, 2 or 3 suppliers
          buyerPostcode: postcode,
          suppliers: fc.array(fc.record({ sme: fc.boolean(), vcse: fc.boolean(), postcode }, { requiredKeys: [] }), { minLength: 1, maxLength: 3 }),
          date: fc.constantFrom('2024-01-15', '2024-05-01', '2025-11-30'),
        },
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(fc.array(contract, { minLength: 1, maxLength: 30 }), fc.integer(), (cs, seed) => {
        const records = cs.map((c) => ({ ...record(c.name, c.id, c.value), ...c.facts }));
        // The simple implementation: union-find over "n:key" and "i:id", then group.
        const parent = new Map<string, string>();
        const find = (x: string): string => {
          while (parent.get(x) !== undefined && parent.get(x) !== x) x = parent.get(x)!;
          return x;
        };
        const union = (a: string, b: string) => {
          parent.set(a, parent.get(a) ?? a);
          parent.set(b, parent.get(b) ?? b);
          parent.set(find(a), find(b));
        };
        for (const r of records) union(`n:${r.buyerKey}`, r.buyerIdentifier !== undefined ? `i:${r.buyerIdentifier}` : `n:${r.buyerKey}`);
        const groups = new Map<string, ProfileRecord[]>();
        for (const r of records) groups.set(find(`n:${r.buyerKey}`), [...(groups.get(find(`n:${r.buyerKey}`)) ?? []), r]);
        const expected = [...groups.values()]
          .map((rs) => ({ contracts: rs.length, value: rs.reduce((s, r) => s + r.value!, 0), names: [...new Set(rs.map((r) => r.buyer))].sort(), ids: [...new Set(rs.flatMap((r) => r.buyerIdentifier ?? []))].sort() }))
          .sort((a, b) => (a.names.join() < b.names.join() ? -1 : 1));
        const seen = (ps: BuyerProfile[]) =>
          ps.map((p) => ({ contracts: p.contracts, value: p.value.value, names: [p.name, ...p.alsoNamed].sort(), ids: p.identifiers })).sort((a, b) => (a.names.join() < b.names.join() ? -1 : 1));
        const forward = profiles(records);
        expect(seen(forward)).toEqual(expected);
        // Every figure of a buyer joined from parts is the figure of its contracts taken as one buyer from the start.
        const figures = ({ name, key, kind, alsoNamed, identifiers, ...rest }: BuyerProfile) => rest;
        for (const group of groups.values()) {
          const asOne = profiles(group.map((r) => ({ ...r, buyer: 'One', buyerKey: 'one', buyerIdentifier: undefined })));
          const joined = forward.find((p) => [p.name, ...p.alsoNamed].includes(group[0]!.buyer))!;
          expect(figures(joined)).toEqual(figures(asOne[0]!));
        }
        // Shuffled: the same profiles, figure for figure.
        const shuffled = [...records];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) | 0;
          const j = Math.abs(s) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(profiles(shuffled)).toEqual(forward);
      }),
      { numRuns: RUNS },
    );
  });

  it('names with no letter or digit are told apart by their characters, never joined by an empty key', () => {
    expect(buyerKey('!!!')).toBe('u-21-21-21');
    expect(['!!!', '???', '—', ' ! '].map(buyerKey)).toEqual(['u-21-21-21', 'u-3f-3f-3f', 'u-2014', 'u-21']);
    expect(profiles([record('!!!'), record('???'), record('!!!')]).map((p) => [p.name, p.contracts])).toEqual([
      ['!!!', 2],
      ['???', 1],
    ]);
  });

  it('--buyer finds a buyer by any of its names or by its identifier, without regard to case', () => {
    const ps = profiles([record('Welland Procurement Unit', 'GB-SRS-SID4GOV/W1'), record('Welland Procurement', 'GB-SRS-SID4GOV/W1'), record('Rutland County Council')]);
    for (const wanted of ['gb-srs-sid4gov/w1', 'Welland Procurement', 'welland procurement unit', 'welland-procurement']) {
      expect(matchBuyers(ps, wanted).map((p) => p.name), wanted).toEqual(['Welland Procurement']);
    }
    expect(matchBuyers(ps, 'GB-SRS-SID4GOV').map((p) => p.name)).toEqual([]); // part of an identifier is not one
  });
});

describe('kil profile with the identifiers real notices publish', () => {
  it('imports parties[].identifier of Martock and of Welland, shows them, and --buyer takes one', () => {
    const dir = tempDir();
    const out = join(dir, 'contracts');
    const notices = ['uk-cf-2025-martock-parish-recreation-ground-maintenance', 'uk-cf-2025-rutland-home-to-school-taxi-dps', 'uk-cf-2019-croydon-infrastructure-support'];
    const imported = runCli(['import', 'ocds', ...notices.map((n) => join(NOTICES_DIR, `${n}.json`)), '--out-dir', out]);
    expect(imported.code).toBe(0);
    // By hand from the JSON: Rutland's buyer party is Welland Procurement Unit, identifier {scheme: "GB-SRS", id: "sid4gov.cabinetoffice.gov.uk/SjTw969a"}.
    const r = runCli(['profile', out, '--format', 'json', '--buyer', 'gb-srs-sid4gov.cabinetoffice.gov.uk/sjtw969a']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { buyers: { name: string; identifiers: string[]; alsoNamed: string[] }[] };
    expect(doc.buyers.map((b) => [b.name, b.identifiers, b.alsoNamed])).toEqual([['Welland Procurement Unit', ['GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a'], []]]);
    const all = JSON.parse(runCli(['profile', out, '--format', 'json']).stdout) as typeof doc;
    // Croydon's notice gives only Contracts Finder's own hash for its buyer: no identifier.
    expect(all.buyers.map((b) => [b.name, b.identifiers])).toEqual([
      ['Croydon Council', []],
      ['Martock Parish Council', ['GB-SRS-supplierregistration.cabinetoffice.gov.uk/jEHd582C']],
      ['Welland Procurement Unit', ['GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a']],
    ]);
    const contract = parse(readFileSync(join(out, 'ocds-b5fd17-d1441223-b3e7-45a9-9ff6-88fcdad59f37.yaml'), 'utf8')) as { procurement: { buyer: { identifier: string } } };
    expect(contract.procurement.buyer.identifier).toBe('GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a');
    const md = runCli(['profile', out, '--buyer', 'Welland Procurement Unit']);
    expect(md.stdout).toContain('Registered as GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a (contracts with the same name key or identifier are one buyer).');
  });
});
