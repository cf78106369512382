/**
 * The contract file format: the procurement's facts plus the commissioner's answers.
 * This zod schema is the single source of the contract types.
 */
import * as z from 'zod/mini';
import { Id, Text } from './common.js';
import { fact } from './field-meta.js';
import { IsoDate } from './iso-date.js';

export const CONTRACT_FORMAT_VERSION = 1;

export const NationSchema = z.enum(['england', 'wales', 'scotland', 'northern-ireland']);
export type Nation = z.infer<typeof NationSchema>;
/** NHS trusts count as central government for thresholds (PA23 Schedule 1). */
export const BuyerTypeSchema = z.enum(['sub-central', 'central']);
export type BuyerType = z.infer<typeof BuyerTypeSchema>;
export const ContractTypeSchema = z.enum(['goods', 'services', 'light-touch', 'works', 'concession']);
export type ContractType = z.infer<typeof ContractTypeSchema>;
export const ProcedureSchema = z.enum([
  'open',
  'competitive-flexible',
  'direct-award',
  'framework-call-off',
  'dynamic-market',
  'quotes',
  'grant',
  'psr-direct-award',
  'psr-most-suitable-provider',
  'psr-competitive',
]);
export const PaymentMechanismSchema = z.enum(['block', 'cost-and-volume', 'part-payment-by-results', 'payment-by-results', 'grant']);
export const ReservationSchema = z.enum(['none', 'uk', 'local-area']);

/** £1 trillion: far beyond any public contract, and far from where sums overflow to Infinity. */
export const MAX_MONEY = 1e12;
const Money = z.number().check(z.gte(0, 'must not be negative'), z.lte(MAX_MONEY, 'is larger than any public contract (over £1 trillion); check the number'));
const Pct = z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100'));
const Count = z.int('must be a whole number').check(z.gte(0, 'must not be negative'));
const Months = z.int('must be a whole number of months');
const YesNo = z.boolean();

// Each field below carries what people need to know about it (field-meta.ts): the interview, the
// template, the JSON Schema, the table in docs/contract-file.md and the messages all come from here.

export const LotSchema = z.strictObject({
  id: fact(Text.clone(), { label: 'Lot id', example: 'north', help: 'A short name for the lot, unique in the file.' }),
  title: z.optional(fact(Text.clone(), { label: 'Lot title', example: 'North neighbourhood' })),
  neighbourhood: z.optional(
    fact(Text.clone(), { label: 'Neighbourhood the lot covers', example: 'North', help: 'Counts as aligned when it names one of place.neighbourhoods.' }),
  ),
  /** Left out when a notice does not give it. */
  value: z.optional(fact(Money.clone(), { label: 'Lot value', unit: 'pounds', example: 600000, help: 'On the same basis (VAT, extensions) as value.amount.' })),
});
export type Lot = z.infer<typeof LotSchema>;

export const ProcurementSchema = z.strictObject({
  title: fact(Text.clone(), { label: 'Title of the procurement', example: 'Community mental health support', starter: 'Untitled procurement' }),
  buyer: fact(
    z.strictObject({
      name: fact(Text.clone(), { label: 'Buyer', prompt: 'Buyer (the council or public body)', example: 'Example Borough Council', starter: 'Your council' }),
      type: fact(BuyerTypeSchema.clone(), {
        label: 'Kind of buyer',
        example: 'sub-central',
        help: 'This decides which procurement threshold applies.',
        choices: { 'sub-central': 'A council or other local authority', central: 'Central government or an NHS trust' },
      }),
      nation: fact(NationSchema.clone(), {
        label: 'Nation',
        example: 'england',
        help: 'The nation whose procurement law applies to the buyer.',
        choices: { england: 'England', wales: 'Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland' },
      }),
      postcode: z.optional(fact(Text.clone(), { label: "Buyer's postcode", example: 'EX1 1AA', ask: 'never' })),
      identifier: z.optional(
        fact(Text.clone(), {
          label: "Buyer's registered identifier",
          example: 'GB-COH-01234567',
          help: 'The scheme and the id, written as org-id.guide writes identifiers (GB-COH-…, GB-SRS-…, GB-PPON-…); kil import ocds copies it from the notice when the notice names the scheme. kil profile counts contracts whose buyers share one as one buyer, however the name is spelt.',
          ask: 'never',
        }),
      ),
    }),
    { label: 'The buyer' },
  ),
  contract_type: fact(ContractTypeSchema.clone(), {
    label: 'Kind of contract',
    example: 'light-touch',
    help: 'Light-touch covers social, health, education and other people services, which the procurement rules treat more lightly.',
    choices: {
      'light-touch': 'Light-touch: social, health, education and other people services',
      services: 'Services',
      goods: 'Goods',
      works: 'Works',
      concession: 'Concession',
    },
  }),
  service: z.optional(fact(Text.clone(), { label: 'What the service does', prompt: 'What the service does, in a line', example: 'Community mental-health support for adults', ask: 'new-file' })),
  reference: z.optional(fact(Text.clone(), { label: 'Your reference', prompt: 'Your reference for it', example: 'EBC-ASC-2026-014', ask: 'new-file' })),
  place: z.optional(
    fact(
      z.strictObject({
        name: fact(Text.clone(), { label: 'Place', prompt: 'The place it serves (e.g. the borough)', example: 'Example' }),
        neighbourhoods: z._default(
          fact(z.array(Text), {
            label: 'Neighbourhoods',
            prompt: 'Its neighbourhoods, separated by commas',
            example: ['North', 'Central', 'South'],
            help: 'Wards, primary care network areas or localities.',
          }),
          [],
        ),
      }),
      { label: 'The place the service is for' },
    ),
  ),
  value: z.optional(
    fact(
      z.strictObject({
        amount: fact(Money.clone(), {
          label: 'Estimated value',
          prompt: 'Estimated value in pounds',
          unit: 'pounds',
          example: 1800000,
          help: 'The whole value; say next whether it includes VAT and extension options.',
        }),
        currency: fact(z.literal('GBP', 'only GBP is supported: convert the value to pounds'), { label: 'Currency', example: 'GBP', ask: 'never' }),
        vat: fact(z.enum(['included', 'excluded', 'exempt']), {
          label: 'VAT',
          prompt: 'Does that value include VAT?',
          example: 'exempt',
          choices: { included: 'Included', excluded: 'Excluded (kil adds VAT)', exempt: 'Exempt' },
        }),
        /** Whether `amount` already covers every extension option, as PA23 valuation requires. */
        includes_extensions: fact(YesNo.clone(), {
          label: 'Covers the extension options',
          prompt: 'Does that value cover the extension options?',
          example: true,
          help: 'If not, kil scales the amount pro rata to cover them.',
        }),
      }),
      { label: 'The estimated value' },
    ),
  ),
  procurement_start: z.optional(
    fact(IsoDate.clone(), { label: 'Procurement start', prompt: 'When the procurement starts (YYYY-MM-DD)', example: '2026-03-01', date: true, help: 'This decides which thresholds apply.' }),
  ),
  start_date: z.optional(fact(IsoDate.clone(), { label: 'Contract start', prompt: 'When the contract starts (YYYY-MM-DD)', example: '2026-09-01', date: true })),
  duration: z.optional(
    fact(
      z.strictObject({
        initial_months: fact(Months.check(z.gte(1, 'must be at least 1'), z.lte(1200, 'must be at most 1200 (100 years)')), {
          label: 'Initial contract length',
          unit: 'months',
          example: 36,
        }),
        extension_months: z._default(
          fact(Count.clone().check(z.lte(1200, 'must be at most 1200 (100 years)')), { label: 'Extension options, all together', unit: 'months', example: 24 }),
          0,
        ),
      }),
      { label: 'The contract length' },
    ),
  ),
  lots: z.optional(
    fact(z.array(LotSchema), {
      label: 'Lots',
      example: [{ id: 'north', neighbourhood: 'North', value: 600000 }],
      help: 'One entry per lot; an unlotted contract is one lot.',
      ask: 'lots',
    }),
  ),
  /** Published reasons for not dividing into lots (PA23 s.18). */
  single_lot_reasons_published: z.optional(
    fact(YesNo.clone(), { label: 'Reasons for one lot published', example: false, help: 'One lot: were the reasons for not dividing it into lots published?', ask: 'lots' }),
  ),
  max_lots_per_bidder: z.optional(
    fact(z.int('must be a whole number').check(z.gte(1, 'must be at least 1')), { label: 'Most lots one bidder can win', unit: 'lots', example: 1, ask: 'lots' }),
  ),
  procedure: z.optional(
    fact(ProcedureSchema.clone(), {
      label: 'Procedure',
      example: 'open',
      choices: {
        open: 'Open procedure',
        'competitive-flexible': 'Competitive flexible procedure',
        'direct-award': 'Direct award',
        'framework-call-off': 'Call-off from a framework',
        'dynamic-market': 'Dynamic market',
        quotes: 'Quotes (below threshold)',
        grant: 'Grant (not a procurement)',
        'psr-direct-award': 'Provider Selection Regime: direct award',
        'psr-most-suitable-provider': 'Provider Selection Regime: most suitable provider',
        'psr-competitive': 'Provider Selection Regime: competitive process',
      },
    }),
  ),
  evaluation: z.optional(
    fact(
      z
        .strictObject({
          price_pct: fact(Pct.clone(), { label: 'Price weighting', unit: '%', example: 40 }),
          quality_pct: fact(Pct.clone(), { label: 'Quality weighting', unit: '%', example: 45 }),
          social_value_pct: fact(Pct.clone(), { label: 'Social value weighting', unit: '%', example: 15, help: 'Price, quality and social value must add up to 100%.' }),
          quality_questions: z.optional(fact(Count.clone(), { label: 'Number of quality questions bidders answer', unit: 'questions', example: 8 })),
          resident_scored_pct: z.optional(
            fact(Pct.clone(), {
              label: 'Share of the evaluation scored by residents or service users',
              unit: '%',
              example: 10,
              help: 'A trained, paid panel of residents or people who use the service scores this part of the evaluation; 0 for none.',
            }),
          ),
        })
        .check(
          z.refine(
            (e) => Math.abs(e.price_pct + e.quality_pct + e.social_value_pct - 100) < 1e-9,
            'price_pct, quality_pct and social_value_pct must add up to 100',
          ),
        ),
      { label: 'The evaluation weightings', rule: 'price_pct, quality_pct and social_value_pct add up to 100' },
    ),
  ),
  tender_window_days: z.optional(fact(Count.clone(), { label: 'Days bidders have to respond', unit: 'days', example: 35 })),
  expected_local_spend_pct: z.optional(
    fact(Pct.clone(), { label: 'Expected local spend', prompt: 'Share of the value expected to go to suppliers in the area', unit: '%', example: 60 }),
  ),
  local_orgs_engaged: z.optional(
    fact(Count.clone(), { label: 'Local VCSEs and small businesses engaged before the market opened', unit: 'organisations', example: 5 }),
  ),
  local_bidders: z.optional(
    fact(Count.clone(), {
      label: 'Local organisations that could bid alone for the largest lot',
      prompt: 'How many local organisations could realistically bid alone for the largest lot?',
      unit: 'organisations',
      example: 3,
      help: "Locality's test for step 4: count those with the size and track record to deliver it. If none could, the contract is too big.",
    }),
  ),
  reservation: z.optional(
    fact(ReservationSchema.clone(), {
      label: 'Below-threshold reservation',
      prompt: 'Below threshold: is the competition reserved?',
      example: 'none',
      ask: 'below-threshold',
      choices: { none: 'Not reserved', uk: 'Reserved to UK suppliers', 'local-area': 'Reserved to the area and bordering counties' },
    }),
  ),
  sme_vcse_only: z.optional(
    fact(YesNo.clone(), { label: 'Reserved to SMEs and VCSEs', prompt: 'Below threshold: is it reserved to SMEs and VCSEs?', example: false, ask: 'below-threshold' }),
  ),
  prequalification: z.optional(
    fact(YesNo.clone(), { label: 'Pre-qualification stage', prompt: 'Is there a pre-qualification (suitability) stage?', example: false }),
  ),
  max_turnover_multiple: z.optional(
    fact(z.number().check(z.gte(0, 'must not be negative'), z.lte(1000, 'must be at most 1000 times the annual value')), {
      label: 'Minimum turnover asked, as a multiple of the annual value',
      prompt: 'Minimum turnover asked of bidders, as a multiple of the annual value (0 for none)',
      unit: '× annual value',
      example: 2,
    }),
  ),
  payment: z.optional(
    fact(
      z.strictObject({
        mechanism: fact(PaymentMechanismSchema.clone(), {
          label: 'How the provider is paid',
          example: 'block',
          choices: {
            block: 'Block payment',
            'cost-and-volume': 'Cost and volume',
            'part-payment-by-results': 'Part payment by results',
            'payment-by-results': 'Payment by results',
            grant: 'Grant funding',
          },
        }),
        terms_days: z.optional(fact(Count.clone(), { label: 'Days to pay an invoice', unit: 'days', example: 30 })),
        full_cost_recovery: z.optional(fact(YesNo.clone(), { label: 'Overheads funded (full cost recovery)', prompt: 'Are overheads funded (full cost recovery)?', example: true })),
        annual_uplift: z.optional(fact(YesNo.clone(), { label: 'Price raised each year (annual uplift)', prompt: 'Is the price raised each year (annual uplift)?', example: true })),
      }),
      { label: 'Payment' },
    ),
  ),
  options_appraisal_done: z.optional(
    fact(YesNo.clone(), {
      label: 'Options appraised before tendering',
      prompt: 'Were grant, alliance or other simpler routes appraised before choosing to tender?',
      example: true,
    }),
  ),
  // Facts published notices carry (kil import ocds fills them); recorded for the reader, not scored (yet).
  cpv: z.optional(
    fact(z.array(z.strictObject({ code: z.string().check(z.regex(/^\d{8}$/, 'must be an 8-digit CPV code')), description: z.optional(Text) })), {
      label: 'CPV codes',
      example: [{ code: '85312310', description: 'Guidance services' }],
      ask: 'never',
    }),
  ),
  suppliers: z.optional(
    fact(
      z.array(
        z.strictObject({
          name: Text,
          scale: z.optional(z.enum(['micro', 'small', 'medium', 'sme', 'large'])),
          vcse: z.optional(z.boolean()),
          postcode: z.optional(Text),
        }),
      ),
      { label: 'Suppliers awarded', example: [{ name: 'Example Advice Centre', scale: 'sme', vcse: true, postcode: 'EX1 2AB' }], ask: 'never' },
    ),
  ),
  suitable_for: z.optional(
    fact(z.strictObject({ sme: z.optional(z.boolean()), vcse: z.optional(z.boolean()) }), {
      label: 'Said to suit SMEs / VCSEs',
      example: { sme: true, vcse: true },
      ask: 'never',
    }),
  ),
  awarded_value: z.optional(fact(Money.clone(), { label: 'Value awarded', unit: 'pounds', example: 1750000, ask: 'never' })),
  tenderers: z.optional(
    fact(Count.clone(), {
      label: 'Tenders received',
      unit: 'tenders',
      example: 4,
      help: 'How many tenders (bids) were received, as the award notice publishes it; 1 is a single bid.',
      ask: 'never',
    }),
  ),
  delivery_locations: z.optional(fact(z.array(Text), { label: 'Where the work happens', example: ['North', 'EX1'], ask: 'never' })),
  award_criteria: z.optional(
    fact(z.array(z.strictObject({ name: Text, type: z.enum(['price', 'cost', 'quality', 'social-value', 'other']), weight_pct: z.optional(Pct) })), {
      label: 'Award criteria as published',
      example: [{ name: 'Quality', type: 'quality', weight_pct: 50 }],
      ask: 'never',
    }),
  ),
  /** Where the facts came from, e.g. an OCDS notice. */
  source: z.optional(
    fact(z.strictObject({ ocid: z.optional(Text), notice: z.optional(Text), published: z.optional(Text), note: z.optional(Text) }), {
      label: 'Where the facts came from',
      example: { ocid: 'ocds-b5fd17-1234', published: '2026-02-01' },
      ask: 'never',
    }),
  ),
});
export type Procurement = z.infer<typeof ProcurementSchema>;

/**
 * An answer as written: the value (null means "not sure yet"), a note, and the evidence for it
 * (a document, link or reference). An answer with evidence counts as evidenced, one without as
 * asserted (see docs/scoring.md "Evidence").
 */
export const AnswerSchema = z.strictObject({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()], {
    error: 'must be a single answer (a word such as yes, or a number), or empty for "not sure yet"',
  }),
  note: z.optional(z.string()),
  evidence: z.optional(z.string()),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** `S1.2: yes` is shorthand for `S1.2: {value: yes}`; a bare null is "not sure yet". */
export const AnswerEntrySchema = z.pipe(
  z.transform((raw: unknown) => (raw === null || typeof raw !== 'object' || Array.isArray(raw) ? { value: raw } : raw)),
  AnswerSchema,
);

/** Where an action stands. A done action is never overdue. */
export const ActionStatusSchema = z.enum(['planned', 'in-progress', 'done']);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

/**
 * What the commissioner will do about a question's shortfall: the action plan, keyed by question
 * id like the answers. It records intent; it never changes a score (only the answers do).
 */
export const ActionSchema = z.strictObject({
  do: fact(Text.clone(), { label: 'What will be done', example: 'Agree the change with the service lead and rewrite the specification' }),
  owner: fact(Text.clone(), { label: 'Who owns it', example: 'Head of Commissioning', help: 'A name or a role: the person who answers for it.' }),
  due: z.optional(fact(IsoDate.clone(), { label: 'Due date', example: '2026-03-31', date: true, help: 'Overdue in the report when it is before the assessment date and the action is not done.' })),
  status: z._default(
    fact(ActionStatusSchema.clone(), {
      label: 'Status',
      example: 'planned',
      choices: { planned: 'Planned', 'in-progress': 'In progress', done: 'Done' },
    }),
    'planned',
  ),
  note: z.optional(fact(z.string(), { label: 'Note', example: 'Market engagement event booked for 12 March' })),
});
export type Action = z.infer<typeof ActionSchema>;

/** The supplier scales that are small and medium-sized enterprises (all but `large`). */
export const SME_SCALES: ReadonlySet<string> = new Set(['micro', 'small', 'medium', 'sme']);

export const ContractSchema = z.strictObject({
  kil: z.literal(CONTRACT_FORMAT_VERSION, `must be ${CONTRACT_FORMAT_VERSION} (the contract file format version)`),
  /** The rubric set that assesses the file, when not kil's own Keep it Local set (src/cli/rubric-choice.ts). */
  rubric_set: z.optional(
    fact(Id.clone(), {
      label: 'Rubric set',
      example: 'published-record',
      help: 'The rubric set that assesses this file: keep-it-local (the default, the self-assessment) or published-record (only the facts published notices carry; kil import ocds writes it). --rubrics or --rubric-set overrides it.',
      ask: 'never',
    }),
  ),
  /** The council profile (src/model/council.ts) answering the questions about the council. */
  council: z.optional(
    fact(Text.clone(), {
      label: 'Council profile',
      example: '../council.yaml',
      help: 'The council profile file (kil init council) that answers the questions about the council, as a path relative to this file. Answers here override it.',
      ask: 'never',
    }),
  ),
  procurement: ProcurementSchema,
  answers: z._default(z.record(z.string(), AnswerEntrySchema), {}),
  /** The action plan: what will be done about a question, by whom and when (see ActionSchema). */
  actions: z.optional(z.record(z.string(), ActionSchema)),
});
export type Contract = z.infer<typeof ContractSchema>;
