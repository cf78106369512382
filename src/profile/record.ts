/**
 * One contract's line in a buyer profile: the few figures `kil profile` keeps per contract, so a
 * national input is held as small records, never as contracts. Every field a notice may leave
 * out is optional here: missing is "not published", never zero. Pure.
 */
import type { ProcurementFacts } from '../facts/procurement-facts.js';
import { SME_SCALES, type Contract } from '../model/contract.js';
import { detached } from '../model/detached.js';
import { buyerKey, buyerKind, type BuyerKind } from './kind.js';

export interface SupplierRecord {
  /** true for micro, small, medium or sme; false for large; absent when the notice gives no scale. */
  sme?: boolean;
  vcse?: boolean;
  postcode?: string;
}

export interface ProfileRecord {
  path: string;
  title: string;
  buyer: string;
  /** buyerKey(buyer): the profile's grouping key, and what --buyer accepts. */
  buyerKey: string;
  /** procurement.buyer.identifier ("GB-SRS-…", as written: an id may be case-sensitive): contracts sharing one are one buyer, whatever the name. */
  buyerIdentifier?: string;
  buyerPostcode?: string;
  kind: BuyerKind;
  /** procurement.procedure; absent when not published. */
  procedure?: string;
  /** Whole-life value, VAT and extension options included (deriveProcurementFacts totalValue). */
  value?: number;
  /** At or above the threshold that applies (deriveProcurementFacts). */
  aboveThreshold?: boolean;
  /** The largest lot over its whole life excluding VAT, as S4.1 measures it (largest_lot_value). */
  largestLotExVat?: number;
  /** Number of lots (procurement.lots); absent when the file lists none. */
  lots?: number;
  tenderWindowDays?: number;
  /** procurement.tenderers: tenders received, as the award publishes it. */
  tenderers?: number;
  /** initial_months + extension_months. */
  durationMonths?: number;
  /** procurement.awarded_value, as published. */
  awardedValue?: number;
  /** procurement.suppliers; absent when no award is published. */
  suppliers?: SupplierRecord[];
  /** procurement_start, else start_date, else source.published (YYYY-MM-DD). */
  date?: string;
}

/** The record of a loaded contract and its derived facts. */
export function profileRecord(path: string, contract: Contract, facts: ProcurementFacts): ProfileRecord {
  const p = contract.procurement;
  const r: ProfileRecord = {
    path,
    // Copies: a title cut from the file's text would keep the whole text alive.
    title: detached(p.title),
    buyer: detached(p.buyer.name),
    buyerKey: buyerKey(p.buyer.name),
    kind: buyerKind(p.buyer.name, p.buyer.type, p.buyer.nation),
  };
  if (p.buyer.postcode !== undefined) r.buyerPostcode = detached(p.buyer.postcode);
  if (p.buyer.identifier !== undefined) r.buyerIdentifier = detached(p.buyer.identifier);
  if (p.procedure !== undefined) r.procedure = p.procedure;
  if (facts.totalValue !== undefined) r.value = facts.totalValue;
  if (facts.aboveThreshold !== undefined) r.aboveThreshold = facts.aboveThreshold;
  if (facts.largestLotAtMost !== undefined) {
    // The same figure as the catalogue's largest_lot_value, which S4.1 bands.
    const t = facts.totalValue;
    r.largestLotExVat = Math.round(t ? facts.largestLotAtMost * (facts.totalValueExVat! / t) : facts.largestLotAtMost);
  }
  if (p.lots !== undefined && p.lots.length > 0) r.lots = p.lots.length;
  if (p.tender_window_days !== undefined) r.tenderWindowDays = p.tender_window_days;
  if (p.tenderers !== undefined) r.tenderers = p.tenderers;
  if (p.duration) r.durationMonths = p.duration.initial_months + p.duration.extension_months;
  if (p.awarded_value !== undefined) r.awardedValue = p.awarded_value;
  if (p.suppliers !== undefined && p.suppliers.length > 0) {
    r.suppliers = p.suppliers.map((s) => {
      const out: SupplierRecord = {};
      if (s.scale !== undefined) out.sme = SME_SCALES.has(s.scale);
      if (s.vcse !== undefined) out.vcse = s.vcse;
      if (s.postcode !== undefined) out.postcode = detached(s.postcode);
      return out;
    });
  }
  const date = p.procurement_start ?? p.start_date ?? isoDay(p.source?.published);
  if (date !== undefined) r.date = date;
  return r;
}

const isoDay = (s: string | undefined): string | undefined => (s !== undefined && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined);
