/**
 * Scoring: rubrics + contract -> assessment. Pure and deterministic.
 *
 * question 0-100 -> area (weighted mean) -> rubric (weighted mean of areas)
 * -> overall (weighted mean of rubrics, equal weights unless a rubric set says otherwise).
 * Not-applicable questions carry no weight; unanswered ones score 0, or, in a rubric set scored
 * from published facts only (`scored_from: published-facts`), carry no weight either.
 */
import { factNamed, type FactValue } from '../facts/catalogue.js';
import { derivedAnswer } from '../facts/derived-answer.js';
import { aboutOtherLaw, premiseMissing } from '../facts/premise.js';
import { deriveProcurementFacts, valueBasisOf, type ProcurementFacts } from '../facts/procurement-facts.js';
import { earlierAnswer, NOT_APPLICABLE } from '../load/contract.js';
import type { RubricLibrary } from '../load/rubrics.js';
import type { Answer, Contract } from '../model/contract.js';
import type { AppliedCouncil } from '../model/council.js';
import { factToFindOut } from '../model/field-table.js';
import { withLaw, type Citations } from '../model/law-text.js';
import type { Area, Band, Question, Rubric } from '../model/rubric.js';
import { planActions } from './action-plan.js';
import { basisOf, pointsByBasis, provisionalOf } from './basis.js';
import { answerText, numberBand, questionScore } from './question-score.js';
import { rankRecommendations } from './recommendations.js';
import type { AnswerSource, AreaResult, Assessment, Coverage, QuestionResult, RubricResult } from './result.js';

/** Published scores carry one decimal: enough to rank, few enough to read. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

export function bandFor<B extends Pick<Band, 'min'>>(score: number, bands: readonly B[]): B {
  let chosen = bands[0]!;
  for (const band of bands) if (score >= band.min) chosen = band;
  return chosen;
}

/** Weighted mean over the items that have a score; null when none has weight. */
function weightedMean(items: readonly { weight: number; score: number | null }[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const i of items) {
    if (i.score === null || i.weight === 0) continue;
    sum += i.weight * i.score;
    weights += i.weight;
  }
  return weights === 0 ? null : sum / weights;
}

/**
 * `council`: the council profile the contract uses, if any. A question about the council takes the
 * contract's own answer when it gives one, else the profile's.
 */
export function assess(
  library: RubricLibrary,
  contract: Contract,
  council?: AppliedCouncil,
  /** The contract's procurement facts, when the caller has derived them already. */
  facts: ProcurementFacts = deriveProcurementFacts(contract.procurement, library.policy),
): Assessment {
  const factCache = new Map<string, FactValue>();
  const factFor = (name: string): FactValue => {
    let v = factCache.get(name);
    if (!v) {
      v = factNamed(name)!.compute({ procurement: contract.procurement, facts, policy: library.policy });
      factCache.set(name, v);
    }
    return v;
  };

  // A question whose premise the law lacks (a tender window for a grant) does not apply.
  const premise: PremiseCheck = (q) => {
    const reason = premiseMissing(q, facts, library.policy);
    return reason === undefined ? undefined : { reason, otherLaw: aboutOtherLaw(q, contract.procurement.buyer.nation, library.policy) };
  };

  // Unrounded scores first: shares and the overall score are computed from exact values.
  // A rubric of published facts reads no answer: what nobody published cannot be self-reported in.
  const factsOnly = library.scoredFrom === 'published-facts';
  const answerFor = (q: Question): WrittenAnswer | undefined => (factsOnly ? undefined : writtenAnswer(q, contract, council));
  // Law named in rubric texts is shown only as the regime in force cites it (model/law-text.ts).
  const law: LawInForce = { citations: facts.regime?.citations ?? new Map(), features: facts.regime?.features ?? new Set() };
  const unansweredScores = factsOnly ? null : 0;
  const rubrics = library.rubrics.map(({ rubric, weight }) => scoreRubric(rubric, weight, answerFor, factFor, premise, law, unansweredScores));
  const overallExact = weightedMean(rubrics.map((r) => ({ weight: r.weight, score: r.exact })));
  const rubricWeights = rubrics.reduce((s, r) => s + (r.exact === null ? 0 : r.weight), 0);

  for (const r of rubrics) {
    const rubricShare = r.exact === null || rubricWeights === 0 ? 0 : r.weight / rubricWeights;
    const areaWeights = r.areas.reduce((s, a) => s + (a.exact === null ? 0 : a.area.weight), 0);
    for (const a of r.areas) {
      const areaShare = a.exact === null || areaWeights === 0 ? 0 : a.area.weight / areaWeights;
      const questionWeights = a.questions.reduce((s, q) => s + (q.score === null ? 0 : q.weight), 0);
      for (const q of a.questions) {
        q.share = q.score === null || questionWeights === 0 ? 0 : rubricShare * areaShare * (q.weight / questionWeights);
        q.recoverable = q.score === null ? 0 : q.share * (100 - q.score);
      }
    }
  }

  // Every question in rubric order, once (loops, not flatMap: this runs for every contract of a batch).
  const ranked: { rubric: Rubric; area: Area; q: QuestionResult }[] = [];
  const all: QuestionResult[] = [];
  const unanswered: Assessment['unanswered'] = [];
  for (const r of rubrics) {
    for (const a of r.areas) {
      for (const q of a.questions) {
        ranked.push({ rubric: r.rubric, area: a.area, q });
        all.push(q);
        if (q.status === 'unanswered') {
          unanswered.push({ id: q.id, rubricId: r.rubric.id, areaTitle: a.area.title, prompt: q.prompt, ...(q.missingFacts ? { missingFacts: q.missingFacts } : {}) });
        }
      }
    }
  }
  // Rank on exact figures, then round what is published.
  const recommendations = rankRecommendations(ranked);
  for (const q of all) q.recoverable = round1(q.recoverable);
  // Most contracts have no plan: batches of thousands should not pay for listing the questions.
  const actions = contract.actions ? planActions(contract.actions, ranked.map(({ rubric, area, q }) => ({ rubricId: rubric.id, areaId: area.id, areaTitle: area.title, q }))) : [];

  const rubricResults: RubricResult[] = rubrics.map((r) => ({
    id: r.rubric.id,
    title: r.rubric.title,
    version: r.rubric.version,
    source: r.rubric.source,
    weight: r.weight,
    score: r.exact === null ? null : round1(r.exact),
    band: r.exact === null ? null : bandFor(round1(r.exact), r.rubric.bands),
    areas: r.areas.map(
      (a): AreaResult => ({
        id: a.area.id,
        title: a.area.title,
        why: withLaw(a.area.why, law.citations),
        weight: a.area.weight,
        score: a.exact === null ? null : round1(a.exact),
        questions: a.questions,
      }),
    ),
  }));

  const overallScore = overallExact === null ? 0 : round1(overallExact);
  const coverage = coverageOf(all);
  const { provisional: tooLittle, toAnswer } = provisionalOf(all, coverage, library.provisionalBelow, round1);
  const toSettle = all.filter((q) => q.factsToSettle !== undefined).map((q) => q.id);
  const provisional = tooLittle || toSettle.length > 0;
  return {
    contract: {
      title: contract.procurement.title,
      reference: contract.procurement.reference ?? null,
      buyer: contract.procurement.buyer.name,
      service: contract.procurement.service ?? null,
      totalValue: facts.totalValue ?? null,
      enteredValue: contract.procurement.value?.amount ?? null,
      valueBasis: valueBasisOf(contract.procurement) ?? null,
      startDate: contract.procurement.start_date ?? null,
      procurementStart: contract.procurement.procurement_start ?? null,
      nation: contract.procurement.buyer.nation,
      contractType: contract.procurement.contract_type,
      cpv: contract.procurement.cpv?.map((c) => c.code) ?? [],
    },
    rubricSet: library.set ? { id: library.set.id, title: library.set.title, version: library.set.version, scoredFrom: library.scoredFrom } : null,
    policy: { id: library.policy.id, version: library.policy.version },
    council: council ? { path: council.path, name: council.profile.council.name, reviewed: council.profile.council.reviewed } : null,
    overall: {
      score: overallScore,
      band: bandFor(overallScore, library.bands),
      provisional,
      provisionalBelow: library.provisionalBelow ?? null,
      toAnswer,
      toSettle,
      coverage,
      points: pointsByBasis(all, overallScore),
    },
    rubrics: rubricResults,
    recommendations,
    actions,
    unanswered,
    facts: factsSummary(facts),
  };
}

function factsSummary(facts: ProcurementFacts): Assessment['facts'] {
  return { statements: facts.statements, duties: facts.duties.map((d) => ({ id: d.id, text: d.text, source: d.source, verified: d.verified })) };
}

function coverageOf(questions: readonly QuestionResult[]): Coverage {
  const counts = { answered: 0, derived: 0, 'not-applicable': 0, unanswered: 0 };
  for (const q of questions) counts[q.status]++;
  const count = (s: QuestionResult['status']) => counts[s];
  const total = questions.length;
  const unanswered = count('unanswered');
  const notApplicable = count('not-applicable');
  // Of the questions that apply: one the law leaves out neither adds to coverage nor takes from it.
  const applicable = total - notApplicable;
  return {
    total,
    answered: count('answered'),
    derived: count('derived'),
    notApplicable,
    unanswered,
    pct: applicable === 0 ? 100 : round1(((applicable - unanswered) / applicable) * 100),
  };
}

interface WorkingArea {
  area: Area;
  exact: number | null;
  questions: QuestionResult[];
}
interface WorkingRubric {
  rubric: Rubric;
  weight: number;
  exact: number | null;
  areas: WorkingArea[];
}

/** Why the question does not apply under the law in force, and whether that law never has what it asks about. */
type PremiseCheck = (q: Question) => { reason: string; otherLaw: boolean } | undefined;
/** The provisions the regime in force gives this contract: their citations, and the features present. */
interface LawInForce {
  citations: Citations;
  features: ReadonlySet<string>;
}
type WrittenAnswer = Answer & { source: AnswerSource };
type AnswerLookup = (q: Question) => WrittenAnswer | undefined;

/** The answer written for a question: the contract's own, else (about the council) the profile's. */
function writtenAnswer(q: Question, contract: Contract, council: AppliedCouncil | undefined): WrittenAnswer | undefined {
  const own = Object.hasOwn(contract.answers, q.id) ? contract.answers[q.id] : undefined;
  if (own !== undefined && own.value !== null) return sourced(own, 'contract');
  const profiled = q.scope === 'council' && council && Object.hasOwn(council.profile.answers, q.id) ? council.profile.answers[q.id] : undefined;
  if (profiled !== undefined && profiled.value !== null) return sourced(profiled, 'council');
  return own && sourced(own, 'contract');
}

/**
 * One object shape for every answer (not a spread: answers come in several shapes, and copying
 * them by spread was a tenth of the scoring time in a batch).
 */
const sourced = (a: Answer, source: AnswerSource): WrittenAnswer => ({ value: a.value, note: a.note, evidence: a.evidence, source });

/** `unansweredScores`: 0, or null where a fact not published counts for nothing (a rubric set `scored_from: published-facts`). */
function scoreRubric(rubric: Rubric, weight: number, answerFor: AnswerLookup, factFor: (name: string) => FactValue, premiseMissing: PremiseCheck, law: LawInForce, unansweredScores: 0 | null): WorkingRubric {
  const areas = rubric.areas.map((area): WorkingArea => {
    const questions = area.questions.map((q) => scoreQuestion(rubric, area, q, answerFor, factFor, premiseMissing, law, unansweredScores));
    return { area, exact: weightedMean(questions), questions };
  });
  return { rubric, weight, exact: weightedMean(areas.map((a) => ({ weight: a.area.weight, score: a.exact }))), areas };
}

function scoreQuestion(
  rubric: Rubric,
  area: Area,
  q: Question,
  answerFor: AnswerLookup,
  factFor: (name: string) => FactValue,
  premiseMissing: PremiseCheck,
  law: LawInForce,
  unansweredScores: 0 | null,
): QuestionResult {
  const written = answerFor(q);

  let status: QuestionResult['status'];
  let value: string | number | null = null;
  let derivation: string | undefined;
  let missingFacts: string[] | undefined;
  let factsToSettle: string[] | undefined;

  const notUnderThisLaw = premiseMissing(q);
  const fact = notUnderThisLaw === undefined && q.derive !== undefined ? factFor(q.derive) : undefined;
  if (notUnderThisLaw !== undefined) {
    status = 'not-applicable';
    value = NOT_APPLICABLE;
    derivation = notUnderThisLaw.reason;
  } else if (fact && fact.status === 'known') {
    status = 'derived';
    const answer = derivedAnswer(q, fact.value);
    // The rubric loader checks that derive_answers covers every value the fact can take.
    if (answer === undefined) throw new Error(`${q.id}: derive_answers gives no answer for ${JSON.stringify(fact.value)}`);
    value = answer;
    derivation = fact.explanation;
  } else if (fact && fact.status === 'not-applicable') {
    status = 'not-applicable';
    value = NOT_APPLICABLE;
    derivation = fact.reason;
  } else if (written && written.value !== null && typeof written.value !== 'boolean') {
    value = earlierAnswer(q, written.value) ?? written.value;
    status = value === NOT_APPLICABLE ? 'not-applicable' : 'answered';
    // A hand answer standing in for facts kil would derive it from: shown as self-reported, and the band waits for the facts.
    if (fact?.status === 'unknown') factsToSettle = fact.missing;
  } else {
    status = 'unanswered';
    if (fact?.status === 'unknown') missingFacts = fact.missing;
  }

  let score = status === 'not-applicable' ? null : status === 'unanswered' ? unansweredScores : questionScore(rubric.scales, q, value!);
  // A practice that only helps when local organisations can bid earns nothing when none can.
  const gate = q.counts_only_if;
  let gated: { do: string; why: string } | undefined;
  if (gate && score !== null && score > 0) {
    const gateFact = factFor(gate.fact);
    if (gateFact.status === 'known' && typeof gateFact.value === 'number' && gateFact.value < gate.at_least) {
      score = 0;
      derivation = `${derivation ? `${derivation}; ` : ''}${gate.reason}`;
      gated = { do: gate.do, why: area.why };
    }
  }
  const evidence = written?.evidence?.trim() ? written.evidence : undefined;
  // Every result has the same fields in the same order (absent ones undefined, which JSON
  // leaves out): one object shape keeps batches of thousands of contracts fast.
  return {
    id: q.id,
    prompt: withLaw(q.prompt, law.citations),
    type: q.type,
    weight: q.weight,
    status,
    value,
    answerText: status === 'unanswered' && unansweredScores === null ? 'Not published' : answerText(q, status, value),
    note: written?.note?.trim() ? written.note : undefined,
    evidence,
    basis: basisOf(status, evidence),
    source: status === 'answered' || (status === 'not-applicable' && derivation === undefined) ? written!.source : null,
    derivation: derivation === undefined ? undefined : withLaw(derivation, law.citations),
    missingFacts,
    factsToSettle,
    otherLaw: notUnderThisLaw?.otherLaw ?? false,
    score,
    share: 0,
    recoverable: 0,
    recommendation: score === null ? undefined : lawful(gated ?? advise(pickRecommendation(q, score, value, area, law.features), status, missingFacts), law.citations),
  };
}

/** The advice with the law in it as the regime in force cites it, and none it does not. */
function lawful(rec: { do: string; why: string } | undefined, citations: Citations): { do: string; why: string } | undefined {
  return rec && { do: withLaw(rec.do, citations), why: withLaw(rec.why, citations) };
}

/**
 * For an unanswered question the rubric's advice for a low score is only a possibility: say to
 * answer it first (naming the facts that would settle it), then what to do if the answer is low.
 */
function advise(rec: { do: string; why: string } | undefined, status: QuestionResult['status'], missingFacts: string[] | undefined): { do: string; why: string } | undefined {
  if (!rec || status !== 'unanswered') return rec;
  // Said in words first: a director reads "find out how many local organisations could bid", not a field path.
  const first = missingFacts ? `Find out ${missingFacts.map(factToFindOut).join(', and ')} (${missingFacts.join(', ')} in the contract file), or answer the question` : 'Answer this question';
  return { do: `${first}; if the answer is low: ${rec.do}`, why: rec.why };
}

/**
 * A number band's own advice when it has one (a contract can be too short or too long, and the
 * score alone cannot say which); else the tightest recommendation whose `up_to` the score does not exceed.
 */
function pickRecommendation(q: Question, score: number, value: string | number | null, area: Area, features: ReadonlySet<string>): { do: string; why: string } | undefined {
  if (q.type === 'number' && typeof value === 'number' && score < 100) {
    const band = numberBand(q.bands, value);
    if (band.do) return { do: band.do, why: area.why };
  }
  let best: Question['recommendations'][number] | undefined;
  for (const r of q.recommendations) {
    // Advice for a practice the law here does not provide for (or forbids) is not given.
    if (r.when_law && !r.when_law.every((f) => features.has(f))) continue;
    if (r.unless_law && r.unless_law.some((f) => features.has(f))) continue;
    if (score <= r.up_to && (!best || r.up_to < best.up_to)) best = r;
  }
  return best ? { do: best.do, why: best.why ?? area.why } : undefined;
}
