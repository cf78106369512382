/**
 * kil as a library: the same pure steps the CLI runs, for scripting assessments from Node.
 *
 *   files -> loadRubricLibrary / loadContract (validated model) -> assess (scores) -> renderReport / renderJson
 */
export { ContractSchema, ProcurementSchema, AnswerSchema, LotSchema, CONTRACT_FORMAT_VERSION } from './model/contract.js';
export type { Contract, Procurement, Answer, Lot, BuyerType, ContractType, Nation } from './model/contract.js';
export { RubricSchema, AreaSchema, QuestionSchema, BandSchema, RecommendationSchema } from './model/rubric.js';
export type { Rubric, Area, Question, QuestionType, Band, Recommendation, Scales } from './model/rubric.js';
export { RubricSetSchema } from './model/rubric-set.js';
export type { RubricSet } from './model/rubric-set.js';
export { PolicySchema } from './model/policy.js';
export type { Policy, Duty, Threshold, ThresholdSet } from './model/policy.js';

export { loadRubricFile, loadRubricLibrary } from './load/rubrics.js';
export type { RubricLibrary, SourceText, QuestionRef } from './load/rubrics.js';
export { loadContract, answerProblem, NOT_APPLICABLE } from './load/contract.js';
export type { LoadedContract } from './load/contract.js';
export { formatDiagnostic, hasErrors } from './load/diagnostic.js';
export type { Diagnostic } from './load/diagnostic.js';

export { FACTS, FACT_NAMES } from './facts/catalogue.js';
export type { FactDefinition, FactValue } from './facts/catalogue.js';
export { deriveProcurementFacts } from './facts/procurement-facts.js';
export type { ProcurementFacts } from './facts/procurement-facts.js';

export { assess, bandFor } from './score/score.js';
export type { Assessment, AreaResult, RubricResult, QuestionResult, RankedRecommendation, Coverage, QuestionStatus } from './score/result.js';

export { renderReport, REPORT_MARKER } from './render/report.js';
export type { ReportMeta } from './render/report.js';
export { renderJson, JSON_FORMAT_VERSION } from './render/json.js';
export { renderSummary, NO_PAINT } from './render/summary.js';
export type { Paint } from './render/summary.js';

export { renderTemplate } from './render/template.js';
export { importOcds, importedContract, renderImported, fileNameForOcid } from './import/ocds/index.js';
export type { Imported, ImportedFact } from './import/ocds/index.js';
export { contractRow } from './portfolio/contract-row.js';
export type { ContractRow, FailedFile } from './portfolio/contract-row.js';
export { summarisePortfolio, PortfolioAccumulator } from './portfolio/portfolio.js';
export type { Portfolio } from './portfolio/portfolio.js';
export { renderPortfolioMarkdown, renderPortfolioJson, renderPortfolioTable } from './render/portfolio.js';
