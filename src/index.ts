/**
 * kil as a library: the same pure steps the CLI runs, for scripting assessments from Node.
 *
 *   files -> loadRubricLibrary / loadContract / loadCouncil (validated model) -> assess (scores) -> renderReport / renderJson
 *
 * This is the stable API docs/json.md documents; everything else in the package is internal and
 * may change in any release. test/library.test.ts pins the list.
 */

// The file formats: zod schemas (types come from them) and their JSON Schemas for other tools.
export { ContractSchema, ProcurementSchema, AnswerSchema, LotSchema, CONTRACT_FORMAT_VERSION } from './model/contract.js';
export type { Contract, Procurement, Answer, Action, ActionStatus, Lot, BuyerType, ContractType, Nation } from './model/contract.js';
export { CouncilProfileSchema, COUNCIL_FORMAT_VERSION } from './model/council.js';
export type { CouncilProfile, AppliedCouncil } from './model/council.js';
export { RubricSchema } from './model/rubric.js';
export type { Rubric, Area, Question, Band, Recommendation } from './model/rubric.js';
export { RubricSetSchema } from './model/rubric-set.js';
export type { RubricSet } from './model/rubric-set.js';
export { PolicySchema } from './model/policy.js';
export type { Policy } from './model/policy.js';
export { renderJsonSchema, SCHEMA_NAMES } from './render/json-schema.js';
export type { SchemaName } from './render/json-schema.js';

// Load: text in, validated model or located diagnostics out.
export { loadRubricFile, loadRubricLibrary } from './load/rubrics.js';
export type { RubricLibrary, SourceText } from './load/rubrics.js';
export { loadContract } from './load/contract.js';
export type { LoadedContract } from './load/contract.js';
export { loadCouncil } from './load/council.js';
export type { LoadedCouncil } from './load/council.js';
export { formatDiagnostic, hasErrors } from './load/diagnostic.js';
export type { Diagnostic } from './load/diagnostic.js';

// Assess: pure, same inputs give the same result.
export { assess } from './score/score.js';
export type { Assessment, AreaResult, RubricResult, QuestionResult, RankedRecommendation, PlannedAction, Coverage, QuestionStatus, QuestionBasis, PointsByBasis, AnswerSource } from './score/result.js';

// Render: the report, the JSON, the template, a portfolio.
export { renderReport, REPORT_MARKER } from './render/report.js';
export type { ReportMeta } from './render/report.js';
export { renderJson, JSON_FORMAT_VERSION } from './render/json.js';
export { renderTemplate, renderCouncilTemplate } from './render/template.js';
export { contractRow } from './portfolio/contract-row.js';
export type { ContractRow, FailedFile } from './portfolio/contract-row.js';
export { summarisePortfolio } from './portfolio/portfolio.js';
export type { Portfolio, RankingEntry } from './portfolio/portfolio.js';
export { renderPortfolioMarkdown, renderPortfolioJson } from './render/portfolio.js';

// Import: published notices (OCDS) to contract files.
export { importOcds, importedContract, renderImported } from './import/ocds/index.js';
export type { Imported } from './import/ocds/index.js';
