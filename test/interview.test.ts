/**
 * The interview flow with an injected prompt layer: a scripted person answers, real files are
 * written, and the results are checked by loading and scoring them as `kil assess` would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Draft } from '../src/cli/interview/draft.js';
import { runInterview } from '../src/cli/interview/interview.js';
import type { Picked, PromptChoice, Prompter, SelectOptions } from '../src/cli/interview/prompter.js';
import { parseDate, parseNumber } from '../src/interview/fields.js';
import { loadContract } from '../src/load/contract.js';
import { loadCouncil } from '../src/load/council.js';
import { renderTemplate } from '../src/render/template.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, exampleText, tempDir } from './helpers.js';

const library = builtInLibrary();

type Reply = string | ((choices: readonly PromptChoice<unknown>[]) => unknown);

/**
 * A person at the keyboard: `reply` decides what they type or pick for each prompt. Invalid
 * typed answers are re-asked, as the terminal does, using the next reply. At a list, "<" goes
 * back and a reply ending in "+" picks that answer and asks for a note (the + key).
 */
class ScriptedPerson implements Prompter {
  readonly asked: string[] = [];
  readonly rejected: string[] = [];
  /** The default each prompt offered, by message (the previous answer, when gone back to). */
  readonly defaults: { message: string; value: unknown }[] = [];
  constructor(private readonly reply: (message: string, kind: 'select' | 'input', attempt: number) => Reply) {}

  async select<T>(message: string, choices: readonly PromptChoice<T>[], options: SelectOptions<T> = {}): Promise<Picked<T>> {
    this.asked.push(message);
    if (options.default !== undefined) this.defaults.push({ message, value: options.default });
    const r = this.reply(message, 'select', 0);
    if (r === 'STOP') throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    if (r === 'default') return { value: options.default ?? choices[0]!.value };
    if (typeof r === 'function') return { value: r(choices) as T };
    if (r === '<') {
      const back = choices.find((c) => typeof c.value === 'symbol' && c.name.startsWith('← Back'));
      if (!back) throw new Error(`test script: no way back at "${message}"`);
      return { value: back.value };
    }
    const more = r.endsWith('+') && options.more === true;
    const wanted = more ? r.slice(0, -1) : r;
    const found = choices.find((c) => String(c.value) === wanted || c.name.toLowerCase().startsWith(wanted.toLowerCase()));
    if (!found) throw new Error(`test script: no choice "${r}" for "${message}" in ${choices.map((c) => c.name).join(' / ')}`);
    return { value: found.value, ...(more ? { more: true } : {}) };
  }

  async input(message: string, options: { default?: string; validate?: (text: string) => true | string } = {}): Promise<string> {
    this.asked.push(message);
    if (options.default !== undefined) this.defaults.push({ message, value: options.default });
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = this.reply(message, 'input', attempt);
      if (r === 'STOP') throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      const typed = typeof r === 'string' ? r : '';
      const text = typed === '' && options.default !== undefined ? options.default : typed;
      const verdict = options.validate ? options.validate(text) : true;
      if (verdict === true) return text;
      this.rejected.push(`${message} <- ${typed}: ${verdict}`);
    }
    throw new Error(`test script: "${message}" was never answered validly`);
  }
}

const first = (choices: readonly PromptChoice<unknown>[]) => choices.find((c) => !c.name.startsWith('Not sure'))!.value;

/** Facts for a mid-size lotted contract, by prompt label. */
const FACT_REPLIES: [RegExp, string][] = [
  [/^Buyer/, 'Example Borough Council'],
  [/^Kind of buyer/, 'sub-central'],
  [/^Nation/, 'england'],
  [/^Kind of contract/, 'light-touch'],
  [/^What the service does/, 'Community mental health'],
  [/^Your reference/, ''],
  [/^The place it serves/, 'Example'],
  [/^Its neighbourhoods/, 'North, Central, South'],
  [/^Estimated value/, '1.8m'],
  [/^Does that value include VAT/, 'exempt'],
  [/^Does that value cover/, 'true'],
  [/^When the procurement starts/, '2026-03-01'],
  [/^When the contract starts/, '2026-09-01'],
  [/^Initial contract length/, '36'],
  [/^Extension options/, '0'],
  [/^Procedure/, 'open'],
  [/^Price weighting/, '40'],
  [/^Quality weighting/, '50'],
  [/^Social value weighting/, '10'],
  [/^Number of quality questions/, '12'],
  [/^Share of the evaluation scored by residents/, ''], // left for now: S5.2 is then asked
  [/^Days bidders have/, '21'],
  [/^Share of the value/, '40'],
  [/^Number of local VCSEs/, '4'],
  [/^How many local organisations could realistically bid/, '3'],
  [/^Below threshold: is the competition reserved/, 'none'],
  [/^Below threshold: is it reserved to SMEs/, 'false'],
  [/^Is there a pre-qualification/, 'false'],
  [/^Minimum turnover/, '2'],
  [/^How the provider is paid/, 'block'],
  [/^Days to pay/, '30'],
  [/^Are overheads funded/, 'true'],
  [/^Is the price raised/, 'false'],
  [/^Were grant, alliance/, 'true'],
  [/^How many lots/, '3'],
  [/^Lot 1 of 3: which/, 'North'],
  [/^Lot 2 of 3: which/, 'Central'],
  [/^Lot 3 of 3: which/, 'None of these'],
  [/^Lot \d of 3: its value/, '600000'],
  [/^At most how many lots/, '3'],
];

function mentorReply(message: string, kind: 'select' | 'input'): Reply {
  for (const [pattern, reply] of FACT_REPLIES) if (pattern.test(message)) return reply;
  if (message.startsWith('Ready to write the report')) return 'report';
  if (kind === 'select') return first;
  return '3'; // number questions
}

/**
 * What mentorReply answers, written by hand as a commissioner would: the facts above, the
 * first real option of every choice (yes, or maturity level 0) and 3 for every number.
 */
const MENTOR_BY_HAND = `kil: 1
procurement:
  title: Community mental health support
  buyer: { name: Example Borough Council, type: sub-central, nation: england }
  contract_type: light-touch
  service: Community mental health
  place: { name: Example, neighbourhoods: [North, Central, South] }
  value: { amount: 1800000, currency: GBP, vat: exempt, includes_extensions: true }
  procurement_start: 2026-03-01
  start_date: 2026-09-01
  duration: { initial_months: 36, extension_months: 0 }
  procedure: open
  evaluation: { price_pct: 40, quality_pct: 50, social_value_pct: 10, quality_questions: 12 }
  tender_window_days: 21
  expected_local_spend_pct: 40
  local_orgs_engaged: 4
  local_bidders: 3
  prequalification: false
  max_turnover_multiple: 2
  payment: { mechanism: block, terms_days: 30, full_cost_recovery: true, annual_uplift: false }
  options_appraisal_done: true
  lots:
    - { id: lot-1, neighbourhood: North, value: 600000 }
    - { id: lot-2, neighbourhood: Central, value: 600000 }
    - { id: lot-3, value: 600000 }
  max_lots_per_bidder: 3
answers:
  S1.1: 0
  S1.2: yes
  S1.3: 0
  S2.2: yes
  S2.3: 0
  S2.4: yes
  S3.3: 0
  S5.1: 0
  S5.2: yes
  S5.3: yes
  P1.1: 0
  P1.2: yes
  P2.2: yes
  P2.3: 0
  P3.2: yes
  P3.3: yes
  P4.2: 3
  P4.3: yes
  P5.1: 0
  P5.3: yes
  P6.4: 0
`;

function newDraft(name = 'plan.yaml'): Draft {
  const draft = Draft.create(join(tempDir(), name));
  draft.set(['procurement', 'title'], 'Community mental health support');
  draft.save();
  return draft;
}

const loaded = (draft: Draft) => loadContract({ file: draft.path, text: readFileSync(draft.path, 'utf8') }, library);

describe('the interview', () => {
  it('asks the facts and every question that is not derived, and saves a valid contract file', async () => {
    const draft = newDraft();
    const person = new ScriptedPerson(mentorReply);
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false });

    const result = loaded(draft);
    expect(result.diagnostics).toEqual([]);
    const a = assess(library, result.contract!);
    expect(a.overall.coverage.unanswered).toBe(0);
    // Derived questions are shown in the review, never asked.
    const askedIds = person.asked.map((m) => /^([SP]\d\.\d) /.exec(m)?.[1]).filter(Boolean);
    expect(askedIds).not.toContain('S2.1');
    expect(askedIds).not.toContain('S4.1');
    // Locality's test is a fact now (procurement.local_bidders), asked once with the facts.
    expect(askedIds).not.toContain('S4.2');
    expect(askedIds).toContain('P4.2');
    expect(new Set(askedIds).size).toBe(21);
    expect(result.contract!.procurement.lots).toHaveLength(3);
    expect(result.contract!.procurement.value).toEqual({ amount: 1_800_000, currency: 'GBP', vat: 'exempt', includes_extensions: true });
  });

  it('gives the same score as the same answers written by hand', async () => {
    const draft = newDraft();
    await runInterview({ library, draft, prompter: new ScriptedPerson(mentorReply), say: () => undefined, mode: 'missing', resuming: false });
    const viaInterview = loaded(draft);
    expect(viaInterview.diagnostics).toEqual([]);
    const byHand = loadContract({ file: 'by-hand.yaml', text: MENTOR_BY_HAND }, library);
    expect(byHand.diagnostics).toEqual([]);
    expect(viaInterview.contract).toEqual(byHand.contract);
    const [i, h] = [assess(library, viaInterview.contract!), assess(library, byHand.contract!)];
    const scores = (a: typeof i) => a.rubrics.flatMap((r) => r.areas.flatMap((area) => area.questions.map((q) => [q.id, q.score])));
    expect(scores(i)).toEqual(scores(h));
    expect(i.overall.score).toBe(h.overall.score);
    expect(h.overall.score).toBe(61.4);
  });

  it('re-asks when a typed value is not valid, and says why', async () => {
    const draft = newDraft();
    const bad: Record<string, string[]> = {
      'Estimated value': ['-5', 'lots', '1.8m'],
      'When the procurement starts': ['2026-02-30', '1 March', '2026-03-01'],
      'Quality weighting': ['70', '50'],
      'How many local organisations': ['-1', '2.5', '3'],
    };
    const person = new ScriptedPerson((message, kind, attempt) => {
      for (const [key, replies] of Object.entries(bad)) if (message.startsWith(key)) return replies[Math.min(attempt, replies.length - 1)]!;
      return mentorReply(message, kind);
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false });
    expect(person.rejected).toEqual([
      'Estimated value in pounds (Enter to leave it for now) <- -5: It cannot be negative',
      'Estimated value in pounds (Enter to leave it for now) <- lots: This field is in pounds; type e.g. 650000, £650,000 or 650k',
      'When the procurement starts (YYYY-MM-DD) (Enter to leave it for now) <- 2026-02-30: Type a real date, e.g. 2026-04-01 or 1/4/2026 (day first)',
      'When the procurement starts (YYYY-MM-DD) (Enter to leave it for now) <- 1 March: Type a real date, e.g. 2026-04-01 or 1/4/2026 (day first)',
      'Quality weighting, in % <- 70: Price 40% + quality 70% is 110%; with social value they must make 100% (so at most 60% here; type < to change the price)',
      expect.stringMatching(/^How many local organisations .* <- -1: It cannot be negative$/),
      expect.stringMatching(/^How many local organisations .* <- 2\.5: Type a whole number of organisations$/),
    ]);
    expect(loaded(draft).diagnostics).toEqual([]);
  });

  it('leaves "not sure yet" questions unanswered', async () => {
    const draft = newDraft();
    const person = new ScriptedPerson((message, kind) => {
      if (/^S1\.[12] /.test(message)) return (choices) => choices.find((c) => c.name.startsWith('Not sure'))!.value;
      if (/^P4\.2 /.test(message)) return '';
      return mentorReply(message, kind);
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false });
    const a = assess(library, loaded(draft).contract!);
    expect(a.unanswered.map((u) => u.id)).toEqual(['S1.1', 'S1.2', 'P4.2']);
  });

  it('on resume, asks only what the file leaves unanswered and keeps comments and order', async () => {
    const dir = tempDir();
    const file = join(dir, 'draft.yaml');
    const original = exampleText('draft-youth-services.yaml');
    writeFileSync(file, original);
    const draft = Draft.open(file, original);
    const person = new ScriptedPerson(mentorReply);
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: true });

    const askedIds = person.asked.map((m) => /^([SP]\d\.\d) /.exec(m)?.[1]).filter(Boolean) as string[];
    for (const already of ['S1.1', 'S1.2', 'S3.3', 'S5.1', 'P2.2']) expect(askedIds).not.toContain(already);
    expect(askedIds).toContain('S2.3'); // answered null ("not sure yet") in the file
    expect(person.asked.some((m) => m.startsWith('Your reference'))).toBe(false); // informational facts are not re-asked
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# A partly answered draft')).toBe(true);
    expect(text).toMatch(/^ {2}S2\.3: 0 +# not sure yet$/m); // the user's comment survives the rewrite
    expect(text.indexOf('S1.1:')).toBeLessThan(text.indexOf('S1.2:'));
    expect(loaded(draft).diagnostics).toEqual([]);
  });

  it('lets the person change an answer in the review before the report', async () => {
    const draft = newDraft();
    let reviews = 0;
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Ready to write the report')) return reviews++ === 0 ? 'change' : 'report';
      if (message === 'Which answer?') return 'S5.2';
      if (message.startsWith('S5.2 ')) return reviews === 0 ? 'yes' : 'no';
      return mentorReply(message, kind);
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false });
    expect(reviews).toBe(2);
    expect(loaded(draft).contract!.answers['S5.2']).toEqual({ value: 'no' });
  });

  it('keeps every answer given before the person stops', async () => {
    const draft = newDraft();
    const person = new ScriptedPerson((message, kind) => (message.startsWith('S2.3 ') ? 'STOP' : mentorReply(message, kind)));
    await expect(runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false })).rejects.toMatchObject({
      name: 'ExitPromptError',
    });
    const saved = readFileSync(draft.path, 'utf8');
    expect(saved).toContain('S1.1: 0');
    expect(saved).toContain('S2.2: yes');
    expect(saved).not.toContain('S2.3');
    expect(draft.savedCount()).toBe(4); // S1.1, S1.2, S1.3 and S2.2; S2.1 is derived from the facts
  });
});

describe('the interview and the council profile', () => {
  const COUNCIL_IDS = ['P5.1', 'P5.3'];
  const PROFILE = 'kil: 1\nkind: council\ncouncil: { name: Example Borough Council, reviewed: 2026-06-01 }\nanswers: { P5.1: 3, P5.3: partly }\n';
  const askedIds = (person: ScriptedPerson) => person.asked.map((m) => /^([SP]\d\.\d) /.exec(m)?.[1]).filter(Boolean) as string[];
  const isOffer = (m: string) => m.startsWith('Move them to ');

  it('asks no question about the council when a profile is in use, and shows its answers in the review', async () => {
    const draft = newDraft();
    const profile = loadCouncil({ file: 'council.yaml', text: PROFILE }, library).profile!;
    const said: string[] = [];
    const person = new ScriptedPerson(mentorReply);
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: false, council: { profile: { path: 'council.yaml', profile } } });
    expect(new Set(askedIds(person)).size).toBe(21 - COUNCIL_IDS.length); // the first test's 21, less the questions about the council
    for (const id of COUNCIL_IDS) expect(askedIds(person)).not.toContain(id);
    expect(person.asked.some(isOffer)).toBe(false);
    expect(said.join('')).toMatch(/P5\.3 Partly \(from the council profile\)/);
    expect(Object.keys(loaded(draft).contract!.answers).filter((id) => COUNCIL_IDS.includes(id))).toEqual([]);
  });

  it('with no profile, offers to move the answers about the council into council.yaml beside the file; the score is the same', async () => {
    const draft = newDraft();
    const person = new ScriptedPerson((message, kind) => (isOffer(message) ? 'yes' : mentorReply(message, kind)));
    const said: string[] = [];
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: false, council: { newProfileDate: '2026-11-22' } });
    expect(said.join('')).toContain('Your answers about the council (P5.1, P5.3) hold for every contract of the council.');
    expect(person.asked.filter(isOffer)).toEqual([`Move them to ${join(dirname(draft.path), 'council.yaml')}?`]);
    const profileText = readFileSync(join(dirname(draft.path), 'council.yaml'), 'utf8');
    const profile = loadCouncil({ file: 'council.yaml', text: profileText }, library);
    expect(profile.diagnostics).toEqual([]);
    expect(profile.profile!.council).toEqual({ name: 'Example Borough Council', reviewed: '2026-11-22' });
    expect(profile.profile!.answers).toEqual({ 'P5.1': { value: 0 }, 'P5.3': { value: 'yes' } });
    const contract = loaded(draft).contract!;
    expect(contract.council).toBe('council.yaml');
    expect(Object.keys(contract.answers).filter((id) => COUNCIL_IDS.includes(id))).toEqual([]);
    const byHand = loadContract({ file: 'by-hand.yaml', text: MENTOR_BY_HAND }, library).contract!;
    expect(assess(library, contract, { path: 'council.yaml', profile: profile.profile! }).overall.score).toBe(assess(library, byHand).overall.score);
  });

  it('keeps the answers in the contract when the person says no, or when council.yaml already exists (never replaced)', async () => {
    const declined = newDraft();
    await runInterview({
      library,
      draft: declined,
      prompter: new ScriptedPerson((message, kind) => (isOffer(message) ? 'no' : mentorReply(message, kind))),
      say: () => undefined,
      mode: 'missing',
      resuming: false,
      council: { newProfileDate: '2026-11-22' },
    });
    expect(existsSync(join(dirname(declined.path), 'council.yaml'))).toBe(false);
    expect(loaded(declined).contract!.answers['P5.3']).toEqual({ value: 'yes' });

    const draft = newDraft();
    writeFileSync(join(dirname(draft.path), 'council.yaml'), 'mine\n');
    const said: string[] = [];
    const person = new ScriptedPerson(mentorReply);
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: false, council: { newProfileDate: '2026-11-22' } });
    expect(person.asked.some(isOffer)).toBe(false);
    expect(readFileSync(join(dirname(draft.path), 'council.yaml'), 'utf8')).toBe('mine\n');
    expect(said.join('')).toContain('council.yaml already exists, so your answers about the council (P5.1, P5.3) stay in');
    expect(loaded(draft).contract!.council).toBeUndefined();
  });
});

describe('typed values', () => {
  it('asks about reserving the competition only where the law lets the buyer reserve it (a Welsh council was asked, and its answer dropped without a word)', async () => {
    const asked = async (nation: string) => {
      const person = new ScriptedPerson((message, kind) => {
        if (/^Nation/.test(message)) return nation;
        if (/^Kind of contract/.test(message)) return 'services';
        if (/^Estimated value/.test(message)) return '100k';
        if (/^Does that value include VAT/.test(message)) return 'included';
        return mentorReply(message, kind);
      });
      await runInterview({ library, draft: newDraft(), prompter: person, say: () => undefined, mode: 'missing', resuming: false });
      return person.asked.filter((m) => m.startsWith('Below threshold:'));
    };
    // An English council below the threshold, from 4 February 2026 (the 2026 Order): asked.
    expect(await asked('england')).toEqual(['Below threshold: is the competition reserved?', 'Below threshold: is it reserved to SMEs and VCSEs?']);
    // Wales and Scotland give no such power: not asked.
    expect(await asked('wales')).toEqual([]);
    expect(await asked('scotland')).toEqual([]);
  });

  it('reads money and numbers as people type them', () => {
    expect(parseNumber('£1,800,000', { unit: '£', min: 0 })).toEqual({ ok: true, value: 1_800_000 });
    expect(parseNumber('1.8m', { unit: '£', min: 0 })).toEqual({ ok: true, value: 1_800_000 });
    expect(parseNumber('700k', { unit: '£', min: 0 })).toEqual({ ok: true, value: 700_000 });
    expect(parseNumber('15%', { unit: '%', min: 0, max: 100 })).toEqual({ ok: true, value: 15 });
    expect(parseNumber('150', { unit: '%', min: 0, max: 100 })).toEqual({ ok: false, error: 'It must be at most 100%' });
    expect(parseNumber('1e400', { unit: '£', min: 0 }).ok).toBe(false);
    expect(parseDate('2026-02-29').ok).toBe(false);
    expect(parseDate('2028-02-29').ok).toBe(true);
  });
});

describe('kil init template', () => {
  const text = renderTemplate(library);

  it('is a valid contract file as it stands, with every question listed', () => {
    const r = loadContract({ file: 'contract.yaml', text }, library);
    // Valid; its only warnings are the placeholders left to replace (title, buyer name).
    expect(r.contract).toBeDefined();
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning placeholder', 'warning placeholder']);
    for (const id of library.questions.keys()) expect(text).toMatch(new RegExp(`^  (# )?${id.replace('.', '\\.')}: null$`, 'm'));
  });

  it('has commented-out facts that are valid when uncommented', () => {
    const [facts, answers] = text.split('\nanswers:\n') as [string, string];
    const uncommented = `${facts.replace(/^(\s*)# (\s*)(?=[a-z_]+:|- \{)/gm, '$1$2')}\nanswers:\n${answers.replace(/^(  )# ([SP]\d\.\d: null)$/gm, '$1$2')}`;
    const r = loadContract({ file: 'contract.yaml', text: uncommented }, library);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.contract!.procurement.evaluation).toBeDefined();
  });
});

describe('going back, changing facts, and what is not asked (issue 13)', () => {
  const run = (draft: Draft, person: ScriptedPerson, mode: 'missing' | 'all' | 'facts' | 'questions' = 'missing', resuming = false) =>
    runInterview({ library, draft, prompter: person, say: () => undefined, mode, resuming });

  it('< goes back from the first question to the last fact, with its answer as the default, then on', async () => {
    const draft = newDraft();
    let backs = 0;
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('S1.1 ') && backs === 0) {
        backs++;
        return '<';
      }
      return mentorReply(message, kind);
    });
    await run(draft, person);
    const i = person.asked.findIndex((m) => m.startsWith('S1.1 '));
    expect(person.asked.slice(i - 1, i + 3).map((m) => m.slice(0, 24))).toEqual(['Were grant, alliance or ', 'S1.1 How well is the nee', 'Were grant, alliance or ', 'S1.1 How well is the nee']);
    expect(person.defaults).toContainEqual({ message: expect.stringMatching(/^Were grant, alliance or other/), value: true });
    expect(loaded(draft).diagnostics).toEqual([]);
    // The first prompt of a session offers no way back.
    expect(person.rejected).toEqual([]);
  });

  it('< at a typed fact goes back to the previous fact; the walk then passes through it again', async () => {
    const draft = newDraft();
    let backs = 0;
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Quality weighting') && backs++ === 0) return '<';
      if (message.startsWith('Price weighting') && backs === 1) return '30'; // changed on the way back
      if (message.startsWith('Quality weighting')) return '60';
      return mentorReply(message, kind);
    });
    await run(draft, person);
    expect(person.asked.filter((m) => m.startsWith('Price weighting'))).toHaveLength(2);
    expect(person.defaults).toContainEqual({ message: expect.stringMatching(/^Price weighting/), value: '40' });
    // Social value is what price and quality leave: never asked.
    expect(person.asked.some((m) => m.startsWith('Social value weighting'))).toBe(false);
    expect(loaded(draft).contract!.procurement.evaluation).toMatchObject({ price_pct: 30, quality_pct: 60, social_value_pct: 10 });
  });

  it('adds a note and evidence inside the answer step (+), with no separate note prompt after other answers', async () => {
    const draft = newDraft();
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('S2.2 ')) return 'yes+';
      if (message === 'Note for S2.2 (Enter for none; < to change the answer)') return 'Recorded in the cabinet report';
      if (message.startsWith('Evidence for S2.2')) return 'CAB-2026-031 section 4';
      return mentorReply(message, kind);
    });
    await run(draft, person);
    expect(loaded(draft).contract!.answers['S2.2']).toEqual({ value: 'yes', note: 'Recorded in the cabinet report', evidence: 'CAB-2026-031 section 4' });
    expect(person.asked.filter((m) => /^(Note|Evidence) for /.test(m))).toEqual(['Note for S2.2 (Enter for none; < to change the answer)', 'Evidence for S2.2: a document, minutes or a link (Enter for none)']);
  });

  it('with the value left for now, asks for it at S4.1 instead of the largest lot a year, and never asks S4.1 itself', async () => {
    const draft = newDraft();
    let valueAsked = 0;
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Estimated value')) return valueAsked++ === 0 ? '' : '1.8m';
      return mentorReply(message, kind);
    });
    await run(draft, person);
    expect(valueAsked).toBe(2); // with the facts, then again for S4.1
    const ids = person.asked.map((m) => /^([SP]\d\.\d) /.exec(m)?.[1]).filter(Boolean);
    expect(ids).not.toContain('S4.1');
    const a = assess(library, loaded(draft).contract!);
    expect(a.unanswered.map((u) => u.id)).toEqual([]);

    // Left open twice: S4.1 stays unanswered rather than asking a number nobody knows.
    const open = newDraft('open.yaml');
    const declines = new ScriptedPerson((message, kind) => (message.startsWith('Estimated value') ? '' : mentorReply(message, kind)));
    await run(open, declines);
    expect(declines.asked.filter((m) => m.startsWith('Estimated value'))).toHaveLength(2);
    expect(declines.asked.some((m) => m.startsWith('S4.1 '))).toBe(false);
  });

  it('changes a fact in the review, and asks what the change now needs', async () => {
    const draft = newDraft();
    let reviews = 0;
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Ready to write the report')) return reviews++ === 0 ? 'Change a fact' : 'report';
      if (message === 'Which fact?') return (choices) => choices.find((c) => c.name.startsWith('The contract length: Extension options'))!.value;
      if (message.startsWith('Extension options') && reviews === 1) return '12';
      if (message.startsWith('Does that value cover the extension options')) return 'Yes';
      return mentorReply(message, kind);
    });
    await run(draft, person);
    // Extensions were 0, so whether the value covers them was settled, not asked; with 12 months it is asked.
    expect(person.asked.filter((m) => m.startsWith('Does that value cover'))).toHaveLength(1);
    expect(loaded(draft).contract!.procurement.duration).toEqual({ initial_months: 36, extension_months: 12 });
    expect(loaded(draft).contract!.procurement.value!.includes_extensions).toBe(true);
  });

  it('-i: "facts" asks every fact again with its answer as the default, and no answered question', async () => {
    const file = join(tempDir(), 'cmh.yaml');
    writeFileSync(file, exampleText('community-mental-health.yaml'));
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    const person = new ScriptedPerson((message, kind) => (message.startsWith('Ready to write') ? 'report' : kind === 'input' ? '' : 'default'));
    await run(draft, person, 'facts', true);
    expect(person.asked.some((m) => m.startsWith('Buyer'))).toBe(true);
    expect(person.asked.some((m) => /^[SP]\d\.\d /.test(m))).toBe(false);
    expect(person.defaults).toContainEqual({ message: 'Kind of contract', value: 'light-touch' });
    expect(loaded(draft).diagnostics).toEqual([]);
  });

  it('"Not sure yet" for the VAT basis saves the cautious reading, and says so in the choice', async () => {
    const draft = newDraft();
    let vatChoices: string[] = [];
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Does that value include VAT')) {
        return (choices) => {
          vatChoices = choices.map((c) => c.name);
          return choices.find((c) => c.name.startsWith('Not sure'))!.value;
        };
      }
      return mentorReply(message, kind);
    });
    await run(draft, person);
    expect(vatChoices).toEqual(['Included', 'Excluded (kil adds VAT)', 'Exempt', expect.stringMatching(/^Not sure yet \(kil takes it as excluding VAT/), '← Back (or type <)']);
    expect(loaded(draft).contract!.procurement.value!.vat).toBe('excluded');
  });
});

describe('starting and resuming', () => {
  it('prints the resume command the way kil was run', async () => {
    const { kilCommand } = await import('../src/cli/invocation.js');
    expect(kilCommand({}, '/usr/local/bin/kil')).toBe('kil');
    expect(kilCommand({ npm_command: 'exec' }, '/home/x/.npm/_npx/1/node_modules/.bin/kil')).toBe('npx kil');
    expect(kilCommand({}, '/home/x/project/node_modules/.bin/kil')).toBe('npx kil');
    // Run by its path with node, as after a clone: the same path, from where the person is.
    expect(kilCommand({}, '/home/x/kil/dist/bin/kil.js', '/home/x/kil')).toBe('node dist/bin/kil.js');
    expect(kilCommand({}, '/home/x/kil/dist/bin/kil.js', '/home/x/work')).toBe('node ../kil/dist/bin/kil.js');
  });

  it('a title whose file exists: offers to continue a contract file, else a free -2 name', async () => {
    const { freeFileName } = await import('../src/cli/interview/session.js');
    const taken = new Set(['plan.yaml', 'plan-2.yaml']);
    expect(freeFileName('plan.yaml', (p) => taken.has(p))).toBe('plan-3.yaml');
    expect(freeFileName('dir/plan.yaml', () => false)).toBe('dir/plan-2.yaml');
  });

  it('saves to a .yaml file when the name given has no extension, so kil batch and editors find it', async () => {
    const { withYamlExtension } = await import('../src/cli/interview/session.js');
    expect(withYamlExtension('Eastfield Council')).toBe('Eastfield Council.yaml');
    expect(withYamlExtension(' plans/home support ')).toBe('plans/home support.yaml');
    expect(withYamlExtension('plan.yml')).toBe('plan.yml');
    expect(withYamlExtension('v1.2/plan')).toBe('v1.2/plan.yaml');
  });
});

describe('the review offers an action for each top recommendation', () => {
  const withoutPlan = exampleText('regional-outsourcing.yaml').replace(/\n# The action plan:[\s\S]*$/, '\n');
  const open = () => {
    const file = join(tempDir(), 'plan.yaml');
    writeFileSync(file, withoutPlan);
    return Draft.open(file, readFileSync(file, 'utf8'));
  };
  const top = assess(library, loadContract({ file: 'x.yaml', text: withoutPlan }, library).contract!).recommendations.slice(0, 5);

  it('adds what, owner and due date (validated, saved at once), skips, goes back, and leaves the score alone', async () => {
    expect(top.map((r) => r.questionId)).toEqual(['S4.2', 'S1.2', 'S5.2', 'S5.3', 'P1.1']);
    const draft = open();
    const said: string[] = [];
    let reviews = 0;
    let s52 = 0;
    let savedBeforeNext = '';
    const person = new ScriptedPerson((message, kind, attempt) => {
      if (message.startsWith('Ready to write the report')) return reviews++ === 0 ? 'actions' : 'report';
      if (message === 'Action for S4.2?') return 'Add an action';
      if (message.startsWith('What will be done')) return s52 === 1 ? '<' : ''; // Enter takes the recommendation
      if (message.startsWith('Who owns it')) return attempt === 0 ? '' : 'Head of Commissioning';
      if (message.startsWith('Due date')) return attempt === 0 ? '31/03/2027' : '2027-03-31';
      if (message === 'Action for S1.2?') {
        savedBeforeNext = readFileSync(draft.path, 'utf8');
        return 'Skip';
      }
      if (message === 'Action for S5.2?') return s52++ === 0 ? 'Add an action' : 'Skip';
      if (message === 'Action for S5.3?') return '<';
      if (kind === 'input') return ''; // a fact the example leaves out: not sure yet
      throw new Error(`unexpected prompt: ${message}`);
    });
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: true });

    expect(said.join('')).toContain('Top recommendations with no action yet: S4.2, S1.2, S5.2, S5.3, P1.1.');
    expect(person.rejected).toEqual([
      'Who owns it: a name or a role <- : Please give it, or type < to go back',
    ]);
    // 31/03/2027, as people in the UK write it, is taken and kept as 2027-03-31 (issue 25).
    // Saved as soon as it was given, before the next recommendation was offered.
    expect(savedBeforeNext).toMatch(/\nactions:\n {2}S4\.2:\n {4}do: [\s\S]+?\n {4}owner: Head of Commissioning\n {4}due: 2027-03-31\n {4}status: planned\n$/);
    // S5.2: "<" at what will be done went back to its choice, which then skipped it; "<" at S5.3 ended the plan.
    expect(person.asked.filter((m) => m.startsWith('Action for'))).toEqual(['Action for S4.2?', 'Action for S1.2?', 'Action for S5.2?', 'Action for S5.2?', 'Action for S5.3?']);
    const { contract, diagnostics } = loaded(draft);
    expect(diagnostics).toEqual([]);
    expect(contract!.actions).toEqual({ 'S4.2': { do: top[0]!.do, owner: 'Head of Commissioning', due: '2027-03-31', status: 'planned' } });
    expect(assess(library, contract!).overall.score).toBe(assess(library, loadContract({ file: 'x.yaml', text: withoutPlan }, library).contract!).overall.score);
    // The second review no longer counts S4.2 as without an action.
    expect(said.filter((t) => t.includes('no action yet')).at(-1)).toContain('no action yet: S1.2, S5.2, S5.3, P1.1.');
  });

  it('changes an action already planned, with its answers as defaults, and asks where it stands', async () => {
    const draft = open();
    draft.set(['actions', 'S4.2'], { do: 'Split into lots', owner: 'Jo', due: '2026-06-30', status: 'in-progress', note: 'Cabinet in May.' });
    draft.save();
    let reviews = 0;
    const person = new ScriptedPerson((message) => {
      if (message.startsWith('Ready to write the report')) return reviews++ === 0 ? 'actions' : 'report';
      if (message === 'Action for S4.2?') return 'Change it';
      if (message === 'Status') return 'done';
      if (message === 'Action for S1.2?') return '<';
      return ''; // Enter: the default
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: true });
    expect(person.defaults).toEqual(
      expect.arrayContaining([
        { message: 'What will be done (< to go back)', value: 'Split into lots' },
        { message: 'Who owns it: a name or a role', value: 'Jo' },
        { message: 'Due date (e.g. 2027-06-30 or 30/06/2027; "none" to take it off)', value: '2026-06-30' },
        { message: 'Status', value: 'in-progress' },
      ]),
    );
    expect(loaded(draft).contract!.actions).toEqual({ 'S4.2': { do: 'Split into lots', owner: 'Jo', due: '2026-06-30', status: 'done', note: 'Cabinet in May.' } });
  });

  it('takes a due date off with "none" (Enter keeps the date, and "none" was refused as not a date)', async () => {
    const draft = open();
    draft.set(['actions', 'S4.2'], { do: 'Split into lots', owner: 'Jo', due: '2026-06-30', status: 'in-progress' });
    draft.save();
    let reviews = 0;
    const person = new ScriptedPerson((message) => {
      if (message.startsWith('Ready to write the report')) return reviews++ === 0 ? 'actions' : 'report';
      if (message === 'Action for S4.2?') return 'Change it';
      if (message.startsWith('Due date')) return 'none';
      if (message === 'Status') return 'default';
      if (message === 'Action for S1.2?') return '<';
      return '';
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: true });
    expect(person.rejected).toEqual([]);
    expect(loaded(draft).contract!.actions).toEqual({ 'S4.2': { do: 'Split into lots', owner: 'Jo', status: 'in-progress' } });
  });

  it('is offered in a new interview\'s review, and not while the file cannot be assessed', async () => {
    const { topRecommendations } = await import('../src/cli/interview/actions.js');
    expect(topRecommendations(newDraft(), library, undefined)).toEqual([]); // no buyer, no kind of contract yet
    const draft = newDraft();
    const menus: string[][] = [];
    const person = new ScriptedPerson((message, kind) => {
      if (message.startsWith('Ready to write the report')) {
        return (choices) => {
          menus.push(choices.map((c) => String(c.value)));
          return 'report';
        };
      }
      return mentorReply(message, kind);
    });
    await runInterview({ library, draft, prompter: person, say: () => undefined, mode: 'missing', resuming: false });
    // A complete file: the offer is there (the mentor's answers leave recommendations).
    expect(menus.at(-1)).toEqual(['report', 'question', 'fact', 'actions', 'all', expect.any(String)]);
  });
});

describe('where a question sits', () => {
  it('counts the questions of its area that the interview asks, not those the facts settle (issue 25: "question 3 of 4" for the only one asked)', async () => {
    // The mid-size example with S3.3 unanswered: Step 3's other questions are derived from the facts.
    const file = join(tempDir(), 'plan.yaml');
    writeFileSync(file, exampleText('community-mental-health.yaml').replace(/^ {2}S3\.3: .*\n/m, ''));
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    const said: string[] = [];
    const person = new ScriptedPerson((message, kind) => (message.startsWith('Ready to write the report') ? 'report' : mentorReply(message, kind)));
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: true });
    expect(person.asked.filter((m) => /^[SP]\d\.\d /.test(m)).map((m) => m.slice(0, 4))).toEqual(['S3.3']);
    expect(said.join('')).toContain('Step 3: Build community capacity (3 of 5) · question 1 of 1');
  });

  it('counts on through the area as the questions are answered: 1 of 3, 2 of 3, 3 of 3 (it read 1 of 3, 1 of 2, 1 of 1)', async () => {
    const file = join(tempDir(), 'plan.yaml');
    writeFileSync(file, exampleText('community-mental-health.yaml').replace(/\nanswers:[\s\S]*$/, '\nanswers: {}\n'));
    const draft = Draft.open(file, readFileSync(file, 'utf8'));
    const said: string[] = [];
    const person = new ScriptedPerson((message, kind) => (message.startsWith('Ready to write the report') ? 'report' : mentorReply(message, kind)));
    await runInterview({ library, draft, prompter: person, say: (t) => said.push(t), mode: 'missing', resuming: true });
    const step1 = said.join('').match(/Step 1: Take a place-based approach \(1 of 5\) · question \d of \d/g);
    expect(step1).toEqual([1, 2, 3].map((i) => `Step 1: Take a place-based approach (1 of 5) · question ${i} of 3`));
  });
});
