/**
 * What the mapping rules share: the notice as they read it (one compiled release, its lists
 * taken apart once) and `Notes`, where a rule writes the facts it finds and the points a person
 * should check. Pure.
 */
import type { Json } from './items.js';
import { checkAmount, MAX_ITEMS, MAX_NAME } from './limits.js';
import { cleanText, cutText, noticeText, shown, textStart } from './text.js';

export type How = 'field' | 'text' | 'default' | 'heuristic';

export interface ImportedFact {
  /** Path under procurement, e.g. ["value", "amount"]. */
  path: string[];
  value: unknown;
  how: How;
  /** The OCDS field or reasoning it came from. */
  from: string;
}

/** What one rule found: facts, each saying where it came from, and points to check, in order. */
export interface Found {
  facts: ImportedFact[];
  flags: string[];
}

export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);

/** A rule's facts and points to check as it finds them, with the readers that flag what they cannot use. */
export class Notes implements Found {
  readonly facts: ImportedFact[] = [];
  readonly flags: string[] = [];

  /** A fact; an undefined value is no fact. */
  fact(path: string[], value: unknown, how: How, from: string): void {
    if (value !== undefined) this.facts.push({ path, value, how, from });
  }

  flag(message: string): void {
    this.flags.push(message);
  }

  /** Notice text, tidied and cut to `max` characters (flagged when cut). */
  text(v: unknown, field: string, max = MAX_NAME): string | undefined {
    // Enough of the raw text for `max` characters even after entities and spaces shrink it.
    const rawLimit = max * 20 + 1000;
    const t = noticeText(v, rawLimit);
    const rawCut = typeof v === 'string' && v.length > rawLimit;
    if (t === undefined || (t.length <= max && !rawCut)) return t;
    this.flag(`${field} cut to ${max} characters`);
    return t.length < max ? `${t}…` : cutText(t, max);
  }

  /** A list the notice should give as a list; anything else is flagged and read as none. */
  list(v: unknown, field: string): unknown[] {
    if (v !== undefined && v !== null && !Array.isArray(v)) this.flag(`${field} is not a list: not read`);
    return arr(v);
  }

  /** At most MAX_ITEMS entries of a list, flagged when there were more. */
  capped<T>(items: T[], what: string): T[] {
    if (items.length <= MAX_ITEMS) return items;
    this.flag(`only the first ${MAX_ITEMS} of ${items.length} ${what} imported`);
    return items.slice(0, MAX_ITEMS);
  }

  /** An amount of money, or undefined with a flag saying why it is not imported. */
  amountOf(v: unknown, field: string): number | undefined {
    const checked = checkAmount(v);
    if (checked && 'problem' in checked) this.flag(`${field} is ${shown(v)}: ${checked.problem}; not imported`);
    return checked && 'value' in checked ? checked.value : undefined;
  }
}

/** One contracting process as the rules read it. */
export interface Notice {
  /** The ocid as given. */
  ocid: string;
  /** The ocid as published, clean and not too long (the file name and grouping use realOcid). */
  ocidText: string;
  release: Json;
  tender: Json;
  parties: Json[];
  /** The awards as listed, objects or not (an award that is not an object still counts). */
  awardList: unknown[];
  awards: Json[];
  /** Lots with their place in the notice's list, for saying which one is wrong. */
  numberedLots: { lot: Json; at: number }[];
  lots: Json[];
  items: (Json | undefined)[];
  /** tender.description, else the release's description; '' when neither says anything. */
  description: string;
  descriptionField: 'tender.description' | 'description' | undefined;
  /** The release's own description, tidied (noticeText), whatever the tender's says. */
  releaseDescription: string | undefined;
}

/** The notice's lists read once; the points to check are those about the lists and the ocid. */
export function readNotice(ocid: string, r: Json): Found & { notice: Notice } {
  const notes = new Notes();
  const tender = obj(r.tender) ?? {};
  const parties = notes.list(r.parties, 'parties').map(obj).filter((p): p is Json => p !== undefined);
  const awardList = notes.list(r.awards, 'awards');
  const awards = awardList.map(obj).filter((a): a is Json => a !== undefined);
  const numberedLots = notes.list(tender.lots, 'tender.lots').flatMap((l, at) => (obj(l) ? [{ lot: obj(l)!, at }] : []));
  const items = notes.list(tender.items, 'tender.items').map(obj);
  // Each text tidied once: several rules read them.
  const tenderDescription = noticeText(tender.description);
  const releaseDescription = noticeText(r.description);
  const descriptionField = tenderDescription !== undefined ? 'tender.description' : releaseDescription !== undefined ? 'description' : undefined;
  const description = tenderDescription ?? releaseDescription ?? '';
  // The ocid as published, clean and not too long. Only grouping and the file name use the
  // normalised form (realOcid), so a reader can find the notice by the ocid in the file.
  const ocidClean = cleanText(textStart(ocid, 2 * MAX_NAME)).trim();
  const ocidText = cutText(ocidClean, MAX_NAME);
  if (ocidText !== ocidClean || ocid.length > 2 * MAX_NAME) notes.flag(`the ocid cut to ${MAX_NAME} characters`);
  const notice: Notice = { ocid, ocidText, release: r, tender, parties, awardList, awards, numberedLots, lots: numberedLots.map((l) => l.lot), items, description, descriptionField, releaseDescription };
  return { notice, facts: notes.facts, flags: notes.flags };
}
