/**
 * A build-time snapshot of the built-in rubric folder, already validated, so that start-up
 * does not parse ~60 KB of YAML on every run. It holds the YAML texts it was made from and is
 * used only when the folder's files are exactly those texts: edit any rubric and kil reads
 * the YAML again.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { assembleLibrary, type LibraryData, type RubricLibrary } from '../load/library.js';
import type { SourceText } from '../load/rubrics.js';

export interface RubricSnapshot {
  /** File name -> text of every YAML file in the folder when the snapshot was made. */
  sources: Record<string, string>;
  library: LibraryData;
}

export function snapshotOf(sources: readonly SourceText[], library: RubricLibrary): RubricSnapshot {
  const { questions: _index, ...data } = library;
  return { sources: Object.fromEntries(sources.map((s) => [basename(s.file), s.text])), library: data };
}

/** Whether these files are exactly the ones the snapshot was made from. */
export function matchesSources(snapshot: RubricSnapshot, sources: readonly SourceText[]): boolean {
  const names = Object.keys(snapshot.sources);
  return names.length === sources.length && sources.every((s) => snapshot.sources[basename(s.file)] === s.text);
}

/** The snapshotted library when it matches these files, else undefined (read the YAML). */
export function libraryFromSnapshot(snapshotPath: string, sources: readonly SourceText[]): RubricLibrary | undefined {
  let snapshot: RubricSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as RubricSnapshot;
  } catch {
    return undefined; // no snapshot (e.g. running from src): fall back to the YAML
  }
  return matchesSources(snapshot, sources) ? assembleLibrary(snapshot.library) : undefined;
}
