/**
 * The JSON Schemas kil ships for editors (schemas/*.json, `kil schema NAME`) say the same as kil:
 * checked with an independent validator (ajv, JSON Schema 2020-12) over the shipped examples,
 * the template, imported notices and a corpus of broken files. Where JSON Schema cannot say a
 * rule (a date that exists, a sum of 100), the difference is listed and tested as such.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importedContract, importOcds, renderImported } from '../src/import/ocds/index.js';
import { loadContract } from '../src/load/contract.js';
import { procurementTable } from '../src/model/field-table.js';
import { renderJsonSchema, SCHEMA_NAMES } from '../src/render/json-schema.js';
import { renderTemplate } from '../src/render/template.js';
import { builtInLibrary, exampleNames, exampleText, MINIMAL_CONTRACT, ROOT, RUBRICS_DIR, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();
// enumDescriptions is VS Code's own keyword: allowed, not validated.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, keywords: ['enumDescriptions'] });
const validateContract = ajv.compile(renderJsonSchema('contract', library));

const kilAccepts = (text: string) => loadContract({ file: 'c.yaml', text }, library).diagnostics.every((d) => d.severity !== 'error');
const schemaAccepts = (text: string) => validateContract(parse(text)) === true;

const withFacts = (facts: string) => MINIMAL_CONTRACT.replace('  contract_type: services\n', `  contract_type: services\n${facts}`);
const withAnswers = (answers: string) => MINIMAL_CONTRACT.replace('answers: {}', `answers:\n${answers}`);

const GOOD: [string, string][] = [
  ...exampleNames().map((n): [string, string] => [n, exampleText(n)]),
  ['the kil init template', renderTemplate(library)],
  ['minimal', MINIMAL_CONTRACT],
  ['shorthand, null and n/a answers', withAnswers('  S1.2: yes\n  S1.1: { value: 3, note: JSNA }\n  S2.1: null')],
  ['lots without values', withFacts('  lots: [{ id: a }, { id: b, neighbourhood: North }]\n')],
  ['an action plan', `${MINIMAL_CONTRACT}actions:\n  S4.2: { do: Split into lots, owner: Jo, due: 2026-06-30, status: in-progress, note: x }\n  S1.2: { do: Map assets, owner: Jo }\n`],
];

const BAD: [string, string][] = [
  ['unknown procurement field', withFacts('  tender_window_day: 30\n')],
  ['wrong enum', MINIMAL_CONTRACT.replace('nation: england', 'nation: England')],
  ['missing required buyer', MINIMAL_CONTRACT.replace('  buyer: { name: Test Council, type: sub-central, nation: england }\n', '')],
  ['negative money', withFacts('  value: { amount: -1, currency: GBP, vat: exempt, includes_extensions: true }\n')],
  ['money over £1 trillion', withFacts('  value: { amount: 2e12, currency: GBP, vat: exempt, includes_extensions: true }\n')],
  ['money as text', withFacts('  value: { amount: "£650,000", currency: GBP, vat: exempt, includes_extensions: true }\n')],
  ['other currency', withFacts('  value: { amount: 5, currency: EUR, vat: exempt, includes_extensions: true }\n')],
  ['percentage over 100', withFacts('  expected_local_spend_pct: 140\n')],
  ['fractional count', withFacts('  tender_window_days: 2.5\n')],
  ['empty title', MINIMAL_CONTRACT.replace('title: Test service', 'title: "   "')],
  ['date in another format', withFacts('  start_date: 01/04/2026\n')],
  ['wrong version', MINIMAL_CONTRACT.replace('kil: 1', 'kil: 2')],
  ['unknown question id', withAnswers('  P4.77: yes')],
  ['yes/no answer that is not one', withAnswers('  S1.2: maybe')],
  ['maturity out of range', withAnswers('  S1.1: 5')],
  ['n/a for a question that always applies', withAnswers('  S1.2: n/a')],
  ['answer with an unknown key', withAnswers('  S1.2: { value: yes, evidence2: x }')],
  ['CPV code of 7 digits', withFacts('  cpv: [{ code: "8531231" }]\n')],
  ['an action for an unknown question id', `${MINIMAL_CONTRACT}actions:\n  S4.22: { do: Split into lots, owner: Jo }\n`],
  ['an action without an owner', `${MINIMAL_CONTRACT}actions:\n  S4.2: { do: Split into lots }\n`],
  ['an action with an unknown status', `${MINIMAL_CONTRACT}actions:\n  S4.2: { do: Split into lots, owner: Jo, status: started }\n`],
];

/** Rules JSON Schema cannot state; kil refuses these, the schema lets them through. */
const KIL_ONLY: [string, string][] = [
  ['a date that does not exist', withFacts('  start_date: 2026-02-30\n')],
  ['weightings that do not add up to 100', withFacts('  evaluation: { price_pct: 40, quality_pct: 40, social_value_pct: 40 }\n')],
];

describe('the contract JSON Schema agrees with kil', () => {
  it.each(GOOD)('both accept: %s', (_name, text) => {
    expect(kilAccepts(text)).toBe(true);
    expect(schemaAccepts(text), JSON.stringify(validateContract.errors)).toBe(true);
  });

  it.each(BAD)('both refuse: %s', (_name, text) => {
    expect(kilAccepts(text)).toBe(false);
    expect(schemaAccepts(text)).toBe(false);
  });

  it.each(KIL_ONLY)('kil alone refuses (not expressible in JSON Schema): %s', (_name, text) => {
    expect(kilAccepts(text)).toBe(false);
    expect(schemaAccepts(text)).toBe(true);
  });

  it('accepts every contract kil import ocds writes from the real notices', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'ocds');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      for (const imported of importOcds(f, readFileSync(join(dir, f), 'utf8')).imported) {
        const text = renderImported(imported, f);
        expect(kilAccepts(text), f).toBe(true);
        expect(validateContract(importedContract(imported)), `${f}: ${JSON.stringify(validateContract.errors)}`).toBe(true);
      }
    }
  });

  it('describes every procurement field: title, and an example for every fact', () => {
    const schema = renderJsonSchema('contract', library) as { properties: { procurement: unknown } };
    for (const row of procurementTable()) {
      let node = schema.properties.procurement as { properties?: Record<string, unknown>; anyOf?: unknown[] };
      for (const key of row.path) node = node.properties![key] as typeof node;
      expect((node as { title?: string }).title, row.path.join('.')).toBe(row.meta.label);
      if (row.row === 'field') expect((node as { examples?: unknown[] }).examples, row.path.join('.')).toEqual([row.meta.example]);
    }
  });

  it('lists every question id with its prompt', () => {
    const schema = renderJsonSchema('contract', library) as { properties: { answers: { properties: Record<string, { title: string }> } } };
    expect(Object.keys(schema.properties.answers.properties).sort()).toEqual([...library.questions.keys()].sort());
    expect(schema.properties.answers.properties['S1.2']!.title).toMatch(/^S1\.2: Are the local services/);
  });
});

describe('the other schemas validate the shipped files', () => {
  it('council: the example profile, and it refuses a question about the procurement', () => {
    const validate = ajv.compile(renderJsonSchema('council', library));
    const profile = parse(readFileSync(join(ROOT, 'examples', 'council.yaml'), 'utf8')) as { answers: Record<string, unknown> };
    expect(validate(profile), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...profile, answers: { ...profile.answers, 'P1.1': 2 } })).toBe(false);
  });

  it.each(SCHEMA_NAMES.filter((n) => n !== 'contract' && n !== 'council'))('%s', (name) => {
    const validate = ajv.compile(renderJsonSchema(name, library));
    // Every rubric folder file kil ships, the published-record set's included.
    const files = readdirSync(RUBRICS_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
      .map((e) => parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as { kind?: string });
    const kindOf = (d: { kind?: string }) => d.kind ?? 'rubric';
    const mine = files.filter((d) => kindOf(d) === name);
    expect(mine.length).toBeGreaterThan(0);
    for (const d of mine) expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('kil schema and kil init', () => {
  it('kil schema contract prints the shipped schema; an unknown name is a usage error', () => {
    const r = runCli(['schema', 'contract']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schemas', 'contract.schema.json'), 'utf8')));
    const bad = runCli(['schema', 'contracts']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('there is no schema "contracts"; choose one of contract, council, rubric, rubric-set, policy');
  });

  it('kil init starts with a modeline naming the shipped schema, by a path that resolves from the file', () => {
    const dir = tempDir();
    const r = runCli(['init', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const first = readFileSync(join(dir, 'plan.yaml'), 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
    expect(m).not.toBeNull();
    const schema = JSON.parse(readFileSync(join(dir, m![1]!), 'utf8')) as { title: string };
    expect(schema.title).toBe('kil contract file');
  });
});
