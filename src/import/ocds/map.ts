/**
 * OCDS -> kil contract facts, each with where it came from (see ../shared/ocds.md for the
 * map and its traps). Pure. Contact points are never read, so no name, email or phone can
 * reach a contract file.
 */
import type { Json } from './container.js';
import { decodeEntities, extractPostcode, isLightTouchCpv, isPlaceholder, isoDay, monthsBetween, noticeText } from './text.js';

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

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);

const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, eighteen: 18, 'twenty-four': 24 };

/**
 * A length of time written in prose, in months: the first pattern that matches wins. Each
 * pattern captures the number (digits, or a word with digits in brackets) and the unit.
 */
function monthsInProse(text: string, patterns: readonly RegExp[]): number | undefined {
  for (const re of patterns) {
    const g = re.exec(text)?.groups;
    if (!g) continue;
    const count = g.n !== undefined ? Number(g.n) : /^\d+$/.test(g.word ?? '') ? Number(g.word) : WORDS[(g.word ?? '').toLowerCase()];
    if (count !== undefined && count > 0 && count <= 240) return count * (/year/i.test(g.unit ?? '') ? 12 : 1);
  }
  return undefined;
}

/** Extension options: "a 24 month extension option", "a further period of one (1) year", "extend by 2 years". */
export const extensionFromText = (text: string): number | undefined =>
  monthsInProse(text, [
    /(?<n>\d{1,3})[- ]?(?<unit>month)s?\s+(?:extension|option|renewal)/i,
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
  const tender = obj(r.tender) ?? {};
  const parties = arr(r.parties).map(obj).filter((p): p is Json => p !== undefined);
  const party = (id: unknown) => parties.find((p) => p.id === id);
  const awards = arr(r.awards).map(obj).filter((a): a is Json => a !== undefined);
  const lots = arr(tender.lots).map(obj).filter((l): l is Json => l !== undefined);
  const description = noticeText(tender.description) ?? noticeText(r.description) ?? '';

  // Title
  const title = noticeText(tender.title) ?? noticeText(awards[0]?.title) ?? noticeText(obj(arr(r.contracts)[0])?.title);
  add(['title'], title ?? `OCDS process ${realOcid(ocid)}`, title ? 'field' : 'default', title ? 'tender.title' : 'no title in the notice');

  // Buyer: the party named in release.buyer, else the party with the buyer role; never a review body.
  const buyerRef = obj(r.buyer);
  const buyer = party(buyerRef?.id) ?? parties.find((p) => arr(p.roles).includes('buyer')) ?? parties.find((p) => arr(p.roles).includes('procuringEntity'));
  const buyerName = noticeText(buyer?.name) ?? noticeText(buyerRef?.name);
  add(['buyer', 'name'], buyerName ?? 'Unknown buyer', buyerName ? 'field' : 'default', buyerName ? 'buyer / parties[].name' : 'no buyer in the notice');
  if (buyer && arr(buyer.roles).includes('centralPurchasingBody')) flags.push('the buyer is a central purchasing body or shared service: the organisation the service is for may be named only in the description');
  const classifications = arr(obj(buyer?.details)?.classifications).map(obj);
  const tedType = classifications.find((c) => c?.scheme === 'TED_CA_TYPE' && /ministry|national|federal/i.test(String(c.id)));
  const nhs = /\bNHS\b|Trust$/i.test(buyerName ?? '');
  add(['buyer', 'type'], tedType || nhs ? 'central' : 'sub-central', tedType ? 'field' : 'heuristic', tedType ? 'parties[].details.classifications (TED_CA_TYPE)' : nhs ? 'an NHS body counts as central government for thresholds' : 'assumed a local authority; check');
  const nation = PUBLISHER_NATIONS.find(([re]) => re.test(ocid));
  add(['buyer', 'nation'], nation?.[1] ?? 'england', nation ? 'heuristic' : 'default', nation ? `published on ${nation[2]} (ocid prefix)` : 'unknown publisher; assumed England');
  const address = obj(buyer?.address);
  const postcode = str(address?.postalCode) ? extractPostcode(str(address?.postalCode)) ?? str(address?.postalCode) : extractPostcode(str(address?.streetAddress));
  add(['buyer', 'postcode'], postcode, str(address?.postalCode) ? 'field' : 'text', str(address?.postalCode) ? 'parties[].address.postalCode' : 'parties[].address.streetAddress');

  // What is bought
  const cpvs = new Map<string, string | undefined>();
  const readCpv = (c: unknown) => {
    const o = obj(c);
    const id = str(o?.id)?.replace(/-\d$/, '');
    if (o?.scheme === 'CPV' && id && /^\d{8}$/.test(id) && !cpvs.has(id)) cpvs.set(id, noticeText(o.description));
  };
  readCpv(tender.classification);
  arr(tender.additionalClassifications).forEach(readCpv);
  for (const item of arr(tender.items).map(obj)) {
    readCpv(item?.classification);
    arr(item?.additionalClassifications).forEach(readCpv);
  }
  if (cpvs.size > 0) add(['cpv'], [...cpvs].map(([code, d]) => (d ? { code, description: d } : { code })), 'field', 'tender.classification, items[].classification');
  const category = str(tender.mainProcurementCategory) ?? ({ Products: 'goods', Services: 'services', Works: 'works' } as Record<string, string>)[String(obj(tender.xClassifications)?.ojeuContractType)];
  const lightTouch = [...cpvs.keys()].some(isLightTouchCpv);
  const contractType = lightTouch ? 'light-touch' : category === 'goods' || category === 'works' ? category : 'services';
  add(['contract_type'], contractType, lightTouch ? 'heuristic' : category ? 'field' : 'default', lightTouch ? 'a CPV code for health, social, education or community services (kil heuristic)' : category ? 'tender.mainProcurementCategory' : 'no category given; assumed services');
  add(['service'], description ? description.slice(0, 200) + (description.length > 200 ? '…' : '') : undefined, 'field', 'tender.description');
  const locations = new Set<string>();
  for (const item of arr(tender.items).map(obj)) {
    for (const a of arr(item?.deliveryAddresses).map(obj)) {
      const place = str(a?.postalCode) ?? str(a?.locality) ?? str(a?.region);
      if (place) locations.add(place);
    }
    const loc = noticeText(obj(item?.deliveryLocation)?.description);
    if (loc) locations.add(loc);
  }
  if (locations.size > 0) add(['delivery_locations'], [...locations], 'field', 'items[].deliveryAddresses');

  // Value: the estimate, with placeholders refused
  const value = obj(tender.value);
  const amount = num(value?.amount);
  const currency = str(value?.currency);
  if (amount !== undefined && isPlaceholder(amount)) flags.push(`tender.value.amount is ${amount}, a placeholder these portals use: not imported`);
  else if (amount !== undefined && currency && currency !== 'GBP') flags.push(`tender.value is in ${currency}: not imported (kil works in pounds)`);
  else if (amount !== undefined) {
    const gross = num(value?.amountGross);
    add(['value'], { amount: gross ?? amount, currency: 'GBP', vat: gross !== undefined ? 'included' : 'excluded', includes_extensions: true }, 'field', gross !== undefined ? 'tender.value.amountGross' : 'tender.value.amount (net of VAT; extension options assumed included)');
  }
  const awarded = awards.map((a) => num(obj(a.value)?.amount)).filter((n): n is number => n !== undefined);
  if (awarded.some(isPlaceholder)) flags.push(`an award value is a placeholder (${awarded.filter(isPlaceholder).join(', ')}): not imported`);
  else if (awarded.length > 0) add(['awarded_value'], awarded.reduce((s, n) => s + n, 0), 'field', 'awards[].value.amount');

  // Dates and length
  const period = obj(tender.contractPeriod) ?? obj(awards[0]?.contractPeriod) ?? obj(obj(lots[0])?.contractPeriod);
  const start = isoDay(period?.startDate);
  add(['start_date'], start, 'field', 'contractPeriod.startDate');
  const tenderStart = isoDay(obj(tender.tenderPeriod)?.startDate) ?? isoDay(tender.datePublished);
  add(['procurement_start'], tenderStart, 'field', 'tender.tenderPeriod.startDate');
  const days = num(period?.durationInDays);
  const months = days !== undefined ? Math.max(1, Math.round(days / 30.4375)) : period && str(period.startDate) && str(period.endDate) ? monthsBetween(String(period.startDate), String(period.endDate)) : undefined;
  if (months !== undefined) {
    const maxEnd = str(period?.maxExtentDate);
    const extFromDates = maxEnd && str(period?.endDate) ? monthsBetween(String(period!.endDate), maxEnd) : undefined;
    const renewalText = [noticeText(obj(lots[0]?.renewal)?.description), noticeText(obj(lots[0]?.options)?.description), description].filter(Boolean).join(' ');
    const extension = extFromDates ?? extensionFromText(renewalText);
    // A stated initial period beats rounded dates, and dates often already include the options.
    const statedInitial = initialFromText(renewalText);
    let initial = months;
    if (statedInitial !== undefined && (Math.abs(months - statedInitial) <= 1 || (extension !== undefined && Math.abs(months - statedInitial - extension) <= 1))) initial = statedInitial;
    add(['duration'], { initial_months: initial, extension_months: extension ?? 0 }, extFromDates !== undefined || extension === undefined ? 'field' : 'text', extension === undefined ? 'contractPeriod (no extension options found; 0 assumed)' : extFromDates !== undefined ? 'contractPeriod.maxExtentDate' : 'contractPeriod, with the extension read from the renewal/options text');
  }

  // Lots
  if (lots.length > 0) {
    add(['lots'], lots.map((l, i) => {
      const lv = num(obj(l.value)?.amount);
      const lotTitle = noticeText(l.title);
      return { id: str(l.id) ?? String(i + 1), ...(lotTitle ? { title: lotTitle } : {}), ...(lv !== undefined && !isPlaceholder(lv) ? { value: lv } : {}) };
    }), 'field', 'tender.lots[]');
    const max = num(obj(tender.lotDetails)?.maximumLotsBidPerSupplier);
    if (max !== undefined && max > 0 && max < 1000) add(['max_lots_per_bidder'], max, 'field', 'tender.lotDetails.maximumLotsBidPerSupplier');
  } else if (/\blots?\s*\d|\bsplit into\b.{0,20}\blots\b|\b\w+ lots\b/i.test(description)) {
    flags.push('the description mentions lots but the notice publishes none: lots are left for you to fill in');
  } else {
    add(['lots'], [{ id: '1', ...(amount !== undefined && !isPlaceholder(amount) ? { value: amount } : {}) }], 'default', 'no tender.lots: one lot');
  }

  // Procedure
  const method = str(tender.procurementMethod);
  const details = noticeText(tender.procurementMethodDetails) ?? '';
  const procedure =
    /dynamic purchasing/i.test(details) ? 'dynamic-market'
    : /framework/i.test(details) ? 'framework-call-off'
    : /quotation|below threshold/i.test(details) ? 'quotes'
    : method === 'open' || /^open/i.test(details) ? 'open'
    : method === 'direct' || /direct award|without (prior )?(publication|notice)/i.test(details) ? 'direct-award'
    : method === 'selective' || /restricted|competitive|negotiated|dialogue/i.test(details) ? 'competitive-flexible'
    : method === 'limited' ? 'quotes'
    : undefined;
  add(['procedure'], procedure, method ? 'field' : 'text', method ? `tender.procurementMethod (${method}) and procurementMethodDetails` : 'tender.procurementMethodDetails');

  // Award criteria and the evaluation weights they imply
  const criteria: { name: string; type: 'price' | 'cost' | 'quality' | 'social-value' | 'other'; weight_pct?: number }[] = [];
  for (const lot of lots.length > 0 ? lots : [tender]) {
    for (const c of arr(obj(lot.awardCriteria)?.criteria).map(obj)) {
      if (!c) continue;
      const name = noticeText(c.name) ?? noticeText(c.type) ?? 'criterion';
      const weight = num(obj(arr(c.numbers)[0])?.weight) ?? num(c.description);
      const type = /social value|community benefit/i.test(name) ? 'social-value' : c.type === 'price' || c.type === 'cost' || c.type === 'quality' ? c.type : 'other';
      criteria.push({ name, type, ...(weight !== undefined && weight >= 0 && weight <= 100 ? { weight_pct: weight } : {}) });
    }
    if (criteria.length > 0) break; // the first lot's criteria stand for the procurement
  }
  if (criteria.length > 0) {
    add(['award_criteria'], criteria, 'field', 'lots[].awardCriteria.criteria[]');
    const sum = (t: string[]) => criteria.filter((c) => t.includes(c.type)).reduce((s, c) => s + (c.weight_pct ?? NaN), 0);
    const [price, quality, social] = [sum(['price', 'cost']), sum(['quality', 'other']), sum(['social-value'])];
    if ([price, quality, social].every((n) => !Number.isNaN(n)) && Math.abs(price + quality + social - 100) < 1e-9) {
      add(['evaluation'], { price_pct: price, quality_pct: quality, social_value_pct: social }, 'field', 'lots[].awardCriteria weights (no criterion named social value means 0%)');
    } else flags.push('the award criteria weights do not add up to 100: evaluation left for you to fill in');
  }
  const allText = [description, noticeText(r.description) ?? ''].join(' ');
  if (/social value|community benefit|\bTOMS?\b/i.test(allText) && !criteria.some((c) => c.type === 'social-value')) {
    flags.push('the description mentions social value or community benefits, but no weighted criterion does: check the evaluation');
  }

  // Suitability and suppliers
  const suit = obj(tender.suitability);
  const legacy = obj(tender.xClassifications);
  const sme = typeof suit?.sme === 'boolean' ? suit.sme : typeof legacy?.isSuitableForSme === 'boolean' ? legacy.isSuitableForSme : undefined;
  const vcse = typeof suit?.vcse === 'boolean' ? suit.vcse : typeof legacy?.isSuitableForVco === 'boolean' ? legacy.isSuitableForVco : undefined;
  if (sme !== undefined || vcse !== undefined) add(['suitable_for'], { ...(sme !== undefined ? { sme } : {}), ...(vcse !== undefined ? { vcse } : {}) }, 'field', suit ? 'tender.suitability' : 'tender.xClassifications (Contracts Finder)');
  const supplierIds = new Set(awards.flatMap((a) => arr(a.suppliers).map((s) => obj(s)?.id)));
  const suppliers = parties
    .filter((p) => supplierIds.has(p.id))
    .map((p) => {
      const d = obj(p.details);
      const scale = str(d?.scale) ?? (p.sme === true ? 'sme' : p.sme === false ? 'large' : undefined);
      const v = typeof d?.vcse === 'boolean' ? d.vcse : typeof p.vco === 'boolean' ? p.vco : undefined;
      const a = obj(p.address);
      const pc = extractPostcode(str(a?.postalCode)) ?? extractPostcode(str(a?.streetAddress));
      return {
        name: noticeText(p.name) ?? 'Unnamed supplier',
        ...(scale && ['micro', 'small', 'medium', 'sme', 'large'].includes(scale) ? { scale } : {}),
        ...(v !== undefined ? { vcse: v } : {}),
        ...(pc ? { postcode: pc } : {}),
      };
    });
  if (suppliers.length > 0) add(['suppliers'], suppliers, 'field', 'awards[].suppliers -> parties[] (scale, vcse or Contracts Finder sme/vco; postcode from the address, text where that is all there is)');
  if (suppliers.length > 1 && awards.length === 1) flags.push(`${suppliers.length} suppliers share one award (a framework, a DPS or a shared contract): the award value is not split between them`);

  // Source
  add(['source'], {
    ocid: realOcid(ocid),
    ...(str(obj(arr(tender.documents)[0])?.url) ? { notice: decodeEntities(String(obj(arr(tender.documents)[0])!.url)) } : {}),
    ...(isoDay(r.date) ? { published: isoDay(r.date) } : {}),
  }, 'field', 'ocid, tender.documents[0].url, date');
  return { ocid: realOcid(ocid), facts, flags };
}
