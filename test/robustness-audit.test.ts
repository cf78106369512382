/**
 * Robustness audit of kil import ocds, kil profile, rubric sets in kil assess/batch/compare and
 * kil rubric: each test holds a defect found by attacking the CLI as a careful user or an attacker
 * would, run end to end on the built CLI.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, EXAMPLES_DIR, NOTICES_DIR, ROOT, RUBRICS_DIR } from './helpers.js';

const dirs: string[] = [];
const temp = (): string => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One real notice, imported once: a contract file that names rubric_set: published-record. */
let importedText = '';
beforeAll(() => {
  const dir = temp();
  const r = runCli(['import', 'ocds', join(NOTICES_DIR, 'uk-s2w-2025-cardiff-royal-infirmary-security.json'), '--out-dir', join(dir, 'c')]);
  if (r.code !== 0) throw new Error(`import failed: ${r.code} ${r.stderr}`);
  importedText = readFileSync(join(dir, 'c', 'ocds-kuma6s-148381.yaml'), 'utf8');
});

interface JsonAssessment {
  rubricSet: { id: string } | null;
}
const setOf = (stdout: string): string | undefined => (JSON.parse(stdout) as JsonAssessment).rubricSet?.id;

describe('rubric_set: the set a contract file names is the set it is assessed on, however the YAML spells it', () => {
  const LINE = 'rubric_set: published-record';
  const spellings: [string, string][] = [
    ['a quoted key', '"rubric_set": published-record'],
    ['a space before the colon', 'rubric_set : published-record'],
    ['a tag', 'rubric_set: !!str published-record'],
    ['an anchor', 'rubric_set: &set published-record'],
  ];
  for (const [what, line] of spellings) {
    it(`${what}: ${line}`, () => {
      const dir = temp();
      const file = join(dir, 'a.yaml');
      expect(importedText).toContain(`\n${LINE}\n`);
      writeFileSync(file, importedText.replace(`\n${LINE}\n`, `\n${line}\n`));
      const r = runCli(['assess', file, '--format', 'json', '-o', '-', '-q']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(setOf(r.stdout)).toBe('published-record');
    });
  }

  it('a contract file written as JSON', () => {
    const dir = temp();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, JSON.stringify({ kil: 1, rubric_set: 'published-record', procurement: { title: 'Grounds', buyer: { name: 'Test Council', type: 'sub-central', nation: 'england' }, contract_type: 'services' }, answers: {} }));
    const r = runCli(['assess', file, '--format', 'json', '-o', '-', '-q']);
    expect(r.code).toBe(0);
    expect(setOf(r.stdout)).toBe('published-record');
  });

  it('a contract read from stdin (kil assess -)', () => {
    const r = runCli(['assess', '-', '--format', 'json', '-q'], { input: importedText });
    expect(r.code).toBe(0);
    expect(setOf(r.stdout)).toBe('published-record');
    // --rubric-set still beats it.
    const flag = runCli(['assess', '-', '--format', 'json', '-q', '--rubric-set', 'keep-it-local'], { input: importedText });
    expect(setOf(flag.stdout)).toBe('keep-it-local');
  });

  it('an unknown set on stdin is refused at its line, as in a file', () => {
    const r = runCli(['assess', '-', '--format', 'json', '-q'], { input: importedText.replace(LINE, 'rubric_set: publshed-record') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:\d+:1: rubric_set: "publshed-record" is not one of kil's rubric sets/m);
  });

  it('kil compare with one side on stdin: both sides on the set they name', () => {
    const dir = temp();
    const file = join(dir, 'after.yaml');
    writeFileSync(file, importedText);
    const r = runCli(['compare', '-', file, '--format', 'json', '-q'], { input: importedText });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { before: { rubricSet: { id: string } | null }; after: { rubricSet: { id: string } | null } };
    expect(c.before.rubricSet?.id).toBe('published-record');
    expect(c.after.rubricSet?.id).toBe('published-record');
    // A hand-written contract on stdin against an imported one: two sets, refused as in a batch.
    const mixed = runCli(['compare', '-', file, '-q'], { input: readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8') });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('different rubric sets');
  });

  it('kil batch: a hand-spelt rubric_set line beside imported files is on the same set, not a mixed batch', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.yaml'), importedText);
    writeFileSync(join(dir, 'b.yaml'), importedText.replace(`\n${LINE}\n`, '\n"rubric_set": "published-record"\n'));
    const r = runCli(['batch', dir, '--format', 'json', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});


describe('an output file name taken by a folder in --out-dir: refused before anything is written, with or without --force', () => {
  const contracts = (): string => {
    const dir = temp();
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'a.yaml'), importedText);
    return join(dir, 'c');
  };

  for (const force of [false, true]) {
    it(`kil profile, profile.md a folder${force ? ', --force' : ''}`, () => {
      const out = join(temp(), 'out');
      mkdirSync(join(out, 'profile.md'), { recursive: true });
      const r = runCli(['profile', contracts(), '--out-dir', out, '--min-contracts', '1', ...(force ? ['--force'] : [])]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${join(out, 'profile.md')}:1:1: the output path is a folder, not a file; move or rename the folder, or write elsewhere\n`);
      expect(readdirSync(out)).toEqual(['profile.md']);
    });

    it(`kil batch, portfolio.md a folder${force ? ', --force' : ''}`, () => {
      const out = join(temp(), 'out');
      mkdirSync(join(out, 'portfolio.md'), { recursive: true });
      const r = runCli(['batch', contracts(), '--out-dir', out, '-q', ...(force ? ['--force'] : [])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(out, 'portfolio.md')}:1:1: the output path is a folder, not a file; move or rename the folder, or write elsewhere`);
      expect(r.stderr).not.toContain('with -o');
      expect(readdirSync(out)).toEqual(['portfolio.md']);
    });
  }
});

describe('kil profile markdown: text from files cannot change the tables', () => {
  it('a contract file whose name has a | stays in its cell of "Largest contracts"', () => {
    const dir = temp();
    // A notice that publishes a value, so that the buyer has a largest contract.
    expect(runCli(['import', 'ocds', join(NOTICES_DIR, 'uk-cf-2020-leeds-ppe-workwear.json'), '--out-dir', join(dir, 'in')]).code).toBe(0);
    const [imported] = readdirSync(join(dir, 'in'));
    renameSync(join(dir, 'in', imported!), join(dir, 'a|b.yaml'));
    rmSync(join(dir, 'in'), { recursive: true });
    const r = runCli(['profile', dir, '--min-contracts', '1']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| PROVISION OF PERSONAL PROTECTIVE'))!;
    expect(row).toBeDefined();
    // GFM splits a table row at every | not escaped, inside code spans too.
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    expect(cells).toHaveLength(4);
    expect(cells[3]!.trim()).toBe(`\`${join(dir, 'a\\|b.yaml')}\``);
  });
});

describe('kil profile markdown: the postcode table\'s name and the rubric\'s size band are text from files, made literal', () => {
  const HOSTILE = 'Evil \u001b]0;pwned\u0007 <img src=x> | **b**';
  const contracts = (): string => {
    const dir = temp();
    writeFileSync(join(dir, 'a.yaml'), importedText);
    return dir;
  };
  const expectLiteral = (md: string) => {
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img src=x> \\| \\*\\*b\\*\\*');
  };

  it('KIL_POSTCODE_TABLE whose source name holds escapes and markup', () => {
    const dir = temp();
    const table = JSON.parse(readFileSync(join(ROOT, 'data', 'postcode-localities.json'), 'utf8')) as { source: { name: string } };
    table.source.name = HOSTILE;
    writeFileSync(join(dir, 'table.json'), JSON.stringify(table));
    const r = runCli(['profile', contracts(), '-q'], { env: { KIL_POSTCODE_TABLE: join(dir, 'table.json') } });
    expect(r.code).toBe(0);
    expectLiteral(r.stdout);
  });

  it('--rubrics DIR whose S4.1 band label holds escapes and markup', () => {
    const dir = join(temp(), 'rubrics');
    cpSync(RUBRICS_DIR, dir, { recursive: true });
    const file = join(dir, 'five-steps.yaml');
    const label = 'label: needs a large organisation }';
    expect(readFileSync(file, 'utf8')).toContain(label);
    writeFileSync(file, readFileSync(file, 'utf8').replace(label, `label: ${JSON.stringify(HOSTILE)} }`));
    const r = runCli(['profile', contracts(), '-q', '--rubrics', dir]);
    expect(r.code).toBe(0);
    expectLiteral(r.stdout);
  });
});

describe('KIL_POSTCODE_TABLE that is not a table: one clear message, exit 2, nothing from the file can drive the terminal', () => {
  const cases: [string, string | undefined][] = [
    ['missing', undefined],
    ['empty', ''],
    ['truncated', '{"format": "kil-postcode-localities", "version": 1, "source": {"na'],
    ['garbage with escapes', '\u001b[8m\u001b[31mhidden red\u001b]0;title\u0007'],
    ['a JSON list', '[1, 2, 3]'],
  ];
  for (const [what, text] of cases) {
    it(what, () => {
      const dir = temp();
      writeFileSync(join(dir, 'a.yaml'), importedText);
      const table = join(dir, 'table.json');
      if (text !== undefined) writeFileSync(table, text);
      const r = runCli(['profile', dir, '-q'], { env: { KIL_POSTCODE_TABLE: table } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(/^kil: KIL_POSTCODE_TABLE: .*table\.json: the postcode table .*; build the table with scripts\/build-postcode-table\.mjs/);
      expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    });
  }

  it('a folder', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.yaml'), importedText);
    const r = runCli(['profile', join(dir, 'a.yaml'), '-q'], { env: { KIL_POSTCODE_TABLE: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the postcode table cannot be read');
  });
});

describe('a diagnostic quoting a file\'s text: its escapes are shown, not sent to the terminal', () => {
  it('an unknown field and an unknown question id holding colour escapes (which the terminal guard lets through as kil\'s own)', () => {
    const dir = temp();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, `kil: 1\n"\u001b[8mhidden": 1\nprocurement:\n  title: Test\n  buyer: { name: Test Council, type: sub-central, nation: england }\n  contract_type: services\nanswers:\n  "\u001b[31mS9.9": yes\n`);
    for (const args of [['assess', file, '-o', '-'], ['batch', file], ['profile', file]]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toContain('\u001b');
      expect(r.stderr).toContain(`${file}:2:1: unknown field "\\e[8mhidden"`);
    }
  });
});

describe('kil import ocds: a folder where a contract file goes', () => {
  for (const force of [false, true]) {
    it(`is reported and the other files are still written${force ? ' (--force)' : ''}`, () => {
      const out = join(temp(), 'out');
      mkdirSync(join(out, 'ocds-kuma6s-148381.yaml'), { recursive: true });
      const notices = ['uk-s2w-2025-cardiff-royal-infirmary-security.json', 'uk-cf-2020-leeds-ppe-workwear.json'].map((n) => join(NOTICES_DIR, n));
      const r = runCli(['import', 'ocds', ...notices, '--out-dir', out, ...(force ? ['--force'] : [])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(out, 'ocds-kuma6s-148381.yaml')}: a folder, not a file; not replaced: move or rename the folder, or import into another --out-dir`);
      expect(r.stderr).not.toContain('Use --force');
      expect(r.stderr).toContain('1 contract file written');
      expect(readdirSync(out).sort()).toEqual(['ocds-b5fd17-56aecdd9-b2a0-42ed-92d6-6de7776b508d.yaml', 'ocds-kuma6s-148381.yaml']);
    });
  }
});

describe('kil profile --rubrics: a folder without Locality\'s size says what to do', () => {
  it('the published-record set\'s folder (no S4.1)', () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.yaml'), importedText);
    const rubrics = join(RUBRICS_DIR, 'published-record');
    const r = runCli(['profile', dir, '--rubrics', rubrics]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kil: ${rubrics}: the rubrics have no number question S4.1 (the largest lot's value), which gives Locality's size; give kil profile a rubric folder with S4.1, or leave out --rubrics for kil's own\n`,
    );
  });
});
