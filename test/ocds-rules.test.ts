/**
 * The OCDS mapping's rules on their own, and its assumptions as data: what the policy file's
 * ocds_import section says is what the import does (edit the YAML, the contract file changes).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOcds, rulesFromPolicy, shippedRules, type ImportRules } from '../src/import/ocds/index.js';
import { mapRelease, pointsToCheck } from '../src/import/ocds/map.js';
import { readNotice } from '../src/import/ocds/notice.js';
import { buyerIdentifierRule, buyerTypeRule, nationRule } from '../src/import/ocds/rules/buyer.js';
import { contractPeriodOf, durationRule, procurementStartRule } from '../src/import/ocds/rules/dates.js';
import { procedureOf } from '../src/import/ocds/rules/procedure.js';
import { tenderersRule, tenderWindowRule } from '../src/import/ocds/rules/competition.js';
import { noticeText } from '../src/import/ocds/text.js';
import { cpvRule } from '../src/import/ocds/rules/subject.js';
import { titleRule } from '../src/import/ocds/rules/title.js';
import { estimateRule } from '../src/import/ocds/rules/value.js';
import { builtInLibrary, editedLibrary, ROOT, RUBRICS_DIR, runCli, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'ocds');
const SUNDERLAND = 'uk-cf-2019-sunderland-welfare-rights-advice'; // CPV 85312310: light-touch by the prefix "85"
const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

const rulesOf = (...edits: (readonly [string, string, string])[]): ImportRules => {
  const found = rulesFromPolicy(editedLibrary(...edits).policy);
  if ('problem' in found) throw new Error(found.problem);
  return found.rules;
};
const facts = (imported: { facts: { path: string[]; value: unknown; from: string }[] }) => Object.fromEntries(imported.facts.map((f) => [f.path.join('.'), f]));
const notice = (r: Record<string, unknown>, ocid = 'ocds-b5fd17-x') => readNotice(ocid, { ocid, ...r }).notice;

describe('the import rules are the policy file', () => {
  it('kil ships them in rubrics/policy.yaml, and the in-process default is exactly that', () => {
    const found = rulesFromPolicy(builtInLibrary().policy);
    expect('rules' in found && found.rules).toEqual(shippedRules());
    expect(shippedRules().ocds.light_touch.cpv_prefixes).toContain('85');
  });

  it('removing a light-touch CPV prefix in the YAML changes the contract type and the VAT basis', () => {
    const shipped = facts(importOcds('s', fixture(SUNDERLAND)).imported[0]!);
    expect(shipped.contract_type!.value).toBe('light-touch');
    expect(shipped.value!.value).toMatchObject({ vat: 'exempt' });
    const edited = importOcds('s', fixture(SUNDERLAND), undefined, rulesOf(['policy.yaml', 'cpv_prefixes: ["85", ', 'cpv_prefixes: [']));
    const f = facts(edited.imported[0]!);
    expect(f.contract_type!.value).toBe('services');
    expect(f.value!.value).toMatchObject({ vat: 'excluded' });
    expect(edited.imported[0]!.flags).toContain('VAT: the notice does not say; kil took tender.value.amount as excluding VAT (OCDS amounts are usually net) and adds 20% for thresholds: check');
  });

  it('the VAT point to check says the policy\'s VAT rate, and the assumption and reason come from the YAML', () => {
    const rules = rulesOf(['policy.yaml', 'vat_rate_pct: 20', 'vat_rate_pct: 17.5'], ['policy.yaml', 'default: { vat: excluded, because: OCDS amounts are usually net }', 'default: { vat: included, because: our portal publishes gross amounts }']);
    const release = { ocid: 'ocds-b5fd17-v', tender: { title: 'T', value: { amount: 50000, currency: 'GBP' } } };
    const imported = mapRelease('ocds-b5fd17-v', release, rules);
    expect(facts(imported).value!.value).toMatchObject({ vat: 'included', amount: 50000 });
    expect(imported.flags).toContain('VAT: the notice does not say; kil took tender.value.amount as including VAT (our portal publishes gross amounts): check');
    const rate = mapRelease('ocds-b5fd17-v', release, rulesOf(['policy.yaml', 'vat_rate_pct: 20', 'vat_rate_pct: 17.5']));
    expect(rate.flags.join('\n')).toContain('adds 17.5% for thresholds');
  });

  it('placeholders, publishers and central buyers are read from the YAML', () => {
    const release = { ocid: 'ocds-b5fd17-p', tender: { title: 'T', value: { amount: 140, currency: 'GBP' } }, parties: [{ id: 'b', name: 'Leeds Teaching Hospitals NHS Trust', roles: ['buyer'] }] };
    const shipped = facts(mapRelease('ocds-b5fd17-p', release));
    expect(shipped.value).toBeUndefined(); // 140 is a placeholder
    expect(shipped['buyer.type']).toMatchObject({ value: 'central', from: 'an NHS body counts as central government for thresholds' });
    // An academy trust is sub-central: a name ending in "Trust" is not enough (it was made central).
    const academy = facts(mapRelease('ocds-b5fd17-p', { ...release, parties: [{ id: 'b', name: 'Northern Lights Academy Trust', roles: ['buyer'] }] }));
    expect(academy['buyer.type']).toMatchObject({ value: 'sub-central' });
    expect(shipped['buyer.nation']!.value).toBe('england');
    const edited = facts(
      mapRelease(
        'ocds-b5fd17-p',
        release,
        rulesOf(
          ['policy.yaml', 'placeholder_amounts: [0, 0.01, 0.1, 1, 140]', 'placeholder_amounts: [0]'],
          ['policy.yaml', 'words: [NHS]\n      endings: []', 'words: []\n      endings: []'],
          ['policy.yaml', '{ ocid_prefix: ocds-b5fd17, nation: england, name: Contracts Finder (England) }', '{ ocid_prefix: ocds-b5fd17, nation: wales, name: A Welsh portal }'],
        ),
      ),
    );
    expect(edited.value!.value).toMatchObject({ amount: 140 });
    expect(edited['buyer.type']).toMatchObject({ value: 'sub-central', from: 'no authority type in the notice; assumed a local authority, check' });
    expect(edited['buyer.nation']).toMatchObject({ value: 'wales', from: 'published on A Welsh portal (ocid prefix)' });
  });

  it('kil import ocds --rubrics uses the folder\'s policy file; one without the section is refused', () => {
    const dir = tempDir();
    const rubrics = join(dir, 'rubrics');
    cpSync(RUBRICS_DIR, rubrics, { recursive: true });
    const policy = join(rubrics, 'policy.yaml');
    const text = readFileSync(policy, 'utf8');
    writeFileSync(policy, text.replace('cpv_prefixes: ["85", ', 'cpv_prefixes: ['));
    const input = join(FIXTURES, `${SUNDERLAND}.json`);
    const file = 'ocds-b5fd17-8a79c599-d165-4d72-a3d1-1dcb222a184f.yaml';
    expect(runCli(['import', 'ocds', input, '--out-dir', join(dir, 'shipped')]).code).toBe(0);
    expect(readFileSync(join(dir, 'shipped', file), 'utf8')).toContain('contract_type: light-touch');
    expect(runCli(['import', 'ocds', input, '--out-dir', join(dir, 'edited'), '--rubrics', rubrics]).code).toBe(0);
    expect(readFileSync(join(dir, 'edited', file), 'utf8')).toContain('contract_type: services');

    const start = text.indexOf('ocds_import:');
    writeFileSync(policy, text.slice(0, start) + text.slice(text.indexOf('\nfeatures:', start) + 1));
    const r = runCli(['import', 'ocds', input, '--out-dir', join(dir, 'none'), '--rubrics', rubrics]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the policy file has no ocds_import section');
    // Scoring does not need the section: the folder still validates.
    expect(runCli(['rubric', 'validate', '--rubrics', rubrics]).code).toBe(0);
  });

  it('kil rubric validate points at a wrong entry of the section by line and column', () => {
    const dir = tempDir();
    cpSync(RUBRICS_DIR, dir, { recursive: true });
    const policy = join(dir, 'policy.yaml');
    const text = readFileSync(policy, 'utf8');
    writeFileSync(policy, text.replace('contract_type_when_not_stated: services', 'contract_type_when_not_stated: service'));
    const line = text.slice(0, text.indexOf('contract_type_when_not_stated:')).split('\n').length;
    const r = runCli(['rubric', 'validate', '--rubrics', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`policy.yaml:${line}:34: ocds_import.contract_type_when_not_stated is the text "service", which is not allowed; did you mean "services"?`);
  });
});

describe('mapping rules, one at a time', () => {
  const rules = shippedRules();

  it('title: the tender\'s, else the first award\'s, else a default naming the ocid', () => {
    expect(titleRule(notice({ tender: { title: 'Meals &amp; Wheels' }, awards: [{ title: 'Award' }] })).facts).toEqual([{ path: ['title'], value: 'Meals & Wheels', how: 'field', from: 'tender.title' }]);
    expect(titleRule(notice({ awards: [{ title: 'Award' }] })).facts[0]).toMatchObject({ value: 'Award', from: 'awards[0].title' });
    expect(titleRule(notice({ contracts: 'x' }))).toEqual({ facts: [{ path: ['title'], value: 'OCDS process ocds-b5fd17-x', how: 'default', from: 'no title in the notice' }], flags: ['contracts is not a list: not read'] });
  });

  it('buyer type: a TED type settles it; else an NHS name; else the assumption', () => {
    const ted = (id: string) => ({ details: { classifications: [{ scheme: 'TED_CA_TYPE', id }] } });
    expect(buyerTypeRule(ted('Ministry or any other national or federal authority'), 'X', rules).facts[0]).toMatchObject({ value: 'central', how: 'field' });
    expect(buyerTypeRule(ted('Regional or local authority'), 'Barnsley NHS Foundation Trust', rules).facts[0]).toMatchObject({ value: 'central', how: 'heuristic' });
    expect(buyerTypeRule(ted('Regional or local authority'), 'Barnsley Council', rules).facts[0]).toMatchObject({ value: 'sub-central', how: 'field' });
    expect(buyerTypeRule(undefined, 'Johnshire Trustees Council', rules).facts[0]).toMatchObject({ value: 'sub-central', how: 'heuristic' });
  });

  it('buyer identifier: the scheme and the id when the party gives both; a publisher\'s own id or an unknown scheme is not one', () => {
    const of = (identifier: unknown) => buyerIdentifierRule({ identifier });
    expect(of({ scheme: 'GB-SRS', id: 'sid4gov.cabinetoffice.gov.uk/SjTw969a' }).facts).toEqual([
      { path: ['buyer', 'identifier'], value: 'GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a', how: 'field', from: 'parties[].identifier.scheme, parties[].identifier.id' },
    ]);
    expect(of({ scheme: 'gb-coh', id: 1234567 }).facts[0]?.value).toBe('GB-COH-1234567');
    expect(of({ scheme: 'GB-COH', id: 'gb-coh-01234567' }).facts[0]?.value).toBe('GB-COH-01234567'); // the scheme said once
    for (const publishersOwn of [{ id: '86256c2812f8184529b5be0aaf0f9351' }, { legalName: 'Royal Borough of Greenwich' }, { scheme: 'GB-COH' }, { scheme: 'GB-COH', id: '  ' }, { scheme: 'GB-COH', id: -1 }, 'GB-COH-1', undefined]) {
      expect(of(publishersOwn), JSON.stringify(publishersOwn)).toEqual({ facts: [], flags: [] });
    }
    const odd = of({ scheme: 'Companies House', id: '01234567' });
    expect(odd.facts).toEqual([]);
    expect(odd.flags).toEqual(['the buyer\'s identifier scheme "Companies House" is not an org-id.guide prefix (like GB-COH): the identifier is not imported']);
    expect(buyerIdentifierRule(undefined)).toEqual({ facts: [], flags: [] });
  });

  it('nation: by the ocid\'s publisher prefix, else the assumption', () => {
    expect(nationRule(notice({}, 'ocds-r6ebe6-1'), rules).facts[0]).toMatchObject({ value: 'scotland', from: 'published on Public Contracts Scotland (ocid prefix)' });
    expect(nationRule(notice({}, 'ocds-zzz-1'), rules).facts[0]).toMatchObject({ value: 'england', how: 'default', from: 'unknown publisher; assumed England' });
  });

  it('CPV codes: each once, check digit dropped; light-touch by prefix', () => {
    const found = cpvRule(notice({ tender: { classification: { scheme: 'CPV', id: '85311000-2' }, items: [{ classification: { scheme: 'CPV', id: '85311000' } }, { classification: { scheme: 'CPV', id: '45000000' } }] } }), rules);
    expect(found.facts[0]).toMatchObject({ path: ['cpv'], value: [{ code: '85311000' }, { code: '45000000' }], from: 'tender.classification, tender.items[].classification' });
    expect(found.lightTouch).toBe(true);
    expect(cpvRule(notice({ tender: { classification: { scheme: 'CPV', id: '45000000' } } }), rules).lightTouch).toBe(false);
  });

  it('estimate: placeholders and other currencies refused; amountGross is VAT included', () => {
    const est = (value: unknown, type = 'services') => estimateRule(notice({ tender: { value } }), type, rules);
    expect(est({ amount: 1 })).toMatchObject({ facts: [], flags: ['tender.value.amount is 1, a placeholder these portals use: not imported'], estimate: undefined });
    expect(est({ amount: 5000, currency: 'EUR' }).flags).toEqual(['tender.value is in "EUR": not imported (kil works in pounds)']);
    expect(est({ amount: 5000, amountGross: 6000 })).toMatchObject({ facts: [{ value: { amount: 6000, vat: 'included' } }], flags: [], estimate: 5000 });
    expect(est({ amount: 5000 }, 'light-touch').facts[0]!.value).toMatchObject({ amount: 5000, vat: 'exempt' });
  });

  it('procedure: the details text first, then the method code', () => {
    expect(procedureOf(undefined, 'Call-off from a dynamic purchasing system', false)).toBe('dynamic-market');
    expect(procedureOf('selective', 'Call-off from a framework agreement', false)).toBe('framework-call-off');
    expect(procedureOf('open', '', true)).toBe('framework-call-off');
    expect(procedureOf('open', 'Open procedure', true)).toBe('open');
    expect(procedureOf('limited', '', false)).toBe('quotes');
    expect(procedureOf(undefined, 'Other - ', false)).toBeUndefined();
  });

  it('duration: a stated initial period beats rounded dates that include the extension', () => {
    const n = notice({
      tender: { contractPeriod: { startDate: '2025-04-01', endDate: '2030-03-31' }, description: 'A 36 month initial contract period with a 24 month extension option.' },
    });
    expect(durationRule(n, contractPeriodOf(n)).facts[0]).toMatchObject({
      value: { initial_months: 36, extension_months: 24 },
      from: 'tender.contractPeriod.startDate, tender.contractPeriod.endDate; the initial period read from text in tender.description; extension options read from text in tender.description',
    });
    const bad = notice({ tender: { contractPeriod: { durationInDays: -3 } } });
    expect(durationRule(bad, contractPeriodOf(bad))).toEqual({ facts: [], flags: ['tender.contractPeriod.durationInDays is -3: not a length of time; not imported'] });
  });

  it('points to check: each once, at most 50 with a count of the rest', () => {
    expect(pointsToCheck(['a', 'b', 'a'])).toEqual(['a', 'b']);
    const many = pointsToCheck(Array.from({ length: 53 }, (_, i) => `p${i}`));
    expect(many).toHaveLength(51);
    expect(many.at(-1)).toBe('and 3 more points like these, not listed');
  });
});

describe('notice text and the competition rules', () => {
  it('"\\r" and "\\n" written out as two characters become spaces (Leeds\'s notice has one)', () => {
    expect(noticeText('footwear. \\r The supply')).toBe('footwear. The supply');
    expect(noticeText('a\\nb\\tc')).toBe('a b c');
  });

  const notice = (release: object, ocid = 'ocds-x-1') => readNotice(ocid, release as never).notice;
  const rules = shippedRules();

  it('tender window: from the period start, else the publication date, to the deadline; nonsense is flagged, not imported', () => {
    expect(tenderWindowRule(notice({ tender: { tenderPeriod: { startDate: '2025-01-01T09:00:00Z', endDate: '2025-01-31T12:00:00Z' } } }), rules).facts).toEqual([
      { path: ['tender_window_days'], value: 30, how: 'field', from: 'tender.tenderPeriod.startDate, tender.tenderPeriod.endDate' },
    ]);
    expect(tenderWindowRule(notice({ tender: { datePublished: '2024-12-20', tenderPeriod: { endDate: '2025-01-27' } } }), rules).facts[0]!.value).toBe(38);
    expect(tenderWindowRule(notice({ tender: { tenderPeriod: { endDate: '2025-01-27' } } }), rules).facts).toEqual([]);
    const backwards = tenderWindowRule(notice({ tender: { tenderPeriod: { startDate: '2025-02-01', endDate: '2025-01-01' } } }), rules);
    expect(backwards.facts).toEqual([]);
    expect(backwards.flags[0]).toContain('cannot be right; not imported');
  });

  it('a tender notice with no tender date is dated by its own release date (Sell2Wales, Public Contracts Scotland), said as a kil heuristic; not an update, and not mySociety\'s copies whose dates are random', () => {
    const welsh = { date: '2025-02-21T10:00:00Z', tag: ['tender'], tender: { tenderPeriod: { endDate: '2025-03-13T12:00:00Z' } } };
    const started = procurementStartRule(notice(welsh, 'ocds-kuma6s-1'), rules).facts;
    expect(started).toEqual([{ path: ['procurement_start'], value: '2025-02-21', how: 'heuristic', from: 'the date of this tender notice (release.date, tag "tender"), as it gives no tender.datePublished' }]);
    expect(tenderWindowRule(notice(welsh, 'ocds-kuma6s-1'), rules).facts).toEqual([{ path: ['tender_window_days'], value: 20, how: 'field', from: 'date, tender.tenderPeriod.endDate' }]);
    expect(tenderWindowRule(notice(welsh, 'ocds-b5fd17raw-abc'), rules).facts).toEqual([]);
    // A field beats it; an update's date is not when the tender went out; a copy with made-up dates is not read.
    expect(procurementStartRule(notice({ ...welsh, tender: { datePublished: '2025-02-01' } }, 'ocds-kuma6s-1'), rules).facts[0]).toMatchObject({ value: '2025-02-01', how: 'field' });
    expect(procurementStartRule(notice({ ...welsh, tag: ['tenderUpdate'] }, 'ocds-kuma6s-1'), rules).facts).toEqual([]);
    expect(procurementStartRule(notice(welsh, 'ocds-b5fd17raw-abc'), rules).facts).toEqual([]);
    // A policy without the setting never guesses.
    const { tender_start_from_release_date: _, ...without } = rules.ocds;
    expect(procurementStartRule(notice(welsh, 'ocds-kuma6s-1'), { ...rules, ocds: without }).facts).toEqual([]);
  });

  it('tenders received: bids.statistics for the whole process beats tender.numberOfTenderers; a count that is not one is flagged', () => {
    const stats = { bids: { statistics: [{ id: '1', measure: 'bids', value: 3, relatedLot: 'L1' }, { id: '2', measure: 'bids', value: 7 }] }, tender: { numberOfTenderers: 4 } };
    expect(tenderersRule(notice(stats)).facts).toEqual([{ path: ['tenderers'], value: 7, how: 'field', from: 'bids.statistics (measure "bids")' }]);
    expect(tenderersRule(notice({ tender: { numberOfTenderers: '4' } })).facts[0]!.value).toBe(4);
    const odd = tenderersRule(notice({ tender: { numberOfTenderers: 2.5 } }));
    expect(odd.facts).toEqual([]);
    expect(odd.flags[0]).toContain('not a count of tenders');
  });
});
