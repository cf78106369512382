/** OCDS import: every mapping rule on real notices, the containers, bad input, and end to end. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileProcess, MAX_MERGE_DEPTH, readOcds } from '../src/import/ocds/container.js';
import { fileNameForOcid, importedContract, importOcds, renderImported } from '../src/import/ocds/index.js';
import { checkAmount, extensionFromText, MAX_ITEMS, mapRelease } from '../src/import/ocds/map.js';
import { dropInvalidFacts } from '../src/import/ocds/guard.js';
import { ContractSchema } from '../src/model/contract.js';
import { cutText, decodeEntities, extractPostcode, instant, isoDay, MAX_RAW_TEXT, noticeText, shown, textStart } from '../src/import/ocds/text.js';
import { loadContract } from '../src/load/contract.js';
import { builtInLibrary, ROOT, runCli, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'ocds');
type Party = { name?: string; contactPoint?: Record<string, string> };
const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

/**
 * The procurement facts kil writes for a notice, as plain data. `any` because the tests read
 * deep into parsed YAML whose shape is exactly what they assert.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function procurementOf(name: string): Record<string, any> {
  const { imported, diagnostics } = importOcds(name, fixture(name));
  expect(diagnostics).toEqual([]);
  expect(imported).toHaveLength(1);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (parse(renderImported(imported[0]!, name)) as { procurement: Record<string, any> }).procurement;
}

describe('facts from real notices', () => {
  it('Croydon (Contracts Finder 2019): buyer, value, CPV, light-touch, four local VCSE suppliers', () => {
    const p = procurementOf('uk-cf-2019-croydon-infrastructure-support');
    expect(p.title).toBe('Community Fund: Infrastructure Support Service');
    expect(p.buyer).toEqual({ name: 'Croydon Council', type: 'sub-central', nation: 'england', postcode: 'CR0 1EA' });
    // Light-touch and silent on VAT: taken as exempt, said as a point to check (kil heuristic).
    expect(p.value).toEqual({ amount: 750000, currency: 'GBP', vat: 'exempt', includes_extensions: true });
    expect(p.cpv).toEqual([{ code: '98133100', description: 'Civic betterment and community facility support services' }]);
    expect(p.contract_type).toBe('light-touch');
    expect(p.procedure).toBe('open');
    expect(p.suitable_for).toEqual({ sme: true, vcse: true });
    expect(p.suppliers).toHaveLength(4);
    expect(p.suppliers.every((s: { scale: string; postcode: string }) => s.scale === 'sme' && s.postcode.startsWith('CR0'))).toBe(true);
    expect(p.suppliers.filter((s: { vcse: boolean }) => s.vcse)).toHaveLength(3);
    // The ocid as published ("raw" and all), so the notice can be found by it; grouping and the
    // file name use the normalised one.
    expect(p.source.ocid).toBe('ocds-b5fd17raw-61c38955-77fb-4a29-b3af-8465bd1107de');
  });

  it('Sunderland: award value beside the estimate; lots only in the text are flagged, not invented', () => {
    const { imported } = importOcds('s', fixture('uk-cf-2019-sunderland-welfare-rights-advice'));
    const p = procurementOf('uk-cf-2019-sunderland-welfare-rights-advice');
    expect(p.value.amount).toBe(600000);
    expect(p.awarded_value).toBe(860000);
    expect(p.lots).toBeUndefined();
    expect(imported[0]!.flags.join('\n')).toMatch(/mentions lots but the notice publishes none/);
    expect(p.suppliers.map((s: { postcode?: string }) => s.postcode?.split(' ')[0])).toEqual(['NE37', 'DH4']);
  });

  it('Leeds (2020): goods from the old contract type, large suppliers from the sme flag', () => {
    const p = procurementOf('uk-cf-2020-leeds-ppe-workwear');
    expect(p.contract_type).toBe('goods');
    expect(p.value.amount).toBe(2040000);
    expect(p.suppliers).toHaveLength(5);
    expect(p.suppliers.every((s: { scale: string }) => s.scale === 'large')).toBe(true);
  });

  it('Rutland DPS (2025): a dynamic market call-off with twelve SME suppliers, flagged as shared', () => {
    const { imported } = importOcds('r', fixture('uk-cf-2025-rutland-home-to-school-taxi-dps'));
    const p = procurementOf('uk-cf-2025-rutland-home-to-school-taxi-dps');
    expect(p.procedure).toBe('dynamic-market');
    expect(p.suppliers).toHaveLength(12);
    expect(p.suitable_for).toEqual({ sme: true, vcse: true });
    expect(imported[0]!.flags.join('\n')).toMatch(/12 suppliers share one award/);
  });

  it('Greenwich: awarded far above the estimate, and the extension read from the text', () => {
    const p = procurementOf('uk-cf-2025-greenwich-stray-dog-kennelling');
    expect(p.value.amount).toBe(180000);
    expect(p.awarded_value).toBe(507840);
    expect(p.duration).toEqual({ initial_months: 24, extension_months: 12 });
    expect(p.suppliers).toEqual([{ name: 'SDK (Environmental) Ltd', scale: 'sme', vcse: false, postcode: 'TQ4 7QR' }]);
  });

  it('Merton: a direct award, supplier postcode from a "rn" address blob', () => {
    const p = procurementOf('uk-cf-2025-merton-parking-enforcement-direct-award');
    expect(p.procedure).toBe('direct-award');
    expect(p.suppliers[0].scale).toBe('large');
    expect(p.suppliers[0].postcode).toMatch(/^EC3N /);
  });

  it('Martock: below threshold, competitive quotes, delivery postcode, a buyer postcode without its space', () => {
    const p = procurementOf('uk-cf-2025-martock-parish-recreation-ground-maintenance');
    expect(p.procedure).toBe('quotes');
    expect(p.buyer.postcode).toBe('TA12 6JL');
    expect(p.delivery_locations).toContain('TA12 6AF');
    expect(p.suppliers).toBeUndefined(); // tender stage
  });

  it('Argyll and Bute (Scotland): four geographic lots, Scottish buyer', () => {
    const p = procurementOf('uk-pcs-2019-argyll-bute-fruit-veg-4-lots');
    expect(p.buyer.nation).toBe('scotland');
    expect(p.lots.map((l: { title: string }) => l.title)).toEqual(['Cowal', 'Bute', 'Helensburgh & Lomond', 'West Argyll']);
    expect(p.cpv.map((c: { code: string }) => c.code)).toEqual(['15300000', '39222000']);
  });

  it('Cardiff (Wales): weights from the award criteria, the renewal option, a shared-service buyer flagged', () => {
    const { imported } = importOcds('c', fixture('uk-s2w-2025-cardiff-royal-infirmary-security'));
    const p = procurementOf('uk-s2w-2025-cardiff-royal-infirmary-security');
    expect(p.buyer.nation).toBe('wales');
    expect(p.buyer.type).toBe('central'); // an NHS body
    expect(p.evaluation).toEqual({ price_pct: 60, quality_pct: 40, social_value_pct: 0 });
    expect(p.duration).toEqual({ initial_months: 36, extension_months: 24 }); // "36 month initial" beats 1,080 days
    expect(p.lots).toHaveLength(1);
    const flags = imported[0]!.flags.join('\n');
    expect(flags).toMatch(/central purchasing body or shared service/);
    expect(flags).toMatch(/mentions social value or community benefits, but no weighted criterion/);
  });

  it('every import is a valid contract, says where each fact came from, and copies no contact details', () => {
    const library = builtInLibrary();
    let checked = 0;
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
      const json = readFileSync(join(FIXTURES, file), 'utf8');
      // Every contactPoint value, except a "name" that is just an organisation's own name (the buyer).
      const data = JSON.parse(json) as { releases?: { parties?: Party[] }[]; parties?: Party[] };
      const parties = [...(data.parties ?? []), ...(data.releases ?? []).flatMap((r) => r.parties ?? [])];
      const organisations = new Set(parties.map((p) => p.name));
      const contacts = parties.flatMap((p) => Object.entries(p.contactPoint ?? {}).filter(([k, v]) => ['name', 'email', 'telephone'].includes(k) && v.trim() !== '' && !(k === 'name' && organisations.has(v))).map(([, v]) => v));
      for (const imported of importOcds(file, json).imported) {
        const yaml = renderImported(imported, file);
        expect(loadContract({ file, text: yaml }, library).diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
        expect(parse(yaml)).toEqual(importedContract(imported)); // the text holds exactly the facts
        for (const c of contacts) expect(yaml, `${file} leaks ${c}`).not.toContain(c);
        checked += contacts.length;
        expect(yaml).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
        for (const fact of imported.facts) expect(yaml).toContain(fact.from.slice(0, 30));
      }
    }
    expect(checked).toBeGreaterThan(10); // real names, emails and phones were there to leak
  });
});

describe('placeholders and text', () => {
  const release = (tender: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ocid: 'ocds-test-1', date: '2026-01-01T00:00:00Z', tender: { title: 'T', ...tender }, ...extra });

  it('refuses placeholder values and says so', () => {
    for (const amount of [0, 0.01, 1, 140]) {
      const { imported } = importOcds('x', release({ value: { amount, currency: 'GBP' } }, { awards: [{ value: { amount: 0.01 } }] }));
      expect(imported[0]!.facts.find((f) => f.path[0] === 'value')).toBeUndefined();
      expect(imported[0]!.facts.find((f) => f.path[0] === 'awarded_value')).toBeUndefined();
      expect(imported[0]!.flags.join('\n')).toMatch(new RegExp(`tender\\.value\\.amount is ${amount}, a placeholder`));
    }
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const factsOf = (text: string): { p: Record<string, any>; flags: string } => {
    const { imported } = importOcds('x', text);
    const contract = importedContract(imported[0]!);
    expect(ContractSchema.safeParse(contract).success).toBe(true);
    return { p: contract.procurement, flags: imported[0]!.flags.join('\n') };
  };

  it('checks every amount: negative, not a number, over £100bn or Infinity is refused with the reason', () => {
    expect(checkAmount(5000)).toEqual({ value: 5000 });
    expect(checkAmount(' 776888.48 ')).toEqual({ value: 776888.48 });
    expect(checkAmount(null)).toBeUndefined();
    expect(checkAmount(undefined)).toBeUndefined();
    expect(checkAmount(-1)).toEqual({ problem: 'negative' });
    expect(checkAmount(-Infinity)).toEqual({ problem: 'negative' });
    for (const v of ['1,000', '£5k', '', '1e5', '-5', true, {}, [], NaN]) expect(checkAmount(v), String(v)).toEqual({ problem: 'not a number' });
    for (const v of [1e11 + 1, 1e308, Infinity, '9'.repeat(400)]) expect(checkAmount(v), String(v)).toEqual({ problem: 'over £100bn, more than any real contract' });
    expect(checkAmount(1e11)).toEqual({ value: 1e11 });
  });

  it('imports the rest of a notice whose numbers are impossible, flagging each (exit 70)', () => {
    const neg = factsOf(release({ value: { amount: -5, currency: 'GBP' }, lots: [{ id: 'A', value: { amount: -2 } }, { id: 'B', value: { amount: 7 } }] }, { awards: [{ value: { amount: 100 } }, { value: { amount: -3 } }] }));
    expect(neg.p.value).toBeUndefined();
    expect(neg.p.awarded_value).toBeUndefined(); // not the sum of the awards that happen to be valid
    expect(neg.p.lots).toEqual([{ id: 'A' }, { id: 'B', value: 7 }]);
    expect(neg.flags.split('\n')).toEqual([
      'tender.value.amount is -5: negative; not imported',
      'awards[1].value.amount is -3: negative; not imported',
      'the awarded value is not imported: an award amount above cannot be used',
      'tender.lots[0].value.amount is -2: negative; not imported',
    ]);
    const gross = factsOf(release({ value: { amount: 5000, amountGross: -1, currency: 'GBP' } }));
    expect(gross.p.value).toEqual({ amount: 5000, currency: 'GBP', vat: 'excluded', includes_extensions: true });
    expect(factsOf(release({ value: { amount: 5000, amountGross: 6000, currency: 'GBP' } })).p.value).toMatchObject({ amount: 6000, vat: 'included' });
    const overflow = factsOf(release({}, { awards: [{ value: { amount: 1e308 } }, { value: { amount: 1e308 } }] }));
    expect(overflow.p.awarded_value).toBeUndefined();
    const sum = factsOf(release({}, { awards: [{ value: { amount: 6e10 } }, { value: { amount: 6e10 } }] }));
    expect(sum.flags).toMatch(/the awards add up to 120000000000: over £100bn/);
    const maxLots = (m: unknown) => factsOf(release({ lots: [{ id: '1' }, { id: '2' }], lotDetails: { maximumLotsBidPerSupplier: m } }));
    expect(maxLots(2.5).p.max_lots_per_bidder).toBeUndefined();
    expect(maxLots(2.5).flags).toMatch(/maximumLotsBidPerSupplier is 2\.5: not a whole number; not imported/);
    expect(maxLots(0).flags).toMatch(/is 0: less than 1/);
    expect(maxLots('2').p.max_lots_per_bidder).toBe(2);
    expect(maxLots(2147483647).flags).toBe(''); // "no limit": left out, not worth a flag
    for (const d of [1e300, -30, 0, 'long', '9'.repeat(400)]) {
      const days = factsOf(release({ contractPeriod: { durationInDays: d } }));
      expect(days.p.duration, String(d)).toBeUndefined();
      expect(days.flags, String(d)).toMatch(/tender\.contractPeriod\.durationInDays is .*; not imported/);
    }
    expect(factsOf(release({ contractPeriod: { startDate: '0001-01-01', endDate: '9999-12-31' } })).flags).toMatch(/startDate to endDate span over 100 years/);
    expect(factsOf(release({ contractPeriod: { durationInDays: 365 } })).p.duration).toEqual({ initial_months: 12, extension_months: 0 });
    expect(factsOf(release({ contractPeriod: { durationInDays: 36_525 } })).p.duration).toEqual({ initial_months: 1200, extension_months: 0 }); // 100 years: the most the schema takes
    const prose = factsOf(release({ contractPeriod: { durationInDays: 36_525 }, description: 'a 1201 month initial period with a further period of 200 years' }));
    expect(prose.p.duration).toEqual({ initial_months: 1200, extension_months: 0 });
    expect(prose.flags).toMatch(/the extension options in tender\.description span over 100 years; not imported/);
  });

  it('cuts long text at a character boundary and flags it; keeps at most MAX_ITEMS of a list', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('abcdef', 4)).toBe('abc…');
    expect(cutText('ab😀def', 4)).toBe('ab…'); // not between the halves of 😀
    expect(cutText('ab😀def', 5)).toBe('ab😀…');
    expect(shown('9'.repeat(400))).toBe(`"${'9'.repeat(39)}…"`);
    expect(shown({ toString: 1 })).toBe('an object');
    const big = factsOf(release({ title: 'T'.repeat(3_000_000), description: '😀'.repeat(1_000_000) }, {
      awards: [{ suppliers: Array.from({ length: MAX_ITEMS + 10 }, (_, i) => ({ id: i })) }],
      parties: Array.from({ length: MAX_ITEMS + 10 }, (_, i) => ({ id: i, name: `S${i} ${'n'.repeat(5000)}` })),
    }));
    expect(big.p.title).toHaveLength(300);
    expect(big.p.service.length).toBeLessThanOrEqual(200);
    expect(big.p.suppliers).toHaveLength(MAX_ITEMS);
    expect(big.p.suppliers[0].name).toHaveLength(300);
    expect(big.flags.split('\n')).toEqual(expect.arrayContaining(['tender.title cut to 300 characters', 'parties[].name (a supplier) cut to 300 characters', `only the first ${MAX_ITEMS} of ${MAX_ITEMS + 10} suppliers imported`]));
    expect(renderImported(importOcds('x', release({ title: 'T'.repeat(3_000_000) })).imported[0]!, 'x').length).toBeLessThan(5000);
  });

  it('reads only the start of a huge text (a 96 MB title of entities took 30 s and 3 GB to tidy)', () => {
    expect(noticeText(`${'a'.repeat(MAX_RAW_TEXT)}b`)).toBe('a'.repeat(MAX_RAW_TEXT));
    expect(textStart('ab😀', 3)).toBe('ab'); // not half of 😀
    expect(extractPostcode(`SW1A 1AA ${'x '.repeat(MAX_RAW_TEXT)} EC3N 2LS`)).toBe('EC3N 2LS'); // the end of a blob, where the last postcode is
    // A title that is all white space at its start: cut (flagged), not read to the end.
    const { imported } = importOcds('x', release({ title: `${' \n'.repeat(100_000)}end` }));
    expect(imported[0]!.facts.find((f) => f.path[0] === 'title')!.value).toBe('OCDS process ocds-test-1');
    const long = importOcds('x', release({ title: `${'T &amp; '.repeat(2_000_000)}` })).imported[0]!;
    const title = long.facts.find((f) => f.path[0] === 'title')!.value as string;
    expect(title.startsWith('T & T & ') && title.endsWith('…') && title.length <= 300).toBe(true);
    expect(long.flags).toContain('tender.title cut to 300 characters');
  });

  it('lists no more than 50 points to check, however many the notice gives', () => {
    const { flags } = importOcds('x', release({ lots: Array.from({ length: 400 }, (_, i) => ({ id: String(i), value: { amount: -1 } })) })).imported[0]!;
    expect(flags).toHaveLength(51);
    expect(flags.at(-1)).toBe('and 350 more points like these, not listed');
  });

  it('reads wrong types as nothing, never crashing on them ({"toString": 1} crashed String())', () => {
    const junk = { toString: 1, valueOf: 2 };
    const r = factsOf(release({ xClassifications: { ojeuContractType: junk }, mainProcurementCategory: junk, tenderPeriod: { startDate: junk }, title: junk }, {
      date: junk, buyer: { id: 'b' }, awards: { id: 'a' }, parties: [{ id: 'b', name: junk, roles: ['buyer'], details: { classifications: [{ scheme: 'TED_CA_TYPE', id: junk }] } }],
    }));
    expect(r.p.title).toBe('OCDS process ocds-test-1');
    expect(r.p.buyer.name).toBe('Unknown buyer');
    expect(r.flags).toMatch(/^awards is not a list: not read$/m);
    expect(factsOf(release({ mainProcurementCategory: 'constructor' })).p.contract_type).toBe('services');
    expect(factsOf(release({ xClassifications: { ojeuContractType: 'constructor' } })).p.contract_type).toBe('services');
    // A party with no id is not the buyer or a supplier because a reference has no id either.
    expect(factsOf(release({}, { buyer: { name: 'Ref' }, parties: [{ name: 'No id', roles: ['supplier'] }], awards: [{ suppliers: [{ name: 'x' }] }] })).p).toMatchObject({ buyer: { name: 'Ref' } });
  });

  it('keeps control characters, escape sequences and lone surrogates out of imported text', () => {
    expect(noticeText('a\u0000b \u001b[31mred\u001b[0m\tc\r\nd \ud800 &#1;&#xD800;')).toBe('ab red c d \uFFFD &#xD800;');
    expect(decodeEntities('&constructor; &toString; &__proto__; &amp;')).toBe('&constructor; &toString; &__proto__; &');
  });

  it('leaves out and flags a fact the contract schema refuses, as a last line of defence', () => {
    const imported = mapRelease('ocds-x', { tender: { title: 'T' } });
    imported.facts.push({ path: ['awarded_value'], value: -1, how: 'field', from: 'test' }, { path: ['duration'], value: { initial_months: 2.5, extension_months: 0 }, how: 'field', from: 'test' });
    const checked = dropInvalidFacts(imported);
    expect(checked.facts.map((f) => f.path[0])).not.toContain('awarded_value');
    expect(checked.facts.map((f) => f.path[0])).not.toContain('duration');
    expect(checked.flags).toEqual(['duration not imported: must be a whole number of months', 'awarded_value not imported: must not be negative']); // in the schema's order
    expect(ContractSchema.safeParse(importedContract(checked)).success).toBe(true);
  });

  it('decodes HTML entities in titles', () => {
    expect(decodeEntities('Parks &amp; Open Spaces &#039;26 &pound;5k &#x2013; &bogus;')).toBe("Parks & Open Spaces '26 £5k – &bogus;");
    const { imported } = importOcds('x', release({ title: 'Meals &amp; Wheels' }));
    expect(imported[0]!.facts.find((f) => f.path[0] === 'title')!.value).toBe('Meals & Wheels');
  });

  it('finds the last UK postcode in free text', () => {
    expect(extractPostcode('1 Main St, Barnsley, S75 1JL')).toBe('S75 1JL');
    expect(extractPostcode('wn3 4bw')).toBe('WN3 4BW');
    expect(extractPostcode('One America Square plcnOne rnLondon rnEC3N 2LS')).toBe('EC3N 2LS');
    expect(extractPostcode('TA126JL')).toBe('TA12 6JL');
    expect(extractPostcode('Unit 3, HALIFAX HX1 1AA and later SW1A 1AA')).toBe('SW1A 1AA');
    expect(extractPostcode('no postcode here, ref AB12')).toBeUndefined();
  });

  it('reads extension options written in prose', () => {
    expect(extensionFromText('36 month initial contract period with a 24 month extension option')).toBe(24);
    expect(extensionFromText('for a further period of one (1) year')).toBe(12);
    expect(extensionFromText('an option to extend by 2 years')).toBe(24);
    expect(extensionFromText('no options at all')).toBeUndefined();
  });

  it('makes safe file names from any ocid', () => {
    expect(fileNameForOcid('ocds-b5fd17-61c38955')).toBe('ocds-b5fd17-61c38955.yaml');
    expect(fileNameForOcid('../../etc/passwd')).toBe('__.._etc_passwd.yaml'); // no separator survives
    expect(fileNameForOcid('a/b\\c:d')).toBe('a_b_c_d.yaml');
    expect(fileNameForOcid('-rf')).toBe('_rf.yaml'); // never read as an option
    expect(fileNameForOcid('\u0000')).toBe('_.yaml');
    expect(fileNameForOcid('')).toBe('ocds-process.yaml');
  });

  it('keeps the number that makes a name unique, however long the ocid (the name loop hung)', () => {
    const long = `ocds-b5fd17-${'a'.repeat(130)}`;
    expect(fileNameForOcid(`${long}-1`)).toBe(fileNameForOcid(`${long}-2`)); // alike in their first 120 characters
    const names = [fileNameForOcid(`${long}-1`), ...[2, 3, 10, 1000].map((n) => fileNameForOcid(`${long}-1`, n))];
    expect(new Set(names).size).toBe(5);
    expect(names[1]).toMatch(/^ocds-b5fd17-a+-2\.yaml$/);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200);
    expect(fileNameForOcid('x'.repeat(100_000), 999_999).length).toBeLessThanOrEqual(200);
  });
});

describe('containers and bad input', () => {
  const r = (ocid: string | undefined, date: string, title: string, extra: Record<string, unknown> = {}) => ({ ...(ocid ? { ocid } : {}), date, tag: ['tender'], tender: { title, ...extra } });

  it('groups releases by ocid and takes each field from the newest release that has it', () => {
    const pkg = { releases: [r('ocds-a-1', '2026-02-01', 'New title'), r('ocds-a-1', '2026-01-01', 'Old title', { value: { amount: 5000, currency: 'GBP' } }), r('ocds-a-2', '2026-01-01', 'Other')] };
    const { processes } = readOcds('p.json', JSON.stringify(pkg));
    expect(processes.map((p) => p.ocid)).toEqual(['ocds-a-1', 'ocds-a-2']);
    const compiled = compileProcess(processes[0]!) as { tender: { title: string; value: { amount: number } } };
    expect(compiled.tender.title).toBe('New title');
    expect(compiled.tender.value.amount).toBe(5000);
  });

  it('orders releases by the instant of their date; missing or invalid dates count as oldest, ties keep file order (a "not-a-date" release won)', () => {
    const title = (...releases: Record<string, unknown>[]) => (compileProcess({ ocid: 'x', releases }) as { tender: { title: string } }).tender.title;
    expect(title(r('x', '2025-03-01', 'Valid'), r('x', 'not-a-date', 'Not a date'))).toBe('Valid');
    expect(title(r('x', '2025-03-01', 'Valid'), { ocid: 'x', tender: { title: 'Undated' } })).toBe('Valid');
    expect(title(r('x', '2025-03-01', 'Valid'), { ocid: 'x', date: { toString: 1 }, tender: { title: 'Object' } })).toBe('Valid');
    expect(title(r('x', '2025-03-01', 'Valid'), r('x', '2025-02-30', 'Impossible day'))).toBe('Valid');
    // By the instant, not the text: 13:00+01:00 is 12:00Z, before 12:30Z.
    expect(title(r('x', '2025-03-01T12:30:00Z', 'Later'), r('x', '2025-03-01T13:00:00+01:00', 'Earlier'))).toBe('Later');
    expect(title(r('x', '2025-03-01', 'First'), r('x', '2025-03-01T00:00:00Z', 'Same instant, later in the file'))).toBe('Same instant, later in the file');
    expect(title(r('x', 'bad', 'Bad 1'), r('x', 'worse', 'Bad 2'))).toBe('Bad 2'); // both oldest: file order
  });

  it('reads OCDS date-times strictly, in UTC whatever the machine', () => {
    expect(instant('2025-03-13')).toBe(Date.UTC(2025, 2, 13));
    expect(instant('2025-03-13T12:00:00')).toBe(Date.UTC(2025, 2, 13, 12)); // no offset: UTC, not local time
    expect(instant('2025-03-13T13:00:00+01:00')).toBe(Date.UTC(2025, 2, 13, 12));
    expect(instant('2025-03-13T07:00-0500')).toBe(Date.UTC(2025, 2, 13, 12));
    expect(instant('2025-03-13T12:00:00.250Z')).toBe(Date.UTC(2025, 2, 13, 12, 0, 0, 250));
    expect(instant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['not-a-date', '2025-02-29', '2025-13-01', '2025-04-31', '2025', '2025-03-13T24:00Z', '13/03/2025', '', 20250313, null, { toString: 1 }, '2025-03-13'.repeat(10)]) {
      expect(instant(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('takes the day of a date-time only when it is a real day, as a Date would (about 47,000 dates of the years 0000-2400, the last days of each month and the days just past them)', () => {
    // The reference: what isoDay did before it counted days itself.
    const byDate = (day: string): string | undefined => {
      const d = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : undefined;
    };
    let checked = 0;
    for (let year = 0; year <= 2400; year += year < 1890 ? 97 : 1) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isoDay(`${text}T12:00:00Z`), text).toBe(byDate(text));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(45_000);
    expect(isoDay('2024-02-29T23:59:59+01:00')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '1900-02-29', '2025-04-31', '25-03-13', 'x2025-03-13', '', 20250313, null]) expect(isoDay(bad), String(bad)).toBeUndefined();
  });

  it(`merges releases nested thousands deep without overflowing the stack: below ${MAX_MERGE_DEPTH} levels the newer value is taken whole, and flagged`, () => {
    const deep = (leaf: unknown) => JSON.parse(`${'{"x":'.repeat(5000)}${JSON.stringify(leaf)}${'}'.repeat(5000)}`) as Record<string, unknown>;
    const older = { ocid: 'x', date: '2025-01-01', planning: deep(1), tender: { title: 'Old', value: { amount: 5 } } };
    const newer = { ocid: 'x', date: '2025-02-01', planning: deep(2), tender: { title: 'New' } };
    const notes: string[] = [];
    const compiled = compileProcess({ ocid: 'x', releases: [older, newer] }, notes) as { planning: Record<string, unknown>; tender: unknown };
    expect(compiled.tender).toEqual({ title: 'New', value: { amount: 5 } });
    let at: unknown = compiled.planning;
    for (let i = 0; i < 5000; i++) at = (at as Record<string, unknown>).x;
    expect(at).toBe(2);
    expect(notes).toEqual([`the releases are nested more than 64 levels deep at planning.x.x.x.x.x…: the newer release's value is taken whole there, not merged field by field`]);
    // Shallow releases are not flagged.
    const shallow = importOcds('shallow.json', JSON.stringify({ releases: [{ ...older, planning: {} }, { ...newer, planning: { x: { x: 1 } } }] })).imported[0]!.flags;
    expect(shallow.filter((f) => /nested/.test(f))).toEqual([]);
  });

  it('never changes the releases it merges', () => {
    const a = { ocid: 'x', date: '2025-01-01', tender: { title: 'A', value: { amount: 1 } } };
    const b = { ocid: 'x', date: '2025-02-01', tender: { value: { currency: 'GBP' } } };
    const c = { ocid: 'x', date: '2025-03-01', tender: { value: { amount: 3 } } };
    const before = JSON.stringify([a, b, c]);
    expect(compileProcess({ ocid: 'x', releases: [a, b, c] })).toMatchObject({ tender: { title: 'A', value: { amount: 3, currency: 'GBP' } } });
    expect(JSON.stringify([a, b, c])).toBe(before);
  });

  it('uses a record compiledRelease where there is one', () => {
    const rec = { records: [{ ocid: 'ocds-b-1', releases: [r('ocds-b-1', '2026-03-01', 'From releases')], compiledRelease: r('ocds-b-1', '2026-03-01', 'Compiled') }] };
    const { imported } = importOcds('r.json', JSON.stringify(rec));
    expect(imported[0]!.facts.find((f) => f.path[0] === 'title')!.value).toBe('Compiled');
  });

  it('accepts an array of releases and a single bare release', () => {
    expect(importOcds('a.json', JSON.stringify([r('ocds-c-1', '2026-01-01', 'A'), r('ocds-c-2', '2026-01-01', 'B')])).imported).toHaveLength(2);
    expect(importOcds('b.json', JSON.stringify(r('ocds-c-3', '2026-01-01', 'C'))).imported).toHaveLength(1);
  });

  it('reports bad input clearly, naming the file and the release, and keeps the good releases', () => {
    expect(importOcds('x.json', '{"releases": [\n  {"ocid": 1,\n}').diagnostics[0]).toMatchObject({ file: 'x.json', line: 3, message: expect.stringMatching(/^not valid JSON/) });
    expect(importOcds('y.json', '{"name": "not ocds"}').diagnostics[0]!.message).toMatch(/not OCDS/);
    expect(importOcds('z.json', '{"releases": []}').diagnostics[0]!.message).toMatch(/no releases/);
    expect(importOcds('n.json', '{"releases": {"ocid": "x"}}').diagnostics[0]!.message).toMatch(/^"releases" is not a list of releases/);
    expect(importOcds('n.json', '{"records": 5}').diagnostics[0]!.message).toMatch(/^"records" is not a list of records/);
    const records = importOcds('rec.json', JSON.stringify({ records: [null, { ocid: 7 }, { ocid: 'ocds-e-1', releases: [3, r('ocds-e-1', '2026-01-01', 'Kept')], compiledRelease: 'junk' }] }));
    expect(records.imported.map((i) => i.facts.find((f) => f.path[0] === 'title')!.value)).toEqual(['Kept']);
    expect(records.diagnostics.map((d) => d.message)).toEqual([
      'records[0] is not a record object; skipped',
      'records[1] has no ocid; skipped',
      'records[2].compiledRelease is not a release object; skipped',
      'records[2].releases[0] is not a release object; skipped',
    ]);
    const mixed = importOcds('m.json', JSON.stringify({ releases: [r('ocds-d-1', '2026-01-01', 'Good'), r(undefined, '2026-01-01', 'No ocid'), 'junk'] }));
    expect(mixed.imported).toHaveLength(1);
    expect(mixed.diagnostics.map((d) => d.message)).toEqual([
      'releases[1] has no ocid, so it cannot be grouped into a contracting process; skipped',
      'releases[2] is not a release object; skipped',
    ]);
  });
});

describe('kil import ocds', () => {
  it('imports every notice, then kil batch assesses the folder', () => {
    const dir = tempDir();
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => join(FIXTURES, f));
    const r = runCli(['import', 'ocds', ...files, '--out-dir', join(dir, 'contracts')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^9 releases and records in 9 inputs: 9 contracting processes; 9 contract files written to .*; \d+ facts found/m);
    expect(readdirSync(join(dir, 'contracts'))).toHaveLength(9);
    const batch = runCli(['batch', join(dir, 'contracts'), '--format', 'json', '-q']);
    expect([0, 1]).toContain(batch.code);
    expect(JSON.parse(batch.stdout).portfolio).toMatchObject({ assessed: 9, failed: 0 });
  });

  it('never replaces an existing file without --force, and reads standard input', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const file = join(out, 'ocds-kuma6s-148381.yaml');
    writeFileSync(file, 'my answers\n');
    const input = fixture('uk-s2w-2025-cardiff-royal-infirmary-security');
    const r = runCli(['import', 'ocds', '-', '--out-dir', out], { input });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists .*not replaced\. Use --force/);
    expect(readFileSync(file, 'utf8')).toBe('my answers\n');
    expect(runCli(['import', 'ocds', '-', '--out-dir', out, '--force'], { input }).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Imported by kil from OCDS process ocds-kuma6s-148381/);
  });

  it('reports a bad input and still imports the others', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), 'not json at all');
    const r = runCli(['import', 'ocds', join(dir, 'bad.json'), join(FIXTURES, 'uk-cf-2025-martock-parish-recreation-ground-maintenance.json'), '--out-dir', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:1:\d+: not valid JSON/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['ocds-b5fd17-2fa4ddab-49ee-4631-a5eb-549c9d75fcda.yaml']);
  });
});
