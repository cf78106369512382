/**
 * A build-time snapshot of the built-in rubric folder, already validated, so that start-up
 * does not parse ~60 KB of YAML on every run. It is used only when the folder's files hash to
 * exactly what was snapshotted: edit any rubric YAML and kil reads the YAML again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { assembleLibrary, type LibraryData, type RubricLibrary, type SourceText } from '../load/rubrics.js';

export interface RubricSnapshot {
  hash: string;
  library: LibraryData;
}

/** A hash of the folder's YAML files by name and content. */
export function folderHash(sources: readonly SourceText[]): string {
  const h = createHash('sha256');
  for (const s of [...sources].sort((a, b) => (basename(a.file) < basename(b.file) ? -1 : 1))) {
    h.update(basename(s.file)).update('\u0000').update(s.text).update('\u0000');
  }
  return h.digest('hex');
}

export function snapshotOf(sources: readonly SourceText[], library: RubricLibrary): RubricSnapshot {
  const { questions: _index, ...data } = library;
  return { hash: folderHash(sources), library: data };
}

/** The snapshotted library when it matches these files, else undefined (read the YAML). */
export function libraryFromSnapshot(snapshotPath: string, sources: readonly SourceText[]): RubricLibrary | undefined {
  let snapshot: RubricSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as RubricSnapshot;
  } catch {
    return undefined; // no snapshot (e.g. running from src): fall back to the YAML
  }
  return snapshot.hash === folderHash(sources) ? assembleLibrary(snapshot.library) : undefined;
}
