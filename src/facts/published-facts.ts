/**
 * Facts a published notice carries (`kil import ocds` writes them into the contract file), for
 * the published-record rubric: how the competition was run and who won it. Each is computed
 * from the contract's fields only; a field the notice did not publish leaves the fact unknown,
 * never zero. How a fact scores is rubric data (rubrics/published-record/).
 */
import { ProcedureSchema, SME_SCALES, type Procurement } from '../model/contract.js';
import { choiceLabel, fieldAt } from '../model/field-table.js';
import { districtOf, normalisePostcode } from '../model/postcode.js';
import type { FactDefinition, FactValue } from './fact.js';

const known = (value: number | string, explanation: string): FactValue => ({ status: 'known', value, explanation });
const unknown = (...missing: string[]): FactValue => ({ status: 'unknown', missing: missing.map((m) => `procurement.${m}`) });
const pct = (part: number, whole: number): number => Math.round((part / whole) * 10000) / 100;

type Supplier = NonNullable<Procurement['suppliers']>[number];

/** The share of the awards whose supplier `test` can judge, that it says yes to; unknown when it can judge none. */
function supplierShare(p: Procurement, field: string, judge: (s: Supplier) => boolean | undefined, words: string): FactValue {
  const judged = (p.suppliers ?? []).map(judge).filter((x): x is boolean => x !== undefined);
  if (judged.length === 0) return unknown(p.suppliers && p.suppliers.length > 0 ? `suppliers[].${field}` : 'suppliers');
  const yes = judged.filter(Boolean).length;
  return known(pct(yes, judged.length), `${yes} of ${judged.length} supplier award${judged.length === 1 ? '' : 's'} ${words}`);
}

function suitability(p: Procurement, key: 'sme' | 'vcse', who: string): FactValue {
  const said = p.suitable_for?.[key];
  if (said === undefined) return unknown(`suitable_for.${key}`);
  return said ? known('yes', `the notice says it suits ${who}`) : known('no', `the notice says it does not suit ${who}`);
}

/** A postcode's district (CR0 for CR0 1EA), or undefined when the text is not a UK postcode. */
const districtOfText = (text: string | undefined): string | undefined => {
  const n = text === undefined ? undefined : normalisePostcode(text);
  return n === undefined ? undefined : districtOf(n);
};

export const PUBLISHED_FACTS: Readonly<Record<string, FactDefinition>> = {
  procedure: {
    kind: 'choice',
    options: ProcedureSchema.options,
    description: 'the procedure the contract was awarded by (procurement.procedure)',
    compute: ({ procurement: p }) => {
      if (p.procedure === undefined) return unknown('procedure');
      const field = fieldAt(['procedure']);
      return known(p.procedure, `the procedure: ${field ? choiceLabel(field, p.procedure) : p.procedure}`);
    },
  },
  lot_count: {
    kind: 'number',
    description: 'how many lots the contract is divided into (procurement.lots; a contract published with one lot is not divided)',
    compute: ({ procurement: p }) => {
      if (p.lots === undefined) return unknown('lots');
      const n = Math.max(1, p.lots.length);
      return known(n, n === 1 ? 'one lot: the contract is not divided' : `${n} lots`);
    },
  },
  tenderers: {
    kind: 'number',
    description: 'how many tenders were received (procurement.tenderers)',
    compute: ({ procurement: p }) =>
      p.tenderers === undefined ? unknown('tenderers') : known(p.tenderers, p.tenderers === 1 ? 'a single tender was received' : `${p.tenderers} tenders were received`),
  },
  suitable_for_sme: {
    kind: 'yes_no',
    description: 'whether the notice says the contract suits small and medium-sized enterprises (procurement.suitable_for.sme)',
    compute: ({ procurement: p }) => suitability(p, 'sme', 'SMEs'),
  },
  suitable_for_vcse: {
    kind: 'yes_no',
    description: 'whether the notice says the contract suits voluntary, community and social enterprises (procurement.suitable_for.vcse)',
    compute: ({ procurement: p }) => suitability(p, 'vcse', 'VCSEs'),
  },
  sme_award_pct: {
    kind: 'number',
    description: '% of the supplier awards whose size is published that went to an SME (procurement.suppliers[].scale)',
    compute: ({ procurement: p }) => supplierShare(p, 'scale', (s) => (s.scale === undefined ? undefined : SME_SCALES.has(s.scale)), 'went to an SME'),
  },
  vcse_award_pct: {
    kind: 'number',
    description: '% of the supplier awards whose status is published that went to a VCSE (procurement.suppliers[].vcse)',
    compute: ({ procurement: p }) => supplierShare(p, 'vcse', (s) => s.vcse, 'went to a VCSE'),
  },
  local_supplier_pct: {
    kind: 'number',
    description:
      "% of the supplier awards, where both postcodes are published, that went to a supplier in the buyer's postcode district (procurement.buyer.postcode, suppliers[].postcode): a first approximation of the buyer's own area",
    compute: ({ procurement: p }) => {
      const home = districtOfText(p.buyer.postcode);
      if (home === undefined) return unknown('buyer.postcode');
      const share = supplierShare(p, 'postcode', (s) => {
        const d = districtOfText(s.postcode);
        return d === undefined ? undefined : d === home;
      }, `went to a supplier in the buyer's postcode district (${home})`);
      return share;
    },
  },
};
