export { githubWorkflow, giteaWorkflow, GENERATED_HEADER } from "./forge-workflows.js";
