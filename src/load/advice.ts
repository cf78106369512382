/**
 * What to write instead of a wrong value, made from what the facts table says about the field:
 * its kind, unit, bounds and example. Nothing here is written for one field: "write 650000 (a
 * number in pounds, no £ sign or commas)" comes from the unit "pounds", "write 28" for
 * "4 weeks" from the unit "days". Pure.
 */
import type { FieldEntry } from '../model/field-table.js';
import { fitToUnit, readTypedDate, readTypedNumber, readTypedYesNo, unitClass } from '../model/typed-values.js';

/** What kil knows about a field: a row of the facts table, or the same made from a rubric question. */
export type FieldInfo = Pick<FieldEntry, 'kind' | 'min' | 'max' | 'integer'> & { meta: Pick<FieldEntry['meta'], 'unit' | 'example'> };

/** "a number in pounds, no £ sign or commas", "a whole number of days": how to write a value of the field. */
export function formOf(info: FieldInfo): string {
  switch (info.kind) {
    case 'number':
      return numberForm(info);
    case 'yes_no':
      return 'true or false';
    case 'date':
      return 'a date written YYYY-MM-DD';
    case 'list':
      return 'a list';
    case 'text':
      return 'text';
    default:
      return 'a value like the example';
  }
}

function numberForm(info: FieldInfo): string {
  const unit = info.meta.unit;
  const n = info.integer ? 'a whole number' : 'a number';
  const u = unitClass(unit);
  switch (u.kind) {
    case 'pounds':
      return `${n} in pounds, no £ sign or commas`;
    case 'percent':
      return `${n} from ${info.min ?? 0} to ${info.max ?? 100}, no % sign`;
    case 'multiple':
      // "× annual value": how many times the annual value.
      return `${n} of times the ${unit!.replace(/^[×x]\s*/i, '')}, no "x"`;
    case 'time':
    case 'word':
      return `${n} of ${unit}`;
    case 'none':
      return n;
  }
}

/** What unit a number field takes, for "..., but it takes days". */
function takes(info: FieldInfo): string {
  const u = unitClass(info.meta.unit);
  if (u.kind === 'percent') return 'a percentage';
  if (u.kind === 'multiple') return `a multiple (${info.meta.unit})`;
  return info.meta.unit ?? 'a plain number';
}

/** ", e.g. 1800000" from the field's example, or nothing when it has none. */
export function exampleOf(info: FieldInfo | undefined): string {
  return info?.meta.example === undefined ? '' : `, e.g. ${yamlFlow(info.meta.example)}`;
}

/** A value as it would be written in a YAML file, on one line. */
export function yamlFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${yamlFlow(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') {
    const plain = (/^[A-Za-z][\w .'/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value)) || /^\d{4}-\d{2}-\d{2}$/.test(value);
    return plain ? value : JSON.stringify(value);
  }
  return String(value);
}

function fits(info: FieldInfo, value: number): boolean {
  return (!info.integer || Number.isInteger(value)) && (info.min === undefined || value >= info.min) && (info.max === undefined || value <= info.max);
}

export type Advice = { kind: 'write'; value: string } | { kind: 'wrong-unit'; takes: string } | { kind: 'none' };

/**
 * What the text a person wrote in a field that is not text most likely means: "write 650000" for
 * "£650,000" in pounds, "write 28" for "4 weeks" in days, "write true" for "yes"; or that it is in
 * the wrong unit; or nothing to suggest.
 */
export function readAsField(text: string, info: FieldInfo): Advice {
  switch (info.kind) {
    case 'number': {
      const n = readTypedNumber(text);
      if (!n) return { kind: 'none' };
      const value = fitToUnit(n, info.meta.unit);
      if (value === undefined) return { kind: 'wrong-unit', takes: takes(info) };
      return fits(info, value) ? { kind: 'write', value: String(value) } : { kind: 'none' };
    }
    case 'yes_no': {
      const b = readTypedYesNo(text);
      return b === undefined ? { kind: 'none' } : { kind: 'write', value: String(b) };
    }
    case 'date': {
      const d = readTypedDate(text);
      return d === undefined ? { kind: 'none' } : { kind: 'write', value: d };
    }
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
      return items.length === 0 ? { kind: 'none' } : { kind: 'write', value: yamlFlow(items) };
    }
    default:
      return { kind: 'none' };
  }
}

/**
 * What to say after the field's name about text written where the field takes something else
 * ('is the text "4 weeks"; write 28 (a whole number of days)'), or undefined when there is
 * nothing better to say than the general message.
 */
export function adviceForText(text: string, info: FieldInfo): string | undefined {
  const advice = readAsField(text, info);
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (advice.kind === 'write') return `is the text ${shown}; write ${advice.value} (${formOf(info)})`;
  if (advice.kind === 'wrong-unit') return `is the text ${shown}, but it takes ${advice.takes}; write ${formOf(info)}${exampleOf(info)}`;
  return undefined;
}
