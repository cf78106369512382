/**
 * Output order must not depend on the machine's locale: kil sorts by UTF-16 code unit (byCodeUnit),
 * never with localeCompare (which puts "a" before "B" and, in Swedish, "ä" after "z").
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/load/diagnostic.js';
import { sortDiagnostics } from '../src/load/diagnostic.js';
import { byCodeUnit } from '../src/model/order-text.js';
import { loadRubricLibrary } from '../src/load/rubrics.js';
import { rubricSources } from './helpers.js';

describe('byCodeUnit', () => {
  it('orders capitals before small letters, accented letters last', () => {
    expect(['ä', 'a', 'B', 'b', 'A', 'z'].sort(byCodeUnit)).toEqual(['A', 'B', 'a', 'b', 'z', 'ä']);
    expect(byCodeUnit('x', 'x')).toBe(0);
  });

  it('is UTF-16 code unit order, as `<` and sort() with no comparator: beyond U+FFFF sorts before U+FFFD', () => {
    const texts = ['\uFFFD', '\u{1F600}', 'z'];
    expect([...texts].sort(byCodeUnit)).toEqual(['z', '\u{1F600}', '\uFFFD']);
    expect([...texts].sort(byCodeUnit)).toEqual([...texts].sort());
  });
});

describe('sorting that reaches the user', () => {
  it('lists diagnostics by file name in code point order, then line and column', () => {
    const d = (file: string, line: number): Diagnostic => ({ file, line, col: 1, severity: 'error', code: 'yaml-syntax', message: 'm' });
    const sorted = sortDiagnostics([d('ä.yaml', 1), d('a.yaml', 2), d('B.yaml', 1), d('a.yaml', 1)]);
    expect(sorted.map((x) => `${x.file}:${x.line}`)).toEqual(['B.yaml:1', 'a.yaml:1', 'a.yaml:2', 'ä.yaml:1']);
  });

  it('orders rubrics without a rubric set by id in code point order', () => {
    // "Steps" < "six-principles" by code point ("S" < "s"); a locale would put "six" first.
    const sources = rubricSources()
      .filter((s) => !s.file.endsWith('set.yaml'))
      .map((s) => (s.file.endsWith('five-steps.yaml') ? { ...s, text: s.text.replace('\nid: five-steps\n', '\nid: Steps\n') } : s));
    const { library, diagnostics } = loadRubricLibrary(sources);
    expect(diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(library!.rubrics.map((r) => r.rubric.id)).toEqual(['Steps', 'six-principles']);
  });
});
