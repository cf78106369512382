/**
 * Is a supplier local to its buyer? Where a postcode is (its local authority and region) comes
 * from a `LocalityOf` function given to the profile: the seam for a postcode -> local authority
 * table. Where it says nothing, the postcodes themselves are compared, as a first approximation
 * that the output labels: the same postcode district (CR0) for "same authority", the same
 * postcode area (CR) for "same region". Pure.
 */
import { districtOf, normalisePostcode } from '../model/postcode.js';

/** What is known of where a postcode is (codes of its local authority and region); either may be missing. */
export interface AuthorityAndRegion {
  authority?: string;
  region?: string;
}
export type LocalityOf = (postcode: string) => AuthorityAndRegion;

/** Knows nothing: every comparison falls back to the postcodes. */
export const NO_LOCALITY: LocalityOf = () => ({});

export type LocalLevel = 'authority' | 'region';
/** What a comparison rested on: the locality table, or the postcodes' district or area. */
export type LocalBasis = 'authority' | 'region' | 'postcode-district' | 'postcode-area';

/** The district (CR0) and area (CR) of a UK postcode, or undefined for text that is not one. */
export function postcodeParts(postcode: string): { district: string; area: string } | undefined {
  const normalised = normalisePostcode(postcode);
  if (normalised === undefined) return undefined;
  const district = districtOf(normalised);
  return { district, area: district.replace(/\d.*$/, '') };
}

/**
 * Whether a supplier's postcode is in the buyer's authority (or region): by the locality table
 * when it knows both, else by postcode district (or area); undefined when neither can tell.
 */
export function compareLocality(buyer: string, supplier: string, level: LocalLevel, localityOf: LocalityOf): { same: boolean; basis: LocalBasis } | undefined {
  const a = localityOf(buyer)[level];
  const b = localityOf(supplier)[level];
  if (a !== undefined && b !== undefined) return { same: a === b, basis: level };
  const pa = postcodeParts(buyer);
  const pb = postcodeParts(supplier);
  if (!pa || !pb) return undefined;
  return level === 'authority' ? { same: pa.district === pb.district, basis: 'postcode-district' } : { same: pa.area === pb.area, basis: 'postcode-area' };
}
