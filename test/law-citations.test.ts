/**
 * No text kil shows a reader cites law outside the regime in force (issue 22). Every nation x
 * procedure (and so route) x date either side of each change of law x buyer type x contract type,
 * at values below and above the thresholds, with answers low enough for every question to give its
 * advice: the rendered report, every recommendation, and each question's help as the interview
 * would show it for that contract, are scanned for citations. The oracle below is written from the
 * law, not read from the policy data, so a wrong `cite` or `when` in policy.yaml fails here.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deriveProcurementFacts } from '../src/facts/procurement-facts.js';
import { NO_CITATIONS, withLaw } from '../src/model/law-text.js';
import { renderReport } from '../src/render/report.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom } from './helpers.js';

const library = builtInLibrary();

type Nation = 'england' | 'wales' | 'scotland' | 'northern-ireland';
const NATIONS: Nation[] = ['england', 'wales', 'scotland', 'northern-ireland'];
const PROCEDURES = [undefined, 'open', 'competitive-flexible', 'direct-award', 'framework-call-off', 'dynamic-market', 'quotes', 'grant', 'psr-direct-award', 'psr-most-suitable-provider', 'psr-competitive'] as const;
/** Each side of every change of law kil knows, and no date at all (the newest law). */
const DATES = [undefined, '2021-06-01', '2023-06-01', '2024-01-01', '2025-02-23', '2025-02-24', '2025-12-31', '2026-01-01', '2026-02-03', '2026-02-04', '2026-03-24', '2026-03-25'] as const;
const BUYERS = ['sub-central', 'central'] as const;
const TYPES = ['goods', 'services', 'light-touch', 'works', 'concession'] as const;
/** Below every threshold and £30,000; below the goods and services thresholds; between them and the light-touch one; above all but works; above all. */
const VALUES = [25000, 100000, 300000, 2500000, 6000000] as const;

interface Case {
  nation: Nation;
  procedure: (typeof PROCEDURES)[number];
  date: (typeof DATES)[number];
  buyer: (typeof BUYERS)[number];
  type: (typeof TYPES)[number];
  value: number;
}

type Regime = 'pcr' | 'ccr' | 'pa23' | 'scotland' | 'scotland-ccr' | 'psr' | 'grant' | 'none';

/**
 * The regime in force, from the law: Scotland has its own; PA23 from 24 Feb 2025; the PSR in
 * England from 2024 and Wales from 24 Feb 2025. Before the Act, concessions had regulations of
 * their own (Concession Contracts Regulations 2016, SI 2016/273), not PCR 2015; in Scotland, the
 * Concession Contracts (Scotland) Regulations 2016 (SSI 2016/65), not PCSR 2015.
 */
function regimeOf(c: Case): Regime {
  const date = c.date ?? '9999-12-31';
  if (c.procedure === 'grant') return 'grant';
  if (c.procedure?.startsWith('psr-')) {
    if (c.nation === 'england' && date >= '2024-01-01') return 'psr';
    if (c.nation === 'wales' && date >= '2025-02-24') return 'psr';
    return 'none';
  }
  if (c.nation === 'scotland') return c.type === 'concession' ? 'scotland-ccr' : 'scotland';
  if (date < '2025-02-24') return c.type === 'concession' ? 'ccr' : 'pcr';
  return 'pa23';
}

/**
 * The threshold, VAT included, from the law (PCR 2015 reg 5, CCR 2016 reg 9, PA23 Schedule 1, as
 * amended in 2022, 2024 and 2026); undefined where kil may not know one (before 2022). `as` reads
 * another contract type's figure (reg 111 measures works and light-touch against goods and services).
 */
function thresholdOf(c: Case, r: Regime, as: Case['type'] = c.type): number | undefined {
  const date = c.date ?? '9999-12-31';
  if (date < '2022-01-01' || !['pcr', 'ccr', 'pa23'].includes(r)) return undefined;
  const from2024 = date >= '2024-01-01';
  const from2026 = r === 'pa23' && date >= '2026-01-01';
  if (as === 'light-touch') return 663540;
  if (as === 'works' || as === 'concession') return from2026 ? 5193000 : from2024 ? 5372609 : 5336937;
  if (c.buyer === 'central') return from2026 ? 135018 : from2024 ? 139688 : 138760;
  return from2026 ? 207720 : from2024 ? 214904 : 213477;
}
const above = (c: Case, r: Regime) => (thresholdOf(c, r) ?? Infinity) <= c.value;
const below = (c: Case, r: Regime, as: Case['type'] = c.type) => c.value < (thresholdOf(c, r, as) ?? -Infinity);

const CALL_OFFS = ['framework-call-off', 'dynamic-market'];

/** Citation patterns, and where each may appear. */
const CITATIONS: { name: string; pattern: RegExp; allowed: (c: Case, r: Regime) => boolean }[] = [
  { name: 'PA23', pattern: /\bPA23\b|Procurement Act 2023/, allowed: (_, r) => r === 'pa23' },
  { name: 'PCR 2015', pattern: /\bPCR 2015\b|Public Contracts Regulations 2015/, allowed: (_, r) => r === 'pcr' },
  { name: 'CCR 2016', pattern: /Concession Contracts Regulations 2016/, allowed: (_, r) => r === 'ccr' },
  { name: 'Scottish law', pattern: /\bPRSA\b|Procurement Reform \(Scotland\)|\bPCSR\b|Public Contracts \(Scotland\)/, allowed: (_, r) => r === 'scotland' },
  { name: 'Scottish concessions law', pattern: /Concession Contracts \(Scotland\)/, allowed: (_, r) => r === 'scotland-ccr' },
  { name: 'SPPN', pattern: /\bSPPN\b/, allowed: (_, r) => r === 'scotland' || r === 'scotland-ccr' },
  // reg 111: sub-central buyers in England, from £30,000, below the threshold for goods and services; works and light-touch services only below the goods and services figure.
  {
    name: 'PCR reg 111',
    pattern: /\breg 111\b/,
    allowed: (c, r) => r === 'pcr' && c.nation === 'england' && c.buyer === 'sub-central' && c.value >= 30000 && ['goods', 'services', 'works', 'light-touch'].includes(c.type) && below(c, r, c.type === 'goods' ? 'goods' : 'services'),
  },
  // reg 58 is in Part 2: at or above the threshold; concessions were under CCR 2016; light-touch awards are the buyer's own procedure.
  { name: 'PCR reg 58(9)', pattern: /\breg 58\b/, allowed: (c, r) => r === 'pcr' && ['goods', 'services', 'works'].includes(c.type) && above(c, r) },
  {
    name: 'Welsh law',
    pattern: /Social Partnership and Public Procurement|SPPP\(W\)A|\bWPPN\b|Wales Procurement Policy Statement|Welsh threshold/,
    allowed: (c, r) => c.nation === 'wales' && r === 'pa23',
  },
  // PPN 002 (and PPN 06/20 before it) bind central government in England; NI has its own note.
  // PPN 06/20 from 2021, PPN 002's 10% mandatory from 1 October 2025 (between them, nothing is cited).
  {
    name: 'PPN 002',
    pattern: /(?<!NI )PPN 0(02|6\/20)|Social Value Model/,
    allowed: (c, r) => c.nation === 'england' && c.buyer === 'central' && above(c, r) && (r === 'pcr' || (r === 'pa23' && (c.date ?? '9999') >= '2025-10-01')),
  },
  // NI PPN 01/21 binds NI departments and their bodies at or above the thresholds, from 1 June 2022, in services and works contracts; councils only voluntarily.
  {
    name: 'NI PPN 01/21',
    pattern: /NI PPN|NI Procurement Policy Note/,
    allowed: (c, r) => c.nation === 'northern-ireland' && c.buyer === 'central' && ['services', 'light-touch', 'works'].includes(c.type) && (r === 'pa23' || (r === 'pcr' && (c.date ?? '9999') >= '2022-06-01')) && above(c, r),
  },
  // s.1 reaches services (light-touch too) in England, not pure works or goods, and not a contract based on a framework (s.1(1)(a)).
  {
    name: 'Social Value Act',
    pattern: /Social Value\) Act|Social Value Act/,
    allowed: (c, r) => c.nation === 'england' && (r === 'pa23' || r === 'pcr') && (c.type === 'services' || c.type === 'light-touch') && c.procedure !== 'framework-call-off',
  },
  // Part 6 (ss.84-88) does not reach NI (s.84(2)(b)) nor concessions (s.84(1)(b)); s.85 not Wales's devolved authorities (s.85(5)(a)) nor call-offs (s.85(5)(c)).
  { name: 'PA23 Part 6', pattern: /\bs\.8[4-8]\b/, allowed: (c, r) => r === 'pa23' && c.nation !== 'northern-ireland' && c.type !== 'concession' },
  { name: 'PA23 s.85', pattern: /\bs\.85\b/, allowed: (c, r) => r === 'pa23' && c.nation === 'england' && !CALL_OFFS.includes(c.procedure ?? '') },
  {
    name: 'the reservation Order',
    pattern: /Exclusion of Non-commercial Considerations|Order 2026/,
    allowed: (c, r) => r === 'pa23' && c.nation === 'england' && c.buyer === 'sub-central' && (c.date ?? '9999') >= '2026-02-04',
  },
  { name: 'NPPS', pattern: /National Procurement Policy Statement|\bNPPS\b/, allowed: (c, r) => r === 'pa23' && c.nation === 'england' && !CALL_OFFS.includes(c.procedure ?? '') },
  // Lots duties: covered procurements only, not call-offs or direct awards.
  { name: 'PA23 s.18', pattern: /\bs\.18\b/, allowed: (c, r) => r === 'pa23' && ![...CALL_OFFS, 'direct-award'].includes(c.procedure ?? '') },
  { name: 'PCR reg 46', pattern: /\breg 46\b/, allowed: (c, r) => r === 'pcr' && ![...CALL_OFFS, 'direct-award'].includes(c.procedure ?? '') },
  { name: 'PCSR reg 47', pattern: /\breg 47\b/, allowed: (c, r) => r === 'scotland' && ![...CALL_OFFS, 'direct-award'].includes(c.procedure ?? '') },
  // KPIs: not concessions (s.52(6)(c)) or light-touch contracts (s.52(6)(d)); payment terms: not concessions (s.68(1)(a)).
  { name: 'PA23 s.52', pattern: /\bs\.52\b/, allowed: (c, r) => r === 'pa23' && c.type !== 'concession' && c.type !== 'light-touch' },
  { name: 'PA23 s.68', pattern: /\bs\.68\b/, allowed: (c, r) => r === 'pa23' && c.type !== 'concession' },
  // Pipeline notices: not NI (s.93(6)(b)); they list public contracts, so above the threshold.
  { name: 'pipeline notice', pattern: /\bs\.93\b|pipeline notice/i, allowed: (c, r) => r === 'pa23' && c.nation !== 'northern-ireland' && above(c, r) },
  // The PSR is for health care services: offered as a route only for services, named for any award made under it.
  {
    name: 'PSR',
    pattern: /Provider Selection Regime/,
    allowed: (c, r) => (r === 'psr' || c.type === 'services' || c.type === 'light-touch') && ((c.nation === 'england' && (c.date ?? '9999') >= '2024-01-01') || (c.nation === 'wales' && (c.date ?? '9999') >= '2025-02-24')),
  },
  // Reserving by location: LGA 1988 s.17(5)(e) forbids it to councils except, in England, below the threshold from 4 February 2026 (the 2026 Order); above the threshold only supported-employment and mutual reservations exist.
  {
    name: 'advice to reserve',
    pattern: /\b(or )?reserve (the competition|lots)\b/i,
    allowed: (c, r) => r === 'pa23' && c.nation === 'england' && c.buyer === 'sub-central' && (c.date ?? '9999') >= '2026-02-04' && below(c, r),
  },
  // A requirement is never split to get under a threshold: no advice may offer a "below-threshold" route or competition.
  { name: 'a below-threshold route offered', pattern: /below-threshold (routes?|competition\))/, allowed: () => false },
  { name: 'Subsidy Control Act', pattern: /Subsidy Control|subsidy control/, allowed: (_, r) => r === 'grant' },
  // England's NHS bodies by their English names: a Welsh or Scottish report was told to "bring in the ICB".
  { name: 'an English-only NHS body', pattern: /\bICBs?\b|\bJSNA\b|primary care network/, allowed: (c) => c.nation === 'england' },
  // What a reader must never meet: an unchecked claim, or a title that is not one.
  { name: '"not verified"', pattern: /not verified/, allowed: () => false },
  { name: '"the 2026 Order"', pattern: /the 2026 Order/, allowed: () => false },
  { name: 'an unresolved law key', pattern: /\{law:|\[\[|\]\]/, allowed: () => false },
  // A segment's words shown without their citation leave "( asks ..." or "()" behind.
  { name: 'a citation left blank', pattern: /\(\s*\)|\( [a-z]/, allowed: () => false },
];

/** A contract that does little of what Keep it Local asks, so every question gives its advice. */
function contractText(c: Case, answers: 'lowest' | 'middle'): string {
  const procurement: Record<string, unknown> = {
    title: 'Test service',
    buyer: { name: 'Test Council', type: c.buyer, nation: c.nation },
    contract_type: c.type,
    value: { amount: c.value, currency: 'GBP', vat: 'included', includes_extensions: true },
    duration: { initial_months: 24, extension_months: 0 },
    evaluation: { price_pct: answers === 'lowest' ? 100 : 78, quality_pct: answers === 'lowest' ? 0 : 10, social_value_pct: answers === 'lowest' ? 0 : 12, quality_questions: 30, resident_scored_pct: 0 },
    tender_window_days: 10,
    expected_local_spend_pct: 5,
    local_orgs_engaged: answers === 'lowest' ? 0 : 2,
    local_bidders: 0,
    reservation: 'none',
    prequalification: true,
    max_turnover_multiple: 5,
    payment: { mechanism: 'payment-by-results', terms_days: 60, full_cost_recovery: false, annual_uplift: answers === 'middle' },
    options_appraisal_done: false,
    ...(answers === 'middle' ? { lots: [{ id: 'a', value: c.value / 2 }, { id: 'b', value: c.value / 2 }] } : {}),
  };
  if (c.procedure !== undefined) procurement.procedure = c.procedure;
  if (c.date !== undefined) procurement.procurement_start = c.date;
  const written: Record<string, unknown> = {};
  for (const { question: q } of library.questions.values()) {
    if (q.derive !== undefined) continue;
    if (q.type === 'yes_no') written[q.id] = answers === 'lowest' ? 'no' : 'partly';
    else if (q.type === 'maturity') written[q.id] = answers === 'lowest' ? 0 : 3;
    else if (q.type === 'number') written[q.id] = q.range.min;
  }
  return stringify({ kil: 1, procurement, answers: written });
}

/** Everything a reader of this contract's assessment can meet: report, all advice, help as the interview shows it. */
function shownText(c: Case, answers: 'lowest' | 'middle'): string {
  const contract = contractFrom(contractText(c, answers), library);
  const a = assess(library, contract);
  const facts = deriveProcurementFacts(contract.procurement, library.policy);
  const help = [...library.questions.values()].map(({ question: q }) => withLaw(q.help, facts.regime?.citations ?? NO_CITATIONS));
  return [renderReport(a, library, { date: '2026-12-05', toolVersion: 'test' }), ...a.recommendations.map((r) => `${r.do} ${r.why}`), ...help].join('\n');
}

function offences(c: Case, text: string): string[] {
  const r = regimeOf(c);
  return CITATIONS.filter((x) => !x.allowed(c, r)).flatMap((x) => {
    const m = x.pattern.exec(text);
    if (!m) return [];
    const around = text.slice(Math.max(0, m.index - 80), m.index + 80).replace(/\n/g, ' ');
    return [`${x.name} under ${r}: …${around}…`];
  });
}

/**
 * Every nation x procedure x date x buyer type; the contract type, value and answers rotate over
 * them, so each nation and procedure meets every type and size. `npm run fuzz` (KIL_FUZZ_RUNS)
 * takes every combination of all six instead.
 */
const FULL = process.env.KIL_FUZZ_RUNS !== undefined;
const CASES: { c: Case; answers: 'lowest' | 'middle' }[] = NATIONS.flatMap((nation) =>
  PROCEDURES.flatMap((procedure, p) =>
    DATES.flatMap((date, d) =>
      BUYERS.flatMap((buyer, b) => {
        const i = p * 7 + d * 3 + b;
        if (!FULL) return [{ c: { nation, procedure, date, buyer, type: TYPES[i % TYPES.length]!, value: VALUES[(i + d) % VALUES.length]! }, answers: i % 2 ? ('middle' as const) : ('lowest' as const) }];
        return TYPES.flatMap((type) => VALUES.flatMap((value) => (['lowest', 'middle'] as const).map((answers) => ({ c: { nation, procedure, date, buyer, type, value }, answers }))));
      }),
    ),
  ),
);

describe('no report cites law outside the regime in force', () => {
  it.each(NATIONS)('every procedure, date and buyer type in %s', (nation) => {
    const problems = new Map<string, string>();
    for (const { c, answers } of CASES.filter((x) => x.c.nation === nation)) {
      for (const o of offences(c, shownText(c, answers))) if (!problems.has(o.split(':')[0]!)) problems.set(o.split(':')[0]!, `${JSON.stringify(c)} ${answers}: ${o}`);
    }
    // One example of each kind of offence, so a failure lists everything to mend at once.
    expect([...problems.values()]).toEqual([]);
  }, FULL ? 600_000 : 60_000);

  it('the oracle catches a citation shown where it does not apply (the test can fail)', () => {
    const scottish: Case = { nation: 'scotland', procedure: 'open', date: '2026-02-04', buyer: 'sub-central', type: 'services', value: 300000 };
    expect(offences(scottish, 'Divide the contract into lots (PA23 s.18).').map((o) => o.split(' under')[0])).toEqual(['PA23', 'PA23 s.18']);
    expect(offences({ ...scottish, nation: 'england' }, 'Divide the contract into lots (PA23 s.18).')).toEqual([]);
  });
});
