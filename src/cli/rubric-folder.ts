/**
 * Reading a rubric folder: its YAML files, and the policy file its rubric set names when the
 * folder holds none (`policy: ../policy.yaml`), so a second rubric set beside kil's own shares
 * its thresholds and law instead of copying them. The loader (src/load/rubrics.ts) then sees
 * one folder's worth of files, whatever they came from.
 */
import { dirname, join, normalize } from 'node:path';
import { parse } from 'yaml';
import type { SourceText } from '../load/rubrics.js';
import { readTextFile, readYamlFolder } from './files.js';
import { UserError } from './user-error.js';

/** The policy file a rubric-set file names, or undefined (a broken file is the loader's to report). */
function namedPolicy(source: SourceText): string | undefined {
  if (!/^kind:\s*["']?rubric-set/m.test(source.text) || !/^policy:/m.test(source.text)) return undefined;
  try {
    const data: unknown = parse(source.text);
    const policy = (data as { kind?: unknown; policy?: unknown } | null)?.policy;
    return (data as { kind?: unknown } | null)?.kind === 'rubric-set' && typeof policy === 'string' && policy.trim() !== '' ? policy : undefined;
  } catch {
    return undefined;
  }
}

export function readRubricFolder(dir: string): SourceText[] {
  const sources = readYamlFolder(dir);
  for (const source of [...sources]) {
    const policy = namedPolicy(source);
    if (policy === undefined) continue;
    const file = normalize(join(dirname(source.file), policy));
    if (sources.some((s) => normalize(s.file) === file)) continue;
    try {
      sources.push({ file, text: readTextFile(file) });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(`${source.file}: the rubric set's policy file "${policy}" cannot be read (${error.message}); correct the path in "policy:", or put a policy file in the folder and remove the line`);
    }
  }
  return sources;
}
