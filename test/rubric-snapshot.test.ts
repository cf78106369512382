import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryFromSnapshot, matchesSources, snapshotOf } from '../src/cli/rubric-snapshot.js';
import { builtInLibrary, ROOT, rubricSources, tempDir } from './helpers.js';

describe('the rubric snapshot', () => {
  const sources = rubricSources();
  const library = builtInLibrary();

  it('gives exactly the library the YAML gives', () => {
    const dir = tempDir();
    const file = join(dir, 'snap.json');
    writeFileSync(file, JSON.stringify(snapshotOf(sources, library)));
    const restored = libraryFromSnapshot(file, sources)!;
    expect(restored).toEqual(library);
    expect([...restored.questions.keys()]).toEqual([...library.questions.keys()]);
  });

  it('is ignored as soon as any rubric file changes', () => {
    const dir = tempDir();
    const file = join(dir, 'snap.json');
    writeFileSync(file, JSON.stringify(snapshotOf(sources, library)));
    const edited = sources.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n# a council's edit\n` } : s));
    expect(matchesSources(snapshotOf(sources, library), edited)).toBe(false);
    expect(matchesSources(snapshotOf(sources, library), sources)).toBe(true);
    expect(libraryFromSnapshot(file, edited)).toBeUndefined();
    expect(libraryFromSnapshot(file, sources.slice(1))).toBeUndefined();
  });

  it('is built for the shipped rubrics', () => {
    expect(libraryFromSnapshot(join(ROOT, 'dist', 'rubrics.snapshot.json'), sources)).toEqual(library);
  });

  it('falls back to the YAML when there is no snapshot file', () => {
    expect(libraryFromSnapshot(join(tempDir(), 'missing.json'), sources)).toBeUndefined();
  });
});
