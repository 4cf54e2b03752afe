export { githubWorkflow, giteaWorkflow, GENERATED_HEADER } from "./forge-workflows.js";
export { runStages, type Stage, type StageResult, type StageStatus, type RunStagesOptions } from "./stages.js";
export { runLocalPipeline, LOCAL_KEY_PASSWORD, type LocalPipelineOptions, type LocalPipelineResult, type PipelineContext } from "./local-pipeline.js";
export { EXAMPLE_SERVICES, buildExampleServices, type ExampleService } from "./example-services.js";
export { renderReport, reportVerdict, type ReportModel, type ReportItem, type ReportService, type ReportSection, type ReportStage, type CheckStatus } from "./report.js";
export { runImageLeg, type LegInput, type LegOutput, type SbomFact } from "./image-leg.js";
export { LEG_WORKER } from "./leg-pool.js";
