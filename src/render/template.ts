/**
 * `kil init`: a commented contract template with every fact and every question, for people
 * who prefer to fill a file by hand. It is valid as it stands (kil assess gives a score with
 * everything unanswered), and every comment says what a line takes. Pure.
 */
import { factNamed } from '../facts/catalogue.js';
import type { RubricLibrary } from '../load/library.js';
import { CONTRACT_FORMAT_VERSION } from '../model/contract.js';
import type { Question } from '../model/rubric.js';
import { plainText } from './text.js';

const FACT_LINES = `kil: ${CONTRACT_FORMAT_VERSION}                              # the contract file format version
procurement:
  title: Untitled procurement                 # required: change this
  # reference: ABC-2026-001                   # your own reference
  buyer:
    name: Your council                        # required: change this
    type: sub-central                         # required: sub-central (councils) | central (central government, NHS trusts)
    nation: england                           # required: england | wales | scotland | northern-ireland
  # service: What the service does, in a line
  contract_type: services                     # required: goods | services | light-touch (people services) | works | concession
  # place:
  #   name: The place it serves
  #   neighbourhoods: [North, Central, South] # wards, primary care network areas or localities
  # value:
  #   amount: 1800000                         # in pounds, not negative
  #   currency: GBP
  #   vat: included                           # included | excluded | exempt
  #   includes_extensions: true               # does the amount cover the extension options?
  # procurement_start: 2026-03-01             # YYYY-MM-DD: decides which thresholds apply
  # start_date: 2026-09-01                    # YYYY-MM-DD: when the contract starts
  # duration:
  #   initial_months: 36
  #   extension_months: 24
  # lots:                                     # one entry per lot; an unlotted contract is one lot
  #   - { id: north, neighbourhood: North, value: 600000 }
  # single_lot_reasons_published: false       # one lot: are the reasons for not dividing it published?
  # max_lots_per_bidder: 1                    # a cap on how many lots one bidder can win
  # procedure: open                           # open | competitive-flexible | direct-award | framework-call-off | dynamic-market | quotes | grant | psr-direct-award | psr-most-suitable-provider | psr-competitive
  # evaluation:                               # the three percentages add up to 100
  #   price_pct: 40
  #   quality_pct: 45
  #   social_value_pct: 15
  #   quality_questions: 8
  # tender_window_days: 35                    # days bidders have to respond
  # expected_local_spend_pct: 60              # % of the value expected to go to suppliers in the area
  # local_orgs_engaged: 5                     # local VCSEs and SMEs engaged before the market opened
  # reservation: none                         # below threshold: none | uk | local-area
  # sme_vcse_only: false                      # below threshold: reserved to SMEs and VCSEs?
  # prequalification: false                   # is there a pre-qualification (suitability) stage?
  # max_turnover_multiple: 2                  # minimum turnover asked of bidders ÷ annual value; 0 for none
  # payment:
  #   mechanism: block                        # block | cost-and-volume | part-payment-by-results | payment-by-results | grant
  #   terms_days: 30
  #   full_cost_recovery: true
  #   annual_uplift: true
  # options_appraisal_done: true              # were grant, alliance, PSR or below-threshold routes appraised?
`;

function allowed(q: Question): string {
  const na = q.not_applicable ? ` | n/a (${plainText(q.not_applicable)})` : '';
  switch (q.type) {
    case 'yes_no':
      return `yes | partly | no${na}`;
    case 'maturity':
      return `a level 0-4${na}\n${q.levels.map((d, i) => `  #     ${i}: ${plainText(d)}`).join('\n')}`;
    case 'choice':
      return `${q.options.map((o) => o.value).join(' | ')}${na}`;
    case 'number':
      return `a number in ${plainText(q.unit)}, ${q.range.min} or more${q.range.max !== undefined ? ` up to ${q.range.max}` : ''}${na}`;
  }
}

export function renderTemplate(library: RubricLibrary): string {
  const out: string[] = [
    '# kil contract file. Fill in what you know; leave the rest as it is.',
    '# Replace null with an answer, e.g. "S1.2: yes", or add evidence: "S1.2: { value: yes, note: Mapped with the CVS }".',
    '# Check it and get the report with: kil assess THIS-FILE   (format: see "The contract file" in the README)',
    '',
    FACT_LINES.trimEnd(),
    '',
    'answers:',
  ];
  for (const { rubric } of library.rubrics) {
    out.push(`  # ${plainText(rubric.title)} (${plainText(rubric.id)} ${plainText(rubric.version)})`);
    for (const area of rubric.areas) {
      out.push(`  # ── ${plainText(area.title)}`);
      for (const q of area.questions) {
        out.push(`  # ${q.id} ${plainText(q.prompt)}`);
        if (q.derive !== undefined) {
          out.push(`  #   worked out from the facts: ${plainText(factNamed(q.derive)?.description ?? q.derive)}; answer it only if you cannot give them`);
          out.push(`  #   answer: ${allowed(q)}`);
          out.push(`  # ${q.id}: null`);
        } else {
          out.push(`  #   answer: ${allowed(q)}`);
          out.push(`  ${q.id}: null`);
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}
