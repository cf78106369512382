/**
 * Every dated or valued rule at its boundary (issue 22): the day the Act starts, the day new
 * thresholds start, a value exactly on a threshold ("at or above"), a duty for contracts of "more
 * than" an amount (value_above) and one "from" an amount (value_at_least), and a power from a date.
 * Each case is the boundary itself and its neighbour, so `>=` turned to `>` (or the other way) fails.
 */
import { describe, expect, it } from 'vitest';
import { conditionHolds, deriveProcurementFacts } from '../src/facts/procurement-facts.js';
import type { Procurement } from '../src/model/contract.js';
import { builtInLibrary, contractFrom } from './helpers.js';

const library = builtInLibrary();

function facts(o: { nation?: string; buyer?: string; type?: string; amount?: number; vat?: string; start?: string; procedure?: string }) {
  const text = `kil: 1
procurement:
  title: T
  buyer: { name: B, type: ${o.buyer ?? 'sub-central'}, nation: ${o.nation ?? 'england'} }
  contract_type: ${o.type ?? 'services'}
  value: { amount: ${o.amount ?? 100000}, currency: GBP, vat: ${o.vat ?? 'included'}, includes_extensions: true }
  procurement_start: ${o.start ?? '2026-06-01'}
${o.procedure ? `  procedure: ${o.procedure}\n` : ''}answers: {}
`;
  return deriveProcurementFacts(contractFrom(text, library).procurement, library.policy);
}
const duties = (f: ReturnType<typeof facts>) => f.duties.map((d) => d.id);

describe('dates', () => {
  it('the Procurement Act applies from exactly 24 February 2025; the day before, PCR 2015', () => {
    expect(facts({ start: '2025-02-23' }).regime?.id).toBe('pcr-2015');
    expect(facts({ start: '2025-02-24' }).regime?.id).toBe('pa23');
  });

  it('the 2026 thresholds apply from exactly 1 January 2026; on 31 December 2025 the old ones', () => {
    expect(facts({ start: '2025-12-31' }).threshold?.amount).toBe(214904);
    expect(facts({ start: '2026-01-01' }).threshold?.amount).toBe(207720);
  });

  it('the PCR 2015 VAT-inclusive thresholds apply from exactly 1 January 2022 (and 2024)', () => {
    expect(facts({ start: '2021-12-31' }).threshold).toBeUndefined();
    expect(facts({ start: '2022-01-01' }).threshold?.amount).toBe(213477);
    expect(facts({ start: '2023-12-31' }).threshold?.amount).toBe(213477);
    expect(facts({ start: '2024-01-01' }).threshold?.amount).toBe(214904);
  });

  it('the power to reserve a below-threshold competition applies from exactly 4 February 2026', () => {
    expect(facts({ start: '2026-02-03' }).regime?.features.has('below-threshold-reservation')).toBe(false);
    expect(facts({ start: '2026-02-04' }).regime?.features.has('below-threshold-reservation')).toBe(true);
    expect(duties(facts({ start: '2026-02-04' }))).toContain('reservation-possible');
  });

  it("Wales's socially responsible duty applies from exactly 25 March 2026", () => {
    expect(duties(facts({ nation: 'wales', start: '2026-03-24' }))).not.toContain('socially-responsible-procurement');
    expect(duties(facts({ nation: 'wales', start: '2026-03-25' }))).toContain('socially-responsible-procurement');
  });

  it('procurement_until holds up to and including its date', () => {
    const p = (start: string) => ({ ...contractFrom(`kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: central, nation: england }\n  contract_type: goods\n  procurement_start: ${start}\nanswers: {}\n`, library).procurement }) as Procurement;
    const v = { totalValue: undefined, totalValueExVat: undefined, aboveThreshold: undefined };
    expect(conditionHolds({ procurement_until: '2025-02-23' }, p('2025-02-23'), v)).toBe(true);
    expect(conditionHolds({ procurement_until: '2025-02-23' }, p('2025-02-24'), v)).toBe(false);
  });
});

describe('values', () => {
  it('a value exactly on the threshold is at or above it; a pound less is below', () => {
    expect(facts({ amount: 207720 }).aboveThreshold).toBe(true);
    expect(facts({ amount: 207719 }).aboveThreshold).toBe(false);
    expect(facts({ buyer: 'central', amount: 135018 }).aboveThreshold).toBe(true);
    expect(facts({ buyer: 'central', amount: 135017 }).aboveThreshold).toBe(false);
    expect(facts({ type: 'light-touch', amount: 663540 }).aboveThreshold).toBe(true);
    expect(facts({ type: 'works', amount: 5192999 }).aboveThreshold).toBe(false);
  });

  it('VAT is added to a value stated without it before comparing (£173,100 + 20% = £207,720)', () => {
    expect(facts({ amount: 173100, vat: 'excluded' }).aboveThreshold).toBe(true);
    expect(facts({ amount: 173099, vat: 'excluded' }).aboveThreshold).toBe(false);
  });

  it('"more than £2 million" (value_above): the pipeline notice is not for £2,000,000 exactly', () => {
    expect(duties(facts({ amount: 2000000 }))).not.toContain('pipeline-notice');
    expect(duties(facts({ amount: 2000001 }))).toContain('pipeline-notice');
    expect(duties(facts({ amount: 5000000 }))).not.toContain('kpis');
    expect(duties(facts({ amount: 5000001 }))).toContain('kpis');
  });

  it('"from £30,000" (value_at_least): the below-threshold notice is for £30,000 exactly', () => {
    expect(duties(facts({ amount: 30000 }))).toContain('below-threshold-notice');
    expect(duties(facts({ amount: 29999 }))).not.toContain('below-threshold-notice');
    expect(duties(facts({ buyer: 'central', amount: 12000 }))).toContain('below-threshold-notice-central');
    expect(duties(facts({ buyer: 'central', amount: 11999 }))).not.toContain('below-threshold-notice-central');
  });

  it('the Social Value Act reaches a light-touch contract from the goods and services threshold, exactly', () => {
    expect(duties(facts({ type: 'light-touch', amount: 207720 }))).toContain('social-value-act');
    expect(duties(facts({ type: 'light-touch', amount: 207719 }))).not.toContain('social-value-act');
  });

  it('s.85 reaches a works contract below the s.85(3) amount only', () => {
    expect(duties(facts({ type: 'works', amount: 207719 }))).toContain('no-prequalification-works');
    expect(duties(facts({ type: 'works', amount: 207720 }))).not.toContain('no-prequalification-works');
  });

  it("Scotland's regulated procurement starts at £50,000 excluding VAT, exactly", () => {
    expect(duties(facts({ nation: 'scotland', amount: 50000, vat: 'excluded' }))).toContain('regulated-procurement');
    expect(duties(facts({ nation: 'scotland', amount: 49999, vat: 'excluded' }))).not.toContain('regulated-procurement');
    // £60,000 with VAT is £50,000 without it.
    expect(duties(facts({ nation: 'scotland', amount: 60000, vat: 'included' }))).toContain('regulated-procurement');
    expect(duties(facts({ nation: 'scotland', amount: 59999, vat: 'included' }))).not.toContain('regulated-procurement');
  });
});

describe('what kil could not check', () => {
  it('a duty marked verified: false is not shown (the PSR transparency duty)', () => {
    const f = facts({ procedure: 'psr-direct-award' });
    expect(f.regime?.id).toBe('psr-england');
    expect(library.policy.regimes.find((r) => r.id === 'psr-england')!.duties.map((d) => [d.id, d.verified])).toEqual([['psr-transparency', false]]);
    expect(duties(f)).toEqual([]);
  });

  it('a call-off or direct award owes no lots duty (procedures_not)', () => {
    expect(duties(facts({ amount: 1000000 }))).toContain('lots');
    for (const procedure of ['framework-call-off', 'dynamic-market', 'direct-award']) expect(duties(facts({ amount: 1000000, procedure }))).not.toContain('lots');
  });
});
