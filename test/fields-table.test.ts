/** The facts table drives the field table in docs/contract-file.md, the template and the interview: they agree. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACT_NAMES, factNamed } from '../src/facts/catalogue.js';
import { FACT_FIELDS } from '../src/interview/fields.js';
import { labelOf, procurementFields, procurementTable, promptOf } from '../src/model/field-table.js';
import { unitClass } from '../src/model/typed-values.js';
import { ProcurementSchema } from '../src/model/contract.js';
import { renderFieldsTable, withFieldsTable } from '../src/render/fields-table.js';
import { renderTemplate } from '../src/render/template.js';
import { builtInLibrary, ROOT } from './helpers.js';

describe('the facts table', () => {
  it('the field table in docs/contract-file.md is the one the table makes (run "npm run readme" after changing a field)', () => {
    const page = readFileSync(join(ROOT, 'docs', 'contract-file.md'), 'utf8');
    expect(withFieldsTable(page)).toBe(page);
    expect(page).toContain(renderFieldsTable());
  });

  it('every field has a label and an example the schema accepts in its place', () => {
    for (const f of procurementFields()) {
      expect(f.meta.label, f.path.join('.')).toMatch(/\S/);
      expect(f.meta.example, f.path.join('.')).not.toBeUndefined();
    }
    // The examples together make a valid procurement: each is valid where it stands.
    const example: Record<string, unknown> = {};
    for (const f of procurementFields()) {
      let node = example;
      for (const key of f.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[f.path[f.path.length - 1]!] = f.meta.example;
    }
    const parsed = ProcurementSchema.safeParse(example);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('every fact taken from a procurement field describes it by the table (a wrong path fails here)', () => {
    for (const name of FACT_NAMES) expect(factNamed(name)!.description, name).toMatch(/\(procurement\./);
  });

  it('every choice value has a label, and no label names a value the schema lacks', () => {
    for (const f of procurementFields().filter((x) => x.kind === 'choice')) {
      expect(Object.keys(f.meta.choices ?? {}).sort(), f.path.join('.')).toEqual([...(f.values ?? [])].sort());
    }
  });

  it('the interview lists choices in the order the table gives their labels: light-touch first, not goods', () => {
    const kind = FACT_FIELDS.find((f) => f.path.join('.') === 'contract_type')!;
    expect(kind.kind === 'choice' && kind.choices.map((c) => c.value)).toEqual(['light-touch', 'services', 'goods', 'works', 'concession']);
  });

  it('the interview asks every field a person can answer, with the table\'s labels and bounds', () => {
    const asked = new Map(FACT_FIELDS.map((f) => [f.path.join('.'), f]));
    for (const f of procurementFields()) {
      const ask = f.meta.ask ?? 'always';
      const key = f.path.join('.');
      if (ask === 'never' || ask === 'lots' || f.kind === 'fixed' || f.kind === 'records') expect(asked.has(key), key).toBe(false);
      else {
        expect(asked.get(key)?.label, key).toBe(promptOf(f));
        const field = asked.get(key)!;
        if (field.kind === 'number') expect([field.min, field.max, field.integer ?? false], key).toEqual([f.min ?? 0, f.max, f.integer ?? false]);
      }
    }
  });

  // "Days bidders have to respond in days", "(0 for none) in x annual value": the unit once, said as people say it.
  it('every number field\'s prompt and label say its unit once, and never "in × annual value"', () => {
    const numbers = procurementFields().filter((f) => f.kind === 'number');
    expect(numbers.length).toBeGreaterThan(10);
    const count = (text: string, re: RegExp) => (text.match(new RegExp(re.source, 'gi')) ?? []).length;
    for (const f of numbers) {
      const unit = f.meta.unit!;
      const u = unitClass(unit);
      // The words that say the unit, and the words that also say it for counted things ("How many").
      const says =
        u.kind === 'time' ? new RegExp(`\\b${u.unit}s?\\b`) : u.kind === 'pounds' ? /\bpounds?\b|£/ : u.kind === 'percent' ? /%|\bper ?cent\b/ : u.kind === 'multiple' ? /\bmultiple\b|[×]|\btimes\b/ : new RegExp(`\\b${unit.replace(/s$/, '')}s?\\b`);
      for (const [what, text] of [['prompt', promptOf(f)], ['label', labelOf(f)]] as const) {
        const at = `${f.path.join('.')} ${what}: ${text}`;
        expect(count(text, says), at).toBeLessThanOrEqual(1);
        expect(count(text, says) + count(text, /^(how many|number of)\b/), at).toBeGreaterThanOrEqual(1);
        expect(text, at).not.toMatch(/\bin [×x]\s|\bin (questions|organisations|lots)\b|\)\s*in\b|\?./i);
        if (u.kind === 'multiple') expect(count(text, /annual value/), at).toBe(1);
      }
    }
    // As the interview asks them.
    expect(FACT_FIELDS.filter((f) => f.kind === 'number').map((f) => f.label)).toEqual(
      expect.arrayContaining([
        'Initial contract length, in months',
        'Number of quality questions bidders answer',
        'Days bidders have to respond',
        'Minimum turnover asked of bidders, as a multiple of the annual value (0 for none)',
        'Number of local VCSEs and small businesses engaged before the market opened',
        'Price weighting, in %',
      ]),
    );
  });

  it('the template shows every field and group, each with its label', () => {
    const text = renderTemplate(builtInLibrary());
    for (const row of procurementTable()) {
      const key = row.path[row.path.length - 1]!;
      const label = row.row === 'field' && row.kind === 'number' ? labelOf(row) : row.meta.label;
      expect(text, row.path.join('.')).toMatch(new RegExp(`^\\s*(# )?\\s*${key}:.*# ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
  });
});
