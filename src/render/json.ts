/** The JSON output: the whole assessment plus who made it and when (see docs/json.md). */
import { diagnosticRecord, type Diagnostic } from '../load/diagnostic.js';
import { isOverdue } from '../score/action-plan.js';
import type { Assessment } from '../score/result.js';
import { comparisonWarnings } from './comparison.js';
import type { ReportExtras, ReportMeta } from './report.js';

export const JSON_FORMAT_VERSION = 1;

export function renderJson(a: Assessment, meta: ReportMeta, extras: ReportExtras = {}): string {
  // Overdue is judged on the assessment date, which the result itself does not hold.
  const actions = a.actions.map((x) => ({ ...x, overdue: isOverdue(x, meta.date) }));
  const since = extras.since ? { sinceLastAssessment: { warnings: comparisonWarnings(extras.since), ...extras.since } } : {};
  const doc = { generator: 'kil', format: JSON_FORMAT_VERSION, kilVersion: meta.toolVersion, assessedOn: meta.date, ...a, actions, ...since };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A contract that could not be assessed: every problem, with its code, instead of the result. */
export function renderFailureJson(diagnostics: readonly Diagnostic[]): string {
  const doc = { generator: 'kil', format: JSON_FORMAT_VERSION, ok: false, diagnostics: diagnostics.map(diagnosticRecord) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
