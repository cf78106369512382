/**
 * Findings of the second legal audit (session 25) that the citation oracle in
 * law-citations.test.ts cannot see, because they are about what a text says rather than which
 * law it names: each was advice or a reason that was wrong in law. Last, advice whose numbers
 * did not match the points beside it (found in the same session's new-user trial).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderReport } from '../src/render/report.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom, publishedRecordLibrary } from './helpers.js';

const kil = builtInLibrary();
const published = publishedRecordLibrary();
const meta = { date: '2026-12-05', toolVersion: 'test' };

function contract(procurement: Record<string, unknown>, answers: Record<string, unknown> = {}): string {
  return stringify({
    kil: 1,
    procurement: {
      title: 'Community health service',
      buyer: { name: 'Test Council', type: 'sub-central', nation: 'england' },
      contract_type: 'light-touch',
      value: { amount: 900000, currency: 'GBP', vat: 'included', includes_extensions: true },
      duration: { initial_months: 36, extension_months: 0 },
      procurement_start: '2026-03-01',
      evaluation: { price_pct: 80, quality_pct: 20, social_value_pct: 0, quality_questions: 12, resident_scored_pct: 0 },
      tender_window_days: 20,
      ...procurement,
    },
    answers,
  });
}

describe('the Provider Selection Regime', () => {
  it('its competitive process is a competition: the tender questions are asked and scored, not "no competitive tender"', () => {
    const a = assess(kil, contractFrom(contract({ procedure: 'psr-competitive' }), kil));
    const md = renderReport(a, kil, meta);
    expect(md).not.toMatch(/no competitive tender/);
    expect(md).toMatch(/\| \*\*S2\.1\*\* What weighting does social value carry/);
    expect(md).not.toMatch(/\*\*S2\.1\*\*[^\n]*Not applicable/);
    // A direct award has no tender: there the reason stands.
    const direct = renderReport(assess(kil, contractFrom(contract({ procedure: 'psr-direct-award' }), kil)), kil, meta);
    expect(direct).toMatch(/no competitive tender/);
  });

  it('a direct award under it is never met with a bare "run an open competition": processes that the law requires come first', () => {
    const direct = assess(published, contractFrom(contract({ procedure: 'psr-direct-award' }), published));
    const advice = direct.recommendations.map((r) => r.do).join('\n');
    expect(advice).toContain('check first whether a direct award is required under the Provider Selection Regime');
    expect(advice).not.toMatch(/run an open competition/);
    // An ordinary direct award still gets the plain advice.
    const plain = assess(published, contractFrom(contract({ procedure: 'direct-award', contract_type: 'services' }), published));
    expect(plain.recommendations.map((r) => r.do).join('\n')).toMatch(/run an open competition \(or a grant round, if nothing is bought for the buyer's own use\)/);
  });

  it('is offered as a route only for services, never for goods or works', () => {
    for (const [type, offered] of [['services', true], ['light-touch', true], ['goods', false], ['works', false]] as const) {
      const md = renderReport(assess(kil, contractFrom(contract({ contract_type: type, options_appraisal_done: false }), kil)), kil, meta);
      expect(/Provider Selection Regime/.test(md), type).toBe(offered);
    }
  });
});

describe('below the threshold in England (PA23 s.85)', () => {
  it('says suitability may not limit who tenders, and that it can be assessed in the evaluation; a direct award has no such duty', () => {
    const small = { value: { amount: 100000, currency: 'GBP', vat: 'included', includes_extensions: true }, contract_type: 'services', prequalification: true };
    const md = renderReport(assess(kil, contractFrom(contract({ ...small, procedure: 'open' }), kil)), kil, meta);
    expect(md).toContain('Suitability may not be used to limit who can submit a tender in this below-threshold procurement');
    expect(md).not.toMatch(/bidders you shortlist/);
    const direct = renderReport(assess(kil, contractFrom(contract({ ...small, procedure: 'direct-award' }), kil)), kil, meta);
    expect(direct).not.toContain('Suitability may not be used');
  });
});

describe('reserving the competition', () => {
  it('a reservation the law does not let the buyer make is said to be not counted, not dropped without a word', () => {
    const small = { contract_type: 'services', value: { amount: 100000, currency: 'GBP', vat: 'included', includes_extensions: true }, reservation: 'local-area' };
    const welsh = renderReport(assess(kil, contractFrom(contract({ ...small, buyer: { name: 'Ceredigion County Council', type: 'sub-central', nation: 'wales' } }), kil)), kil, meta);
    expect(welsh).toContain('the file says the competition is reserved, which is not counted: the law kil applies gives this buyer no power to reserve it here');
    const english = renderReport(assess(kil, contractFrom(contract(small), kil)), kil, meta);
    expect(english).not.toContain('which is not counted');
    expect(english).toMatch(/\*\*S4\.3\*\*[^\n]*A below-threshold competition reserved to the local area/);
  });
});

describe('advice that names a target', () => {
  it('says what full marks take when its target scores less (S3.2 said "30 days" beside points that need 40; S4.2 "three" beside points that need five)', () => {
    const words: Record<string, string> = { 3: 'three', 5: 'five' };
    for (const id of ['S3.2', 'S4.2']) {
      const q = kil.questions.get(id)!.question;
      if (q.type !== 'number') throw new Error(`${id} is not a number question`);
      const full = q.bands.find((b) => b.score === 100)!;
      const threshold = 'min' in full && full.min !== undefined ? full.min : (full as { above: number }).above;
      const first = q.recommendations[0]!.do;
      expect(first, id).toMatch(new RegExp(`\\b(${threshold}|${words[threshold] ?? threshold}) or more scores full marks`));
    }
  });
});
