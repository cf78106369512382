/**
 * The import's comments tell the truth: a fact said to come "from" a field came from that field,
 * and one "read from text in" a field came from text there. Checked as a property over the real
 * notices and over mutated ones; and the mapping rules a review of real imports found wrong.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProcess, readOcds, type Json } from '../src/import/ocds/container.js';
import { importOcds } from '../src/import/ocds/index.js';
import { mapRelease, type ImportedFact } from '../src/import/ocds/map.js';
import { isoDay, noticeText } from '../src/import/ocds/text.js';
import { ROOT } from './helpers.js';

const RUNS = Number(process.env.KIL_FUZZ_RUNS ?? 200);
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ocds');
const notices = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => ({ file: f, text: readFileSync(join(FIXTURES, f), 'utf8') }));

/** Every value at an OCDS path: "tender.lots[0].renewal.description", "parties[].name". */
function valuesAt(root: unknown, path: string): unknown[] {
  let at: unknown[] = [root];
  for (const part of path.split('.')) {
    const m = /^([A-Za-z]+)(\[(\d*)\])?$/.exec(part);
    if (!m) throw new Error(`not an OCDS path: ${path}`);
    const next: unknown[] = [];
    for (const node of at) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
      const v = (node as Record<string, unknown>)[m[1]!];
      if (m[2] === undefined) next.push(v);
      else if (Array.isArray(v)) next.push(...(m[3] === '' ? v : [v[Number(m[3])]]));
    }
    at = next.filter((v) => v !== undefined && v !== null);
  }
  return at;
}

/** The fields a comment names: before any "; " note, separated by ", ". */
const namedFields = (from: string): string[] => from.split('; ')[0]!.split(', ').map((f) => f.trim());

/** What is wrong with a fact's comment against the release it came from, if anything. */
function untrue(fact: ImportedFact, release: Json, ocid: string): string | undefined {
  if (fact.how !== 'field' && fact.how !== 'text') return undefined;
  for (const field of namedFields(fact.from)) {
    if (field === 'ocid') {
      if (!ocid) return `${fact.path.join('.')}: from ocid, but there is none`;
      continue;
    }
    const found = valuesAt(release, field);
    if (found.length === 0) return `${fact.path.join('.')}: comment says ${fact.how === 'text' ? 'read from text in' : 'from'} ${field}, which the release does not have`;
    if (fact.how === 'text' && !found.some((v) => typeof v === 'string')) return `${fact.path.join('.')}: read from text in ${field}, which holds no text`;
  }
  // Where the conversion is plain, the field must also yield the value.
  const [field] = namedFields(fact.from);
  const values = field && field !== 'ocid' ? valuesAt(release, field) : [];
  const key = fact.path.join('.');
  const yields = (ok: (v: unknown) => boolean) => (values.some(ok) ? undefined : `${key}: ${field} does not yield ${JSON.stringify(fact.value)}`);
  if (key === 'title' || key === 'buyer.name') return yields((v) => typeof v === 'string' && (noticeText(v) ?? '').startsWith(String(fact.value).replace(/…$/, '')));
  if (key === 'start_date' || key === 'procurement_start') return yields((v) => isoDay(v) === fact.value);
  if (key === 'value') return yields((v) => Number(v) === (fact.value as { amount: number }).amount);
  if (key === 'max_lots_per_bidder') return yields((v) => Number(v) === fact.value);
  if (key === 'buyer.identifier') {
    // "SCHEME-ID" (the scheme once, when the id repeats it), without regard to case.
    const ids = valuesAt(release, 'parties[].identifier.id').map((id) => String(id).trim());
    const is = (text: string) => text.toUpperCase() === String(fact.value).toUpperCase();
    return yields((scheme) => ids.some((id) => is(`${String(scheme)}-${id}`) || is(id)));
  }
  if (key === 'duration' && field!.endsWith('durationInDays')) {
    // The period is the initial term, or (when the comment says the initial period was read from text) the initial term and the options.
    const d = fact.value as { initial_months: number; extension_months: number };
    const covered = /the initial period read from text/.test(fact.from) ? [d.initial_months + d.extension_months, d.initial_months + d.extension_months - 1, d.initial_months + d.extension_months + 1, d.initial_months - 1, d.initial_months, d.initial_months + 1] : [d.initial_months];
    return yields((v) => covered.includes(Math.max(1, Math.round(Number(v) / 30.4375))));
  }
  return undefined;
}

function checkNotice(text: string): string[] {
  const { processes } = readOcds('notice.json', text);
  return processes.flatMap((p) => {
    const release = compileProcess(p, []);
    return mapRelease(p.ocid, release).facts.map((f) => untrue(f, release, p.ocid)).filter((x): x is string => x !== undefined);
  });
}

describe('provenance comments', () => {
  it('are true for every fact of every real notice', () => {
    for (const n of notices) expect(checkNotice(n.text), n.file).toEqual([]);
  });

  it('are true for mutated notices: fields removed, emptied or replaced', () => {
    const paths = ['tender.title', 'tender.mainProcurementCategory', 'tender.tenderPeriod', 'tender.datePublished', 'tender.value', 'tender.contractPeriod', 'tender.lots', 'tender.description', 'description', 'awards', 'parties', 'tender.procurementMethod', 'tender.procurementMethodDetails', 'tender.xClassifications', 'tender.classification', 'tender.items'];
    const replacement = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(''), fc.constant([]), fc.constant({}), fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 5000 }));
    fc.assert(
      fc.property(fc.nat({ max: notices.length - 1 }), fc.array(fc.tuple(fc.constantFrom(...paths), replacement), { maxLength: 5 }), (i, edits) => {
        const doc = JSON.parse(notices[i]!.text) as Json;
        const releases = (Array.isArray(doc.releases) ? doc.releases : Array.isArray(doc.records) ? [] : [doc]) as Json[];
        for (const r of releases) {
          for (const [path, value] of edits) {
            const keys = path.split('.');
            let at: Json | undefined = r;
            for (const k of keys.slice(0, -1)) at = at && typeof at[k] === 'object' && at[k] !== null ? (at[k] as Json) : undefined;
            if (at) {
              if (value === undefined) delete at[keys.at(-1)!];
              else at[keys.at(-1)!] = value;
            }
          }
        }
        expect(checkNotice(JSON.stringify(doc))).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });
});

describe('mapping rules a review of real imports found wrong', () => {
  const one = (tender: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const { imported } = importOcds('x.json', JSON.stringify({ ocid: 'ocds-b5fd17raw-abc', date: '2026-01-01T00:00:00Z', tender: { title: 'T', ...tender }, ...extra }));
    const facts = Object.fromEntries(imported[0]!.facts.map((f) => [f.path.join('.'), f]));
    return { facts, flags: imported[0]!.flags.join('\n'), ocid: imported[0]!.ocid };
  };
  const period = { contractPeriod: { durationInDays: 1096 } };

  it('counts "2 x extensions of up to 12 months each" as 24 months', () => {
    const { facts } = one({ ...period, lots: [{ id: '1', renewal: { description: '2 x Extensions of up to 12 months each' } }] });
    expect(facts.duration!.value).toEqual({ initial_months: 36, extension_months: 24 });
    expect(facts.duration!.from).toBe('tender.contractPeriod.durationInDays; extension options read from text in tender.lots[0].renewal.description');
  });

  it('reads an extension stated only in an award\'s description', () => {
    const { facts } = one(period, { awards: [{ id: 'a', description: 'Three year contract with an option to extend for an additional 2 years.' }] });
    expect(facts.duration!.value).toEqual({ initial_months: 36, extension_months: 24 });
    expect(facts.duration!.from).toMatch(/read from text in awards\[0\]\.description$/);
  });

  it('maps a call-off from a framework said only in the description as a framework call-off', () => {
    const { facts } = one({ procurementMethod: 'selective', description: 'This is a call off from the ESPO framework agreement 664.' });
    expect(facts.procedure!).toMatchObject({ value: 'framework-call-off', how: 'text', from: 'tender.description' });
  });

  it('keeps the ocid as published in source.ocid, and normalises it only for grouping and the file name', () => {
    const { facts, ocid } = one({});
    expect((facts.source!.value as { ocid: string }).ocid).toBe('ocds-b5fd17raw-abc');
    expect(ocid).toBe('ocds-b5fd17-abc');
  });

  it('states the VAT basis as a point to check: exempt for light-touch services (a heuristic), else excluding VAT', () => {
    const care = one({ value: { amount: 500000, currency: 'GBP' }, classification: { scheme: 'CPV', id: '85311000' } });
    expect(care.facts.value!.value).toMatchObject({ vat: 'exempt' });
    expect(care.flags).toMatch(/VAT: the notice does not say; kil took the value as VAT-exempt.*\(kil heuristic\): check/);
    const works = one({ value: { amount: 500000, currency: 'GBP' }, mainProcurementCategory: 'works' });
    expect(works.facts.value!.value).toMatchObject({ vat: 'excluded' });
    expect(works.flags).toMatch(/VAT: the notice does not say; kil took tender\.value\.amount as excluding VAT/);
    const gross = one({ value: { amount: 500000, amountGross: 600000, currency: 'GBP' } });
    expect(gross.facts.value!.value).toMatchObject({ amount: 600000, vat: 'included' });
    expect(gross.flags).not.toMatch(/VAT:/);
  });

  it('names the field each fact really came from', () => {
    const r = one({ mainProcurementCategory: null, xClassifications: { ojeuContractType: 'Works' }, datePublished: '2026-02-01T09:00:00Z' }, {
      parties: [{ id: 'b', name: 'Fife Council', roles: ['buyer'], details: { classifications: [{ scheme: 'TED_CA_TYPE', id: 'REGIONAL_AUTHORITY' }] } }],
      buyer: { id: 'b' },
    });
    expect(r.facts.contract_type).toMatchObject({ value: 'works', how: 'field', from: 'tender.xClassifications.ojeuContractType' });
    expect(r.facts.procurement_start).toMatchObject({ value: '2026-02-01', from: 'tender.datePublished' });
    expect(r.facts['buyer.type']).toMatchObject({ value: 'sub-central', how: 'field', from: 'parties[].details.classifications' });
    const days = one({ contractPeriod: { durationInDays: 730 } });
    expect(days.facts.duration).toMatchObject({ how: 'field', from: 'tender.contractPeriod.durationInDays; no extension options found, 0 assumed' });
    // No comment says "kil heuristic" twice (the renderer adds it once for a heuristic fact).
    const care = one({ classification: { scheme: 'CPV', id: '85311000' } });
    expect(care.facts.contract_type!.from).not.toMatch(/kil heuristic/);
  });
});
