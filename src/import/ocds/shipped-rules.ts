/** The import rules kil ships with (moved to rubrics/policy.yaml next). */
import type { ImportRules } from '../../model/ocds-import.js';

export const SHIPPED_RULES: ImportRules = {
  vatRatePct: 20,
  ocds: {
    placeholder_amounts: [0, 0.01, 0.1, 1, 140],
    light_touch: { cpv_prefixes: ['85', '80', '7520', '7523', '7530', '9813', '79611', '79622', '79624', '79625'], said_as: 'a CPV code for health, social, education or community services' },
    contract_type_when_not_stated: 'services',
    vat_when_not_stated: {
      by_contract_type: { 'light-touch': { vat: 'exempt', because: 'as health, social and other light-touch services usually are (kil heuristic)' } },
      default: { vat: 'excluded', because: 'OCDS amounts are usually net' },
    },
    estimate_includes_extensions: true,
    buyer_type: {
      central_authority_words: ['ministry', 'national', 'federal'],
      central_by_name: { words: ['NHS'], endings: ['Trust'], because: 'an NHS body counts as central government for thresholds' },
      otherwise: { type: 'sub-central', because: 'no authority type in the notice; assumed a local authority, check' },
    },
    publishers: [
      { ocid_prefix: 'ocds-b5fd17', nation: 'england', name: 'Contracts Finder (England)' },
      { ocid_prefix: 'ocds-h6vhtk', nation: 'england', name: 'Find a Tender' },
      { ocid_prefix: 'ocds-r6ebe6', nation: 'scotland', name: 'Public Contracts Scotland' },
      { ocid_prefix: 'ocds-kuma6s', nation: 'wales', name: 'Sell2Wales' },
    ],
    nation_when_unknown: 'england',
  },
};
