/** `kil compare --format json`: the comparison with kil's JSON header. Pure. */
import type { Comparison } from '../compare/compare.js';
import { comparisonWarnings } from './comparison.js';
import { JSON_FORMAT_VERSION } from './json.js';
import type { ReportMeta } from './report.js';

export function renderComparisonJson(c: Comparison, meta: Pick<ReportMeta, 'toolVersion'>): string {
  const doc = { generator: 'kil', format: JSON_FORMAT_VERSION, kind: 'comparison', kilVersion: meta.toolVersion, warnings: comparisonWarnings(c), ...c };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
