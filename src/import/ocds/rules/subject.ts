/** What is bought: CPV codes, the contract type, the service and where it is delivered. Pure. */
import type { ImportRules } from '../../../model/ocds-import.js';
import { arr, Notes, obj, str, type Found, type Notice } from '../notice.js';
import { cutText } from '../text.js';

/** Whether a CPV code is light-touch services by the rules' prefixes. */
export const isLightTouchCpv = (code: string, rules: ImportRules): boolean => rules.ocds.light_touch.cpv_prefixes.some((p) => code.startsWith(p));

/** The CPV codes of the tender and its items, each once, in the order met; light-touch when one of them is. */
export function cpvRule(n: Notice, rules: ImportRules): Found & { lightTouch: boolean } {
  const out = new Notes();
  const { tender, items } = n;
  const cpvs = new Map<string, string | undefined>();
  const readCpv = (c: unknown) => {
    const o = obj(c);
    const id = str(o?.id)?.replace(/-\d$/, '');
    if (o?.scheme === 'CPV' && id && /^\d{8}$/.test(id) && !cpvs.has(id)) cpvs.set(id, out.text(o.description, 'classification.description'));
  };
  readCpv(tender.classification);
  out.list(tender.additionalClassifications, 'tender.additionalClassifications').forEach(readCpv);
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
  if (cpvs.size > 0) out.fact(['cpv'], out.capped([...cpvs], 'CPV codes').map(([code, d]) => (d ? { code, description: d } : { code })), 'field', cpvFields.join(', '));
  return { ...out, lightTouch: [...cpvs.keys()].some((code) => isLightTouchCpv(code, rules)) };
}

const CATEGORIES = ['goods', 'services', 'works'];
const OJEU_TYPES: Record<string, string> = { Products: 'goods', Services: 'services', Works: 'works' };

/** Light-touch by CPV code, else the category the notice gives, else the rules' assumption. */
export function contractTypeRule(n: Notice, lightTouch: boolean, rules: ImportRules): Found & { contractType: string } {
  const out = new Notes();
  const mainCategory = str(n.tender.mainProcurementCategory);
  const ojeuType = obj(n.tender.xClassifications)?.ojeuContractType;
  const fromMain = mainCategory !== undefined && CATEGORIES.includes(mainCategory);
  const category = fromMain ? mainCategory : typeof ojeuType === 'string' && Object.hasOwn(OJEU_TYPES, ojeuType) ? OJEU_TYPES[ojeuType] : undefined;
  const assumed = rules.ocds.contract_type_when_not_stated;
  const contractType = lightTouch ? 'light-touch' : category ?? assumed;
  out.fact(
    ['contract_type'],
    contractType,
    lightTouch ? 'heuristic' : category ? 'field' : 'default',
    lightTouch ? rules.ocds.light_touch.said_as : fromMain ? 'tender.mainProcurementCategory' : category ? 'tender.xClassifications.ojeuContractType' : `no category given; assumed ${assumed}`,
  );
  return { ...out, contractType };
}

export function serviceRule(n: Notice): Found {
  const out = new Notes();
  out.fact(['service'], n.description ? cutText(n.description, 200) : undefined, 'field', n.descriptionField ?? 'tender.description');
  return out;
}

/** Where the service is delivered: the items' delivery addresses (postcode, else locality, else region) and locations. */
export function deliveryLocationsRule(n: Notice): Found {
  const out = new Notes();
  const locations = new Set<string>();
  const locationFields = new Set<string>();
  for (const item of n.items) {
    for (const a of arr(item?.deliveryAddresses).map(obj)) {
      const place = out.text(a?.postalCode, 'items[].deliveryAddresses') ?? out.text(a?.locality, 'items[].deliveryAddresses') ?? out.text(a?.region, 'items[].deliveryAddresses');
      if (place) {
        locations.add(place);
        locationFields.add('tender.items[].deliveryAddresses');
      }
    }
    const loc = out.text(obj(item?.deliveryLocation)?.description, 'items[].deliveryLocation.description');
    if (loc) {
      locations.add(loc);
      locationFields.add('tender.items[].deliveryLocation.description');
    }
  }
  if (locations.size > 0) out.fact(['delivery_locations'], out.capped([...locations], 'delivery locations'), 'field', [...locationFields].join(', '));
  return out;
}
