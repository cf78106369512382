/**
 * Advice that is lawful everywhere it is shown (issue 22), through the built CLI: the eight cases a
 * procurement lawyer found, each as a commissioner in that nation would meet it. Each failed on
 * kil before the law moved into the policy data.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

interface Facts {
  nation?: string;
  buyer?: 'sub-central' | 'central';
  type?: string;
  amount?: number;
  vat?: 'included' | 'excluded' | 'exempt';
  start?: string;
  procedure?: string;
  extra?: string;
  answers?: string;
}

/** A contract as a commissioner writes it, with the facts that matter to the case. */
function contract(f: Facts): string {
  return `kil: 1
procurement:
  title: Test service
  buyer: { name: Test Council, type: ${f.buyer ?? 'sub-central'}, nation: ${f.nation ?? 'england'} }
  contract_type: ${f.type ?? 'services'}
  value: { amount: ${f.amount ?? 1000000}, currency: GBP, vat: ${f.vat ?? 'included'}, includes_extensions: true }
  procurement_start: ${f.start ?? '2026-06-01'}
  duration: { initial_months: 36 }
  procedure: ${f.procedure ?? 'open'}
  evaluation: { price_pct: 95, quality_pct: 5, social_value_pct: 0, quality_questions: 20, resident_scored_pct: 0 }
  tender_window_days: 14
  local_orgs_engaged: 0
  local_bidders: 0
  reservation: none
  prequalification: true
  max_turnover_multiple: 4
  payment: { mechanism: block, terms_days: 60, full_cost_recovery: false, annual_uplift: false }
  options_appraisal_done: false
${f.extra ?? ''}answers:
${f.answers ?? '  S2.2: "no"\n  S2.4: "no"\n  S2.5: "no"\n  S2.6: "no"\n'}`;
}

/** The markdown report for a contract given on stdin. */
function report(f: Facts): { md: string; json: { rubrics: { areas: { questions: { id: string; status: string; score: number | null; value: unknown }[] }[] }[]; recommendations: { questionId: string; do: string }[]; facts: { statements: string[]; duties: { id: string; source: string }[] } } } {
  const input = contract(f);
  const md = runCli(['assess', '-', '-o', '-', '-q'], { input });
  expect(md.code, md.stderr).toBe(0);
  const json = runCli(['assess', '-', '--format', 'json', '-q'], { input });
  expect(json.code, json.stderr).toBe(0);
  return { md: md.stdout, json: JSON.parse(json.stdout) };
}

const question = (r: ReturnType<typeof report>, id: string) => r.json.rubrics.flatMap((x) => x.areas.flatMap((a) => a.questions)).find((q) => q.id === id);
const duties = (r: ReturnType<typeof report>) => r.json.facts.duties.map((d) => d.id);

describe('1. no advice to split a contract under a threshold', () => {
  it('an English above-threshold report never suggests lots small enough to fall below the threshold, and says lots are valued together', () => {
    const r = report({ amount: 6000000 });
    expect(r.md).not.toMatch(/fall below the threshold|small enough to fall below/i);
    expect(r.md).not.toContain('S4.4');
    expect(r.md).toMatch(/The lots of one procurement are still valued together, so the same rules apply to each of them\./);
  });
});

describe('2. no PA23 section, PPN 002 or s.17 notice where they do not apply', () => {
  it('Scotland: lots advice cites PCSR 2015 reg 47, never PA23 s.18 or a preliminary market engagement notice', () => {
    const r = report({ nation: 'scotland', buyer: 'central' });
    expect(r.md).not.toMatch(/PA23|Procurement Act 2023|preliminary market engagement notice/);
    expect(r.md).toContain('Divide the contract into lots (PCSR 2015 reg 47 asks the buyer to consider them)');
  });

  it('a procurement started before 24 February 2025 cites PCR 2015, not PA23', () => {
    const r = report({ start: '2024-06-01' });
    expect(r.md).not.toMatch(/PA23|Procurement Act 2023/);
    expect(r.md).toContain('(PCR 2015 reg 46 asks the buyer to consider them)');
  });

  it('below the threshold: s.85 only for an English authority, never in Wales, NI, a call-off or a large works contract', () => {
    const below = { amount: 100000 };
    expect(report(below).md).toContain('Remove the pre-qualification stage (PA23 s.85 forbids it here)');
    for (const f of [{ nation: 'wales' }, { nation: 'northern-ireland' }, { procedure: 'framework-call-off' }, { type: 'works', amount: 3000000 }]) {
      const md = report({ ...below, ...f }).md;
      expect(md, JSON.stringify(f)).not.toMatch(/s\.85/);
      expect(md, JSON.stringify(f)).toContain('Remove the pre-qualification stage; assess suitability proportionately as part of evaluating the tenders.');
    }
  });

  it('PPN 002 only for English central government; NI departments get NI PPN 01/21; councils neither', () => {
    expect(report({ buyer: 'central' }).md).toContain('(the minimum PPN 002 sets for this buyer)');
    for (const nation of ['england', 'scotland', 'wales', 'northern-ireland']) expect(report({ nation }).md, nation).not.toMatch(/PPN 0(02|6\/20)|NI PPN/);
    expect(report({ nation: 'northern-ireland', buyer: 'central' }).md).toContain('(the minimum NI PPN 01/21 sets for this buyer)');
  });
});

describe('3. duties the Act switches off are not shown', () => {
  it('Northern Ireland: no Part 6 below-threshold duty and no pipeline notice', () => {
    const small = report({ nation: 'northern-ireland', amount: 100000 });
    expect(small.md).not.toMatch(/\bs\.8[4-8]\b/);
    expect(duties(small)).not.toContain('below-threshold-notice');
    expect(duties(report({ nation: 'northern-ireland', amount: 3000000 }))).not.toContain('pipeline-notice');
  });

  it('a framework call-off: no NPPS duty, no s.18 lots duty', () => {
    const r = report({ procedure: 'framework-call-off' });
    expect(duties(r)).not.toContain('npps');
    expect(duties(r)).not.toContain('lots');
    expect(r.md).not.toMatch(/s\.18|National Procurement Policy Statement/);
    expect(duties(report({}))).toEqual(expect.arrayContaining(['npps', 'lots']));
  });

  it('a direct award has no lots duty and no tender questions', () => {
    const r = report({ procedure: 'direct-award' });
    expect(duties(r)).not.toContain('lots');
    expect(question(r, 'S3.2')!.status).toBe('not-applicable');
  });

  it('concessions: no s.52 KPIs and no s.68 payment term; light-touch contracts: no s.52', () => {
    const concession = report({ type: 'concession', amount: 6000000 });
    expect(concession.md).not.toMatch(/s\.52|s\.68/);
    expect(report({ type: 'light-touch', amount: 6000000 }).md).not.toMatch(/s\.52/);
    expect(report({ type: 'services', amount: 6000000 }).md).toMatch(/s\.52/);
  });

  it('the pipeline notice is for contracts of more than £2 million, not £2 million exactly', () => {
    expect(duties(report({ amount: 2000000 }))).not.toContain('pipeline-notice');
    expect(duties(report({ amount: 2000001 }))).toContain('pipeline-notice');
  });
});

describe('4. PCR 2015 thresholds from 1 January 2022 include VAT', () => {
  it('a 2023 £200k + VAT services contract is above the £213,477 threshold', () => {
    const r = report({ start: '2023-06-01', amount: 200000, vat: 'excluded' });
    expect(r.json.facts.statements.join('\n')).toMatch(/is at or above the £213,477 sub-central goods and services threshold/);
    expect(duties(r)).toContain('pcr-lots');
    expect(duties(r)).not.toContain('pcr-no-prequalification');
  });
});

describe('5. the Social Value Act reaches services, and central buyers use the central threshold', () => {
  it('a £3m works contract is not asked, scored or advised on the s.1 consideration', () => {
    const r = report({ type: 'works', amount: 3000000 });
    expect(question(r, 'S2.2')!.status).toBe('not-applicable');
    expect(r.md).not.toMatch(/Social Value\) Act|Social Value Act/);
    expect(duties(r)).not.toContain('social-value-act');
  });

  it('a central buyer owes the duty from £135,018 (2026), a council from £207,720', () => {
    expect(duties(report({ buyer: 'central', amount: 150000 }))).toContain('social-value-act');
    expect(duties(report({ buyer: 'sub-central', amount: 150000 }))).not.toContain('social-value-act');
    expect(report({ buyer: 'central', amount: 150000 }).md).toContain('(Public Services (Social Value) Act 2012 s.1)');
  });
});

describe('6. a grant is not cleared of every rule', () => {
  it('says the subsidy control rules still apply, with the minimal financial assistance figure', () => {
    const r = report({ procedure: 'grant' });
    expect(r.md).toMatch(/a grant can be a subsidy: check it against the subsidy control rules \(up to £315,000 to one recipient over three financial years/);
    expect(r.md).toContain('Subsidy Control Act 2022');
  });
});

describe('7. full titles, checked figures, the right notes', () => {
  it('Scotland 2024 thresholds cite SPPN 5/2023; no report says "not verified" or "the 2026 Order"', () => {
    const r = report({ nation: 'scotland', start: '2024-06-01' });
    expect(r.md).toContain('PCSR 2015 thresholds from 1 January 2024 (SPPN 5/2023)');
    for (const f of [{ nation: 'scotland' }, { procedure: 'psr-direct-award' }, { amount: 100000 }]) {
      const md = report(f).md;
      expect(md).not.toMatch(/not verified|the 2026 Order/);
    }
  });

  it('Wales: the socially responsible duty reads as the authority\'s objectives, pursued through the procurement', () => {
    const r = report({ nation: 'wales' });
    expect(r.md).toContain("Record which of the authority's well-being objectives this procurement pursues, and how (Social Partnership and Public Procurement (Wales) Act 2023 s.24).");
  });
});

describe('8. a question whose good answer is unlawful is not a zero', () => {
  it('England above the threshold: no reservation question and no advice to reserve; below it, reserving scores and is advised', () => {
    const above = report({ amount: 1000000 });
    expect(above.md).not.toMatch(/Reserve the competition|reserve the competition/);
    expect(question(above, 'S4.4')).toBeUndefined();
    const below = report({ amount: 100000 });
    expect(question(below, 'S4.3')).toMatchObject({ value: 'single-lot-below-threshold', score: 50 });
    expect(below.md).toContain('Reserve the competition to suppliers in the local area (as the Local Government (Exclusion of Non-commercial Considerations) (England) Order 2026 allows)');
  });

  it('a reserved below-threshold competition scores as well as capped lots, and only where the law allows reserving', () => {
    const text = (f: Facts) => contract({ amount: 100000, ...f }).replace('reservation: none', 'reservation: local-area');
    const assessed = (f: Facts) => {
      const r = runCli(['assess', '-', '--format', 'json', '-q'], { input: text(f) });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as ReturnType<typeof report>['json']).rubrics.flatMap((x) => x.areas.flatMap((a) => a.questions)).find((q) => q.id === 'S4.3')!;
    };
    expect(assessed({})).toMatchObject({ value: 'reserved', score: 100 });
    // Before the Order, in Wales, and above the threshold the file's reservation is not something the buyer may do.
    expect(assessed({ start: '2026-02-03' })).toMatchObject({ value: 'single-lot-below-threshold', score: 50 });
    expect(assessed({ nation: 'wales' })).toMatchObject({ value: 'single-lot-below-threshold', score: 50 });
    expect(assessed({ amount: 1000000 })).toMatchObject({ value: 'single-lot-no-reasons', score: 0 });
  });
});

describe('outside any one contract', () => {
  it('kil rubric show, kil schema and kil init leave law segments out, never showing a key or a bracket', () => {
    const outputs = [runCli(['rubric', 'show', 'five-steps']), runCli(['rubric', 'show', 'six-principles']), runCli(['schema', 'contract'])];
    for (const r of outputs) {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/\[\[|\]\]|\{law:/);
      expect(r.stdout).not.toMatch(/PA23|PCR 2015|PPN 002|PRSA|SPPP/);
    }
    const init = runCli(['init', '-'], {});
    expect(init.stdout + init.stderr).not.toMatch(/\[\[|\{law:/);
  });
});
