/**
 * The whole interview of the mid-size example (examples/community-mental-health.yaml) in a real
 * terminal, as a commissioner with the answers in front of them: every fact and answer typed or
 * picked, notes and evidence added inside the answer step. Counts the prompts and keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, CLI, exampleText, tempDir } from './helpers.js';
import { answerFromSheet, newTally, sheetOf, type Tally } from './interview-driver.js';
import { KEY, Terminal } from './pty.js';

const library = builtInLibrary();
const EXAMPLE = exampleText('community-mental-health.yaml');
// A wide terminal, so that no prompt wraps and each reads as one line.
const kil = (args: string) => `stty cols 250 rows 60; node ${CLI} ${args}`;

/**
 * A straight-through interview of the example with its notes (no evidence: the interview before
 * issue 13 could not take any, so this is the like-for-like count). Before: 83 prompts and 597
 * keys, a separate note prompt after every answer. The test fails if either grows.
 */
const MOST = { prompts: 73, keys: 585 };

/**
 * The example's contract as the interview writes it: lots are named lot-1, lot-2, ... and carry
 * no title; the reservation is not asked above the threshold (the facts settle it).
 */
function asInterviewed(text: string) {
  const { contract, diagnostics } = loadContract({ file: 'x.yaml', text }, library);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const c = structuredClone(contract!);
  delete c.procurement.reservation;
  c.procurement.lots = c.procurement.lots?.map((l, i) => ({ id: `lot-${i + 1}`, ...(l.neighbourhood ? { neighbourhood: l.neighbourhood } : {}), ...(l.value !== undefined ? { value: l.value } : {}) }));
  return c;
}

const report = (tally: Tally) => `${tally.prompts} prompts, ${tally.keys} keys`;

describe('a commissioner interviewed for the mid-size example', () => {
  afterEach(() => Terminal.endAll());

  it(`takes at most ${MOST.prompts} prompts and ${MOST.keys} keys from start to report`, async () => {
    const sheet = sheetOf(EXAMPLE);
    for (const a of Object.values(sheet.answers)) delete a.evidence;
    const dir = tempDir();
    const t = new Terminal(kil('assess --save cmh.yaml'), dir);
    const tally = newTally();
    expect(await answerFromSheet(t, sheet, tally)).toEqual({ exited: 0 });
    console.log(`Straight through: ${report(tally)} (before issue 13: 83 prompts, 597 keys)`);
    expect(tally.prompts).toBeLessThanOrEqual(MOST.prompts);
    expect(tally.keys).toBeLessThanOrEqual(MOST.keys);
    // No prompt is a separate note after an answer, or a fact the others settle.
    expect(tally.seen.filter((m) => /^Note \(optional|^Social value weighting|^Does that value cover/.test(m))).toEqual([]);
    // The lots come before anything about "the largest lot" (issue 25: asked ten prompts before them).
    const lots = tally.seen.findIndex((m) => m.startsWith('How many lots'));
    const largest = tally.seen.findIndex((m) => /largest lot/.test(m));
    expect(lots).toBeGreaterThanOrEqual(0);
    expect(largest).toBeGreaterThan(lots);
  }, 120_000);

  it('goes back across facts and questions, adds notes inline, stops and resumes, changes a fact in the review, and writes the report', async () => {
    const sheet = sheetOf(EXAMPLE);
    const dir = tempDir();
    const tally = newTally();

    // 1. The facts, then back from the first question to the last fact (its answer the default), then on; stop at S3.3.
    const first = new Terminal(kil('assess --save cmh.yaml'), dir);
    let wentBack = false;
    const stopped = await answerFromSheet(first, sheet, tally, {
      override: (p) => {
        if (!wentBack && p.message.startsWith('S1.1 ')) {
          wentBack = true;
          return { keys: ['<', KEY.enter] };
        }
        return undefined;
      },
      until: (p) => p.message.startsWith('S3.3 '),
    });
    expect(stopped).toMatchObject({ at: { message: expect.stringMatching(/^S3\.3 /) } });
    const firstQuestion = tally.seen.findIndex((m) => m.startsWith('S1.1 '));
    expect(tally.seen.slice(firstQuestion - 1, firstQuestion + 3)).toEqual([
      expect.stringMatching(/^Were grant, alliance or other simpler routes appraised/), // the last fact (the lots come with the value)
      expect.stringMatching(/^S1\.1 /), // < pressed here
      expect.stringMatching(/^Were grant, alliance or other simpler routes appraised/), // asked again...
      expect.stringMatching(/^S1\.1 /), // ...and on, with + for the note and evidence
    ]);
    // Answered twice (a prompt line is drawn again whenever the highlighted choice moves, so count the answers).
    expect(first.text().match(/✔ Were grant, alliance or other simpler routes appraised before choosing to tender\?/g)).toHaveLength(2);
    await first.type(KEY.ctrlC);
    expect(await first.exited).toBe(130);
    expect(first.text()).toContain('Stopped. 6 answers are saved in cmh.yaml');
    expect(first.text()).toMatch(/To continue where you left off: node \S*dist\/bin\/kil\.js assess cmh\.yaml/);
    const saved = readFileSync(join(dir, 'cmh.yaml'), 'utf8');
    expect(saved).toContain('evidence: "JSNA 2025, chapter 6: adult mental health"');
    expect(saved).toMatch(/S1\.2:\n\s+value: partly\n\s+note: Existing peer-support groups mapped in North only\./);

    // 2. Resume: the rest of the questions; in the review, change the tender window from 21 to 30 days.
    const second = new Terminal(kil('assess cmh.yaml'), dir);
    let reviews = 0;
    const done = await answerFromSheet(second, sheet, tally, {
      override: (p) => {
        if (/Answer now\?$/.test(p.message)) return { pick: 'Yes' };
        if (p.message === 'Ready to write the report?' && reviews++ === 0) return { pick: 'Change a fact' };
        if (p.message === 'Which fact?') return { pick: 'Days bidders have to respond' };
        if (p.message.startsWith('Days bidders have to respond') && reviews === 1) return { text: '\u0015' + '30' }; // Ctrl-U clears the default
        return undefined;
      },
    });
    expect(done).toEqual({ exited: 0 });
    expect(reviews).toBe(2);
    console.log(`With a back, a stop and resume, and a changed fact: ${report(tally)}`);

    // The file holds the example's facts and answers, notes and evidence, with the changed fact.
    const expected = asInterviewed(EXAMPLE.replace('tender_window_days: 21', 'tender_window_days: 30'));
    const got = asInterviewed(readFileSync(join(dir, 'cmh.yaml'), 'utf8'));
    expect(got).toEqual(expected);
    // The report: the score of that contract, and the summary says the same.
    const score = assess(library, expected).overall.score;
    expect(readFileSync(join(dir, 'cmh.report.md'), 'utf8')).toContain(`## Overall: ${score} / 100`);
    expect(second.text()).toContain(`Community mental health support: ${score}/100`);
    expect(second.text()).toMatch(/The facts:[\s\S]*Days bidders have to respond — 30 days[\s\S]*Ready to write the report/);
  }, 150_000);
});
