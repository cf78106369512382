// A national-size input for `kil profile`, made from contract files `kil import ocds` wrote for
// the real notices: each generated contract is one of them with its buyer, values, procedure,
// lots, suppliers, postcodes and dates varied by a seeded generator, so a run is repeatable.
// Used by test/profile.test.ts (3,000 contracts) and scripts/bench-profile.mjs (any size).
// Every buyer is in England, so that the test's own threshold table (from rubrics/policy.yaml)
// stays small; the kinds of buyer cover every tier kil tells apart by name.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['Ashby', 'Brookfield', 'Castleton', 'Dunmere', 'Eastwick', 'Fairhaven', 'Glenmoor', 'Highbury', 'Ivybridge', 'Kingsmead', 'Longford', 'Millbrook', 'Northgate', 'Oakley', 'Penfold', 'Queensbury', 'Redcliffe', 'Stonebridge', 'Thornbury', 'Upton', 'Westmoor', 'Yarrow'];
const AREAS = ['AB', 'B', 'BS', 'CR', 'DH', 'EX', 'GL', 'HU', 'LE', 'LS', 'M', 'NE', 'NN', 'PE', 'S', 'SR', 'TA', 'TN', 'WN', 'YO'];
/** [kind kil should find, name pattern, buyer type]. */
const KINDS = [
  ['county', (p) => `${p}shire County Council`, 'sub-central'],
  ['district', (p) => `${p} District Council`, 'sub-central'],
  ['metropolitan', (p) => `${p} Metropolitan Borough Council`, 'sub-central'],
  ['london-borough', (p) => `London Borough of ${p}`, 'sub-central'],
  ['council-tier-not-shown', (p) => `${p} Borough Council`, 'sub-central'],
  ['council-tier-not-shown', (p) => `${p} City Council`, 'sub-central'],
  ['parish-town', (p) => `${p} Town Council`, 'sub-central'],
  ['nhs', (p) => `NHS ${p} Integrated Care Board`, 'central'],
  ['central', (p) => `Department for ${p} Affairs`, 'central'],
  ['other-local', (p) => `${p} Fire and Rescue Authority`, 'sub-central'],
];
const PROCEDURES = ['open', 'competitive-flexible', 'direct-award', 'framework-call-off', 'dynamic-market', 'quotes', 'psr-direct-award', 'grant'];
const SCALES = ['micro', 'small', 'medium', 'sme', 'large', 'large', undefined];
const VATS = ['included', 'excluded', 'exempt'];

const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];
const int = (rnd, lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pad = (n) => String(n).padStart(2, '0');
const letters = 'ABDEFGHJLNPQRSTUWXYZ';
const inward = (rnd) => `${int(rnd, 1, 9)}${pick(rnd, [...letters])}${pick(rnd, [...letters])}`;
const day = (rnd, fromYear, toYear) => `${int(rnd, fromYear, toYear)}-${pad(int(rnd, 1, 12))}-${pad(int(rnd, 1, 28))}`;

/** `buyers` buyers of every kind, each with a postcode district (a tenth without a postcode). */
export function makeBuyers(rnd, buyers) {
  const out = [];
  for (let i = 0; i < buyers; i++) {
    const [kind, name, type] = KINDS[i % KINDS.length];
    const place = `${PLACES[i % PLACES.length]}${i >= PLACES.length ? ` ${Math.floor(i / PLACES.length) + 1}` : ''}`;
    const area = pick(rnd, AREAS);
    const district = `${area}${int(rnd, 1, 30)}`;
    out.push({ name: name(place), kind, type, district, postcode: rnd() < 0.9 ? `${district} ${inward(rnd)}` : undefined });
  }
  return out;
}

/** A supplier's postcode: often in the buyer's district, sometimes its area, sometimes far away, sometimes none. */
function supplierPostcode(rnd, buyer) {
  const r = rnd();
  if (r < 0.4) return `${buyer.district} ${inward(rnd)}`;
  const area = buyer.district.replace(/\d+$/, '');
  if (r < 0.6) return `${area}${int(rnd, 31, 60)} ${inward(rnd)}`;
  if (r < 0.9) return `${pick(rnd, AREAS.filter((a) => a !== area))}${int(rnd, 1, 30)} ${inward(rnd)}`;
  return undefined;
}

/**
 * `contracts` contract documents (plain objects, as the YAML will hold them) over the buyers:
 * every buyer has at least one, and a few have many (so some are below --min-contracts).
 */
export function makeContracts(rnd, templates, buyers, contracts) {
  const out = [];
  for (let i = 0; i < contracts; i++) {
    const b = i < buyers.length ? i : Math.floor(rnd() ** 1.6 * buyers.length);
    const buyer = buyers[b];
    const doc = structuredClone(templates[i % templates.length]);
    const p = doc.procurement;
    p.title = `${p.title} (${i + 1})`;
    p.buyer = { name: buyer.name, type: buyer.type, nation: 'england', ...(buyer.postcode ? { postcode: buyer.postcode } : {}) };
    p.contract_type = pick(rnd, ['services', 'services', 'goods', 'light-touch', 'works']);
    delete p.evaluation;
    delete p.award_criteria;
    const initial = int(rnd, 6, 60);
    if (rnd() < 0.9) p.duration = { initial_months: initial, extension_months: pick(rnd, [0, 0, 12, 24]) };
    else delete p.duration;
    if (rnd() < 0.9) {
      const amount = Math.round(10 ** (3 + rnd() * 4.3));
      p.value = { amount, currency: 'GBP', vat: pick(rnd, VATS), includes_extensions: rnd() < 0.6 };
      const lots = rnd();
      if (lots < 0.3) delete p.lots;
      else if (lots < 0.7) p.lots = [{ id: '1', value: amount }];
      else {
        const n = int(rnd, 2, 5);
        const shares = Array.from({ length: n }, () => 1 + rnd());
        const sum = shares.reduce((s, x) => s + x, 0);
        p.lots = shares.map((x, k) => ({ id: String(k + 1), value: Math.round((amount * x) / sum) }));
      }
    } else {
      delete p.value;
      if (rnd() < 0.5) p.lots = [{ id: '1' }];
      else delete p.lots;
    }
    if (rnd() < 0.92) p.procedure = pick(rnd, PROCEDURES);
    else delete p.procedure;
    if (rnd() < 0.6) p.tender_window_days = int(rnd, 10, 60);
    else delete p.tender_window_days;
    if (rnd() < 0.5) p.tenderers = pick(rnd, [0, 1, 1, 2, 3, 5, 8]);
    else delete p.tenderers;
    delete p.procurement_start;
    delete p.start_date;
    const dated = rnd();
    if (dated < 0.7) p.procurement_start = day(rnd, 2022, 2026);
    else if (dated < 0.9) p.start_date = day(rnd, 2022, 2026);
    p.source = { ...(p.source ?? {}), published: day(rnd, 2022, 2026) };
    if (dated >= 0.95) delete p.source.published;
    if (rnd() < 0.75) {
      const n = int(rnd, 1, 5);
      p.suppliers = Array.from({ length: n }, (_, k) => {
        const s = { name: `Supplier ${i + 1}-${k + 1}` };
        const scale = pick(rnd, SCALES);
        if (scale) s.scale = scale;
        const vcse = rnd();
        if (vcse < 0.3) s.vcse = true;
        else if (vcse < 0.8) s.vcse = false;
        const postcode = supplierPostcode(rnd, buyer);
        if (postcode) s.postcode = postcode;
        return s;
      });
      if (rnd() < 0.75) p.awarded_value = Math.round(10 ** (3 + rnd() * 4));
      else delete p.awarded_value;
    } else {
      delete p.suppliers;
      delete p.awarded_value;
    }
    out.push({ file: `c${String(i + 1).padStart(6, '0')}.yaml`, buyer: b, doc });
  }
  return out;
}

/** Write the contracts into `dir` (one folder per thousand files); returns them with their paths. */
export function writeContracts(dir, contracts) {
  for (const c of contracts) {
    const sub = join(dir, c.file.slice(0, 4));
    mkdirSync(sub, { recursive: true });
    c.path = join(sub, c.file);
    writeFileSync(c.path, stringify(c.doc));
  }
  return contracts;
}

/** Everything at once: the buyers and the contracts, written into `dir`. */
export function generateInput({ dir, templates, contracts, buyers, seed = 20261205 }) {
  const rnd = random(seed);
  const madeBuyers = makeBuyers(rnd, buyers);
  return { buyers: madeBuyers, contracts: writeContracts(dir, makeContracts(rnd, templates, madeBuyers, contracts)) };
}
