/**
 * The right law for every buyer (issue 10): for each nation, route and date, the duties and
 * citations a report shows, the ones it must not show, and that no point is lost for lack of
 * data. Contracts are the mid-size example, varied one fact at a time.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../src/score/score.js';
import { renderReport } from '../src/render/report.js';
import { loadRubricLibrary } from '../src/load/rubrics.js';
import { builtInLibrary, contractFrom, exampleText, rubricSources } from './helpers.js';

const library = builtInLibrary();
const base = exampleText('community-mental-health.yaml');

type Nation = 'england' | 'wales' | 'scotland' | 'northern-ireland';
type Route = 'open' | 'light-touch' | 'psr-direct-award' | 'grant' | 'framework-call-off';
const NATIONS: Nation[] = ['england', 'wales', 'scotland', 'northern-ireland'];
const ROUTES: Route[] = ['open', 'light-touch', 'psr-direct-award', 'grant', 'framework-call-off'];
const DATES = ['2024-06-01', '2025-06-01', '2026-06-01'] as const;

function variant(nation: Nation, route: Route, date: string): string {
  let text = base.replace(/nation: england/, `nation: ${nation}`).replace(/procurement_start: \S+/, `procurement_start: ${date}`);
  // light-touch is the example's contract type; the other routes make it ordinary services.
  if (route !== 'light-touch') text = text.replace(/contract_type: light-touch/, 'contract_type: services');
  text = text.replace(/procedure: \S+/, `procedure: ${route === 'light-touch' ? 'open' : route}`);
  // The commissioner's answers to the Scottish and Welsh duty questions (not applicable elsewhere).
  return text.replace(/^answers:\n/m, 'answers:\n  S2.5: yes\n  S2.6: partly\n');
}

function reportFor(nation: Nation, route: Route, date: string) {
  const contract = contractFrom(variant(nation, route, date), library);
  const a = assess(library, contract);
  const report = renderReport(a, library, { date: '2026-11-22', toolVersion: 'test' });
  const facts = report.split('## Derived facts')[1]!.split('\n## ')[0]!;
  return { a, report, facts };
}

/** What kil must say, and must never say, in each case. */
function expectations(nation: Nation, route: Route, date: string): { law: RegExp | null; must: RegExp[]; never: RegExp[] } {
  const isGrant = route === 'grant';
  const isPsr = route === 'psr-direct-award';
  if (isGrant) return { law: /law applied: Grant funding \(not a procurement\)/, must: [], never: [/Procurement Act 2023/, /PCR 2015/, /Procurement Reform \(Scotland\)/] };
  if (isPsr) {
    if (nation === 'england') return { law: /law applied: Health Care Services \(Provider Selection Regime\)/, must: [], never: [/Procurement Act 2023 s\./, /PA23 s\./] };
    if (nation === 'wales' && date >= '2025-02-24') return { law: /law applied: Health Services \(Provider Selection Regime\) \(Wales\)/, must: [], never: [/Procurement Act 2023 s\./] };
    return { law: /kil has no data on the law for the procedure "psr-direct-award"/, must: [], never: [/Procurement Act 2023 s\./, /Provider Selection Regime/] };
  }
  if (nation === 'scotland') {
    return { law: /law applied: Procurement Reform \(Scotland\) Act 2014/, must: [/Procurement Reform \(Scotland\) Act 2014/], never: [/Procurement Act 2023/, /PA23/, /Order 2026/, /Social Value\) Act 2012/] };
  }
  if (date < '2025-02-24') {
    return { law: /law applied: Public Contracts Regulations 2015/, must: [/PCR 2015 reg 113/], never: [/Procurement Act 2023/, /Order 2026/] };
  }
  const must = [/Procurement Act 2023 s\.68/];
  const never = [/PCR 2015/, /Procurement Reform \(Scotland\)/];
  if (nation !== 'england') never.push(/Social Value\) Act 2012/, /Order 2026/, /National Procurement Policy Statement/);
  if (nation === 'wales' && date >= '2026-03-25') must.push(/Social Partnership and Public Procurement \(Wales\) Act 2023/);
  // NI PPN 01/21 binds departments and their bodies, not councils (the example is a council); Part 6 does not reach NI (s.84(2)(b)).
  if (nation === 'northern-ireland') never.push(/NI Procurement Policy Note 01\/21/, /s\.8[4-8]\b/, /pipeline notice/);
  return { law: /law applied: Procurement Act 2023/, must, never };
}

describe('which law: nation x route x date', () => {
  const cases = NATIONS.flatMap((n) => ROUTES.flatMap((r) => DATES.map((d) => [n, r, d] as const)));
  it.each(cases)('%s, %s, procurement started %s', (nation, route, date) => {
    const { facts, a } = reportFor(nation, route, date);
    const e = expectations(nation, route, date);
    if (e.law) expect(facts).toMatch(e.law);
    for (const m of e.must) expect(facts).toMatch(m);
    for (const n of e.never) expect(facts).not.toMatch(n);
    // No point lost for lack of data: every question is answered, derived or not applicable.
    expect(a.overall.coverage.unanswered).toBe(0);
    expect(a.overall.coverage.pct).toBe(100);
  });
});

describe('the same contract elsewhere', () => {
  const score = (nation: Nation, date = '2026-06-01', route: Route = 'light-touch') => assess(library, contractFrom(variant(nation, route, date), library));

  const questions = (a: ReturnType<typeof score>) => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions));
  const differences = (a: ReturnType<typeof score>, b: ReturnType<typeof score>) =>
    questions(b).filter((q, i) => q.status !== questions(a)[i]!.status || q.score !== questions(a)[i]!.score);

  it('Wales scores as England except where a Welsh rule differs, and the report says which', () => {
    // Above the threshold: the Social Value Act is England's; the Welsh duty is Wales's. Reserving the
    // competition is an option of S4.3 only where the law allows it, so neither is scored for not reserving.
    const differing = differences(score('england'), score('wales'));
    expect(differing.map((q) => q.id).sort()).toEqual(['S2.2', 'S2.6']);
    for (const q of differing.filter((x) => x.status === 'not-applicable')) expect(q.derivation).toMatch(/does not apply under Procurement Act 2023: it has no /);
    // Below it too (rubric 2.0.0 asks about pre-qualification in every competition, so P6.3 no longer differs).
    const small = (nation: Nation) =>
      assess(library, contractFrom(variant(nation, 'open', '2026-06-01').replace(/amount: \d+/, 'amount: 150000').replace(/(neighbourhood: \w+|title: [^,]+), value: \d+ \}/g, '$1, value: 50000 }'), library));
    expect(differences(small('england'), small('wales')).map((q) => q.id).sort()).toEqual(['S2.2', 'S2.6']);
  });

  it('a grant is not scored on tender mechanics', () => {
    const grant = score('england', '2026-06-01', 'grant');
    const na = grant.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).filter((q) => q.status === 'not-applicable').map((q) => q.id);
    for (const id of ['S2.1', 'S3.2', 'S3.4', 'S4.3', 'P6.2', 'P6.3']) expect(na).toContain(id);
    // A grant's size still counts: a large grant shuts out small groups as a large contract does.
    expect(na).not.toContain('S4.1');
  });

  it('a Scottish report cites no PA23 section and asks about the sustainable procurement duty instead of the Social Value Act', () => {
    const { report, a } = reportFor('scotland', 'light-touch', '2026-06-01');
    expect(report).not.toMatch(/PA23 s\.|Procurement Act 2023 s\./);
    const q = (id: string) => a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).find((x) => x.id === id)!;
    expect(q('S2.2').status).toBe('not-applicable');
    expect(q('S2.5').status).not.toBe('not-applicable');
  });

  it('a 2024 procurement is assessed under PCR 2015 with the thresholds in force then', () => {
    const { facts } = reportFor('england', 'open', '2024-06-01');
    expect(facts).toMatch(/£214,904 sub-central goods and services threshold \(thresholds in force from 2024-01-01; PCR 2015/);
    expect(facts).not.toMatch(/Procurement Act 2023/);
  });
});

describe('kil rubric validate checks the law data', () => {
  const policyText = () => rubricSources().find((s) => s.file.endsWith('policy.yaml'))!;
  const withPolicy = (edit: (text: string) => string) => rubricSources().map((s) => (s.file.endsWith('policy.yaml') ? { ...s, text: edit(s.text) } : s));

  it('refuses two regimes that apply to the same nation, route and date', () => {
    const { library: lib, diagnostics } = loadRubricLibrary(withPolicy((t) => t.replace('routes: [procurement], contract_types: [goods, services, light-touch, works], until: 2025-02-23', 'routes: [procurement], contract_types: [goods, services, light-touch, works], until: 2025-06-30')));
    expect(lib).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toContain(
      'regimes-overlap: regimes "pcr-2015" and "pa23" both apply to procurement of goods, services, light-touch, works contracts in england on 2025-02-24 to 2025-06-30; close one with "until" or narrow its nations, routes or contract types',
    );
  });

  it('lets two regimes share a nation, route and date when they are for different kinds of contract, and not when the kinds meet', () => {
    // The shipped policy has such a pair: PCR 2015 and, for concessions, the Concession Contracts Regulations 2016.
    expect(loadRubricLibrary(rubricSources()).diagnostics.filter((d) => d.code === 'regimes-overlap')).toEqual([]);
    const meet = loadRubricLibrary(withPolicy((t) => t.replace('contract_types: [concession], until: 2025-02-23', 'contract_types: [concession, works], until: 2025-02-23')));
    expect(meet.diagnostics.map((d) => d.message)).toContain(
      'regimes "pcr-2015" and "ccr-2016" both apply to procurement of works contracts in england on dates up to 2025-02-23; close one with "until" or narrow its nations, routes or contract types',
    );
  });

  it('refuses a feature no one declared, in a regime or a question, with the nearest name', () => {
    const r1 = loadRubricLibrary(withPolicy((t) => t.replace('      - { id: tender, when: { procedures_not: [direct-award] } }\n', '      - { id: tenders, when: { procedures_not: [direct-award] } }\n')));
    expect(r1.diagnostics.map((d) => d.message)).toContain('unknown feature "tenders"; did you mean "tender"?');
    const sources = rubricSources().map((s) => (s.file.endsWith('five-steps.yaml') ? { ...s, text: s.text.replace('needs: [social-value-act]', 'needs: [social-value]') } : s));
    const r2 = loadRubricLibrary(sources);
    expect(r2.library).toBeUndefined();
    expect(r2.diagnostics.find((d) => d.code === 'unknown-feature')?.message).toBe('unknown feature "social-value"; did you mean "social-value-act"?');
  });

  it('refuses a duty without a source, and a condition naming an unknown nation', () => {
    const noSource = loadRubricLibrary(withPolicy((t) => t.replace('        source: Procurement Act 2023 s.52\n', '')));
    expect(noSource.diagnostics.map((d) => d.code)).toContain('missing-field');
    const badNation = loadRubricLibrary(withPolicy((t) => t.replace('when: { nations: [england, wales], value_above: 2000000, above_threshold: true }', 'when: { nations: [england, cymru], value_above: 2000000, above_threshold: true }')));
    expect(badNation.diagnostics.map((d) => d.code)).toContain('not-allowed-value');
    expect(policyText().text).toContain('when: { nations: [england, wales], value_above: 2000000, above_threshold: true }');
  });
});

describe('fact-to-answer judgements are rubric data (derive_answers)', () => {
  const withRubric = (file: string, edit: (text: string) => string) => rubricSources().map((s) => (s.file.endsWith(file) ? { ...s, text: edit(s.text) } : s));
  const payByResults = (lib: NonNullable<ReturnType<typeof loadRubricLibrary>['library']>, mechanism: string) => {
    const c = contractFrom(base.replace('mechanism: block', `mechanism: ${mechanism}`), lib);
    return assess(lib, c).rubrics.flatMap((r) => r.areas.flatMap((a) => a.questions)).find((q) => q.id === 'P4.4')!;
  };

  it('changing a judgement in the YAML changes the answer, with no code change', () => {
    expect(payByResults(library, 'part-payment-by-results')).toMatchObject({ status: 'derived', value: 'partly', score: 50 });
    const { library: edited } = loadRubricLibrary(withRubric('six-principles.yaml', (t) => t.replace('part-payment-by-results: partly', 'part-payment-by-results: "no"')));
    expect(payByResults(edited!, 'part-payment-by-results')).toMatchObject({ status: 'derived', value: 'no', score: 0 });
  });

  it('validate refuses a map that misses a value, names an unknown one, or gives an invalid answer', () => {
    const r = loadRubricLibrary(withRubric('six-principles.yaml', (t) => t.replace('          grant: "yes"\n', '          grants: "yes"\n').replace('part-payment-by-results: partly', 'part-payment-by-results: maybe')));
    expect(r.library).toBeUndefined();
    const messages = r.diagnostics.map((d) => d.message);
    expect(messages).toContain('fact "payment_mechanism" can be "grant", which derive_answers does not map; add an answer for each');
    expect(messages.some((m) => m.startsWith('fact "payment_mechanism" is never "grants"'))).toBe(true);
    expect(messages).toContain('the answer is "maybe"; use yes, partly or no');
  });
});
