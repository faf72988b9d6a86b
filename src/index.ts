/** The handlers `manifest.yml` names (`<file>.<export>`), grouped by kind. Nothing else lives here. */

// Resolvers of the Custom UI modules (function `resolver`).
export { resolverHandler as handler } from './entry/resolvers';

// Queue consumer of large project flow views (function `flow-job-worker`).
export { flowJobHandler } from './entry/resolvers';

// Trigger on issue created/updated (function `issue-events`).
export { issueEventHandler } from './entry/resolvers';

// Workflow validator of the CSI workflow's transitions (function `csi-validator`).
export { csiValidatorHandler } from './entry/resolvers';
