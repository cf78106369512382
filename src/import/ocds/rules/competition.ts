/** How the competition ran, as far as a notice says: the tender window and the tenders received. Pure. */
import type { ImportRules } from '../../../model/ocds-import.js';
import { numberIn } from '../limits.js';
import { arr, Notes, obj, type Found, type Notice } from '../notice.js';
import { isoDay, shown } from '../text.js';
import { tenderStartOf } from './dates.js';

const DAY_MS = 86_400_000;
/** A tender window longer than this is not one (a notice's dates are wrong). */
const MAX_WINDOW_DAYS = 730;
/** More tenders than this is not a count a notice means. */
const MAX_TENDERERS = 100_000;

/**
 * Days bidders had: from the tender period's start, else the tender's publication, to the
 * deadline (tender.tenderPeriod.endDate), in calendar days. Nothing when either end is missing.
 */
export function tenderWindowRule(n: Notice, rules: ImportRules): Found {
  const out = new Notes();
  const period = obj(n.tender.tenderPeriod);
  const end = isoDay(period?.endDate);
  const began = tenderStartOf(n, rules);
  if (end === undefined || began === undefined) return out;
  const start = began.day;
  const days = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS);
  const startField = began.how === 'field' ? began.from : 'date';
  if (days < 0 || days > MAX_WINDOW_DAYS) {
    out.flag(`the tender window from ${startField} (${start}) to tender.tenderPeriod.endDate (${end}) is ${days} days, which cannot be right; not imported`);
    return out;
  }
  // Two dates the notice publishes, whichever says when it went out: a measurement, not a judgement.
  out.fact(['tender_window_days'], days, 'field', `${startField}, tender.tenderPeriod.endDate`);
  return out;
}

/** Tenders received: bids.statistics' count of bids for the whole process, else tender.numberOfTenderers. */
export function tenderersRule(n: Notice): Found {
  const out = new Notes();
  const stats = arr(obj(n.release.bids)?.statistics).map(obj);
  const whole = stats.find((s) => s !== undefined && s.measure === 'bids' && (s.relatedLot === undefined || s.relatedLot === null));
  const [raw, field] = whole ? [whole.value, 'bids.statistics (measure "bids")'] : [n.tender.numberOfTenderers, 'tender.numberOfTenderers'];
  if (raw === undefined || raw === null) return out;
  const count = numberIn(raw);
  if (!Number.isInteger(count) || count < 0 || count > MAX_TENDERERS) {
    out.flag(`${field} is ${shown(raw)}: not a count of tenders; not imported`);
    return out;
  }
  out.fact(['tenderers'], count, 'field', field);
  return out;
}
