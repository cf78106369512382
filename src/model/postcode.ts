/**
 * UK postcodes (part of the model: what a postcode is, used by the facts and by src/geo): reading one, on its own or at the end of a free-text address. Pure: no I/O.
 *
 * A postcode is an outward code (area letters, district number, sometimes a letter: LS1, SW1A,
 * EC1A, W1) and an inward code (sector digit and two unit letters: 1UR). Normalised, it is upper
 * case with one space between the two: "LS1 1UR". Its sector is the outward code and the inward
 * code's digit ("LS1 1"), its district the outward code ("LS1").
 *
 * Accepted: the 121 postcode areas of the United Kingdom, the Crown Dependencies' GY, JE and IM,
 * and BX (non-geographic, used by some government departments); none of those last four has a
 * local authority, so a lookup says 'none' for them. Not accepted, on purpose: GIR 0AA
 * (Girobank's), BFPO numbers and BF1 postcodes (British Forces), and the overseas territories'
 * codes (ASCN 1ZZ, GX11 1AA, ...): none of them says where in the UK a buyer or supplier is.
 */

/** The postcode areas: the letters a postcode starts with. */
const AREAS = new Set(
  (
    'AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY ' +
    'E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS ' +
    'LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO ' +
    'SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE ' +
    'GY JE IM BX'
  ).split(' '),
);

/**
 * The shape of a postcode without its space: area letters, district digit, then a second digit
 * or a letter (A9A and AA9A districts allow only some letters there), then the inward code,
 * whose unit letters never include C, I, K, M, O or V.
 */
const COMPACT = /^([A-Z]{1,2})([0-9])([0-9]|[ABCDEFGHJKPSTUW]|[ABEHMNPRVWXY])?([0-9][ABD-HJLNP-UW-Z]{2})$/;

/** A postcode's normalised form ("LS1 1UR"), or undefined when the text is not one postcode. */
export function normalisePostcode(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  const m = COMPACT.exec(compact);
  if (!m) return undefined;
  const [, area = '', digit = '', third, inward = ''] = m;
  if (!AREAS.has(area)) return undefined;
  if (third !== undefined && /[A-Z]/.test(third)) {
    // A9A districts (W1A, E1W, N1C) take a letter from one list, AA9A (SW1A, EC1A) from another.
    const allowed = area.length === 1 ? 'ABCDEFGHJKPSTUW' : 'ABEHMNPRVWXY';
    if (!allowed.includes(third)) return undefined;
  }
  return `${area}${digit}${third ?? ''} ${inward}`;
}

/** Words an address may end with after its postcode. */
const TRAILING_COUNTRY = /(?:^|[\s,.;:(])(?:UNITED\s+KINGDOM(?:\s+OF\s+GREAT\s+BRITAIN\s+AND\s+NORTHERN\s+IRELAND)?|U\.?\s?K\.?|GREAT\s+BRITAIN|G\.?B\.?|ENGLAND|SCOTLAND|WALES|CYMRU|NORTHERN\s+IRELAND)$/;
const TRAILING_PUNCTUATION = /[\s,.;:!?()[\]{}"'`\-\u2010-\u2015]+$/;
/** A candidate postcode at the very end: outward code, optional spaces, inward code. */
const AT_END = /(?:^|[^A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$/;

/**
 * The postcode at the end of a free-text address, normalised, or undefined. Case and spacing
 * do not matter ("ls11ur", "LS1   1UR"), nor trailing punctuation or a trailing country name
 * ("..., LS1 1UR, United Kingdom"). Only the end is read: a postcode-like token in the middle
 * of an address ("Unit B12 3AB Park, Leeds") is not taken for the address's postcode.
 */
export function findPostcode(text: string): string | undefined {
  let rest = text.toUpperCase().replace(/[\s\u00a0\u2000-\u200b\u202f\u3000]+/g, ' ');
  for (let i = 0; i < 4; i++) {
    const before = rest;
    rest = rest.replace(TRAILING_PUNCTUATION, '');
    rest = rest.replace(TRAILING_COUNTRY, '');
    if (rest === before) break;
  }
  const m = AT_END.exec(rest);
  if (!m) return undefined;
  return normalisePostcode(`${m[1]}${m[2]}`);
}

/** "LS1 1" for "LS1 1UR": the outward code and the inward code's digit. */
export function sectorOf(normalised: string): string {
  return normalised.slice(0, -2);
}

/** "LS1" for "LS1 1UR". */
export function districtOf(normalised: string): string {
  return normalised.slice(0, normalised.indexOf(' '));
}

/** "UR" for "LS1 1UR": the unit within the sector. */
export function unitOf(normalised: string): string {
  return normalised.slice(-2);
}
