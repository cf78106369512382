/** The JSON output: the whole assessment plus who made it and when (see README "JSON output"). */
import type { Assessment } from '../score/result.js';
import type { ReportMeta } from './report.js';

export const JSON_FORMAT_VERSION = 1;

export function renderJson(a: Assessment, meta: ReportMeta): string {
  const doc = { generator: 'kil', format: JSON_FORMAT_VERSION, kilVersion: meta.toolVersion, assessedOn: meta.date, ...a };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
