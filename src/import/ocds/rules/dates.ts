/** When: the contract's start, the procurement's start, and the contract's length with its extension options. Pure. */
import type { ImportRules } from '../../../model/ocds-import.js';
import type { Json } from '../items.js';
import { MAX_DAYS, MAX_MONTHS, numberIn } from '../limits.js';
import { Notes, obj, str, type Found, type Notice } from '../notice.js';
import { extensionFromText, initialFromText } from '../prose.js';
import { isoDay, monthsBetween, noticeText, shown } from '../text.js';

interface Period {
  period: Json | undefined;
  field: string;
}

/** The contract period: the tender's, else the first award's, else the first lot's. */
export function contractPeriodOf(n: Notice): Period {
  if (obj(n.tender.contractPeriod)) return { period: obj(n.tender.contractPeriod), field: 'tender.contractPeriod' };
  if (obj(n.awards[0]?.contractPeriod)) return { period: obj(n.awards[0]?.contractPeriod), field: 'awards[0].contractPeriod' };
  return { period: obj(obj(n.lots[0])?.contractPeriod), field: 'tender.lots[0].contractPeriod' };
}

export function startDateRule(p: Period): Found {
  const out = new Notes();
  out.fact(['start_date'], isoDay(p.period?.startDate), 'field', `${p.field}.startDate`);
  return out;
}

/** When the tender went out, and where that was read. */
export interface TenderStart {
  day: string;
  how: 'field' | 'heuristic';
  from: string;
}

/**
 * When the tender went out: the tender period's start, else the tender's publication date, else
 * (kil heuristic, rules.ocds.tender_start_from_release_date) the date of the release when it is
 * the tender notice itself (tag "tender"): Sell2Wales and Public Contracts Scotland give neither
 * field, and without a date the newest law was applied (a February 2025 Welsh tender was assessed
 * under the Act, 2026 thresholds and all). Not an update's date: a tenderUpdate comes later.
 */
export function tenderStartOf(n: Notice, rules: ImportRules): TenderStart | undefined {
  const periodStart = isoDay(obj(n.tender.tenderPeriod)?.startDate);
  if (periodStart) return { day: periodStart, how: 'field', from: 'tender.tenderPeriod.startDate' };
  const published = isoDay(n.tender.datePublished);
  if (published) return { day: published, how: 'field', from: 'tender.datePublished' };
  const byRelease = rules.ocds.tender_start_from_release_date;
  if (byRelease === undefined || byRelease.not_for_ocid_prefixes.some((p) => n.ocid.startsWith(p))) return undefined;
  const tags = n.release.tag;
  const released = Array.isArray(tags) && tags.includes('tender') ? isoDay(n.release.date) : undefined;
  return released ? { day: released, how: 'heuristic', from: byRelease.because } : undefined;
}

/** When the procurement started: when the tender went out. */
export function procurementStartRule(n: Notice, rules: ImportRules): Found {
  const out = new Notes();
  const start = tenderStartOf(n, rules);
  if (start) out.fact(['procurement_start'], start.day, start.how, start.from);
  return out;
}

/** A number of months, or undefined with a flag when it is not a length a contract can have. */
function monthsOf(out: Notes, months: number | undefined, what: string): number | undefined {
  if (months === undefined || months <= MAX_MONTHS) return months;
  out.flag(`${what} span over 100 years; not imported`);
  return undefined;
}

/** The period's durationInDays when it is a length a contract can have (else flagged). */
function daysOf(out: Notes, p: Period): number | undefined {
  const raw = p.period?.durationInDays;
  if (raw === undefined || raw === null) return undefined;
  const n = numberIn(raw);
  const problem = Number.isNaN(n) ? 'not a number' : n <= 0 ? 'not a length of time' : !(n <= MAX_DAYS) ? 'over 100 years' : undefined;
  if (problem) out.flag(`${p.field}.durationInDays is ${shown(raw)}: ${problem}; not imported`);
  return problem ? undefined : n;
}

/**
 * Texts that may state extension options or an initial period, in the order they are read: the
 * lot's renewal or options text, the description, then each award's description.
 */
function proseOf(n: Notice): [string, string | undefined][] {
  return [
    ['tender.lots[0].renewal.description', noticeText(obj(n.lots[0]?.renewal)?.description)],
    ['tender.lots[0].options.description', noticeText(obj(n.lots[0]?.options)?.description)],
    [n.descriptionField ?? 'tender.description', n.description || undefined],
    ...n.awards.map((a, i): [string, string | undefined] => [`awards[${i}].description`, noticeText(a.description)]),
  ];
}

/** The extension options in months: from maxExtentDate, else the first text that states them. */
function extensionOf(out: Notes, p: Period, prose: [string, string | undefined][]): { months: number | undefined; said: string } {
  const maxEnd = str(p.period?.maxExtentDate);
  const fromDates = maxEnd && str(p.period?.endDate) ? monthsOf(out, monthsBetween(String(p.period!.endDate), maxEnd), `${p.field} endDate to maxExtentDate`) : undefined;
  // Each text read once: the first that states the options is the one used.
  let stated: [string, number] | undefined;
  for (const [field, t] of fromDates === undefined ? prose : []) {
    const found = t === undefined ? undefined : extensionFromText(t);
    if (found !== undefined) {
      stated = [field, found];
      break;
    }
  }
  const months = fromDates ?? (stated ? monthsOf(out, stated[1], `the extension options in ${stated[0]}`) : undefined);
  const said = months === undefined ? 'no extension options found, 0 assumed' : fromDates !== undefined ? `extension options from ${p.field}.maxExtentDate` : `extension options read from text in ${stated![0]}`;
  return { months, said };
}

/** The initial period and extension options in months, from durationInDays or the dates, corrected by what the text states. */
export function durationRule(n: Notice, p: Period): Found {
  const out = new Notes();
  const days = daysOf(out, p);
  const months =
    days !== undefined ? Math.max(1, Math.round(days / 30.4375))
    : p.period && str(p.period.startDate) && str(p.period.endDate) ? monthsOf(out, monthsBetween(String(p.period.startDate), String(p.period.endDate)), `${p.field} startDate to endDate`)
    : undefined;
  if (months === undefined) return out;
  const prose = proseOf(n);
  const extension = extensionOf(out, p, prose);
  // A stated initial period beats rounded dates, and dates often already include the options.
  let initialProse: [string, string | undefined] | undefined;
  let statedInitial: number | undefined;
  for (const entry of prose) {
    statedInitial = entry[1] === undefined ? undefined : initialFromText(entry[1]);
    if (statedInitial !== undefined) {
      initialProse = entry;
      break;
    }
  }
  const fits = (initial: number) => Math.abs(months - initial) <= 1 || (extension.months !== undefined && Math.abs(months - initial - extension.months) <= 1);
  const initial = statedInitial !== undefined && statedInitial <= MAX_MONTHS && fits(statedInitial) ? statedInitial : months;
  // The period's length, unless a stated initial period settled it (the period then covers the options too).
  const periodFrom = days !== undefined ? `${p.field}.durationInDays` : `${p.field}.startDate, ${p.field}.endDate`;
  const initialFrom = initial === months ? periodFrom : `${periodFrom}; the initial period read from text in ${initialProse![0]}`;
  out.fact(['duration'], { initial_months: initial, extension_months: extension.months ?? 0 }, 'field', `${initialFrom}; ${extension.said}`);
  return out;
}
