/** One answer -> a 0-100 score and a readable text, from the rubric's own scales and bands. */
import type { NumberBand, Question, Scales } from '../model/rubric.js';
import { withUnit } from '../model/typed-values.js';
import type { QuestionStatus } from './result.js';

export function questionScore(scales: Scales, q: Question, value: string | number): number {
  switch (q.type) {
    case 'yes_no':
      return scales.yes_no[value as 'yes' | 'partly' | 'no'];
    case 'maturity':
      return scales.maturity[value as number]!;
    case 'choice':
      return q.options.find((o) => o.value === value)!.score;
    case 'number':
      return numberBand(q.bands, value as number).score;
  }
}

/** The last band the value reaches; bands are validated to ascend and to cover the range. */
export function numberBand(bands: readonly NumberBand[], value: number): NumberBand {
  let chosen = bands[0]!;
  for (const b of bands) {
    const reached = b.min !== undefined ? value >= b.min : value > b.above!;
    if (reached) chosen = b;
  }
  return chosen;
}

const YES_NO_TEXT: Record<string, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

export function answerText(q: Question, status: QuestionStatus, value: string | number | null): string {
  if (status === 'unanswered') return 'Not yet answered';
  if (status === 'not-applicable') return 'Not applicable';
  switch (q.type) {
    case 'yes_no':
      return YES_NO_TEXT[String(value)] ?? String(value);
    case 'maturity':
      return `${value} – ${q.levels[value as number]}`;
    case 'choice':
      return q.options.find((o) => o.value === value)?.label ?? String(value);
    case 'number':
      // "£6,857,143 a year", "1 organisation", "40%": as people read them.
      return withUnit(value ?? '', q.unit);
  }
}
