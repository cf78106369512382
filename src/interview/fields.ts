/**
 * The procurement facts the interview asks for, in the order of the contract file format, and
 * how typed text becomes a value. Pure. These are fields of the file format (defined by the
 * contract schema), not rubric content; the rubric questions come from the YAML.
 */
import { NationSchema, PaymentMechanismSchema, ProcedureSchema } from '../model/contract.js';

export type FieldPath = readonly string[];

export interface Choice {
  value: string | number | boolean;
  name: string;
}

interface FieldBase {
  path: FieldPath;
  label: string;
  help?: string;
  /** Required facts cannot be left "not sure yet": kil cannot assess without them. */
  required?: boolean;
  /** Required once the first field of its group (e.g. value.amount) has an answer. */
  requiredInGroup?: boolean;
  /** Describes the contract but feeds no answer: asked once, not again when resuming. */
  informational?: boolean;
  /** Matters only below the procurement threshold: not asked when the facts show it is above. */
  belowThresholdOnly?: boolean;
}

export type Field =
  | (FieldBase & { kind: 'text' })
  | (FieldBase & { kind: 'list' })
  | (FieldBase & { kind: 'date' })
  | (FieldBase & { kind: 'number'; unit: string; min: number; max?: number; integer?: boolean })
  | (FieldBase & { kind: 'choice'; choices: readonly Choice[] });

const options = (values: readonly string[]): Choice[] => values.map((v) => ({ value: v, name: v }));
const yesNo: Choice[] = [
  { value: true, name: 'Yes' },
  { value: false, name: 'No' },
];

export const FACT_FIELDS: readonly Field[] = [
  { path: ['title'], label: 'Title of the procurement', kind: 'text', required: true },
  { path: ['buyer', 'name'], label: 'Buyer (the council or public body)', kind: 'text', required: true },
  { path: ['buyer', 'type'], label: 'Kind of buyer', kind: 'choice', required: true, choices: [
      { value: 'sub-central', name: 'sub-central: a council or other local authority' },
      { value: 'central', name: 'central: central government or an NHS trust' },
    ], help: 'This decides which procurement threshold applies.' },
  { path: ['buyer', 'nation'], label: 'Nation', kind: 'choice', required: true, choices: options(NationSchema.options) },
  { path: ['contract_type'], label: 'Kind of contract', kind: 'choice', required: true, choices: [
      { value: 'light-touch', name: 'light-touch: social, health, education and other people services' },
      { value: 'services', name: 'services' },
      { value: 'goods', name: 'goods' },
      { value: 'works', name: 'works' },
      { value: 'concession', name: 'concession' },
    ] },
  { path: ['service'], label: 'What the service does, in a line', kind: 'text', informational: true },
  { path: ['reference'], label: 'Your reference for it', kind: 'text', informational: true },
  { path: ['place', 'name'], label: 'The place it serves (e.g. the borough)', kind: 'text' },
  { path: ['place', 'neighbourhoods'], label: 'Its neighbourhoods, separated by commas', kind: 'list', help: 'Wards, primary care network areas or localities.' },
  { path: ['value', 'amount'], label: 'Estimated value in pounds', kind: 'number', unit: '£', min: 0, help: 'The whole value; say next whether it includes VAT and extension options.' },
  { path: ['value', 'vat'], label: 'Does that value include VAT?', kind: 'choice', requiredInGroup: true, choices: [
      { value: 'included', name: 'included' },
      { value: 'excluded', name: 'excluded (kil adds VAT)' },
      { value: 'exempt', name: 'exempt' },
    ] },
  { path: ['value', 'includes_extensions'], label: 'Does that value cover the extension options?', kind: 'choice', requiredInGroup: true, choices: yesNo },
  { path: ['procurement_start'], label: 'When the procurement starts (YYYY-MM-DD)', kind: 'date', help: 'This decides which thresholds apply.' },
  { path: ['start_date'], label: 'When the contract starts (YYYY-MM-DD)', kind: 'date' },
  { path: ['duration', 'initial_months'], label: 'Initial contract length', kind: 'number', unit: 'months', min: 1, integer: true },
  { path: ['duration', 'extension_months'], label: 'Extension options, all together', kind: 'number', unit: 'months', min: 0, integer: true },
  { path: ['procedure'], label: 'Procedure', kind: 'choice', choices: options(ProcedureSchema.options) },
  { path: ['evaluation', 'price_pct'], label: 'Price weighting', kind: 'number', unit: '%', min: 0, max: 100 },
  { path: ['evaluation', 'quality_pct'], label: 'Quality weighting', kind: 'number', unit: '%', min: 0, max: 100, requiredInGroup: true },
  { path: ['evaluation', 'social_value_pct'], label: 'Social value weighting', kind: 'number', unit: '%', min: 0, max: 100, requiredInGroup: true, help: 'Price, quality and social value must add up to 100%.' },
  { path: ['evaluation', 'quality_questions'], label: 'Number of quality questions bidders answer', kind: 'number', unit: 'questions', min: 0, integer: true },
  { path: ['tender_window_days'], label: 'Days bidders have to respond', kind: 'number', unit: 'days', min: 0, integer: true },
  { path: ['expected_local_spend_pct'], label: 'Share of the value expected to go to suppliers in the area', kind: 'number', unit: '%', min: 0, max: 100 },
  { path: ['local_orgs_engaged'], label: 'Local VCSEs and small businesses engaged before the market opened', kind: 'number', unit: 'organisations', min: 0, integer: true },
  { path: ['reservation'], belowThresholdOnly: true, label: 'Below threshold: is the competition reserved?', kind: 'choice', choices: [
      { value: 'none', name: 'none' },
      { value: 'uk', name: 'uk: to UK suppliers' },
      { value: 'local-area', name: 'local-area: to the area and bordering counties' },
    ] },
  { path: ['sme_vcse_only'], belowThresholdOnly: true, label: 'Below threshold: is it reserved to SMEs and VCSEs?', kind: 'choice', choices: yesNo },
  { path: ['prequalification'], belowThresholdOnly: true, label: 'Is there a pre-qualification (suitability) stage?', kind: 'choice', choices: yesNo },
  { path: ['max_turnover_multiple'], label: 'Minimum turnover asked of bidders, as a multiple of the annual value (0 for none)', kind: 'number', unit: '× annual value', min: 0 },
  { path: ['payment', 'mechanism'], label: 'How the provider is paid', kind: 'choice', choices: options(PaymentMechanismSchema.options) },
  { path: ['payment', 'terms_days'], label: 'Days to pay an invoice', kind: 'number', unit: 'days', min: 0, integer: true },
  { path: ['payment', 'full_cost_recovery'], label: 'Are overheads funded (full cost recovery)?', kind: 'choice', choices: yesNo },
  { path: ['payment', 'annual_uplift'], label: 'Is the price raised each year (annual uplift)?', kind: 'choice', choices: yesNo },
  { path: ['options_appraisal_done'], label: 'Were grant, alliance, PSR or below-threshold routes appraised before choosing to tender?', kind: 'choice', choices: yesNo },
];

/** Values the file format fixes, filled in when their group starts rather than asked. */
export const AUTOMATIC_FACTS: readonly { path: FieldPath; when: FieldPath; value: unknown }[] = [
  { path: ['value', 'currency'], when: ['value', 'amount'], value: 'GBP' },
];

/** The first field of a group (value.amount for value.vat): without it the group is skipped. */
export function groupHead(field: Field): FieldPath | undefined {
  if (field.path.length < 2) return undefined;
  const head = FACT_FIELDS.find((f) => f.path.length === field.path.length && f.path[0] === field.path[0]);
  return head && head !== field ? head.path : undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A number typed by a person: "1,800,000", "£1.8m", "35" or "12.5%". Returns a clear reason
 * when it is not a number in range, so the prompt can ask again.
 */
export function parseNumber(text: string, rule: { unit: string; min: number; max?: number; integer?: boolean }): Parsed<number> {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '').replace(/%$/, '').trim();
  const millions = /^(-?\d+(?:\.\d+)?)\s*m$/i.exec(cleaned);
  const thousands = /^(-?\d+(?:\.\d+)?)\s*k$/i.exec(cleaned);
  const n = millions ? Number(millions[1]) * 1_000_000 : thousands ? Number(thousands[1]) * 1_000 : cleaned === '' ? NaN : Number(cleaned);
  const unit = rule.unit === '£' ? 'pounds' : rule.unit;
  if (!Number.isFinite(n)) return { ok: false, error: `Type a number in ${unit}, e.g. ${rule.unit === '£' ? '1800000 or 1.8m' : rule.min + 5}` };
  if (rule.integer && !Number.isInteger(n)) return { ok: false, error: `Type a whole number of ${unit}` };
  if (n < rule.min) return { ok: false, error: rule.min === 0 ? `It cannot be negative` : `It must be at least ${rule.min} ${unit}` };
  if (rule.max !== undefined && n > rule.max) return { ok: false, error: `It must be at most ${rule.max} ${unit}` };
  return { ok: true, value: Math.round(n * 1e6) / 1e6 };
}

export function parseDate(text: string): Parsed<string> {
  const t = text.trim();
  const d = new Date(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t) {
    return { ok: false, error: 'Type a real date as YYYY-MM-DD, e.g. 2026-04-01' };
  }
  return { ok: true, value: t };
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
