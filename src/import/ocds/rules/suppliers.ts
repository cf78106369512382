/** Who the procurement suits (SMEs, VCSEs) and who won it. Pure. */
import type { Json } from '../items.js';
import { arr, Notes, obj, str, type Found, type Notice } from '../notice.js';
import { extractPostcode } from '../text.js';

/** tender.suitability, else Contracts Finder's xClassifications. */
export function suitabilityRule(n: Notice): Found {
  const out = new Notes();
  const suit = obj(n.tender.suitability);
  const legacy = obj(n.tender.xClassifications);
  const sme = typeof suit?.sme === 'boolean' ? suit.sme : typeof legacy?.isSuitableForSme === 'boolean' ? legacy.isSuitableForSme : undefined;
  const vcse = typeof suit?.vcse === 'boolean' ? suit.vcse : typeof legacy?.isSuitableForVco === 'boolean' ? legacy.isSuitableForVco : undefined;
  if (sme !== undefined || vcse !== undefined) out.fact(['suitable_for'], { ...(sme !== undefined ? { sme } : {}), ...(vcse !== undefined ? { vcse } : {}) }, 'field', suit ? 'tender.suitability' : 'tender.xClassifications');
  return out;
}

const SCALES = ['micro', 'small', 'medium', 'sme', 'large'];

/** A supplier as a contract file has it: name, scale, whether a VCSE, postcode. */
function supplierOf(p: Json, out: Notes) {
  const d = obj(p.details);
  const scale = str(d?.scale) ?? (p.sme === true ? 'sme' : p.sme === false ? 'large' : undefined);
  const vcse = typeof d?.vcse === 'boolean' ? d.vcse : typeof p.vco === 'boolean' ? p.vco : undefined;
  const a = obj(p.address);
  const postcode = extractPostcode(str(a?.postalCode)) ?? extractPostcode(str(a?.streetAddress));
  return {
    name: out.text(p.name, 'parties[].name (a supplier)') ?? 'Unnamed supplier',
    ...(scale && SCALES.includes(scale) ? { scale } : {}),
    ...(vcse !== undefined ? { vcse } : {}),
    ...(postcode ? { postcode } : {}),
  };
}

/** The parties the awards name as suppliers. */
export function suppliersRule(n: Notice): Found {
  const out = new Notes();
  const ids = new Set(n.awards.flatMap((a) => arr(a.suppliers).map((s) => obj(s)?.id)).filter((id) => id !== undefined && id !== null) as unknown[]);
  const suppliers = n.parties.filter((p) => ids.has(p.id)).map((p) => supplierOf(p, out));
  if (suppliers.length > 0) out.fact(['suppliers'], out.capped(suppliers, 'suppliers'), 'field', 'awards[].suppliers, parties; scale and vcse from details (or Contracts Finder sme and vco), postcode from the address');
  if (suppliers.length > 1 && n.awards.length === 1) out.flag(`${suppliers.length} suppliers share one award (a framework, a DPS or a shared contract): the award value is not split between them`);
  return out;
}
