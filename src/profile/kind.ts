/**
 * What kind of buyer a contract's buyer is, for peer benchmarks: councils by tier where the name
 * shows it, NHS bodies, central government, and the rest. Only the contract file's buyer name,
 * type and nation are read (a registered identifier, where the import found one, says who the
 * buyer is, not what kind of body it is). Pure.
 */
import type { BuyerType, Nation } from '../model/contract.js';

export const BUYER_KINDS = {
  county: 'County council',
  district: 'District council',
  unitary: 'Unitary council',
  metropolitan: 'Metropolitan borough or district council',
  'london-borough': 'London borough',
  'council-tier-not-shown': 'Council, tier not shown',
  'parish-town': 'Parish, town or community council',
  nhs: 'NHS body',
  central: 'Central government',
  'other-local': 'Other local public body',
} as const;
export type BuyerKind = keyof typeof BUYER_KINDS;

/** Words that make a name an NHS body's. */
const NHS = /\bNHS\b|\bhealth board\b|\bfoundation trust\b|\bintegrated care board\b|\bclinical commissioning group\b|\bhospitals?\b.*\btrust\b|\bambulance service\b/i;
const COUNCIL = /\bcouncil\b|^(?:london |royal )?borough of\b|^(?:city|county) of\b/i;
const LOCAL_COUNCIL = /\b(?:parish|town|community|neighbourhood|village) council\b/i;

/**
 * The kind of buyer, from its name and the contract's buyer type and nation. Scotland's and
 * Wales's councils are all unitary; in England the name decides: "County Council", "District
 * Council", "Metropolitan Borough Council", "London Borough of ..." (or "... London Borough
 * Council") and "... Unitary ..." show the tier; "Borough Council", "City Council" and a bare
 * "Council" do not (a borough or city may be a district, a unitary or a metropolitan borough).
 */
export function buyerKind(name: string, type: BuyerType, nation: Nation): BuyerKind {
  const n = name.replace(/\s+/g, ' ').trim();
  if (NHS.test(n)) return 'nhs';
  if (type === 'central') return 'central';
  if (LOCAL_COUNCIL.test(n)) return 'parish-town';
  if (!COUNCIL.test(n)) return 'other-local';
  if (nation === 'scotland' || nation === 'wales') return 'unitary';
  if (/\bmetropolitan\b/i.test(n)) return 'metropolitan';
  if (/\blondon borough\b/i.test(n)) return 'london-borough';
  if (/\bcounty council\b/i.test(n)) return 'county'; // "X County Borough Council" has no "county council" in it: a borough
  if (/\bdistrict council\b/i.test(n)) return 'district';
  if (/\bunitary\b/i.test(n)) return 'unitary';
  return 'council-tier-not-shown';
}

/**
 * The key that groups a buyer's contracts and that --buyer accepts: the name in lower case,
 * "&" as "and", anything but letters and digits as single hyphens ("royal-borough-of-greenwich").
 * A name with no letter or digit keys by its characters' code points ("!!!" is "u-21-21-21"), so
 * two such names are never one buyer.
 */
export function buyerKey(name: string): string {
  const key = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return key !== '' ? key : `u-${[...name.normalize('NFKC').trim()].map((c) => c.codePointAt(0)!.toString(16)).join('-')}`;
}
