import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/render/json.js';
import { REPORT_MARKER, renderReport, totalValueText } from '../src/render/report.js';
import { NO_PAINT, renderSummary } from '../src/render/summary.js';
import { mdText, plainText } from '../src/render/text.js';
import { assess } from '../src/score/score.js';
import { renderHtmlReport } from '../src/render/html-report.js';
import { builtInLibrary, contractFrom, editedLibrary, exampleText, MINIMAL_CONTRACT, publishedRecordLibrary } from './helpers.js';

const library = builtInLibrary();
const meta = { date: '2026-11-22', toolVersion: '0.0.0-test' };
const md = new MarkdownIt({ html: true }); // html on, so any raw HTML that slipped through would show as html tokens

function render(contractText: string): { markdown: string; tokens: Token[] } {
  const markdown = renderReport(assess(library, contractFrom(contractText)), library, meta);
  return { markdown, tokens: md.parse(markdown, {}) };
}

/** Rows of every table: each row a list of cell texts. */
function tables(tokens: Token[]): string[][][] {
  const out: string[][][] = [];
  let table: string[][] = [];
  let row: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'table_open') table = [];
    if (t.type === 'tr_open') row = [];
    if (t.type === 'inline' && (tokens[i - 1]?.type === 'td_open' || tokens[i - 1]?.type === 'th_open')) row.push(t.content);
    if (t.type === 'tr_close') table.push(row);
    if (t.type === 'table_close') out.push(table);
  }
  return out;
}

const headings = (tokens: Token[], level: string) =>
  tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === level ? [tokens[i + 1]!.content] : []));

const htmlTokens = (tokens: Token[]) =>
  tokens.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type === 'html_block' || t.type === 'html_inline');

describe('the markdown report', () => {
  const { markdown, tokens } = render(exampleText('community-mental-health.yaml'));

  it('names each missing fact in words a reader can act on: "Find out how the provider is paid", never "the how" or a field path', () => {
    const text = render(exampleText('draft-youth-services.yaml')).markdown;
    expect(text).toContain('Find out how the provider is paid (');
    expect(text).not.toMatch(/Find out the (how|what|whether|when|which)\b/);
    expect(text).not.toMatch(/Find out [^(\n]*procurement\./);
    const pub = publishedRecordLibrary();
    const notice = renderReport(assess(pub, contractFrom(MINIMAL_CONTRACT, pub)), pub, meta);
    expect(notice).toContain('Find out whether it is said to suit SMEs / VCSEs (SME) (');
    expect(notice).not.toMatch(/Find out [^(\n]*procurement\./);
  });

  it('gives the largest lot on its basis in the derived facts, as S4.1 does (two bare figures for one lot confused a reader)', () => {
    expect(markdown).toContain('- 3 lots; the largest is worth £700,000, valued as for the thresholds (with VAT and the extension options)');
    expect(markdown).toContain('the largest lot is worth £700,000 over its life, excluding VAT');
  });

  it('says coverage as numbers that add up: the count, the total and the percentage are of the questions that apply', () => {
    for (const example of ['draft-youth-services.yaml', 'small-vcse-grant.yaml', 'community-mental-health.yaml']) {
      const text = render(exampleText(example)).markdown;
      const m = /Coverage: (\d+) of the (\d+) questions that apply are answered or derived \(([\d.]+)%\): (\d+) answered, (\d+) derived from the facts, (\d+) not yet answered(?:; (\d+) more do(?:es)? not apply)?\./.exec(text);
      expect(m, example).not.toBeNull();
      const [done, applicable, pct, answered, derived, open, notApplicable] = m!.slice(1).map((x) => Number(x ?? 0));
      expect(Math.round((done! / applicable!) * 1000) / 10, example).toBe(pct);
      expect(answered! + derived!, example).toBe(done);
      expect(done! + open!, example).toBe(applicable);
      // "11 of 38 (25%)": the questions that do not apply were counted as answered.
      expect(applicable! + notApplicable!, example).toBe(38);
    }
  });

  it('starts with the kil marker and has the sections a commissioner needs', () => {
    expect(markdown.startsWith(REPORT_MARKER)).toBe(true);
    expect(headings(tokens, 'h1')).toEqual(['Keep it Local assessment: Community mental health support']);
    expect(headings(tokens, 'h2')).toEqual([
      'Overall: 61.1 / 100, Developing',
      'Scores by step and principle',
      'Top recommendations',
      'Keep it Local five-step guide (five-steps 3.1.1): 55.4 / 100, Developing',
      'Keep it Local six principles (six-principles 3.1.1): 66.8 / 100, Developing',
      'Not yet answered',
      'Derived facts',
      'How this score is calculated',
    ]);
  });

  it('says what the top recommendations are worth together, and which matters most and why (issue 25)', () => {
    const a = assess(library, contractFrom(exampleText('community-mental-health.yaml')));
    const together = Math.round(a.recommendations.slice(0, 5).reduce((t, r) => t + r.points, 0) * 10) / 10;
    const first = a.recommendations[0]!;
    expect(markdown).toContain(`## Top recommendations\n\nTogether these could add up to ${together} points. The first matters most: ${first.questionId} carries `);
    expect(markdown).toMatch(/The first matters most: S5\.2 carries 3\.3% of the overall score and scores 0 of 100 now\./);
  });

  it('has all 11 steps and principles in the score table', () => {
    const scoreTable = tables(tokens)[1]!;
    const areaRows = scoreTable.filter((r) => /^(Step|Principle) \d/.test(r[0]!));
    expect(areaRows).toHaveLength(11);
    for (const r of areaRows) expect(r).toHaveLength(3);
  });

  it('lists up to five top recommendations with answer, why and what to do', () => {
    const recs = headings(tokens, 'h3').filter((h) => /^\d\. /.test(h));
    expect(recs).toHaveLength(5);
    expect(markdown).toContain('- **What to do:** Add a trained, paid user panel');
  });

  it('states the derived facts with the threshold', () => {
    expect(markdown).toContain('total value £1.8m is at or above the £663,540 light-touch threshold');
  });

  it('has a question table per area, every row with 5 cells', () => {
    const questionTables = tables(tokens).filter((t) => t[0]!.join('|') === 'Question|Answer|Evidence|Note|Score');
    expect(questionTables).toHaveLength(11);
    for (const t of questionTables) for (const row of t) expect(row).toHaveLength(5);
  });

  it('contains no raw HTML except the marker comment', () => {
    expect(htmlTokens(tokens).map((t) => t.content.trim())).toEqual([REPORT_MARKER]);
  });
});

describe('the total value in the report\'s header', () => {
  const withValue = (value: string, duration = '') =>
    MINIMAL_CONTRACT.replace('  contract_type: services\n', `  contract_type: services\n  value: { amount: ${value}, currency: GBP }\n${duration}`);
  const header = (text: string) => tables(render(text).tokens)[0]!.find((row) => row[0] === 'Total value')![1];

  it('says a VAT-exempt value has no VAT, never "including VAT"', () => {
    const text = header(withValue('90000, vat: exempt, includes_extensions: true'));
    expect(text).toBe('£90,000 (VAT-exempt, so no VAT; including extension options)');
    expect(header(withValue('90000, vat: exempt, includes_extensions: false', '  duration: { initial_months: 24 }\n'))).toBe('£90,000 (VAT-exempt, so no VAT; no extension options)');
    expect(header(withValue('90000, vat: exempt, includes_extensions: false'))).toBe('£90,000 (VAT-exempt, so no VAT; extension options not known)');
  });

  it('shows the value as entered and, when kil added to it, the basis for thresholds', () => {
    expect(header(withValue('12000000, vat: excluded, includes_extensions: true'))).toBe('£12m as entered (including extension options); £14.4m with VAT, the basis for thresholds');
    expect(header(withValue('12000000, vat: excluded, includes_extensions: false', '  duration: { initial_months: 36, extension_months: 12 }\n'))).toBe(
      '£12m as entered; £19.2m with VAT and extension options, the basis for thresholds',
    );
    expect(header(withValue('12000000, vat: exempt, includes_extensions: false', '  duration: { initial_months: 36, extension_months: 12 }\n'))).toBe(
      '£12m as entered (VAT-exempt, so no VAT); £16m with extension options, the basis for thresholds',
    );
    expect(header(withValue('1800000, vat: included, includes_extensions: true'))).toBe('£1.8m (including VAT and extension options)');
    expect(header(MINIMAL_CONTRACT)).toBe('not given');
  });

  it('reads the same from the JSON output\'s value fields', () => {
    const a = assess(library, contractFrom(withValue('12000000, vat: excluded, includes_extensions: true')));
    expect(a.contract).toMatchObject({ enteredValue: 12_000_000, totalValue: 14_400_000, valueBasis: { vat: 'added', extensions: 'included' } });
    expect(totalValueText(a.contract)).toContain('£12m as entered');
  });
});

describe('number answers with their unit', () => {
  it('say "1 organisation", not "1 organisations", and "40%"', () => {
    const text = exampleText('small-vcse-grant.yaml').replace(/local_bidders: 6/, 'local_bidders: 1').replace(/expected_local_spend_pct: \d+/, 'expected_local_spend_pct: 40');
    const rows = tables(render(text).tokens).flat();
    const answer = (id: string) => rows.find((row) => row[0]!.startsWith(`**${id}**`))?.[1];
    expect(answer('S4.2')).toMatch(/^1 organisation\b/);
    expect(answer('S4.2')).not.toMatch(/organisations/);
    expect(answer('P3.1')).toMatch(/^40%/);
  });
});

describe('hostile text from a contract file', () => {
  const hostile = MINIMAL_CONTRACT.replace('title: Test service', 'title: "A | B <script>alert(1)</script> # not a heading"')
    .replace('name: Test Council', 'name: "**Council** [link](javascript:alert(1)) `code`"')
    .replace(
      'answers: {}',
      'answers:\n  S1.2:\n    value: yes\n    note: "line one\\nline two | with pipe\\n# heading?\\n<img src=x onerror=alert(1)>\\n- list"\n  S1.1: { value: 2, note: "\\u001b[31mred\\u001b[0m &amp; entity" }\n',
    );
  const { markdown, tokens } = render(hostile);

  it('cannot inject HTML', () => {
    expect(htmlTokens(tokens).map((t) => t.content.trim())).toEqual([REPORT_MARKER]);
    const html = md.render(markdown);
    expect(html).not.toMatch(/<script|<img|href="javascript/);
  });

  it('cannot break the tables or add headings', () => {
    const questionTables = tables(tokens).filter((t) => t[0]!.join('|') === 'Question|Answer|Evidence|Note|Score');
    expect(questionTables).toHaveLength(11);
    for (const t of questionTables) for (const row of t) expect(row).toHaveLength(5);
    expect(headings(tokens, 'h1')).toHaveLength(1);
    expect(headings(tokens, 'h2')).toHaveLength(8);
  });

  it('shows the text as written', () => {
    const html = md.render(markdown);
    expect(html).toContain('A | B &lt;script&gt;alert(1)&lt;/script&gt; # not a heading');
    expect(html).toContain('line one line two | with pipe # heading? &lt;img src=x onerror=alert(1)&gt; - list');
    expect(html).toContain('red &amp;amp; entity');
    expect(markdown).not.toContain('\u001b');
  });

  it('reads as written in a text editor: & and > stay as they are, only an entity or a tag is escaped', () => {
    const { markdown: plain } = render(MINIMAL_CONTRACT.replace('title: Test service', 'title: "Q&A for Parks & Open Spaces > 5 sites"'));
    expect(plain).toContain('Q&A for Parks & Open Spaces > 5 sites');
    expect(markdown).toContain('red \\&amp; entity');
    expect(markdown).toContain('A \\| B \\<script>alert(1)\\</script> \\# not a heading');
    expect(plain).not.toMatch(/&(?:amp|lt|gt);/);
  });
});

describe('text helpers', () => {
  it('plainText strips ANSI escapes and control characters', () => {
    expect(plainText('\u001b[2J\u001b]0;title\u0007ok\u0007\r\nnext')).toBe('ok next');
  });
  it('mdText escapes list and heading starts', () => {
    // Parsed as a block, as the report's paragraphs are: an unescaped "1. " would open a list.
    const tokens = md.parse(mdText('1. not a list'), {});
    expect(tokens.filter((t) => t.type === 'ordered_list_open')).toHaveLength(0);
    expect(tokens.find((t) => t.type === 'inline')?.children?.map((c) => c.content).join('')).toBe('1. not a list');
    expect(md.parse(`- ${mdText('- nested?')}`, {}).filter((t) => t.type === 'bullet_list_open')).toHaveLength(1);
  });
});

describe('text that starts a line of the report', () => {
  it('cannot start a list', () => {
    // The band meaning and an area's why are paragraphs of their own; they come from rubric and
    // policy files, which councils edit. Render a real report with list-like text there.
    const a = assess(library, contractFrom(MINIMAL_CONTRACT));
    const rubrics = a.rubrics.map((r, i) => (i === 0 ? { ...r, areas: r.areas.map((area, j) => (j === 0 ? { ...area, why: '- not a bullet' } : area)) } : r));
    // Not provisional, so that the band's meaning is shown.
    const hostile = { ...a, rubrics, overall: { ...a.overall, provisional: false, band: { ...a.overall.band, meaning: '1. not a list' } } };
    const markdown = renderReport(hostile, library, meta);
    const tokens = md.parse(markdown, {});
    const html = md.render(markdown);
    expect(tokens.filter((t) => t.type === 'ordered_list_open')).toHaveLength(0);
    expect(html).toContain('<p>1. not a list</p>');
    expect(html).toContain('<p>- not a bullet</p>');
  });
});

describe('the terminal summary', () => {
  const a = assess(library, contractFrom(exampleText('regional-outsourcing.yaml')));
  const text = renderSummary(a, NO_PAINT, 'out.md');

  it('shows the score, band, a bar per area, three recommendations and where the report went', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^County-wide integrated wellbeing and prevention service: 16\.1\/100 Not local yet/);
    expect(lines.filter((l) => /[█░]{10}/.test(l))).toHaveLength(11);
    expect(lines.filter((l) => /^ {2}\d\. \[/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toBe('Report: out.md');
  });
});

describe('a very long title', () => {
  it('is one short line on the terminal and whole in the report', () => {
    const title = 'Very long '.repeat(5000).trim();
    const a = assess(library, contractFrom(MINIMAL_CONTRACT.replace('title: Test service', `title: ${title}`)));
    const first = renderSummary(a, NO_PAINT, 'x').split('\n')[0]!;
    expect(first.length).toBeLessThan(200);
    expect(first).toContain('…');
    expect(renderReport(a, library, meta)).toContain(title);
  });
});

describe('the JSON output', () => {
  it('is the whole assessment with who made it and when', () => {
    const a = assess(library, contractFrom(exampleText('small-vcse-grant.yaml')));
    const doc = JSON.parse(renderJson(a, meta));
    expect(doc).toMatchObject({ generator: 'kil', format: 1, kilVersion: '0.0.0-test', assessedOn: '2026-11-22' });
    expect(doc.overall.band.name).toBe('Local by default');
    expect(doc.rubrics).toHaveLength(2);
  });
});

describe('the band meaning follows the procurement stage', () => {
  const example = exampleText('community-mental-health.yaml');
  const startingOn = (date: string) => contractFrom(example.replace('procurement_start: 2026-03-01', `procurement_start: ${date}`));
  const planned = 'with clear gaps to close before the tender goes out';
  const started = 'the tender has gone out, so close the gaps in managing the contract and at the next re-let';

  it('says "before the tender goes out" only while the procurement has not started', () => {
    expect(renderReport(assess(library, startingOn('2026-11-23')), library, meta)).toContain(planned);
    for (const date of ['2026-11-22', '2026-03-01']) {
      const a = assess(library, startingOn(date));
      expect(renderReport(a, library, meta)).toContain(started);
      expect(renderReport(a, library, meta)).not.toContain(planned);
      expect(renderHtmlReport(a, library, meta)).toContain(started);
    }
  });

  it('is the rubric set\'s text: without meaning_once_started the band says its meaning', () => {
    const line = '\n    meaning_once_started: Some local-by-default practice is in place; the tender has gone out, so close the gaps in managing the contract and at the next re-let.';
    const edited = editedLibrary(['set.yaml', line, ''], ['five-steps.yaml', line, ''], ['six-principles.yaml', line, '']);
    expect(renderReport(assess(edited, startingOn('2026-03-01')), edited, meta)).toContain(planned);
  });
});

describe('another nation\'s law is not listed', () => {
  const english = contractFrom(exampleText('community-mental-health.yaml'));
  const scottish = contractFrom(exampleText('nations/scotland-community-mental-health.yaml'));

  it('an English report shows no Scottish or Welsh duty, and says which questions it leaves out', () => {
    const a = assess(library, english);
    for (const text of [renderReport(a, library, meta), renderHtmlReport(a, library, meta)]) {
      expect(text).not.toMatch(/sustainable procurement duty|socially responsible procurement duty|S2\.5\*\* Was|S2\.6\*\* Does/);
      expect(text).toMatch(/Not shown: (<strong>|\*\*)S2\.5(<\/strong>|\*\*) and (<strong>|\*\*)S2\.6(<\/strong>|\*\*), which ask about another nation's law\./);
    }
    // The JSON keeps every question, marked.
    const s25 = a.rubrics.flatMap((r) => r.areas.flatMap((x) => x.questions)).find((q) => q.id === 'S2.5')!;
    expect(s25).toMatchObject({ status: 'not-applicable', otherLaw: true, score: null });
  });

  it('a Scottish report shows the Scottish duty and leaves out the Welsh one', () => {
    const markdown = renderReport(assess(library, scottish), library, meta);
    expect(markdown).toContain('| **S2.5** Was the sustainable procurement duty considered');
    // S2.2 is England's Social Value Act question: in Scotland it is another nation's law, never
    // "no duty to consider the area's well-being" (PRSA s.9 is exactly such a duty, asked as S2.5).
    expect(markdown).toContain('Not shown: **S2.2** and **S2.6**, which ask about another nation\'s law.');
    expect(markdown).not.toMatch(/no duty to consider the area's/);
  });

  it('is the policy\'s data: without `nations` on the feature the question is shown as not applicable', () => {
    const edited = editedLibrary(['policy.yaml', ', nations: [scotland] }', ' }']);
    const markdown = renderReport(assess(edited, english), edited, meta);
    expect(markdown).toContain('| **S2.5** Was the sustainable procurement duty considered');
    expect(markdown).toContain('Not shown: **S2.6**, which asks about another nation\'s law.');
  });
});
