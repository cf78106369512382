/**
 * Checks on the policy data beyond its schema: regimes for one nation and route never overlap
 * in time, features named by regimes and questions are declared, and threshold sets hold one
 * threshold per contract and buyer type. So a council editing policy.yaml learns of a mistake
 * from `kil rubric validate`, not from a wrong report.
 */
import type { Diagnostic } from './diagnostic.js';
import type { Policy, Regime } from '../model/policy.js';
import type { Rubric } from '../model/rubric.js';
import { diagnosticAt, type YamlSource } from './yaml-source.js';
import { listOf, nearestName } from './suggest.js';
import { lawTextProblems } from '../model/law-text.js';

const FIRST_DAY = '0000-01-01';
const LAST_DAY = '9999-12-31';

export function checkPolicy(source: YamlSource, policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  const features = policy.features.map((f) => f.id);
  const seenFeatures = new Set<string>();
  policy.features.forEach((f, i) => {
    if (seenFeatures.has(f.id)) out.push(diagnosticAt(source, ['features', i, 'id'], 'duplicate-id', `a second feature "${f.id}"; keep one`));
    seenFeatures.add(f.id);
  });
  const seenRegimes = new Set<string>();
  policy.regimes.forEach((regime, ri) => {
    const at = ['regimes', ri];
    if (seenRegimes.has(regime.id)) out.push(diagnosticAt(source, [...at, 'id'], 'duplicate-id', `a second regime "${regime.id}"; keep one`));
    seenRegimes.add(regime.id);
    const { from, until } = regime.applies;
    if (from !== undefined && until !== undefined && until < from) {
      out.push(diagnosticAt(source, [...at, 'applies', 'until'], 'range-reversed', `until (${until}) is before from (${from}); swap them`));
    }
    regime.features.forEach((f, fi) => {
      const id = typeof f === 'string' ? f : f.id;
      if (!seenFeatures.has(id)) out.push(unknownFeature(source, [...at, 'features', fi], id, features));
    });
    regime.threshold_sets.forEach((set, si) => {
      const seen = new Set<string>();
      set.thresholds.forEach((t, ti) => {
        for (const c of t.contract_types)
          for (const b of t.buyer_types) {
            const key = `${c}/${b}`;
            if (seen.has(key)) {
              out.push(diagnosticAt(source, [...at, 'threshold_sets', si, 'thresholds', ti], 'duplicate-threshold', `a second threshold for ${c} contracts let by ${b} buyers in this set; keep one`));
            }
            seen.add(key);
          }
      });
    });
  });
  // Two regimes for the same nation and route must not both apply on one day.
  for (let a = 0; a < policy.regimes.length; a++) {
    for (let b = a + 1; b < policy.regimes.length; b++) {
      const overlap = overlapOf(policy.regimes[a]!, policy.regimes[b]!);
      if (overlap) {
        out.push(
          diagnosticAt(
            source,
            ['regimes', b, 'applies'],
            'regimes-overlap',
            `regimes "${policy.regimes[a]!.id}" and "${policy.regimes[b]!.id}" both apply to ${overlap}; close one with "until" or narrow its nations, routes or contract types`,
          ),
        );
      }
    }
  }
  return out;
}

function overlapOf(a: Regime, b: Regime): string | undefined {
  const nation = a.applies.nations.find((n) => b.applies.nations.includes(n));
  const route = a.applies.routes.find((r) => b.applies.routes.includes(r));
  if (nation === undefined || route === undefined) return undefined;
  // Regimes for different kinds of contract (concessions had their own regulations) never meet.
  const types = a.applies.contract_types === undefined ? b.applies.contract_types : b.applies.contract_types === undefined ? a.applies.contract_types : a.applies.contract_types.filter((t) => b.applies.contract_types!.includes(t));
  if (types !== undefined && types.length === 0) return undefined;
  const start = [a.applies.from ?? FIRST_DAY, b.applies.from ?? FIRST_DAY].sort().at(-1)!;
  const end = [a.applies.until ?? LAST_DAY, b.applies.until ?? LAST_DAY].sort()[0]!;
  if (start > end) return undefined;
  const when = start === FIRST_DAY ? (end === LAST_DAY ? 'every date' : `dates up to ${end}`) : end === LAST_DAY ? `dates from ${start}` : `${start} to ${end}`;
  return `${route}${types === undefined ? '' : ` of ${types.join(', ')} contracts`} in ${nation} on ${when}`;
}

function unknownFeature(source: YamlSource, path: (string | number)[], id: string, known: readonly string[]): Diagnostic {
  const hint = nearestName(id, known);
  return diagnosticAt(source, path, 'unknown-feature', `unknown feature "${id}"; ${hint ? `did you mean "${hint}"?` : `the policy's features are ${listOf(known.map((k) => `"${k}"`))}`}`);
}

/** A rubric question's `needs` must name features the policy declares. */
export function checkQuestionNeeds(source: YamlSource, rubric: Rubric, policy: Policy): Diagnostic[] {
  const known = policy.features.map((f) => f.id);
  const out: Diagnostic[] = [];
  rubric.areas.forEach((area, ai) =>
    area.questions.forEach((q, qi) =>
      (q.needs ?? []).forEach((id, ni) => {
        if (!known.includes(id)) out.push(unknownFeature(source, ['areas', ai, 'questions', qi, 'needs', ni], id, known));
      }),
    ),
  );
  return out;
}

/**
 * Law in a rubric's texts is a key into the policy (model/law-text.ts): each key must be a declared
 * feature, inside a `[[...]]` segment, and only in texts a report can leave a segment out of.
 * Titles, labels, levels and options are shown whole, so they cite no law.
 */
export function checkLawTexts(source: YamlSource, rubric: Rubric, policy: Policy): Diagnostic[] {
  const known = new Set(policy.features.map((f) => f.id));
  const out: Diagnostic[] = [];
  const flowing = (path: (string | number)[], text: string | undefined) => {
    if (text === undefined) return;
    for (const p of lawTextProblems(text, known)) out.push(diagnosticAt(source, path, 'law-text', p.message));
  };
  const whole = (path: (string | number)[], text: string | undefined) => {
    if (text !== undefined && (text.includes('[[') || text.includes('{law:'))) {
      out.push(diagnosticAt(source, path, 'law-text', 'a title, label, level or option is shown whole and cannot cite law; move the law into the help or a recommendation'));
    }
  };
  const features = (path: (string | number)[], ids: readonly string[] | undefined) =>
    (ids ?? []).forEach((id, i) => {
      if (!known.has(id)) out.push(unknownFeature(source, [...path, i], id, [...known]));
    });
  whole(['title'], rubric.title);
  rubric.areas.forEach((area, ai) => {
    const at = ['areas', ai];
    whole([...at, 'title'], area.title);
    flowing([...at, 'why'], area.why);
    area.questions.forEach((q, qi) => {
      const qa = [...at, 'questions', qi];
      flowing([...qa, 'prompt'], q.prompt);
      flowing([...qa, 'help'], q.help);
      flowing([...qa, 'not_applicable'], q.not_applicable);
      if (q.counts_only_if) {
        flowing([...qa, 'counts_only_if', 'reason'], q.counts_only_if.reason);
        flowing([...qa, 'counts_only_if', 'do'], q.counts_only_if.do);
      }
      q.recommendations.forEach((r, ri) => {
        const ra = [...qa, 'recommendations', ri];
        flowing([...ra, 'do'], r.do);
        flowing([...ra, 'why'], r.why);
        features([...ra, 'when_law'], r.when_law);
        features([...ra, 'unless_law'], r.unless_law);
      });
      if (q.type === 'number') {
        q.bands.forEach((b, bi) => {
          whole([...qa, 'bands', bi, 'label'], b.label);
          flowing([...qa, 'bands', bi, 'do'], b.do);
        });
      }
      if (q.type === 'maturity') q.levels.forEach((l, li) => whole([...qa, 'levels', li], l));
      if (q.type === 'choice') q.options.forEach((o, oi) => whole([...qa, 'options', oi, 'label'], o.label));
    });
  });
  return out;
}
