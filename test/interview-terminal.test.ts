/**
 * The interview in a real pseudo-terminal, driven by keystrokes: stop with Ctrl-C, resume,
 * finish, and check that the saved file gives the report's score without any questions.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, exampleText, runCli, tempDir } from './helpers.js';
import { KEY, Terminal } from './pty.js';

const kil = (args: string) => `node ${CLI} ${args}`;

/** A contract file with all the facts of the mid-size example but no answers yet. */
function factsOnly(dir: string): string {
  const file = join(dir, 'plan.yaml');
  writeFileSync(file, exampleText('community-mental-health.yaml').replace(/\nanswers:[\s\S]*$/, '\nanswers: {}\n'));
  return file;
}

const NUMBER_QUESTIONS = new Set(['S4.2', 'P4.2']);

/** Answer questions as they come: choice 1 (typed: Enter alone is "Not sure yet"), 3 for numbers, a note for S1.1 (the + key). Stop after `limit`. */
async function answerQuestions(t: Terminal, limit = Infinity): Promise<string[]> {
  const answered: string[] = [];
  for (;;) {
    const m = await t.waitFor(/\? ([SP]\d\.\d) |\? Ready to write the report/);
    if (!m[1]) return answered;
    if (answered.length >= limit) {
      await t.type(KEY.ctrlC);
      return answered;
    }
    if (m[1] === 'S1.1') {
      await t.type('1', '+');
      await t.waitFor('Note for S1.1');
      await t.type('JSNA 2025 chapter', KEY.enter);
      await t.waitFor('Evidence for S1.1');
      await t.type(KEY.enter);
      await t.waitFor('✔ Evidence for S1.1');
    } else {
      await t.type(NUMBER_QUESTIONS.has(m[1]) ? '3' : '1', KEY.enter);
      await t.waitFor(`✔ ${m[1]} `);
    }
    answered.push(m[1]);
  }
}

describe('the interview in a terminal', () => {
  // A test that fails half-way leaves kil waiting at a prompt: end what it started, by pid.
  afterEach(() => Terminal.endAll());

  it('stops on Ctrl-C with everything saved, resumes, and ends with the report', async () => {
    const dir = tempDir();

    // A new interview, stopped at the second fact.
    const first = new Terminal(kil('assess --save new.yaml'), dir);
    await first.waitFor('? Title of the procurement');
    await first.type('Youth work in Hillside', KEY.enter);
    await first.waitFor('? Buyer');
    await first.type('Northbrook City Council', KEY.enter);
    await first.waitFor('? Kind of buyer');
    await first.type(KEY.ctrlC);
    expect(await first.exited).toBe(130);
    // Run as "node .../dist/bin/kil.js", so that is what it says to run again (a bare "kil" is not on PATH).
    expect(first.text()).toMatch(/To continue where you left off: node \S*dist\/bin\/kil\.js assess new\.yaml/);
    const saved = readFileSync(join(dir, 'new.yaml'), 'utf8');
    expect(saved).toContain('title: Youth work in Hillside');
    expect(saved).toContain('name: Northbrook City Council');

    // A file with the facts: answer five questions, then Ctrl-C.
    const file = factsOnly(dir);
    const second = new Terminal(kil('assess plan.yaml'), dir);
    await second.waitFor(/questions are not answered yet in plan\.yaml\. Answer now\?/);
    await second.type(KEY.enter);
    const before = await answerQuestions(second, 5);
    expect(await second.exited).toBe(130);
    expect(second.text()).toMatch(/Stopped\. 5 answers are saved in plan\.yaml/);
    for (const id of before) expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^  ${id.replace('.', '\\.')}:`, 'm'));

    // Resume: only the rest is asked, then the review and the report.
    const third = new Terminal(kil('assess plan.yaml'), dir);
    await third.waitFor('Answer now?');
    await third.type(KEY.enter);
    const after = await answerQuestions(third);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(before.length + after.length).toBe(20); // S5.2, S4.2 and P6.3 are derived from the facts
    await third.waitFor('Write the report');
    await third.type(KEY.enter);
    // No council profile is in use, so kil offers to move the answers about the council into one.
    await third.waitFor('Your answers about the council (P5.1, P5.3) hold for every contract');
    await third.waitFor('Move them to council.yaml?');
    await third.type(KEY.enter);
    expect(await third.exited).toBe(0);
    expect(third.text()).toContain('plan.yaml now names it (council: council.yaml)');
    const profile = readFileSync(join(dir, 'council.yaml'), 'utf8');
    expect(profile).toContain('name: Example Borough Council');
    expect(profile).toMatch(/^ {2}P5\.3: yes$/m);
    expect(readFileSync(file, 'utf8')).toMatch(/^kil: 1\ncouncil: council\.yaml$/m);
    expect(readFileSync(file, 'utf8')).not.toMatch(/^ {2}P5\.3:/m);
    const reportScore = /## Overall: ([\d.]+) \/ 100/.exec(readFileSync(join(dir, 'plan.report.md'), 'utf8'))![1];
    expect(third.text()).toContain(`Community mental health support: ${reportScore}/100`);

    // The saved file gives the same score with no questions asked.
    const again = runCli(['assess', file, '--no-input', '-o', '-', '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`## Overall: ${reportScore} / 100`);
    expect(readFileSync(file, 'utf8')).toContain('note: JSNA 2025 chapter');
  }, 90_000);

  it('asks no question about the council when the file names a council profile, and offers none', async () => {
    const dir = tempDir();
    const file = factsOnly(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^kil: 1\n/m, 'kil: 1\ncouncil: profile.yaml\n'));
    writeFileSync(join(dir, 'profile.yaml'), 'kil: 1\nkind: council\ncouncil: { name: Example Borough Council, reviewed: 2026-06-01 }\nanswers: { P5.1: 3, P5.3: partly }\n');
    const t = new Terminal(kil('assess plan.yaml'), dir);
    // The 20 questions the first test answers, less the 2 about the council.
    await t.waitFor(/18 questions are not answered yet in plan\.yaml\. Answer now\?/);
    await t.type(KEY.enter);
    const asked = await answerQuestions(t);
    expect(asked).toHaveLength(20 - 2);
    for (const id of ['P5.1', 'P5.3']) expect(asked).not.toContain(id);
    expect(t.text()).toContain('The questions about the council are answered by the council profile profile.yaml (Example Borough Council)');
    await t.waitFor('Write the report');
    await t.type(KEY.enter);
    expect(await t.exited).toBe(0);
    expect(t.text()).not.toContain('Move them to');
    expect(readFileSync(join(dir, 'plan.report.md'), 'utf8')).toContain('Partly (from the council profile)');
  }, 60_000);

  it('a digit typed on a maturity scale picks that level: 3 is level 3, 0 is level 0 (issue 25: 3 picked level 2, 0 did nothing)', async () => {
    const dir = tempDir();
    factsOnly(dir);
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor(/questions are not answered yet in plan\.yaml\. Answer now\?/);
    await t.type(KEY.enter);
    await t.waitFor(/\? S1\.1 /);
    await t.type('3', KEY.enter);
    await t.waitFor('✔ S1.1 ');
    await t.waitFor(/\? S1\.2 /);
    await t.type(KEY.enter);
    await t.waitFor('✔ S1.2 ');
    await t.waitFor(/\? S1\.3 /);
    await t.type('0', KEY.enter);
    await t.waitFor('✔ S1.3 ');
    await t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const answers = (parse(readFileSync(join(dir, 'plan.yaml'), 'utf8')) as { answers: Record<string, unknown> }).answers;
    expect(answers['S1.1']).toBe(3);
    expect(answers['S1.3']).toBe(0);
  }, 60_000);

  it('the review shows the score, then after a change only what changed, and flags lots that no longer add up to the value (issue 25)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cmh.yaml'), exampleText('community-mental-health.yaml'));
    const t = new Terminal(kil('assess -i cmh.yaml'), dir);
    await t.waitFor('? What would you like to go through');
    await t.type(KEY.down, KEY.enter); // the questions, with the answers as defaults
    for (;;) {
      const m = await t.waitFor(/\? ([SP]\d\.\d) |\? Ready to write the report/);
      if (!m[1]) break;
      await t.type(KEY.enter);
      await t.waitFor(`✔ ${m[1]} `);
    }
    const first = t.text();
    expect(first).toContain('Score as the file stands: 61.1 / 100, Developing; 100% answered or derived.');
    // An English contract's review, like its report, leaves out the Scottish and Welsh duties.
    expect(first).not.toMatch(/^ {4}S2\.[56] /m);
    await t.type(KEY.down, KEY.down, KEY.enter); // Change a fact
    await t.waitFor('? Which fact?');
    await t.type('Lot 1 of 3: value');
    await t.type(KEY.enter);
    await t.waitFor('? Lot 1 of 3: its value in pounds');
    await t.type('\u0015', '900000', KEY.enter);
    await t.waitFor('? Ready to write the report');
    const after = t.text().slice(first.length);
    expect(after).toContain('Check: the lot values add up to £2.1m, not the stated £1.8m.');
    expect(after).toMatch(/Changed:\n {4}Lot 1 of 3: value — £900,000\n {4}S4\.1 derived: the largest lot is worth £900,000[^\n]*\n\n?Score as the file stands: 60\.5 \/ 100 \(was 61\.1, -0\.6\), Developing/);
    // Not the ~90 lines again.
    expect(after).not.toContain('The facts:');
    await t.type(KEY.enter); // Write the report
    await t.waitFor('? Move them to council.yaml?');
    await t.type(KEY.enter);
    expect(await t.exited).toBe(0);
  }, 90_000);

  it('Enter alone at an unanswered question or yes/no fact records nothing: the cursor starts on "Not sure yet" (it started on the first choice, so Enter saved "yes" or level 0)', async () => {
    const dir = tempDir();
    const file = factsOnly(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n  prequalification: .*/, ''));
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor('Answer now?');
    await t.type(KEY.enter);
    let fact = false;
    let questions = 0;
    while (!fact || questions < 2) {
      const m = await t.waitFor(/\? (?:([SP]\d\.\d) |(Is there a pre-qualification))/);
      await t.waitFor(/❯ [^\n]*\n/, 5_000).then((l) => expect(l[0], m[0]).toMatch(/^❯ Not sure yet/));
      await t.type(KEY.enter);
      if (m[2] !== undefined) fact = true;
      else questions++;
      await t.waitFor(m[2] !== undefined ? '✔ Is there a pre-qualification' : `✔ ${m[1]} `);
    }
    await t.waitFor(/\? /);
    await t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const saved = parse(readFileSync(file, 'utf8')) as { procurement: Record<string, unknown>; answers: Record<string, unknown> };
    expect(saved.procurement.prequalification).toBeUndefined();
    // Recorded as "not sure yet" (null), never as an answer.
    expect(Object.values(saved.answers)).toEqual([null, null]);
    // The facts are said too: "0 answers are saved" alone alarmed people who had given thirty facts.
    expect(t.text()).toMatch(/Stopped\. 0 answers are saved in plan\.yaml, with (\d+) procurement facts\./);
    expect(Number(/with (\d+) procurement facts/.exec(t.text())![1])).toBe(Object.keys(saved.procurement).length);
  }, 60_000);

  it('< in a list moves to "← Back" and waits for Enter, as at a text prompt (it went back at once, and the Enter a learner pressed next answered the prompt behind)', async () => {
    const dir = tempDir();
    factsOnly(dir);
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor('Answer now?');
    await t.type(KEY.enter);
    await t.waitFor(/\? S1\.1 /);
    await t.type('1', KEY.enter);
    await t.waitFor('✔ S1.1 ');
    await t.waitFor(/\? S1\.2 /);
    await t.type('<');
    await t.waitFor(/❯ ← Back/);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.peek()).not.toMatch(/✔ S1\.2|\? S1\.1 /); // still at S1.2
    await t.type(KEY.enter);
    await t.waitFor(/\? S1\.1 /); // back
    await t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  }, 60_000);

  it('re-asks a number that is not valid', async () => {
    const dir = tempDir();
    const file = factsOnly(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n  local_bidders: .*/, ''));
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor('Answer now?');
    await t.type(KEY.enter);
    for (;;) {
      // Locality's test is a fact (procurement.local_bidders), asked with the other missing facts.
      const m = await t.waitFor(/\? (?:([SP]\d\.\d) |(How many local organisations))/);
      if (m[2] !== undefined || m[1] === 'S4.2') break;
      await t.type(KEY.enter);
    }
    await t.type('-1', KEY.enter);
    await t.waitFor('It cannot be negative');
    await t.type('\u0015', '2.5', KEY.enter); // Ctrl-U clears the line
    await t.waitFor('Type a whole number of organisations');
    await t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  }, 60_000);

  it.each(['SIGTERM', 'SIGHUP'] as const)('stops on %s at a prompt like Ctrl-C, with the answers saved', async (signal) => {
    const dir = tempDir();
    factsOnly(dir);
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor('Answer now?');
    await t.type(KEY.enter);
    await answerQuestions(t, 2).catch(() => undefined);
    // answerQuestions pressed Ctrl-C at the third question; run again and use SIGTERM instead.
    await t.exited;
    const u = new Terminal(kil('assess plan.yaml --interactive'), dir);
    await u.waitFor('What would you like to go through');
    await u.type(KEY.down, KEY.enter); // the questions
    await u.waitFor(/\? S1\.1 /);
    u.kill(signal);
    expect(await u.exited).toBe(130);
    expect(u.text()).toMatch(/Stopped\. 2 answers are saved in plan\.yaml/);
  }, 60_000);

  it('stops on SIGTERM before anything is saved, leaving no file', async () => {
    const dir = tempDir();
    const t = new Terminal(kil('assess'), dir);
    // Another kil run with the same command line, as a person might have open: it must not be touched.
    const bystander = new Terminal(kil('assess'), tempDir());
    await bystander.waitFor('? Title of the procurement');
    await t.waitFor('? Title of the procurement');
    t.kill('SIGTERM');
    expect(await t.exited).toBe(130);
    expect(t.text()).toContain('Stopped before anything was saved.');
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(bystander.running).toBe(true);
    expect(bystander.text()).not.toContain('Stopped');
    await bystander.type(KEY.ctrlC);
    expect(await bystander.exited).toBe(130);
  }, 30_000);

  it('a title whose file exists offers to continue it, or a free name; the resume command is printed as kil was run, with -i', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'community-mental-health-support.yaml'), readFileSync(factsOnly(dir), 'utf8'));
    const fresh = new Terminal(kil('assess'), dir);
    await fresh.waitFor('? Title of the procurement');
    await fresh.type('Community mental health support', KEY.enter);
    await fresh.waitFor('community-mental-health-support.yaml already exists. Continue it?');
    await fresh.type(KEY.down, KEY.enter); // no: a new file
    await fresh.waitFor('? Save the answers to (community-mental-health-support-2.yaml)');
    await fresh.type(KEY.ctrlC);
    expect(await fresh.exited).toBe(130);

    const resumed = new Terminal(kil('assess'), dir, { npm_command: 'exec' }); // as npx runs it
    await resumed.waitFor('? Title of the procurement');
    await resumed.type('Community mental health support', KEY.enter);
    await resumed.waitFor('Continue it?');
    await resumed.type(KEY.enter);
    await resumed.waitFor('Resuming community-mental-health-support.yaml');
    await resumed.waitFor(/\? S1\.1 /); // the facts are all there: straight to the questions
    await resumed.type(KEY.ctrlC);
    expect(await resumed.exited).toBe(130);
    expect(resumed.text()).toContain('To continue where you left off: npx kil assess community-mental-health-support.yaml\n');

    const again = new Terminal(kil('assess plan.yaml -i'), dir);
    await again.waitFor('What would you like to go through');
    await again.type(KEY.enter); // facts and questions
    await again.waitFor('? Title of the procurement (Community mental health support)');
    await again.type(KEY.ctrlC);
    expect(await again.exited).toBe(130);
    expect(again.text()).toMatch(/To continue where you left off: node \S*dist\/bin\/kil\.js assess plan\.yaml -i\n/);
  }, 60_000);

  it('offers an action for each top recommendation in the review: added with a checked due date, saved, and in the report', async () => {
    const dir = tempDir();
    // The outsourcing example without its plan, and one question left open so that kil interviews.
    const text = exampleText('regional-outsourcing.yaml').replace(/\n# The action plan:[\s\S]*$/, '\n').replace(/^ {2}P6\.4: .*\n/m, '');
    writeFileSync(join(dir, 'plan.yaml'), text);
    const t = new Terminal(kil('assess plan.yaml'), dir);
    await t.waitFor('1 question is not answered yet in plan.yaml. Answer now?');
    await t.type(KEY.enter);
    await t.waitFor('? P6.4 ');
    await t.type(KEY.enter);
    await t.waitFor('Top recommendations with no action yet: S4.2, S1.2, S5.2, S5.3, P1.1.');
    await t.waitFor('Plan actions for the top 5 recommendations');
    await t.type('Plan', KEY.enter); // typing finds the choice
    await t.waitFor('? Action for S4.2?');
    await t.type(KEY.enter); // Add an action
    await t.waitFor('? What will be done (< to go back)');
    await t.type(KEY.enter); // the recommendation, as offered
    await t.waitFor('? Who owns it: a name or a role');
    await t.type('Head of Commissioning', KEY.enter);
    await t.waitFor('? Due date (e.g. 2027-06-30 or 30/06/2027; Enter for none)');
    await t.type('31/06/2027', KEY.enter); // no such day
    await t.waitFor('Type a real date, e.g. 2026-04-01 or 1/4/2026 (day first)');
    await t.type('\u0015', '30/06/2027', KEY.enter); // Ctrl-U clears what was typed; a UK date is taken (issue 25)
    await t.waitFor('? Action for S1.2?');
    // Saved as soon as it was given.
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toMatch(/\nactions:\n {2}S4\.2:\n[\s\S]*owner: Head of Commissioning\n {4}due: 2027-06-30\n {4}status: planned\n$/);
    await t.type('<', KEY.enter); // back to the review: < moves to "← Back", Enter goes
    await t.waitFor('Top recommendations with no action yet: S1.2, S5.2, S5.3, P1.1.');
    await t.waitFor('Write the report');
    await t.type(KEY.enter);
    await t.waitFor('Move them to council.yaml?');
    await t.type(KEY.down, KEY.enter); // No, keep them in the contract file
    expect(await t.exited).toBe(0);
    const report = readFileSync(join(dir, 'plan.report.md'), 'utf8');
    expect(report).toMatch(/## Action plan\n\n1 action in the contract file: 0 done, 0 overdue[\s\S]*\| \*\*S4\.2\*\* Step 4: Set a maximum contract value \| Shrink the lots .* \| Head of Commissioning \| 2027-06-30 \| Planned \| \+5 \|/);
  }, 60_000);

  it('reports a broken file in a terminal instead of offering an interview that cannot fix it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.yaml'), 'kil: 1\nprocurement:\n  title: T\n  buyer: {name: B, type: council, nation: england}\n  contract_type: goods\n');
    const t = new Terminal(kil('assess broken.yaml'), dir);
    expect(await t.exited).toBe(2);
    expect(t.text()).toContain('broken.yaml:4:26: procurement.buyer.type is the text "council"');
    expect(t.text()).not.toContain('Answer now?');
  }, 30_000);

  it('never asks without a terminal, and says what to do instead', () => {
    const r = runCli(['assess']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a contract file when it cannot ask questions/);
    const dir = tempDir();
    const file = factsOnly(dir);
    const before = readFileSync(file, 'utf8');
    expect(runCli(['assess', file, '-o', '-', '-q']).code).toBe(0); // no terminal: no questions, report as it is
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
