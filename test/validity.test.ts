/**
 * The validity suite: pairs of contract files that differ in ONE practice, each with the
 * direction the score must move (test/fixtures/validity/pairs.yaml). A pair passes when the
 * better file scores strictly higher overall, the two parsed files differ at exactly the paths
 * the pair names, and a question in the pair's area scores differently between the two (so the
 * pair really exercises that area). Together the pairs cover every area of the shipped rubrics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract } from '../src/load/contract.js';
import type { Contract } from '../src/model/contract.js';
import type { Assessment } from '../src/score/result.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, ROOT } from './helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'validity');
const library = builtInLibrary();

interface Pair {
  id: string;
  area: string;
  practice: string;
  better: string;
  worse: string;
  differs_in: string[];
}

function readPairs(): Pair[] {
  const raw: unknown = parse(readFileSync(join(DIR, 'pairs.yaml'), 'utf8'));
  if (!Array.isArray(raw)) throw new Error('pairs.yaml must be a list of pairs');
  return raw.map((p: Record<string, unknown>, i) => {
    const text = (k: string) => {
      if (typeof p[k] !== 'string' || p[k] === '') throw new Error(`pairs.yaml item ${i + 1}: ${k} must be text`);
      return p[k] as string;
    };
    const differs = p.differs_in;
    if (!Array.isArray(differs) || differs.length === 0 || !differs.every((d) => typeof d === 'string')) {
      throw new Error(`pairs.yaml item ${i + 1}: differs_in must be a list of dotted paths`);
    }
    return { id: text('id'), area: text('area'), practice: text('practice'), better: text('better'), worse: text('worse'), differs_in: differs as string[] };
  });
}

const pairs = readPairs();

function contractAt(file: string): Contract {
  const { contract, diagnostics } = loadContract({ file, text: readFileSync(join(DIR, file), 'utf8') }, library);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors, `${file} has errors`).toEqual([]);
  expect(contract, `${file} did not load`).toBeDefined();
  return contract!;
}

type Path = readonly string[];

/** A dotted path as segments; the key after "answers." is one question id ("answers.S1.1"). */
function segments(dotted: string): Path {
  if (dotted.startsWith('answers.')) return ['answers', dotted.slice('answers.'.length)];
  return dotted.split('.');
}

const dotted = (path: Path): string => path.join('.');
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every path where the two parsed values differ: leaves, or a key or item present in one only. */
function deepDiff(a: unknown, b: unknown, path: Path = []): Path[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: Path[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) out.push([...path, String(i)]);
      else out.push(...deepDiff(a[i], b[i], [...path, String(i)]));
    }
    return out;
  }
  if (isRecord(a) && isRecord(b)) {
    const out: Path[] = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) out.push([...path, key]);
      else out.push(...deepDiff(a[key], b[key], [...path, key]));
    }
    return out;
  }
  return Object.is(a, b) ? [] : [path];
}

const under = (path: Path, prefix: Path): boolean => prefix.length <= path.length && prefix.every((s, i) => path[i] === s);

/** Each question's score by id, in one area of an assessment. */
function areaScores(a: Assessment, areaId: string): Map<string, number | null> {
  const area = a.rubrics.flatMap((r) => r.areas).find((x) => x.id === areaId);
  if (!area) throw new Error(`no area ${areaId} in the assessment`);
  return new Map(area.questions.map((q): [string, number | null] => [q.id, q.score]));
}

describe('validity pairs: one practice better, score strictly higher', () => {
  it('has pairs with unique ids, and each pair names two different files', () => {
    expect(pairs.length).toBeGreaterThan(0);
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    for (const p of pairs) expect(p.better, p.id).not.toBe(p.worse);
  });

  it('covers every area of the shipped rubrics', () => {
    const areaIds = library.rubrics.flatMap(({ rubric }) => rubric.areas.map((a) => a.id));
    expect(areaIds.length).toBeGreaterThan(0);
    const covered = new Set(pairs.map((p) => p.area));
    expect(areaIds.filter((id) => !covered.has(id)), 'areas no pair exercises').toEqual([]);
    expect([...covered].filter((id) => !areaIds.includes(id)), 'pair areas the rubrics do not have').toEqual([]);
  });

  for (const pair of pairs) {
    it(`${pair.id} (${pair.area}): ${pair.practice}`, () => {
      const better = contractAt(pair.better);
      const worse = contractAt(pair.worse);

      // (2) The two files differ exactly at the named paths.
      const diffs = deepDiff(better, worse);
      const named = pair.differs_in.map(segments);
      expect(diffs.filter((d) => !named.some((n) => under(d, n))).map(dotted), 'differences outside differs_in').toEqual([]);
      expect(named.filter((n) => !diffs.some((d) => under(d, n))).map(dotted), 'differs_in paths where the files agree').toEqual([]);

      // (1) The better practice scores strictly higher overall.
      const a = assess(library, better);
      const b = assess(library, worse);
      expect(a.overall.score, `better ${a.overall.score} vs worse ${b.overall.score}`).toBeGreaterThan(b.overall.score);

      // (3) The move comes through a question in the pair's own area.
      const inBetter = areaScores(a, pair.area);
      const inWorse = areaScores(b, pair.area);
      const moved = [...inBetter].filter(([id, score]) => inWorse.get(id) !== score).map(([id]) => id);
      expect(moved, `no question in ${pair.area} scores differently`).not.toEqual([]);
    });
  }
});
