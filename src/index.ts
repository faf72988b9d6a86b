/**
 * The handlers `manifest.yml` names (`function.handler: index.<export>`), grouped by the kind of module that calls
 * them. All are built once by the composition root (`entry/composition-root.ts`) over Forge's ports; nothing else
 * lives here. A new module's handler is added to its kind in the root and exported here under the same name.
 */
import { forgeApp } from './entry/forge-app';

// Resolvers of the Custom UI modules (function `resolver`).
export const handler = forgeApp.resolvers.handler;

// Queue consumers: feedback replies, one per feedback issue (function `feedback-reply-worker`, queue
// `feedback-replies`).
export const feedbackReplyHandler = forgeApp.consumers.feedbackReplyHandler;

// Queue consumers: the flow facts store's backfill runs and event flushes (function `flow-facts-worker`, queue
// `flow-facts`).
export const flowFactsHandler = forgeApp.consumers.flowFactsHandler;

// Product triggers: issue created/updated/deleted (function `issue-events`).
export const issueEventHandler = forgeApp.triggers.issueEventHandler;

// Product triggers: an improvement reaching Closed / In Implementation (function `feedback-status`).
export const feedbackStatusHandler = forgeApp.triggers.feedbackStatusHandler;

// Product triggers: an issue link created or deleted at an improvement (function `feedback-link`).
export const feedbackLinkHandler = forgeApp.triggers.feedbackLinkHandler;

// Workflow validators: the CSI workflow's transitions (function `csi-validator`).
export const csiValidatorHandler = forgeApp.validators.csiValidatorHandler;

// Web triggers: external values of key results, signed per key result (function `okr-values-handler`).
export const okrValuesHandler = forgeApp.webtriggers.okrValuesHandler;

// Web triggers: feedback from outside Jira (a survey, a monitoring alert), signed per project (function
// `feedback-intake-handler`).
export const feedbackIntakeHandler = forgeApp.webtriggers.feedbackIntakeHandler;

// Scheduled triggers: the daily measurement of measured key results (function `okr-measure-daily`).
export const okrMeasureHandler = forgeApp.scheduled.okrMeasureHandler;

// Scheduled triggers: the daily effect check of improvements in Verifying (function `effect-check-daily`).
export const effectCheckHandler = forgeApp.scheduled.effectCheckHandler;

// Scheduled triggers: the flow facts store's nightly reconcile (function `flow-facts-reconcile`).
export const flowFactsReconcileHandler = forgeApp.scheduled.flowFactsReconcileHandler;

// Automation actions offered through the actionProvider `three-ways-actions` (functions `action-…`).
export const registerImprovementAction = forgeApp.actions.registerImprovementAction;
export const closeFeedbackLoopAction = forgeApp.actions.closeFeedbackLoopAction;
export const checkEffectAction = forgeApp.actions.checkEffectAction;
export const reportKeyResultValueAction = forgeApp.actions.reportKeyResultValueAction;
