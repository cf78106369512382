/**
 * The lots in the interview: how many, each one's neighbourhood and value, then the most one
 * bidder can win (or, for one lot, whether the reasons are published). Asked with the value.
 */
import { parseNumber } from '../../interview/fields.js';
import { formatNumber } from '../../model/number-text.js';
import { BACK, type Back } from './prompter.js';
import { asksAllFacts, BACK_CHOICE, belowKnown, defaultText, factProblems, isBack, NOT_SURE, proc, yesNoStep, type Session, type Step } from './state.js';

export interface LotRecord {
  id: string;
  title?: string;
  neighbourhood?: string;
  value?: number;
}

/** One lot is the whole contract: its value is the value, so it carries none of its own. */
export function withoutValue(lot: LotRecord): LotRecord {
  const { value: _value, ...rest } = lot;
  return rest;
}

export const lotsOf = (s: Session): LotRecord[] => (s.draft.get(proc(['lots'])) as LotRecord[] | undefined) ?? [];

/** How many lots, then each lot's neighbourhood and value, then the cap (or, for one lot, the published reasons). */
export function lotSteps(s: Session): Step[] {
  const lots = lotsOf(s);
  const countJustGiven = s.asked.has('lots:count') || asksAllFacts(s);
  const steps: Step[] = [
    {
      key: 'lots:count',
      wanted: asksAllFacts(s) || !s.draft.has(proc(['lots'])),
      title: `Lots: how many — ${lots.length === 0 ? 'not given' : lots.length}`,
      ask: async (canGoBack) => {
        const text = await s.prompter.input('How many lots is it divided into? (1 if it is not divided; Enter to leave it for now)', {
          ...(lots.length > 0 ? { default: String(lots.length) } : {}),
          validate: (t) => {
            if (t.trim() === '' || (canGoBack && isBack(t))) return true;
            const n = parseNumber(t, { unit: 'lots', min: 1, max: 200, integer: true });
            return n.ok ? true : n.error;
          },
        });
        if (canGoBack && isBack(text)) return 'back';
        if (text.trim() === '') return 'done';
        const count = (parseNumber(text, { unit: 'lots', min: 1, integer: true }) as { value: number }).value;
        // Keep what is known of the lots that stay; one lot is the whole contract (its value is the value).
        const kept = count === 1 ? [withoutValue(lots[0] ?? { id: 'lot-1' })] : Array.from({ length: count }, (_, i) => lots[i] ?? { id: `lot-${i + 1}` });
        s.draft.set(proc(['lots']), kept);
        if (count === 1) s.draft.delete(proc(['max_lots_per_bidder']));
        else s.draft.delete(proc(['single_lot_reasons_published']));
        s.draft.save();
        return 'done';
      },
    },
  ];
  // Below the threshold one lot is fine as it is (PA23 s.18 asks for reasons only above it).
  if (lots.length === 1 && !belowKnown(s)) {
    steps.push(
      yesNoStep(s, 'lots:reasons', ['single_lot_reasons_published'], 'Are the reasons for not dividing it into lots published?', 'Lots: reasons for one lot published'),
    );
  }
  if (lots.length > 1) {
    const hoods = (s.draft.get(proc(['place', 'neighbourhoods'])) as string[] | undefined) ?? [];
    lots.forEach((lot, i) => {
      const n = `Lot ${i + 1} of ${lots.length}`;
      if (hoods.length > 0) {
        steps.push({
          key: `lot:${i}:neighbourhood`,
          wanted: countJustGiven,
          title: `${n}: neighbourhood — ${lot.neighbourhood ?? 'none of these'}`,
          ask: async (canGoBack) => {
            const picked = await s.prompter.select<string | typeof NOT_SURE | Back>(
              `${n}: which neighbourhood does it cover?`,
              [...hoods.map((h) => ({ value: h, name: h })), { value: NOT_SURE, name: 'None of these (several, or the whole place)' }, ...(canGoBack ? [BACK_CHOICE] : [])],
              lot.neighbourhood !== undefined ? { default: lot.neighbourhood } : {},
            );
            if (picked.value === BACK) return 'back';
            if (picked.value === NOT_SURE) s.draft.delete(proc(['lots', i, 'neighbourhood']));
            else s.draft.set(proc(['lots', i, 'neighbourhood']), picked.value);
            s.draft.save();
            return 'done';
          },
        });
      }
      steps.push(lotValueStep(s, i, `lot:${i}:value`, countJustGiven));
    });
    steps.push({
      key: 'lots:cap',
      wanted: countJustGiven,
      title: `Lots: most one bidder can win — ${defaultText(s.draft.get(proc(['max_lots_per_bidder']))) ?? 'no cap'}`,
      ask: async (canGoBack) => {
        const current = defaultText(s.draft.get(proc(['max_lots_per_bidder'])));
        const text = await s.prompter.input('At most how many lots can one bidder win? (Enter if there is no cap)', {
          ...(current !== undefined ? { default: current } : {}),
          validate: (t) => {
            if (t.trim() === '' || (canGoBack && isBack(t))) return true;
            const n = parseNumber(t, { unit: 'lots', min: 1, integer: true });
            return n.ok ? true : n.error;
          },
        });
        if (canGoBack && isBack(text)) return 'back';
        if (text.trim() === '') s.draft.delete(proc(['max_lots_per_bidder']));
        else s.draft.set(proc(['max_lots_per_bidder']), (parseNumber(text, { unit: 'lots', min: 1, integer: true }) as { value: number }).value);
        s.draft.save();
        return 'done';
      },
    });
  }
  return steps;
}

export function lotValueStep(s: Session, i: number, key: string, wanted: boolean): Step {
  const lots = lotsOf(s);
  const lot = lots[i]!;
  const n = `Lot ${i + 1} of ${lots.length}`;
  return {
    key,
    wanted,
    title: `${n}: value — ${lot.value === undefined ? 'not given' : `£${formatNumber(lot.value)}`}`,
    ask: async (canGoBack) => {
      const text = await s.prompter.input(`${n}: its value in pounds (Enter to leave it for now)`, {
        ...(lot.value !== undefined ? { default: String(lot.value) } : {}),
        validate: (t) => {
          if (t.trim() === '' || (canGoBack && isBack(t))) return true;
          const v = parseNumber(t, { unit: '£', min: 0 });
          return v.ok ? true : v.error;
        },
      });
      if (canGoBack && isBack(text)) return 'back';
      if (text.trim() === '') s.draft.delete(proc(['lots', i, 'value']));
      else s.draft.set(proc(['lots', i, 'value']), (parseNumber(text, { unit: '£', min: 0 }) as { value: number }).value);
      s.draft.save();
      // Said once the last lot has a value (all lots are needed to add them up), and again on a change.
      for (const problem of factProblems(s)) s.say(`${problem}\n`);
      return 'done';
    },
  };
}
