/**
 * OCDS -> kil contract facts, each with where it came from (see docs/ocds-field-map.md for the
 * map and its traps). Pure. Contact points are never read, so no name, email or phone can
 * reach a contract file.
 */
import type { Json } from './container.js';
import { cleanText, cutText, extractPostcode, isLightTouchCpv, isPlaceholder, isoDay, monthsBetween, noticeText, shown, textStart } from './text.js';

export type How = 'field' | 'text' | 'default' | 'heuristic';

export interface ImportedFact {
  /** Path under procurement, e.g. ["value", "amount"]. */
  path: string[];
  value: unknown;
  how: How;
  /** The OCDS field or reasoning it came from. */
  from: string;
}

export interface Imported {
  ocid: string;
  facts: ImportedFact[];
  /** Things a person should check: placeholders, lots only in text, and the like. */
  flags: string[];
}

/** Most characters kept from a title or a name (notice titles are well under 300). */
export const MAX_NAME = 300;
/** Most characters kept from other text (a link, a description). */
export const MAX_TEXT = 2000;
/** Most entries kept from a list (suppliers, lots, CPV codes, places, criteria): it keeps a contract file small. */
export const MAX_ITEMS = 500;
/** Most points to check listed at the top of a file. */
const MAX_FLAGS = 50;
/** No council contract is worth more than £100bn: a larger amount is a mistake in the notice. */
export const MAX_AMOUNT = 1e11;
/** 100 years, in days and months: no contract runs longer. */
const MAX_DAYS = 36_525;
const MAX_MONTHS = 1200;

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);
/** A number as a notice writes it (a JSON number or a string of digits); NaN when it is something else. */
const numberIn = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN);

/** Why an amount of money cannot be imported, or its value. Infinity (400 digits, 1e400) is over the limit. */
export function checkAmount(v: unknown): { value: number } | { problem: string } | undefined {
  if (v === undefined || v === null) return undefined;
  const n = numberIn(v);
  if (Number.isNaN(n)) return { problem: 'not a number' };
  if (n < 0) return { problem: 'negative' };
  if (!(n <= MAX_AMOUNT)) return { problem: 'over £100bn, more than any real contract' };
  return { value: n };
}

const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, eighteen: 18, 'twenty-four': 24 };

/**
 * A length of time written in prose, in months: the first pattern that matches wins. Each
 * pattern captures the number (digits, or a word with digits in brackets) and the unit.
 */
function monthsInProse(text: string, patterns: readonly RegExp[]): number | undefined {
  const numberOf = (digits: string | undefined, word: string | undefined): number | undefined => {
    if (digits !== undefined) return Number(digits);
    const w = (word ?? '').toLowerCase();
    return /^\d+$/.test(w) ? Number(w) : Object.hasOwn(WORDS, w) ? WORDS[w] : undefined;
  };
  for (const re of patterns) {
    const g = re.exec(text)?.groups;
    if (!g) continue;
    const count = numberOf(g.n, g.word);
    // "2 x extensions of 12 months each", "two further periods of 12 months": the count multiplies.
    const times = g.times !== undefined || g.timesWord !== undefined ? numberOf(g.times, g.timesWord) : 1;
    if (count !== undefined && times !== undefined && count > 0 && count <= 240 && times > 0 && times <= 10) return times * count * (/year/i.test(g.unit ?? '') ? 12 : 1);
  }
  return undefined;
}

/** Extension options: "a 24 month extension option", "a further period of one (1) year", "extend by 2 years". */
export const extensionFromText = (text: string): number | undefined =>
  monthsInProse(text, [
    /(?:(?<times>\d{1,2})|(?<timesWord>two|three|four|five))\s*(?:x|×|\*)?\s*(?:\(\d+\)\s*)?(?:further\s+)?(?:extensions?|options?|periods?|renewals?)\b[^.]{0,30}?\bof (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?(?: each)?/i,
    /(?<n>\d{1,3})[- ]?(?<unit>month)s?\s+(?:extension|option|renewal)/i,
    /option to extend[^.]{0,80}?\b(?:an? )?(?:additional|further) (?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /further (?:period|term) of (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /(?:extend|extension)[^.]{0,60}?\bby (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /(?:extension|option)[^.]{0,40}?(?<n>\d{1,2})\s*(?<unit>year|month)s?/i,
  ]);

/** An initial period: "36 month initial contract period", "an initial period of two (2) years". */
export const initialFromText = (text: string): number | undefined =>
  monthsInProse(text, [
    /(?<n>\d{1,3})[- ]?(?<unit>month|year)s?\s+initial/i,
    /initial (?:contract )?(?:period|term) of (?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
  ]);

/** The ocid with mySociety's "raw" marker taken out (ocds-b5fd17raw- is ocds-b5fd17-). */
export const realOcid = (ocid: string): string => ocid.replace(/^ocds-b5fd17raw-/, 'ocds-b5fd17-');

const PUBLISHER_NATIONS: [RegExp, string, string][] = [
  [/^ocds-b5fd17/, 'england', 'Contracts Finder (England)'],
  [/^ocds-h6vhtk/, 'england', 'Find a Tender'],
  [/^ocds-r6ebe6/, 'scotland', 'Public Contracts Scotland'],
  [/^ocds-kuma6s/, 'wales', 'Sell2Wales'],
];

export function mapRelease(ocid: string, r: Json): Imported {
  const facts: ImportedFact[] = [];
  const flags: string[] = [];
  const add = (path: string[], value: unknown, how: How, from: string) => {
    if (value !== undefined) facts.push({ path, value, how, from });
  };
  /** A point to check, said once however many times it is met; no more than MAX_FLAGS are listed. */
  const seen = new Set<string>();
  let unlisted = 0;
  const flag = (message: string) => {
    if (seen.has(message)) return;
    seen.add(message);
    if (flags.length < MAX_FLAGS) flags.push(message);
    else unlisted++;
  };
  /** Notice text, tidied and cut to `max` characters (flagged when cut). */
  const text = (v: unknown, field: string, max = MAX_NAME): string | undefined => {
    // Enough of the raw text for `max` characters even after entities and spaces shrink it.
    const rawLimit = max * 20 + 1000;
    const t = noticeText(v, rawLimit);
    const rawCut = typeof v === 'string' && v.length > rawLimit;
    if (t === undefined || (t.length <= max && !rawCut)) return t;
    flag(`${field} cut to ${max} characters`);
    return t.length < max ? `${t}…` : cutText(t, max);
  };
  /** A list the notice should give as a list; anything else is flagged and read as none. */
  const list = (v: unknown, field: string): unknown[] => {
    if (v !== undefined && v !== null && !Array.isArray(v)) flag(`${field} is not a list: not read`);
    return arr(v);
  };
  /** At most MAX_ITEMS entries of a list, flagged when there were more. */
  const capped = <T>(items: T[], what: string): T[] => {
    if (items.length <= MAX_ITEMS) return items;
    flag(`only the first ${MAX_ITEMS} of ${items.length} ${what} imported`);
    return items.slice(0, MAX_ITEMS);
  };
  /** An amount of money, or undefined with a flag saying why it is not imported. */
  const amountOf = (v: unknown, field: string): number | undefined => {
    const checked = checkAmount(v);
    if (checked && 'problem' in checked) flag(`${field} is ${shown(v)}: ${checked.problem}; not imported`);
    return checked && 'value' in checked ? checked.value : undefined;
  };
  const tender = obj(r.tender) ?? {};
  const parties = list(r.parties, 'parties').map(obj).filter((p): p is Json => p !== undefined);
  const party = (id: unknown) => (id === undefined || id === null ? undefined : parties.find((p) => p.id === id));
  const awardList = list(r.awards, 'awards');
  const awards = awardList.map(obj).filter((a): a is Json => a !== undefined);
  // Lots with their place in the notice's list, for saying which one is wrong.
  const numberedLots = list(tender.lots, 'tender.lots').flatMap((l, at) => (obj(l) ? [{ lot: obj(l)!, at }] : []));
  const lots = numberedLots.map((l) => l.lot);
  const items = list(tender.items, 'tender.items').map(obj);
  const descriptionField = noticeText(tender.description) !== undefined ? 'tender.description' : noticeText(r.description) !== undefined ? 'description' : undefined;
  const description = noticeText(tender.description) ?? noticeText(r.description) ?? '';
  // The ocid as published, clean and not too long. Only grouping and the file name use the
  // normalised form (realOcid), so a reader can find the notice by the ocid in the file.
  const ocidClean = cleanText(textStart(ocid, 2 * MAX_NAME)).trim();
  const ocidText = cutText(ocidClean, MAX_NAME);
  if (ocidText !== ocidClean || ocid.length > 2 * MAX_NAME) flag(`the ocid cut to ${MAX_NAME} characters`);

  // Title
  // Each field the title may come from, in order; the comment names the one it came from.
  const titleFrom = (
    [
      ['tender.title', tender.title],
      ['awards[0].title', awards[0]?.title],
      ['contracts[0].title', obj(list(r.contracts, 'contracts')[0])?.title],
    ] as const
  )
    .map(([field, v]) => ({ field, title: text(v, field) }))
    .find((t) => t.title !== undefined);
  const title = titleFrom?.title;
  add(['title'], title ?? (ocidText ? `OCDS process ${ocidText}` : 'OCDS process'), title ? 'field' : 'default', titleFrom ? titleFrom.field : 'no title in the notice');

  // Buyer: the party named in release.buyer, else the party with the buyer role; never a review body.
  const buyerRef = obj(r.buyer);
  const buyer = party(buyerRef?.id) ?? parties.find((p) => arr(p.roles).includes('buyer')) ?? parties.find((p) => arr(p.roles).includes('procuringEntity'));
  const partyName = text(buyer?.name, 'parties[].name (the buyer)');
  const buyerName = partyName ?? text(buyerRef?.name, 'buyer.name');
  add(['buyer', 'name'], buyerName ?? 'Unknown buyer', buyerName ? 'field' : 'default', partyName ? 'parties[].name' : buyerName ? 'buyer.name' : 'no buyer in the notice');
  if (buyer && arr(buyer.roles).includes('centralPurchasingBody')) flag('the buyer is a central purchasing body or shared service: the organisation the service is for may be named only in the description');
  const classifications = arr(obj(buyer?.details)?.classifications).map(obj);
  // A TED authority type settles it either way: a ministry or national body is central, any other sub-central.
  const tedAny = classifications.find((c) => c?.scheme === 'TED_CA_TYPE' && typeof c.id === 'string' && c.id.trim() !== '');
  const tedCentral = tedAny !== undefined && /ministry|national|federal/i.test(String(tedAny.id));
  const nhs = /\bNHS\b|Trust$/i.test(buyerName ?? '');
  // NHS bodies count as central government for thresholds whatever TED type they publish.
  const [buyerType, buyerTypeHow, buyerTypeFrom] =
    tedCentral ? (['central', 'field', 'parties[].details.classifications'] as const)
    : nhs ? (['central', 'heuristic', 'an NHS body counts as central government for thresholds'] as const)
    : tedAny ? (['sub-central', 'field', 'parties[].details.classifications'] as const)
    : (['sub-central', 'heuristic', 'no authority type in the notice; assumed a local authority, check'] as const);
  add(['buyer', 'type'], buyerType, buyerTypeHow, buyerTypeFrom);
  const nation = PUBLISHER_NATIONS.find(([re]) => re.test(ocid));
  add(['buyer', 'nation'], nation?.[1] ?? 'england', nation ? 'heuristic' : 'default', nation ? `published on ${nation[2]} (ocid prefix)` : 'unknown publisher; assumed England');
  const address = obj(buyer?.address);
  const postcode = str(address?.postalCode) ? extractPostcode(str(address?.postalCode)) ?? text(address?.postalCode, 'parties[].address.postalCode (the buyer)', 40) : extractPostcode(str(address?.streetAddress));
  add(['buyer', 'postcode'], postcode, str(address?.postalCode) ? 'field' : 'text', str(address?.postalCode) ? 'parties[].address.postalCode' : 'parties[].address.streetAddress');

  // What is bought
  const cpvs = new Map<string, string | undefined>();
  const readCpv = (c: unknown) => {
    const o = obj(c);
    const id = str(o?.id)?.replace(/-\d$/, '');
    if (o?.scheme === 'CPV' && id && /^\d{8}$/.test(id) && !cpvs.has(id)) cpvs.set(id, text(o.description, 'classification.description'));
  };
  readCpv(tender.classification);
  list(tender.additionalClassifications, 'tender.additionalClassifications').forEach(readCpv);
  for (const item of items) {
    readCpv(item?.classification);
    arr(item?.additionalClassifications).forEach(readCpv);
  }
  const cpvFields = [
    obj(tender.classification) ? 'tender.classification' : undefined,
    arr(tender.additionalClassifications).length > 0 ? 'tender.additionalClassifications' : undefined,
    items.some((i) => obj(i?.classification)) ? 'tender.items[].classification' : undefined,
    items.some((i) => arr(i?.additionalClassifications).length > 0) ? 'tender.items[].additionalClassifications' : undefined,
  ].filter((f): f is string => f !== undefined);
  if (cpvs.size > 0) add(['cpv'], capped([...cpvs], 'CPV codes').map(([code, d]) => (d ? { code, description: d } : { code })), 'field', cpvFields.join(', '));
  const CATEGORIES = ['goods', 'services', 'works'];
  const OJEU_TYPES: Record<string, string> = { Products: 'goods', Services: 'services', Works: 'works' };
  const mainCategory = str(tender.mainProcurementCategory);
  const ojeuType = obj(tender.xClassifications)?.ojeuContractType;
  const fromMain = mainCategory !== undefined && CATEGORIES.includes(mainCategory);
  const category = fromMain ? mainCategory : typeof ojeuType === 'string' && Object.hasOwn(OJEU_TYPES, ojeuType) ? OJEU_TYPES[ojeuType] : undefined;
  const lightTouch = [...cpvs.keys()].some(isLightTouchCpv);
  const contractType = lightTouch ? 'light-touch' : category === 'goods' || category === 'works' ? category : 'services';
  add(
    ['contract_type'],
    contractType,
    lightTouch ? 'heuristic' : category ? 'field' : 'default',
    lightTouch ? 'a CPV code for health, social, education or community services' : fromMain ? 'tender.mainProcurementCategory' : category ? 'tender.xClassifications.ojeuContractType' : 'no category given; assumed services',
  );
  add(['service'], description ? cutText(description, 200) : undefined, 'field', descriptionField ?? 'tender.description');
  const locations = new Set<string>();
  const locationFields = new Set<string>();
  for (const item of items) {
    for (const a of arr(item?.deliveryAddresses).map(obj)) {
      const place = text(a?.postalCode, 'items[].deliveryAddresses') ?? text(a?.locality, 'items[].deliveryAddresses') ?? text(a?.region, 'items[].deliveryAddresses');
      if (place) {
        locations.add(place);
        locationFields.add('tender.items[].deliveryAddresses');
      }
    }
    const loc = text(obj(item?.deliveryLocation)?.description, 'items[].deliveryLocation.description');
    if (loc) {
      locations.add(loc);
      locationFields.add('tender.items[].deliveryLocation.description');
    }
  }
  if (locations.size > 0) add(['delivery_locations'], capped([...locations], 'delivery locations'), 'field', [...locationFields].join(', '));

  // Value: the estimate, with placeholders, impossible and implausible amounts refused
  const value = obj(tender.value);
  const amount = amountOf(value?.amount, 'tender.value.amount');
  const currency = str(value?.currency);
  let estimate: number | undefined;
  if (amount !== undefined && isPlaceholder(amount)) flag(`tender.value.amount is ${amount}, a placeholder these portals use: not imported`);
  else if (amount !== undefined && currency && currency !== 'GBP') flag(`tender.value is in ${shown(currency)}: not imported (kil works in pounds)`);
  else if (amount !== undefined) {
    estimate = amount;
    let gross = amountOf(value?.amountGross, 'tender.value.amountGross');
    if (gross !== undefined && isPlaceholder(gross)) {
      flag(`tender.value.amountGross is ${gross}, a placeholder these portals use: not imported`);
      gross = undefined;
    }
    // OCDS does not say whether an amount includes VAT. amountGross does; otherwise the basis is an
    // assumption, said as a point to check rather than passed off as a fact of the notice.
    const vat = gross !== undefined ? 'included' : lightTouch ? 'exempt' : 'excluded';
    if (gross === undefined) {
      flag(
        lightTouch
          ? 'VAT: the notice does not say; kil took the value as VAT-exempt, as health, social and other light-touch services usually are (kil heuristic): check'
          : 'VAT: the notice does not say; kil took tender.value.amount as excluding VAT (OCDS amounts are usually net) and adds 20% for thresholds: check',
      );
    }
    add(['value'], { amount: gross ?? amount, currency: 'GBP', vat, includes_extensions: true }, 'field', `${gross !== undefined ? 'tender.value.amountGross' : 'tender.value.amount'}; VAT ${vat}${gross !== undefined ? '' : ' (assumed: see the points to check)'}, extension options assumed included`);
  }
  // The awarded value: the sum of the awards, only when every award amount can be used.
  const awarded: number[] = [];
  let awardsUsable = true;
  for (const [at, a] of awardList.entries()) {
    const raw = obj(obj(a)?.value)?.amount;
    const n = amountOf(raw, `awards[${at}].value.amount`);
    if (n !== undefined) awarded.push(n);
    else if (raw !== undefined && raw !== null) awardsUsable = false;
  }
  const awardedTotal = awarded.reduce((sum, n) => sum + n, 0);
  if (!awardsUsable) flag('the awarded value is not imported: an award amount above cannot be used');
  else if (awarded.some(isPlaceholder)) flag(`an award value is a placeholder (${awarded.filter(isPlaceholder).join(', ')}): not imported`);
  else if (awardedTotal > MAX_AMOUNT) flag(`the awards add up to ${awardedTotal}: over £100bn, more than any real contract; not imported`);
  else if (awarded.length > 0) add(['awarded_value'], awardedTotal, 'field', 'awards[].value.amount');

  // Dates and length
  const [period, periodField] = obj(tender.contractPeriod) ? [obj(tender.contractPeriod), 'tender.contractPeriod'] : obj(awards[0]?.contractPeriod) ? [obj(awards[0]?.contractPeriod), 'awards[0].contractPeriod'] : [obj(obj(lots[0])?.contractPeriod), 'tender.lots[0].contractPeriod'];
  const start = isoDay(period?.startDate);
  add(['start_date'], start, 'field', `${periodField}.startDate`);
  const periodStart = isoDay(obj(tender.tenderPeriod)?.startDate);
  const tenderStart = periodStart ?? isoDay(tender.datePublished);
  add(['procurement_start'], tenderStart, 'field', periodStart ? 'tender.tenderPeriod.startDate' : 'tender.datePublished');
  /** A number of months, or undefined with a flag when it is not a length a contract can have. */
  const monthsOf = (months: number | undefined, what: string) => {
    if (months === undefined || months <= MAX_MONTHS) return months;
    flag(`${what} span over 100 years; not imported`);
    return undefined;
  };
  let days: number | undefined;
  const rawDays = period?.durationInDays;
  if (rawDays !== undefined && rawDays !== null) {
    const n = numberIn(rawDays);
    const problem = Number.isNaN(n) ? 'not a number' : n <= 0 ? 'not a length of time' : !(n <= MAX_DAYS) ? 'over 100 years' : undefined;
    if (problem) flag(`${periodField}.durationInDays is ${shown(rawDays)}: ${problem}; not imported`);
    else days = n;
  }
  const months = days !== undefined ? Math.max(1, Math.round(days / 30.4375)) : period && str(period.startDate) && str(period.endDate) ? monthsOf(monthsBetween(String(period.startDate), String(period.endDate)), `${periodField} startDate to endDate`) : undefined;
  if (months !== undefined) {
    const maxEnd = str(period?.maxExtentDate);
    const extFromDates = maxEnd && str(period?.endDate) ? monthsOf(monthsBetween(String(period!.endDate), maxEnd), `${periodField} endDate to maxExtentDate`) : undefined;
    // Extension options are often only in prose: the lot's renewal or options text, the
    // description, or an award's description. The first that states one is named in the comment.
    const prose: [string, string | undefined][] = [
      ['tender.lots[0].renewal.description', noticeText(obj(lots[0]?.renewal)?.description)],
      ['tender.lots[0].options.description', noticeText(obj(lots[0]?.options)?.description)],
      [descriptionField ?? 'tender.description', description || undefined],
      ...awards.map((a, i): [string, string | undefined] => [`awards[${i}].description`, noticeText(a.description)]),
    ];
    const extensionProse = prose.find(([, t]) => t !== undefined && extensionFromText(t) !== undefined);
    const extension = extFromDates ?? (extensionProse ? monthsOf(extensionFromText(extensionProse[1]!), `the extension options in ${extensionProse[0]}`) : undefined);
    // A stated initial period beats rounded dates, and dates often already include the options.
    const initialProse = prose.find(([, t]) => t !== undefined && initialFromText(t) !== undefined);
    const statedInitial = initialProse ? initialFromText(initialProse[1]!) : undefined;
    let initial = months;
    if (statedInitial !== undefined && statedInitial <= MAX_MONTHS && (Math.abs(months - statedInitial) <= 1 || (extension !== undefined && Math.abs(months - statedInitial - extension) <= 1))) initial = statedInitial;
    // The period's length, unless a stated initial period settled it (the period then covers the options too).
    const periodFrom = days !== undefined ? `${periodField}.durationInDays` : `${periodField}.startDate, ${periodField}.endDate`;
    const initialFrom = initial === months ? periodFrom : `${periodFrom}; the initial period read from text in ${initialProse![0]}`;
    const extensionSaid =
      extension === undefined ? 'no extension options found, 0 assumed' : extFromDates !== undefined ? `extension options from ${periodField}.maxExtentDate` : `extension options read from text in ${extensionProse![0]}`;
    add(['duration'], { initial_months: initial, extension_months: extension ?? 0 }, 'field', `${initialFrom}; ${extensionSaid}`);
  }

  // Lots
  if (lots.length > 0) {
    add(['lots'], capped(numberedLots, 'lots').map(({ lot: l, at }, i) => {
      const lv = amountOf(obj(l.value)?.amount, `tender.lots[${at}].value.amount`);
      const lotTitle = text(l.title, 'tender.lots[].title');
      return { id: text(l.id, 'tender.lots[].id', 100) ?? String(i + 1), ...(lotTitle ? { title: lotTitle } : {}), ...(lv !== undefined && !isPlaceholder(lv) ? { value: lv } : {}) };
    }), 'field', 'tender.lots');
    // 2147483647 and the like mean "no limit": not a number to import, and not worth a flag.
    const rawMax = obj(tender.lotDetails)?.maximumLotsBidPerSupplier;
    const max = numberIn(rawMax);
    const maxProblem = rawMax === undefined || rawMax === null ? undefined : Number.isNaN(max) ? 'not a number' : !Number.isInteger(max) ? 'not a whole number' : max < 1 ? 'less than 1' : undefined;
    if (maxProblem) flag(`tender.lotDetails.maximumLotsBidPerSupplier is ${shown(rawMax)}: ${maxProblem}; not imported`);
    else if (max >= 1 && max < 1000) add(['max_lots_per_bidder'], max, 'field', 'tender.lotDetails.maximumLotsBidPerSupplier');
  } else if (/\blots?\s*\d|\bsplit into\b.{0,20}\blots\b|\b\w+ lots\b/i.test(description)) {
    flag('the description mentions lots but the notice publishes none: lots are left for you to fill in');
  } else {
    add(['lots'], [{ id: '1', ...(estimate !== undefined ? { value: estimate } : {}) }], 'default', 'no tender.lots: one lot');
  }

  // Procedure
  const method = str(tender.procurementMethod);
  const details = noticeText(tender.procurementMethodDetails) ?? '';
  // A call-off said only in the description ("call off from the ... framework agreement") is a call-off all the same.
  const callOffText = /\bcall[- ]?off\b[^.]{0,120}\bframework\b|\bframework\b[^.]{0,120}\bcall[- ]?off\b/i.test(description) && !/dynamic purchasing/i.test(description);
  const procedure =
    /dynamic purchasing/i.test(details) ? 'dynamic-market'
    : /framework/i.test(details) ? 'framework-call-off'
    : callOffText && !/^open/i.test(details) ? 'framework-call-off'
    : /quotation|below threshold/i.test(details) ? 'quotes'
    : method === 'open' || /^open/i.test(details) ? 'open'
    : method === 'direct' || /direct award|without (prior )?(publication|notice)/i.test(details) ? 'direct-award'
    : method === 'selective' || /restricted|competitive|negotiated|dialogue/i.test(details) ? 'competitive-flexible'
    : method === 'limited' ? 'quotes'
    : undefined;
  const procedureFrom =
    procedure === 'framework-call-off' && !/framework/i.test(details)
      ? ['text', descriptionField ?? 'tender.description'] as const
      : method
        ? ['field', details ? 'tender.procurementMethod, tender.procurementMethodDetails' : 'tender.procurementMethod'] as const
        : ['text', 'tender.procurementMethodDetails'] as const;
  add(['procedure'], procedure, procedureFrom[0], procedureFrom[1]);

  // Award criteria and the evaluation weights they imply
  const criteria: { name: string; type: 'price' | 'cost' | 'quality' | 'social-value' | 'other'; weight_pct?: number }[] = [];
  let criteriaField = 'tender.awardCriteria.criteria';
  for (const [at, lot] of (lots.length > 0 ? lots : [tender]).entries()) {
    if (lots.length > 0) criteriaField = `tender.lots[${at}].awardCriteria.criteria`;
    for (const c of arr(obj(lot.awardCriteria)?.criteria).map(obj)) {
      if (!c) continue;
      const name = text(c.name, 'awardCriteria.criteria[].name') ?? text(c.type, 'awardCriteria.criteria[].type') ?? 'criterion';
      const weight = num(obj(arr(c.numbers)[0])?.weight) ?? num(c.description);
      const type = /social value|community benefit/i.test(name) ? 'social-value' : c.type === 'price' || c.type === 'cost' || c.type === 'quality' ? c.type : 'other';
      criteria.push({ name, type, ...(weight !== undefined && weight >= 0 && weight <= 100 ? { weight_pct: weight } : {}) });
    }
    if (criteria.length > 0) break; // the first lot's criteria stand for the procurement
  }
  if (criteria.length > 0) {
    add(['award_criteria'], capped(criteria, 'award criteria'), 'field', criteriaField);
    const sum = (t: string[]) => criteria.filter((c) => t.includes(c.type)).reduce((s, c) => s + (c.weight_pct ?? NaN), 0);
    const [price, quality, social] = [sum(['price', 'cost']), sum(['quality', 'other']), sum(['social-value'])];
    if ([price, quality, social].every((n) => !Number.isNaN(n)) && Math.abs(price + quality + social - 100) < 1e-9) {
      add(['evaluation'], { price_pct: price, quality_pct: quality, social_value_pct: social }, 'field', `${criteriaField}; the weights by type, no criterion named social value meaning 0%`);
    } else flag('the award criteria weights do not add up to 100: evaluation left for you to fill in');
  }
  const allText = [description, noticeText(r.description) ?? ''].join(' ');
  if (/social value|community benefit|\bTOMS?\b/i.test(allText) && !criteria.some((c) => c.type === 'social-value')) {
    flag('the description mentions social value or community benefits, but no weighted criterion does: check the evaluation');
  }

  // Suitability and suppliers
  const suit = obj(tender.suitability);
  const legacy = obj(tender.xClassifications);
  const sme = typeof suit?.sme === 'boolean' ? suit.sme : typeof legacy?.isSuitableForSme === 'boolean' ? legacy.isSuitableForSme : undefined;
  const vcse = typeof suit?.vcse === 'boolean' ? suit.vcse : typeof legacy?.isSuitableForVco === 'boolean' ? legacy.isSuitableForVco : undefined;
  if (sme !== undefined || vcse !== undefined) add(['suitable_for'], { ...(sme !== undefined ? { sme } : {}), ...(vcse !== undefined ? { vcse } : {}) }, 'field', suit ? 'tender.suitability' : 'tender.xClassifications');
  const supplierIds = new Set(awards.flatMap((a) => arr(a.suppliers).map((s) => obj(s)?.id)).filter((id) => id !== undefined && id !== null) as unknown[]);
  const suppliers = parties
    .filter((p) => supplierIds.has(p.id))
    .map((p) => {
      const d = obj(p.details);
      const scale = str(d?.scale) ?? (p.sme === true ? 'sme' : p.sme === false ? 'large' : undefined);
      const v = typeof d?.vcse === 'boolean' ? d.vcse : typeof p.vco === 'boolean' ? p.vco : undefined;
      const a = obj(p.address);
      const pc = extractPostcode(str(a?.postalCode)) ?? extractPostcode(str(a?.streetAddress));
      return {
        name: text(p.name, 'parties[].name (a supplier)') ?? 'Unnamed supplier',
        ...(scale && ['micro', 'small', 'medium', 'sme', 'large'].includes(scale) ? { scale } : {}),
        ...(v !== undefined ? { vcse: v } : {}),
        ...(pc ? { postcode: pc } : {}),
      };
    });
  if (suppliers.length > 0) add(['suppliers'], capped(suppliers, 'suppliers'), 'field', 'awards[].suppliers, parties; scale and vcse from details (or Contracts Finder sme and vco), postcode from the address');
  if (suppliers.length > 1 && awards.length === 1) flag(`${suppliers.length} suppliers share one award (a framework, a DPS or a shared contract): the award value is not split between them`);

  // Source
  const notice = text(obj(list(tender.documents, 'tender.documents')[0])?.url, 'tender.documents[0].url', MAX_TEXT);
  add(['source'], {
    ...(ocidText ? { ocid: ocidText } : {}),
    ...(notice ? { notice } : {}),
    ...(isoDay(r.date) ? { published: isoDay(r.date) } : {}),
  }, 'field', ['ocid', ...(notice ? ['tender.documents[0].url'] : []), ...(isoDay(r.date) ? ['date'] : [])].join(', ') + '; the ocid as published');
  if (unlisted > 0) flags.push(`and ${unlisted} more point${unlisted === 1 ? '' : 's'} like these, not listed`);
  return { ocid: realOcid(ocid), facts, flags };
}
