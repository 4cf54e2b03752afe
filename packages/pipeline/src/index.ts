export { githubWorkflow, giteaWorkflow, GENERATED_HEADER } from "./forge-workflows.js";
export { runStages, type Stage, type StageResult, type StageStatus, type RunStagesOptions } from "./stages.js";
export { renderReport, reportVerdict, type ReportModel, type ReportItem, type ReportService, type ReportSection, type ReportStage, type CheckStatus } from "./report.js";
