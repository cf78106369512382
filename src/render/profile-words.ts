/**
 * The wording of `kil profile`'s outputs, written once for markdown and HTML (a Markup marks
 * text from the files up). Pure.
 */
import type { FailedFile } from '../portfolio/contract-row.js';
import { formatMoney } from '../facts/money.js';
import { INDICATORS, PERCENTILE_DEFINITION, type IndicatorDefinition } from '../profile/indicators.js';
import { BUYER_KINDS } from '../profile/kind.js';
import type { Benchmark, Benchmarks, PeerRules } from '../profile/peers.js';
import type { BuyerProfile, Indicator, SizeLine } from '../profile/profile.js';
import type { Markup } from './markup.js';
import type { ReportMeta } from './report-words.js';

export interface ProfileReport {
  meta: ReportMeta;
  /** The profiles shown (all buyers, or those --buyer chose). */
  profiles: BuyerProfile[];
  /** Benchmarks by buyer key, computed over every buyer in the input. */
  benchmarks: ReadonlyMap<string, Benchmarks>;
  rules: PeerRules;
  sizeLine: SizeLine;
  inputs: { files: number; contracts: number; buyers: number; failed: FailedFile[]; skipped: number };
  /** Whether a postcode -> local authority table was used (else postcodes are compared by district and area). */
  /** The postcode table the local-supplier figures used, by what it was built from; absent when none was. */
  postcodeTable?: string;
}

export const PROFILE_TITLE = 'What the published record shows: buyer profiles';
export const NOT_PUBLISHED = 'not published';
export const PROFILE_FORMAT_VERSION = 1;

const count = (n: number): string => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
const round1 = (n: number): string => (Math.round(n * 10) / 10).toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** An indicator's value as people read it: "42.5%", "35 days", or "not published". */
export function indicatorValue(def: IndicatorDefinition, i: Indicator): string {
  // A threshold kil does not know is not the notice's omission.
  if (i.value === null) return 'restsOn' in def ? 'not known' : NOT_PUBLISHED;
  return def.unit === '%' ? `${round1(i.value)}%` : `${round1(i.value)} ${def.unit}`;
}

/**
 * "7 of 12 contracts publish it", with what a share counts when that is not contracts; `what`
 * replaces "publish it" for an indicator that needs more than the notice (a threshold kil knows).
 */
export function restsOn(i: Indicator, what?: string): string {
  const base = what ? `${count(i.n)} of ${plural(i.m, 'contract')} ${what}` : `${count(i.n)} of ${plural(i.m, 'contract')} ${i.n === 1 ? 'publishes' : 'publish'} it`;
  return i.detail ? `${base} (${i.detail})` : base;
}

export function benchmarkText(b: Benchmark, rules: PeerRules): string {
  switch (b.status) {
    case 'percentile':
      return `${Math.round(b.percentile)} (among ${plural(b.peers, 'peer')})`;
    case 'too-few-peers':
      return `too few peers (${count(b.peers)}; at least ${rules.minPeers} needed)`;
    case 'below-minimum':
      return `no benchmark: fewer than ${plural(rules.minContracts, 'contract')}`;
    case 'not-published':
      return 'no benchmark: not published';
  }
}

export const INDICATOR_COLUMNS = ['Indicator', 'Value', 'Rests on', 'Percentile among peers'];

export function indicatorRows(p: BuyerProfile, benchmarks: Benchmarks, rules: PeerRules, m: Markup): string[][] {
  return INDICATORS.map((d) => [m.own(d.label), m.own(indicatorValue(d, p.indicators[d.id])), m.own(restsOn(p.indicators[d.id], 'restsOn' in d ? d.restsOn : undefined)), m.own(benchmarkText(benchmarks[d.id], rules))]);
}

export const PROCEDURE_COLUMNS = ['Procedure', 'Contracts', 'Value', 'Contracts with a value'];
export const procedureName = (procedure: string | null): string => procedure ?? NOT_PUBLISHED;
export function procedureRows(p: BuyerProfile, m: Markup): string[][] {
  return p.procedures.map((l) => [m.own(procedureName(l.procedure)), count(l.contracts), l.value === null ? NOT_PUBLISHED : m.own(formatMoney(l.value)), count(l.valued)]);
}

export const QUARTER_COLUMNS = ['Quarter', 'Contracts', 'Direct awards', 'Contracts publishing a procedure'];
export const quarterName = (q: string | null): string => q ?? 'no date published';
export function quarterRows(p: BuyerProfile, m: Markup): string[][] {
  return p.directAwardsByQuarter.map((q) => [m.own(quarterName(q.quarter)), count(q.contracts), count(q.directAwards), count(q.withProcedure)]);
}

export const LARGEST_COLUMNS = ['Contract', 'Value', 'Procedure', 'File'];
export function largestRows(p: BuyerProfile, m: Markup, path: (s: string) => string): string[][] {
  return p.largest.map((c) => [m.text(c.title), m.own(formatMoney(c.value)), m.own(procedureName(c.procedure)), path(c.path)]);
}

export const kindName = (p: BuyerProfile): string => BUYER_KINDS[p.kind];

export function buyerLead(p: BuyerProfile): string {
  const value = p.value.value === null ? `no contract publishes a value` : `${formatMoney(p.value.value)} over their whole life (${restsOn(p.value)})`;
  return `${kindName(p)}; ${plural(p.contracts, 'contract')}; ${value}.`;
}

/**
 * The other spellings and the registered identifiers that made the buyer's contracts one buyer,
 * or undefined when there are none; `mk` makes the file's text safe for the format.
 */
export function buyerAliasesLine(p: BuyerProfile, mk: Markup): string | undefined {
  const parts = [
    ...(p.alsoNamed.length > 0 ? [`Also named ${p.alsoNamed.map((n) => mk.text(n)).join('; ')}`] : []),
    ...(p.identifiers.length > 0 ? [`registered as ${p.identifiers.map((id) => mk.text(id)).join(', ')}`] : []),
  ];
  if (parts.length === 0) return undefined;
  const line = parts.join('; ');
  return `${line[0]!.toUpperCase()}${line.slice(1)} (contracts with the same name key or identifier are one buyer).`;
}

export function inputsLine(r: ProfileReport): string {
  const { inputs } = r;
  const failed = inputs.failed.length > 0 ? `; ${plural(inputs.failed.length, 'file')} could not be read (listed at the end)` : '';
  const skipped = inputs.skipped > 0 ? `; ${plural(inputs.skipped, 'council profile')} skipped` : '';
  const shown = r.profiles.length < inputs.buyers ? ` (${plural(r.profiles.length, 'buyer')} shown)` : '';
  return `${plural(inputs.contracts, 'contract')} from ${plural(inputs.files, 'file')}, ${plural(inputs.buyers, 'buyer')}${shown}${failed}${skipped}. Dated ${r.meta.date}.`;
}

export const benchmarkLine = (r: ProfileReport): string =>
  `Peer benchmarks: each indicator as a percentile among buyers of the same kind in this input with at least ${plural(r.rules.minContracts, 'contract')} (--min-contracts); with fewer than ${r.rules.minPeers} such peers, "too few peers". Definition: ${PERCENTILE_DEFINITION}`;

/** Where the size comes from quotes the rubric's band label (--rubrics DIR): text from a file. */
export const sizeLineText = (r: ProfileReport, m: Markup): string =>
  `${m.own(`Locality's size: a largest lot above ${formatMoney(r.sizeLine.amount)} over its whole life, excluding VAT (`)}${m.text(r.sizeLine.source)}${m.own(').')}`;

/** The postcode table's name is its file's own (KIL_POSTCODE_TABLE): text from a file. */
export const localityLine = (r: ProfileReport, m: Markup): string =>
  r.postcodeTable !== undefined
    ? `${m.own('Local suppliers: compared by local authority and region where the postcode table (')}${m.text(r.postcodeTable)}${m.own(') knows both postcodes, else by postcode district and area (an approximation).')}`
    : m.own(
        'Local suppliers: no postcode table was used, so the same postcode district (CR0) stands in for the same local authority and the same postcode area (CR) for the same region: a first approximation. Set KIL_POSTCODE_TABLE to a table built from the ONS Postcode Directory to compare by authority (docs/profile.md).',
      );

export const missingLine = 'Missing data is "not published", never zero: each figure says how many of the buyer\'s contracts it rests on.';

export const DEFINITION_COLUMNS = ['Indicator', 'Definition', 'Source field'];
export const definitionRows = (m: Markup): string[][] => INDICATORS.map((d) => [m.own(d.label), m.own(d.definition), m.code(d.source)]);

export const SUMMARY_COLUMNS = ['Buyer', 'Kind', 'Contracts', 'Value', 'Direct awards', 'SME awards'];
export function summaryRow(p: BuyerProfile, m: Markup, name: string): string[] {
  const da = INDICATORS.find((d) => d.id === 'direct_awards')!;
  const sme = INDICATORS.find((d) => d.id === 'sme_awards')!;
  return [name, m.own(kindName(p)), count(p.contracts), p.value.value === null ? NOT_PUBLISHED : m.own(formatMoney(p.value.value)), m.own(indicatorValue(da, p.indicators.direct_awards)), m.own(indicatorValue(sme, p.indicators.sme_awards))];
}

export const FAILURES_HEADING = 'Files that could not be read';
