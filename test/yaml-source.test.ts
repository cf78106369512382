import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../src/load/yaml-source.js';

function errors(text: string) {
  const r = parseYamlSource('f.yaml', text);
  if (r.ok) throw new Error('expected a failure');
  return r.diagnostics;
}

describe('parseYamlSource', () => {
  it('parses a document and keeps the data', () => {
    const r = parseYamlSource('f.yaml', 'a: 1\nb: [x, y]\n');
    expect(r.ok && r.source.data).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('keeps dates as text (YAML 1.2 core schema)', () => {
    const r = parseYamlSource('f.yaml', 'start: 2026-04-01\n');
    expect(r.ok && r.source.data).toEqual({ start: '2026-04-01' });
  });

  it('reports a syntax error with its line and column', () => {
    const [d] = errors('a: 1\nb: [1, 2\nc: 3\n');
    expect(d).toMatchObject({ file: 'f.yaml', severity: 'error' });
    expect(d!.line).toBeGreaterThanOrEqual(2);
    expect(d!.message).toMatch(/YAML syntax error|indent|flow/i);
  });

  it('refuses duplicate keys instead of keeping the last one', () => {
    const [d] = errors('title: A\ntitle: B\n');
    expect(d).toMatchObject({ line: 2, col: 1 });
    expect(d!.message).toMatch(/unique.*keep only one/);
  });

  it('says an empty file is empty', () => {
    expect(errors('')[0]!.message).toMatch(/file is empty/);
    expect(errors('# only a comment\n')[0]!.message).toMatch(/file is empty/);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    expect(errors(bomb.join('\n'))[0]!.message).toMatch(/aliases/);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const r = parseYamlSource('f.yaml', '__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\n');
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses custom tags and binary content', () => {
    expect(errors('a: !!js/function "x"\n')[0]!.message).toMatch(/tag/i);
    expect(errors('a: 1\u0000')[0]!.message).toMatch(/binary/);
  });

  it('accepts a byte-order mark and CRLF line endings', () => {
    const r = parseYamlSource('f.yaml', '\uFEFFa: 1\r\nb: 2\r\n');
    expect(r.ok && r.source.data).toEqual({ a: 1, b: 2 });
  });

  it('reports several documents in one file', () => {
    expect(errors('a: 1\n---\nb: 2\n')[0]!.message).toMatch(/one YAML document/);
  });
});
