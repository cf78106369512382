/**
 * The README and the pages in docs/ are what new users read and copy: their examples must keep
 * working, and every link between them must lead somewhere.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const read = (page: string): string => readFileSync(join(ROOT, page), 'utf8');
const yamlBlocks = (text: string): string[] => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

const readme = read('README.md');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/${f}`);

/** The lines of a markdown text outside fenced code blocks (``` or ~~~), with their numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1]![0]!;
      else if (open[1]![0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text: line });
  });
  return out;
}

/** GitHub's anchor for a heading: lowercase, punctuation other than "-" and "_" dropped, each space a "-". */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a markdown text's headings make, with GitHub's -1, -2 for repeats. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every relative link of a page (file: its path from ROOT): where it is and what it points at. */
function relativeLinks(file: string, text: string): { at: string; target: string }[] {
  const out: { at: string; target: string }[] = [];
  for (const { line, text: prose } of proseLines(text)) {
    // Code spans are not links; their text may be part of a link's text, so keep the brackets.
    const withoutCode = prose.replace(/`[^`]*`/g, 'code');
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      out.push({ at: `${file}:${line}`, target });
    }
  }
  return out;
}

/** The broken relative links of the given pages, as "page:line: target (why)". */
function brokenLinks(pages: Record<string, string>): string[] {
  const broken: string[] = [];
  for (const [file, text] of Object.entries(pages)) {
    for (const { at, target } of relativeLinks(file, text)) {
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), decodeURI(path)));
      const targetText = pages[resolved] ?? (existsSync(join(ROOT, resolved)) ? undefined : null);
      if (targetText === null) {
        broken.push(`${at}: ${target} (no file ${resolved})`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      const headings = targetText ?? (resolved.endsWith('.md') ? read(resolved) : undefined);
      if (headings === undefined) broken.push(`${at}: ${target} (an anchor in a file that is not markdown)`);
      else if (!anchors(headings).has(anchor)) broken.push(`${at}: ${target} (no heading "#${anchor}" in ${resolved})`);
    }
  }
  return broken;
}

const allPages = (): Record<string, string> => Object.fromEntries(['README.md', ...DOCS].map((p) => [p, read(p)]));

describe('README', () => {
  it('gives exactly two quick-start commands, the second being the test command CI runs', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh\n')[1]!.split('```')[0]!.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && npx kil assess examples/community-mental-health.yaml', 'npm test']);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\nnpm test\n/);
  });

  it('stays short: the reference is in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(200);
  });

  it('links every page in docs/, and "kil --help" names each of them', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const page of DOCS) {
      expect(readme, page).toContain(`](${page})`);
      expect(help.stdout, page).toContain(page);
    }
  });

  it('each docs page says what it is for and links back to the README', () => {
    for (const page of DOCS.filter((p) => !['docs/law-verification.md', 'docs/ocds-field-map.md'].includes(p))) {
      const [title, blank, about] = read(page).split('\n');
      expect(title, page).toMatch(/^# \S/);
      expect(blank, page).toBe('');
      expect(about, page).toMatch(/^This page .+\[README\]\(\.\.\/README\.md\)\.$/);
    }
  });
});

describe('links in the README and docs/', () => {
  it('GitHub anchors are made as GitHub makes them', () => {
    expect(slug('`kil batch PATH...`')).toBe('kil-batch-path');
    expect(slug('`kil import ocds INPUT... --out-dir DIR`')).toBe('kil-import-ocds-input---out-dir-dir');
    expect(slug('Evidence: what the score rests on')).toBe('evidence-what-the-score-rests-on');
    expect(slug('What changed in rubric 3.0.0 (issue 22), and why')).toBe('what-changed-in-rubric-300-issue-22-and-why');
    expect([...anchors('# A\n\n```\n# not a heading\n```\n## A\n### B ##\n')]).toEqual(['a', 'a-1', 'b']);
  });

  it('every relative link points at a file that exists, and every #anchor at a heading there', () => {
    const pages = allPages();
    const count = Object.entries(pages).reduce((n, [file, text]) => n + relativeLinks(file, text).length, 0);
    expect(count).toBeGreaterThan(40);
    expect(brokenLinks(pages)).toEqual([]);
  });

  it('finds a link to a missing page, to a missing heading, and to a heading inside a code block', () => {
    const pages = allPages();
    const before = new Set(brokenLinks(pages));
    const broken = brokenLinks({
      ...pages,
      'README.md': `${pages['README.md']}\n[a](docs/nothing.md) [b](docs/scoring.md#no-such-heading) [c](#not-here)\n`,
      'docs/json.md': `${pages['docs/json.md']}\n[d](commands.md#overall-611--676-65) [e](../rubrics/set.yaml#x)\n`,
    }).filter((b) => !before.has(b));
    expect(broken).toEqual([
      expect.stringMatching(/^README\.md:\d+: docs\/nothing\.md \(no file docs\/nothing\.md\)$/),
      expect.stringMatching(/^README\.md:\d+: docs\/scoring\.md#no-such-heading \(no heading/),
      expect.stringMatching(/^README\.md:\d+: #not-here \(no heading "#not-here" in README\.md\)$/),
      expect.stringMatching(/^docs\/json\.md:\d+: commands\.md#overall-611--676-65 \(no heading/),
      expect.stringMatching(/^docs\/json\.md:\d+: \.\.\/rubrics\/set\.yaml#x \(an anchor in a file that is not markdown\)$/),
    ]);
  });
});

describe('docs/contract-file.md', () => {
  it('has a commented contract example (its first yaml block) that kil assesses without errors or warnings', () => {
    const dir = tempDir();
    const file = join(dir, 'from-docs.yaml');
    writeFileSync(file, yamlBlocks(read('docs/contract-file.md'))[0]!);
    const r = runCli(['assess', file, '-o', '-', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Keep it Local assessment: Community mental health support');
  });
});

describe('docs/rubrics.md', () => {
  it('has a policy example that validates', () => {
    const dir = tempDir();
    const file = join(dir, 'policy.yaml');
    const block = yamlBlocks(read('docs/rubrics.md')).find((b) => b.startsWith('kind: policy'));
    expect(block).toBeDefined();
    writeFileSync(file, block!);
    expect(runCli(['rubric', 'validate', file])).toMatchObject({ code: 0 });
  });
});
