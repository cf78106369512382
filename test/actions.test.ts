/**
 * The action plan (actions: in a contract file): loaded and checked like the answers, shown in
 * the report with the points at stake and whether each action is overdue on the assessment date,
 * and gathered by owner in the portfolio. Actions never change a score.
 */
import { describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import { contractRow } from '../src/portfolio/contract-row.js';
import { summarisePortfolio } from '../src/portfolio/portfolio.js';
import { renderJson } from '../src/render/json.js';
import { renderPortfolioMarkdown, renderPortfolioTable } from '../src/render/portfolio.js';
import { renderReport } from '../src/render/report.js';
import { renderTemplate } from '../src/render/template.js';
import { isOverdue } from '../src/score/action-plan.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom, exampleText, MINIMAL_CONTRACT, runCli } from './helpers.js';

const library = builtInLibrary();
const load = (text: string) => loadContract({ file: 'plan.yaml', text }, library);
const meta = (date: string) => ({ date, toolVersion: 'test' });

const WITH_ACTIONS = `${MINIMAL_CONTRACT}actions:
  S4.2:
    do: Split into neighbourhood lots
    owner: Head of Commissioning
    due: 2026-06-30
    status: in-progress
  S1.2: { do: Map local assets with the CVS, owner: Community Development Manager, due: 2026-04-30, status: done }
  S5.2: { do: Recruit a paid user panel, owner: Engagement Lead, due: 2026-11-22 }
  P4.3: { do: Study failure demand, owner: Head of Commissioning, note: With the Vanguard method. }
`;

describe('loading actions', () => {
  it('reads each action, with status planned when left out', () => {
    const { contract, diagnostics } = load(WITH_ACTIONS);
    expect(diagnostics).toEqual([]);
    expect(contract!.actions!['S5.2']).toEqual({ do: 'Recruit a paid user panel', owner: 'Engagement Lead', due: '2026-11-22', status: 'planned' });
  });

  it('reports an unknown question id in actions at its key, with the nearest id, as for answers', () => {
    const text = `${MINIMAL_CONTRACT}actions:\n  S4.22: { do: Split into lots, owner: Jo }\n  ZZZ: { do: Something, owner: Jo }\n`;
    const { contract, diagnostics } = load(text);
    expect(contract).toBeUndefined();
    expect(diagnostics).toEqual([
      { file: 'plan.yaml', line: 8, col: 3, severity: 'error', code: 'unknown-question', message: 'unknown question id "S4.22" in actions; did you mean "S4.2"?' },
      { file: 'plan.yaml', line: 9, col: 3, severity: 'error', code: 'unknown-question', message: 'unknown question id "ZZZ" in actions; run "kil rubric show" to list the question ids' },
    ]);
    // The same kind of message an unknown answer id gets.
    const answer = load(MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S4.22: yes')).diagnostics;
    expect(answer).toMatchObject([{ code: 'unknown-question', message: 'unknown question id "S4.22"; did you mean "S4.2"?' }]);
  });

  it('still finds unknown ids when another field of the file is wrong', () => {
    const text = `${MINIMAL_CONTRACT.replace('contract_type: services', 'contract_type: service')}actions:\n  S4.22: { do: Split, owner: Jo }\n`;
    expect(load(text).diagnostics.map((d) => d.code)).toEqual(['not-allowed-value', 'unknown-question']);
  });

  it('warns about an action for a retired question, and leaves it out of the plan', () => {
    const { contract, diagnostics } = load(`${MINIMAL_CONTRACT}actions:\n  P1.3: { do: Something, owner: Jo }\n`);
    expect(diagnostics).toMatchObject([{ line: 8, col: 3, severity: 'warning', code: 'retired-question', message: expect.stringMatching(/^P1\.3 was retired in six-principles 2\.0\.0: .* Its action is for no question kil scores; remove it\.$/) }]);
    expect(assess(library, contract!).actions).toEqual([]);
  });

  it('says what is wrong with a field of an action, with the allowed values or the form', () => {
    const text = `${MINIMAL_CONTRACT}actions:\n  S4.2: { do: Split, owner: Jo, status: Done, due: 30/06/2026, who: Jo }\n  S1.2: { owner: Jo }\n`;
    const messages = load(text).diagnostics.map((d) => `${d.line}:${d.col} ${d.code}: ${d.message}`);
    expect(messages).toEqual([
      '8:41 not-allowed-value: actions["S4.2"].status is the text "Done", which is not allowed; did you mean "done"?',
      '8:52 bad-date: actions["S4.2"].due is the text "30/06/2026"; write 2026-06-30 (a date written YYYY-MM-DD)',
      '8:64 unknown-field: unknown field "who" in actions["S4.2"]; did you mean "do"?',
      '9:9 missing-field: missing required field actions["S1.2"].do; add it, e.g. do: Agree the change with the service lead and rewrite the specification',
    ]);
  });
});

describe('the action plan in an assessment', () => {
  it('never changes a score: the outsourcing example scores the same without its plan', () => {
    const text = exampleText('regional-outsourcing.yaml');
    const withPlan = assess(library, contractFrom(text));
    const without = assess(library, contractFrom(text.replace(/\nactions:[\s\S]*$/, '\n')));
    expect(withPlan.actions.length).toBe(3);
    expect(without.actions).toEqual([]);
    expect({ ...withPlan, actions: [] }).toEqual(without);
    // Nor for questions that score part marks, in any example.
    const mid = exampleText('community-mental-health.yaml');
    const planned = assess(library, contractFrom(`${mid}actions:\n  S1.1: { do: Ask residents, owner: Jo }\n  P4.2: { do: Fund early help, owner: Jo, status: done }\n`));
    expect(planned.actions.map((x) => x.points).every((p) => p > 0)).toBe(true);
    expect({ ...planned, actions: [] }).toEqual(assess(library, contractFrom(mid)));
  });

  it('gives each action the points its question would recover, most first, as its recommendation does', () => {
    const a = assess(library, contractFrom(WITH_ACTIONS));
    const recoverable = new Map(a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions.map((q) => [q.id, q.recoverable] as const))));
    // S1.2 and S5.2 tie on points: rubric order, as recommendations are ranked.
    expect(a.actions.map((x) => x.questionId)).toEqual(['S4.2', 'S1.2', 'S5.2', 'P4.3']);
    for (const x of a.actions) expect(x.points).toBe(recoverable.get(x.questionId));
    for (const x of a.actions) {
      const rec = a.recommendations.find((r) => r.questionId === x.questionId);
      if (rec) expect(x.points).toBe(rec.points);
    }
    expect(a.actions[0]).toMatchObject({ rubricId: 'five-steps', areaId: 'S4', areaTitle: 'Step 4: Set a maximum contract value', status: 'in-progress', due: '2026-06-30', note: undefined });
  });

  it('is overdue when due before the assessment date and not done', () => {
    expect(isOverdue({ due: '2026-06-30', status: 'in-progress' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ due: '2026-06-30', status: 'planned' }, '2026-06-30')).toBe(false); // due today is not late yet
    expect(isOverdue({ due: '2026-06-30', status: 'done' }, '2027-01-01')).toBe(false);
    expect(isOverdue({ due: null, status: 'planned' }, '2027-01-01')).toBe(false);
  });
});

describe('the report', () => {
  const a = assess(library, contractFrom(WITH_ACTIONS));

  it('shows the action plan after the top recommendations, overdue on the assessment date', () => {
    const md = renderReport(a, library, meta('2026-11-22'));
    const section = md.split('## Action plan\n')[1]!.split('\n## ')[0]!;
    expect(md.indexOf('## Top recommendations')).toBeLessThan(md.indexOf('## Action plan'));
    expect(section).toContain('4 actions in the contract file: 1 done, 1 overdue (due before 2026-11-22, the assessment date, and not done).');
    const rows = section.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows).toEqual([
      `| **S4.2** Step 4: Set a maximum contract value | Split into neighbourhood lots | Head of Commissioning | 2026-06-30, **overdue** | In progress | +${a.actions[0]!.points} |  |`,
      `| **S1.2** Step 1: Take a place-based approach | Map local assets with the CVS | Community Development Manager | 2026-04-30 | Done (update the answer to count it) | +${a.actions[1]!.points} |  |`,
      `| **S5.2** Step 5: Involve local people through co-design | Recruit a paid user panel | Engagement Lead | 2026-11-22 | Planned | +${a.actions[2]!.points} |  |`,
      `| **P4.3** Principle 4: Focus on early intervention now to save costs tomorrow | Study failure demand | Head of Commissioning | no date | Planned | +${a.actions[3]!.points} | With the Vanguard method. |`,
    ]);
    const open = a.recommendations.slice(0, 5).filter((r) => !['S4.2', 'S5.2', 'S1.2', 'P4.3'].includes(r.questionId));
    expect(section).toContain(`Top recommendations with no action yet: ${open.map((r) => `**${r.questionId}** (+${r.points})`).join(', ')}.`);
  });

  it('depends on the date given, not the clock: a day later, the panel is overdue too', () => {
    expect(renderReport(a, library, meta('2026-11-23'))).toContain('| 2026-11-22, **overdue** |');
    expect(renderReport(a, library, meta('2026-01-01'))).not.toContain('**overdue**');
  });

  it('has no action plan section when the file has no actions', () => {
    expect(renderReport(assess(library, contractFrom(MINIMAL_CONTRACT)), library, meta('2026-11-22'))).not.toContain('Action plan');
  });

  it('gives each action in the JSON with whether it is overdue', () => {
    const doc = JSON.parse(renderJson(a, meta('2026-11-22')));
    expect(doc.actions.map((x: { questionId: string; overdue: boolean }) => [x.questionId, x.overdue])).toEqual([
      ['S4.2', true],
      ['S1.2', false],
      ['S5.2', false],
      ['P4.3', false],
    ]);
    expect(JSON.parse(renderJson(assess(library, contractFrom(MINIMAL_CONTRACT)), meta('2026-11-22'))).actions).toEqual([]);
  });
});

describe('kil init', () => {
  it('shows a commented action plan that, uncommented, is a valid plan', () => {
    const template = renderTemplate(library);
    const lines = template.split('\n');
    const start = lines.indexOf('# actions:');
    expect(start).toBeGreaterThan(lines.indexOf('answers:'));
    const block = lines.slice(start).filter((l) => l.startsWith('# ') && !l.startsWith('# The') && /^# {0,5}\S/.test(l));
    const uncommented = block.map((l) => l.slice(2).replace(/\s+#.*$/, '')).join('\n');
    const { contract, diagnostics } = load(`${MINIMAL_CONTRACT}${uncommented}\n`);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(contract!.actions!)).toEqual([library.questions.keys().next().value]);
    expect(Object.keys(contract!.actions![library.questions.keys().next().value!]!)).toEqual(['do', 'owner', 'due', 'status', 'note']);
  });
});

describe('the portfolio', () => {
  const date = '2026-11-22';
  const other = MINIMAL_CONTRACT.replace('title: Test service', 'title: Other service');
  const rows = [
    contractRow('a.yaml', assess(library, contractFrom(WITH_ACTIONS)), 'a.report.md', date),
    contractRow('b.yaml', assess(library, contractFrom(`${other}actions:\n  S1.1: { do: Needs review, owner: Engagement Lead, due: 2026-02-01 }\n  S3.1: { do: Market event, owner: Head of Commissioning, due: 2026-01-15 }\n`)), null, date),
    contractRow('c.yaml', assess(library, contractFrom(other)), null, date),
  ];
  const p = summarisePortfolio(rows, [], library.bands);

  it('lists overdue actions by owner, earliest due first', () => {
    expect(p.actionPlans).toMatchObject({ contracts: 2, actions: 6, done: 1, overdue: 3 });
    expect(p.actionPlans.overdueByOwner.map((o) => [o.owner, o.actions.map((x) => `${x.path} ${x.questionId} ${x.due}`)])).toEqual([
      ['Engagement Lead', ['b.yaml S1.1 2026-02-01']],
      ['Head of Commissioning', ['b.yaml S3.1 2026-01-15', 'a.yaml S4.2 2026-06-30']],
    ]);
    const md = renderPortfolioMarkdown(p, meta(date));
    expect(md).toContain('2 of 3 contracts have an action plan: 6 actions, 1 done, 3 overdue');
    expect(md).toContain('| Head of Commissioning | Other service | **S3.1** | Market event | 2026-01-15 |');
    expect(md).toContain('|  | [Test service](a.report.md) | **S4.2** | Split into neighbourhood lots | 2026-06-30 |');
    expect(renderPortfolioTable(p)).toContain('Overdue actions: 3 (Engagement Lead 1, Head of Commissioning 2)');
  });

  it('counts the top recommendations no action covers, by question', () => {
    for (const u of p.actionPlans.withoutAction) {
      const open = rows.flatMap((r) => r.topRecommendations.filter((t) => t.questionId === u.questionId && !t.hasAction));
      expect(u.contracts).toBe(open.length);
      expect(u.points).toBeCloseTo(open.reduce((s, t) => s + t.points, 0), 6);
    }
    // a.yaml plans S4.2: it counts only where no action covers it.
    const s42 = rows.filter((r) => r.topRecommendations.some((t) => t.questionId === 'S4.2' && !t.hasAction)).map((r) => r.path);
    expect(s42).not.toContain('a.yaml');
    expect(p.actionPlans.withoutAction.map((u) => u.points)).toEqual([...p.actionPlans.withoutAction.map((u) => u.points)].sort((x, y) => y - x));
  });

  it('says so when no contract has a plan', () => {
    const none = summarisePortfolio([rows[2]!], [], library.bands);
    expect(renderPortfolioMarkdown(none, meta(date))).toContain('## Action plans\n\nNo contract has an action plan yet');
    expect(renderPortfolioTable(none)).not.toContain('Overdue');
  });
});

describe('the example with an action plan, end to end', () => {
  it('kil assess shows its action plan; kil batch lists its overdue action by owner', () => {
    const report = runCli(['assess', 'examples/regional-outsourcing.yaml', '-o', '-', '-q', '--date', '2026-11-22']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('## Action plan\n\n3 actions in the contract file: 1 done, 1 overdue');
    expect(report.stdout).toMatch(/\| \*\*S4\.2\*\* Step 4: Set a maximum contract value \| Divide the county contract .* \| Head of Commissioning \| 2026-06-30, \*\*overdue\*\* \| In progress \| \+5 \|/);
    const batch = runCli(['batch', 'examples', '--format', 'md', '-q', '--date', '2026-11-22']);
    expect(batch.code).toBe(0);
    expect(batch.stdout).toMatch(/### Overdue actions by owner\n\n.*\n.*\n\| Head of Commissioning \| County-wide integrated wellbeing and prevention service \| \*\*S4\.2\*\* \|/);
  });
});
