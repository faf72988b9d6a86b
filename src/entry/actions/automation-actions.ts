/**
 * The Automation actions (manifest `action` modules offered by the `automation:actionProvider`
 * `three-ways-actions`), keyed by the names `src/index.ts` exports them under. Each runs within Forge's 25 s for a
 * function invocation (the Jira deadline of a resolver).
 */
import type { EffectCheckDeps } from '../../application/effect-check';
import type { FeedbackReplyMessage } from '../../application/feedback-replies';
import type { JiraPort, JiraUserAccessPort } from '../../application/ports/jira-port';
import type { OkrStorePort } from '../../application/ports/okr-store-port';
import type { QueuePort } from '../../application/ports/queue-port';
import type { StorePort } from '../../application/ports/store-port';
import type { TextsPort } from '../../application/ports/texts-port';
import type { ActionAnswer } from './action-support';
import { createCheckEffectAction } from './check-effect-action';
import { createCloseFeedbackLoopAction } from './close-feedback-loop-action';
import { createRegisterImprovementAction } from './register-improvement-action';
import { createReportKeyResultValueAction } from './report-key-result-value-action';

/** What the actions need. */
export interface AutomationActionDeps {
  /** Jira as the rule's user (Forge: `asUser()`; the preview: the sample user named by the invocation). */
  readonly jira: (accountId: string | null) => JiraPort & JiraUserAccessPort;
  /** The effect check's dependencies, as the app. */
  readonly effect: () => EffectCheckDeps;
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  readonly feedbackQueue: QueuePort<FeedbackReplyMessage>;
  readonly clock: () => number;
  readonly texts: TextsPort;
  readonly logError: (message: string, error: unknown) => void;
}

/** An action's function as the manifest runs it: the inputs, Forge's context (the rule's user). */
export type AutomationActionFunction = (payload: unknown, context?: unknown) => Promise<ActionAnswer>;

/** The four actions by export name. */
export interface AutomationActions {
  /** "Verbesserungsvorschlag registrieren" (`register-improvement`). */
  readonly registerImprovementAction: AutomationActionFunction;
  /** "Feedbackschleife schließen" (`close-feedback-loop`). */
  readonly closeFeedbackLoopAction: AutomationActionFunction;
  /** "Wirkung prüfen" (`check-effect`). */
  readonly checkEffectAction: AutomationActionFunction;
  /** "Kennzahl melden" (`report-key-result-value`). */
  readonly reportKeyResultValueAction: AutomationActionFunction;
}

export function createAutomationActions(deps: AutomationActionDeps): AutomationActions {
  const common = { texts: deps.texts, logError: deps.logError };
  return {
    registerImprovementAction: createRegisterImprovementAction({
      ...common,
      jira: deps.jira,
      store: deps.store,
      clock: deps.clock,
    }),
    closeFeedbackLoopAction: createCloseFeedbackLoopAction({
      ...common,
      jira: deps.jira,
      store: deps.store,
      queue: deps.feedbackQueue,
    }),
    checkEffectAction: createCheckEffectAction({ ...common, jira: deps.jira, effect: deps.effect }),
    reportKeyResultValueAction: createReportKeyResultValueAction({
      ...common,
      jira: deps.jira,
      store: deps.store,
      okr: deps.okr,
      clock: deps.clock,
    }),
  };
}
