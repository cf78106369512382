/**
 * The indicators of a buyer profile: what each means, its unit and the contract fields it rests
 * on. The words here are the outputs' and docs/profile.md's. Pure data.
 */

export const INDICATORS = [
  {
    id: 'above_threshold_value',
    label: 'Value in contracts at or above the threshold',
    unit: '%',
    definition: 'value of the contracts at or above the procurement threshold that applies to them, as a share of the value of the contracts where both the value and the threshold are known',
    source: 'procurement.value, duration, buyer, contract_type, procurement_start (the threshold kil applies, from the policy file)',
    /** Said of the contracts it rests on, instead of "publish it". */
    restsOn: 'have a value and a threshold kil knows',
  },
  {
    id: 'above_size_value',
    label: "Value in contracts above Locality's size",
    unit: '%',
    definition: "value of the contracts whose largest lot (whole life, excluding VAT, as question S4.1 measures it) is above the size only a large organisation can carry (from S4.1's bands), as a share of the value of the contracts with a value",
    source: 'procurement.value, lots[].value, duration; rubric question S4.1',
  },
  {
    id: 'lots_used',
    label: 'Contracts divided into lots',
    unit: '%',
    definition: 'contracts with two or more lots, as a share of the contracts that list their lots',
    source: 'procurement.lots',
  },
  {
    id: 'sme_awards',
    label: 'Supplier awards to SMEs, by count',
    unit: '%',
    definition: 'supplier awards (each supplier named on a contract) to a micro, small or medium enterprise, as a share of the supplier awards whose size is published',
    source: 'procurement.suppliers[].scale',
  },
  {
    id: 'sme_value',
    label: 'Value awarded to SMEs',
    unit: '%',
    definition: "the awarded value of each contract shared equally among its suppliers; the SMEs' part as a share of the part of suppliers whose size is published",
    source: 'procurement.awarded_value, suppliers[].scale',
  },
  {
    id: 'vcse_awards',
    label: 'Supplier awards to VCSEs, by count',
    unit: '%',
    definition: 'supplier awards to voluntary, community or social enterprises, as a share of the supplier awards that say whether the supplier is one',
    source: 'procurement.suppliers[].vcse',
  },
  {
    id: 'vcse_value',
    label: 'Value awarded to VCSEs',
    unit: '%',
    definition: "the awarded value of each contract shared equally among its suppliers; the VCSEs' part as a share of the part of suppliers that say whether they are one",
    source: 'procurement.awarded_value, suppliers[].vcse',
  },
  {
    id: 'local_authority_awards',
    label: "Supplier awards in the buyer's own area",
    unit: '%',
    definition:
      "supplier awards to a supplier in the buyer's local authority, as a share of those where both the buyer's and the supplier's postcodes are known; without a postcode table, the same postcode district (CR0) stands in for the same authority",
    source: 'procurement.buyer.postcode, suppliers[].postcode',
  },
  {
    id: 'local_region_awards',
    label: "Supplier awards in the buyer's region",
    unit: '%',
    definition:
      "supplier awards to a supplier in the buyer's region, as a share of those where both postcodes are known; without a postcode table, the same postcode area (CR), which is smaller than a region, stands in for it",
    source: 'procurement.buyer.postcode, suppliers[].postcode',
  },
  {
    id: 'tender_window_median',
    label: 'Median tender window',
    unit: 'days',
    definition: 'the median of the days bidders had to respond (the mean of the middle two for an even count)',
    source: 'procurement.tender_window_days',
  },
  {
    id: 'single_bids',
    label: 'Contracts with a single tender',
    unit: '%',
    definition: "contracts that received one tender (Cardinal's red flag R018, single bid), as a share of the contracts that publish how many tenders they received",
    source: 'procurement.tenderers',
  },
  {
    id: 'duration_median',
    label: 'Median contract length',
    unit: 'months',
    definition: 'the median length including extension options (the mean of the middle two for an even count)',
    source: 'procurement.duration.initial_months + extension_months',
  },
  {
    id: 'direct_awards',
    label: 'Contracts let by direct award',
    unit: '%',
    definition: 'contracts whose procedure is a direct award (direct-award or psr-direct-award), as a share of the contracts that publish their procedure',
    source: 'procurement.procedure',
  },
  {
    id: 'direct_award_value',
    label: 'Value let by direct award',
    unit: '%',
    definition: 'value of the direct awards as a share of the value of the contracts that publish both their procedure and a value',
    source: 'procurement.procedure, value',
  },
] as const;

export type IndicatorId = (typeof INDICATORS)[number]['id'];
export type IndicatorDefinition = (typeof INDICATORS)[number];

/** Procedures counted as direct awards. A call-off from a framework is not one. */
export const DIRECT_AWARD_PROCEDURES: ReadonlySet<string> = new Set(['direct-award', 'psr-direct-award']);

export const PERCENTILE_DEFINITION =
  "a buyer's percentile for an indicator is the share of its peers (other buyers of the same kind in the same input, each with at least the minimum number of contracts and the indicator published) whose value is lower, counting peers with the same value as half; 0 means every peer is higher, 100 every peer lower. It says where the buyer stands, not whether higher is better.";
