/** The buyer: its name, type (for thresholds), nation and postcode. Pure. */
import type { ImportRules } from '../../../model/ocds-import.js';
import type { Json } from '../items.js';
import { arr, Notes, obj, str, type Found, type Notice } from '../notice.js';
import { extractPostcode, shown } from '../text.js';

/** The party named in release.buyer, else the party with the buyer role, else the procuring entity; never a review body. */
export function findBuyer(n: Notice): Json | undefined {
  const id = obj(n.release.buyer)?.id;
  const named = id === undefined || id === null ? undefined : n.parties.find((p) => p.id === id);
  return named ?? n.parties.find((p) => arr(p.roles).includes('buyer')) ?? n.parties.find((p) => arr(p.roles).includes('procuringEntity'));
}

export function buyerNameRule(n: Notice, buyer: Json | undefined): Found & { name: string | undefined } {
  const out = new Notes();
  const partyName = out.text(buyer?.name, 'parties[].name (the buyer)');
  const name = partyName ?? out.text(obj(n.release.buyer)?.name, 'buyer.name');
  out.fact(['buyer', 'name'], name ?? 'Unknown buyer', name ? 'field' : 'default', partyName ? 'parties[].name' : name ? 'buyer.name' : 'no buyer in the notice');
  if (buyer && arr(buyer.roles).includes('centralPurchasingBody')) out.flag('the buyer is a central purchasing body or shared service: the organisation the service is for may be named only in the description');
  return { ...out, name };
}

const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type BuyerTypeRules = ImportRules['ocds']['buyer_type'];

/** The rules' words as patterns, made once for each set of rules (not once a process). */
const patternsMade = new WeakMap<BuyerTypeRules, { central: RegExp | undefined; byName: RegExp | undefined }>();
function buyerTypePatterns(rules: BuyerTypeRules): { central: RegExp | undefined; byName: RegExp | undefined } {
  let made = patternsMade.get(rules);
  if (!made) {
    const { central_authority_words: centralWords, central_by_name: byName } = rules;
    const namePatterns = [...byName.words.map((w) => `\\b${escaped(w)}\\b`), ...byName.endings.map((e) => `${escaped(e)}$`)];
    made = {
      central: centralWords.length > 0 ? new RegExp(centralWords.map(escaped).join('|'), 'i') : undefined,
      byName: namePatterns.length > 0 ? new RegExp(namePatterns.join('|'), 'i') : undefined,
    };
    patternsMade.set(rules, made);
  }
  return made;
}

/** Central or sub-central: a TED authority type settles it either way; else the name; else the rules' assumption. */
export function buyerTypeRule(buyer: Json | undefined, buyerName: string | undefined, rules: ImportRules): Found {
  const out = new Notes();
  const { central_by_name: byName, otherwise } = rules.ocds.buyer_type;
  const patterns = buyerTypePatterns(rules.ocds.buyer_type);
  const classifications = arr(obj(buyer?.details)?.classifications).map(obj);
  const tedAny = classifications.find((c) => c?.scheme === 'TED_CA_TYPE' && typeof c.id === 'string' && c.id.trim() !== '');
  const tedCentral = tedAny !== undefined && patterns.central !== undefined && patterns.central.test(String(tedAny.id));
  const centralName = patterns.byName !== undefined && patterns.byName.test(buyerName ?? '');
  const [type, how, from] =
    tedCentral ? (['central', 'field', 'parties[].details.classifications'] as const)
    : centralName ? (['central', 'heuristic', byName.because] as const)
    : tedAny ? (['sub-central', 'field', 'parties[].details.classifications'] as const)
    : ([otherwise.type, 'heuristic', otherwise.because] as const);
  out.fact(['buyer', 'type'], type, how, from);
  return out;
}

/** The nation, from the publisher the ocid's prefix names. */
export function nationRule(n: Notice, rules: ImportRules): Found {
  const out = new Notes();
  const publisher = rules.ocds.publishers.find((p) => n.ocid.startsWith(p.ocid_prefix));
  out.fact(['buyer', 'nation'], publisher?.nation ?? rules.ocds.nation_when_unknown, publisher ? 'heuristic' : 'default', publisher ? `published on ${publisher.name} (ocid prefix)` : `unknown publisher; assumed ${nationName(rules.ocds.nation_when_unknown)}`);
  return out;
}

const NATION_NAMES: Record<ImportRules['ocds']['nation_when_unknown'], string> = { england: 'England', wales: 'Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland' };
const nationName = (nation: ImportRules['ocds']['nation_when_unknown']) => NATION_NAMES[nation];

/** The buyer's postcode: from postalCode, else found in the street address. */
export function buyerPostcodeRule(buyer: Json | undefined): Found {
  const out = new Notes();
  const address = obj(buyer?.address);
  const given = str(address?.postalCode);
  const postcode = given ? extractPostcode(given) ?? out.text(address?.postalCode, 'parties[].address.postalCode (the buyer)', 40) : extractPostcode(str(address?.streetAddress));
  out.fact(['buyer', 'postcode'], postcode, given ? 'field' : 'text', given ? 'parties[].address.postalCode' : 'parties[].address.streetAddress');
  return out;
}

/** Shaped like an org-id.guide prefix: a country (or XI, XM…) code, a hyphen, the register's letters ("GB-COH", "GB-SRS"). */
const ORG_ID_SCHEME = /^[A-Z]{2}-[A-Z0-9]{2,12}$/;

/**
 * The buyer's registered identifier, "SCHEME-ID", when the party names both the scheme and the id
 * (parties[].identifier). An id without a scheme is only the publisher's own number for the party
 * (Contracts Finder's hashes, "org-7"): it says nothing across notices, so it is not imported.
 */
export function buyerIdentifierRule(buyer: Json | undefined): Found {
  const out = new Notes();
  const identifier = obj(buyer?.identifier);
  const scheme = str(identifier?.scheme)?.toUpperCase();
  const rawId = identifier?.id;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? String(rawId) : out.text(rawId, 'parties[].identifier.id (the buyer)', 200);
  if (scheme === undefined || id === undefined) return out;
  if (!ORG_ID_SCHEME.test(scheme)) {
    out.flag(`the buyer's identifier scheme ${shown(identifier?.scheme)} is not an org-id.guide prefix (like GB-COH): the identifier is not imported`);
    return out;
  }
  // Some publishers repeat the scheme in the id ("GB-COH" and "GB-COH-01234567").
  const value = id.toUpperCase().startsWith(`${scheme}-`) ? `${scheme}${id.slice(scheme.length)}` : `${scheme}-${id}`;
  out.fact(['buyer', 'identifier'], value, 'field', 'parties[].identifier.scheme, parties[].identifier.id');
  return out;
}
