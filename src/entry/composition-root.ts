/**
 * The one composition root: every handler `manifest.yml` names, built from ports. Forge passes its adapters
 * (`entry/forge-ports.ts`, exported through `src/index.ts`); the local preview (`dev/preview`) and the integration
 * tests pass emulator-backed ones. What differs between them is only who talks to Jira and where data is kept; the
 * retry policies, the per-invocation Jira deadline, the payload caps and the handlers are the same.
 *
 * The handlers come grouped by the kind of module that runs them, in Forge's calling shapes, and keyed by the name
 * `src/index.ts` exports them under (the manifest's `function.handler` is `index.<name>`). A later module adds its
 * handler to its kind here and its export to `src/index.ts`; the preview finds it through the manifest.
 */
import { makeResolver } from '@forge/resolver';
import type { Handlers } from '@forge/resolver';
import type { InvocationError } from '@forge/events';
import { createIssueReader, PANEL_RETRY_POLICY } from '../adapters/jira/forge-issue-reader';
import { invocationDeadline, withInvocationDeadline } from '../adapters/jira/invocation-deadline';
import { createJiraClient, type JiraClient, type JiraClientOptions } from '../adapters/jira/jira-client';
import { CONSUMER_JIRA_BUDGET_MS, RESOLVER_JIRA_BUDGET_MS } from '../adapters/jira/retry-policy';
import type { JiraTransport } from '../adapters/jira/transport';
import type { QueuePort } from '../application/ports/queue-port';
import { FEEDBACK_REPLY_QUEUE_KEY, type FeedbackReplyMessage } from '../application/feedback-replies';
import { createFeedbackReplyConsumer } from './consumers/feedback-reply-consumer';
import { createFeedbackStatusTrigger } from './triggers/feedback-status-trigger';
import { createFeedbackLinkTrigger } from './triggers/feedback-link-trigger';
import type { StorePort } from '../application/ports/store-port';
import type { ResolverDefs } from '../contract/resolvers';
import { createResolverHandlers, type ResolverContext, type ResolverHandlers } from './resolvers/handlers';
import { createIssueEventInvalidator } from './triggers/issue-event-trigger';
import { createCsiTransitionValidator, type CsiValidatorResult } from './validators/csi-validator';
import type { TextsPort } from '../application/ports/texts-port';
import { OkrStore } from '../application/okr-store';
import { createOkrValuesWebTrigger } from './webtriggers/okr-values';
import {
  createAutomationActions,
  type AutomationActionFunction,
  type AutomationActions,
} from './actions/automation-actions';
import { createFeedbackIntakeWebTrigger } from './webtriggers/feedback-intake';
import { registerImprovement } from '../application/register-improvement';
import { createOkrMeasureSchedule } from './scheduled/okr-measure-schedule';
import { createEffectCheckSchedule } from './scheduled/effect-check-schedule';
import { FlowFactsStore } from '../application/flow-facts-store';
import type { FlowFactsViews } from '../application/project-flow-facts';
import {
  ensureBackfill,
  recordIssueEvent,
  runFactsMessage,
  type FactsMessage,
  type FactsSyncDeps,
} from '../application/flow-facts-sync';
import { createFlowFactsConsumer, FLOW_FACTS_QUEUE_KEY } from './consumers/flow-facts-consumer';
import { createFlowFactsSchedule } from './scheduled/flow-facts-schedule';

/** What the app needs from the world it runs in. */
export interface AppPorts {
  /**
   * Jira's REST API acting as the user of the invocation: on Forge `asUser()` (Forge binds it to the invocation's
   * user), in the preview the sample user named by `context.accountId` (Forge's resolver sets it from the
   * invocation's principal, not from the browser).
   */
  readonly jiraForUser: (context: ResolverContext) => JiraTransport;
  /** Jira's REST API acting as the app (`asApp()`): triggers, consumers, validators, scheduled work. */
  readonly jiraAsApp: () => JiraTransport;
  /** App storage (Forge KVS; in memory in the preview and tests). */
  readonly store: StorePort;
  /** The queue named `queueKey` in the manifest (`@forge/events` `Queue`; the preview's in-process queues). */
  readonly queue: (queueKey: string) => QueuePort;
  /** Epoch milliseconds now (the preview's can be advanced). */
  readonly clock: () => number;
  /** Server-side log (Forge function logs); never shown to the user. */
  readonly logError: (message: string, error: unknown) => void;
  /** The backend's words from `locales/` (Forge's i18n on Forge; the same files read directly in the preview). */
  readonly texts: TextsPort;
  /**
   * The public URL of a web trigger module of this installation (Forge: `webTrigger.getUrl`; the preview: its
   * local web trigger server). Absent: features that show it (the OKR secret's curl example) say it is unknown.
   */
  readonly webTriggerUrl?: (moduleKey: string) => Promise<string>;
  /** Timing of the Jira clients for tests (`sleep`, `random`, `now`); Forge and the preview leave it out. */
  readonly jiraTiming?: Pick<JiraClientOptions, 'sleep' | 'random' | 'now'>;
}

/** A resolver function as `makeResolver` builds it: `({ call, context }, backendRuntimePayload)`. */
export type ResolverFunction = ReturnType<typeof makeResolver<ResolverDefs>>;
/** An async-event consumer: the event (`{ body, retryContext? }`), an `InvocationError` to be delivered again. */
export type ConsumerFunction = (event: unknown, context?: unknown) => Promise<InvocationError | undefined>;
/** A product-event trigger: the event payload, an `InvocationError` to be delivered again. */
export type TriggerFunction = (event: unknown, context?: unknown) => Promise<InvocationError | undefined>;
/** A `jira:workflowValidator` function: `{ result, errorMessage? }`. */
export type ValidatorFunction = (event: unknown, context?: unknown) => Promise<CsiValidatorResult>;
/** A scheduled trigger: `{ context: { cloudId, moduleKey }, contextToken }`; its result is ignored. */
export type ScheduledFunction = (event: unknown, context?: unknown) => Promise<unknown>;
/** A web trigger request as Forge serialises it (Forge's web trigger events reference). */
export interface WebTriggerRequest {
  readonly method: string;
  readonly path: string;
  readonly userPath?: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly queryParameters: Readonly<Record<string, readonly string[]>>;
  readonly body?: string;
}
/** A web trigger's answer: Forge sends a 500 for anything else. */
export interface WebTriggerResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: string;
}
export type WebTriggerFunction = (
  request: WebTriggerRequest,
  context?: unknown,
) => Promise<WebTriggerResponse>;
/** An Automation action (`action` module): the configured inputs; an error fails the rule. */
export type ActionFunction = (payload: unknown, context?: unknown) => Promise<unknown>;

/** Every handler the manifest names, grouped by the kind of module that calls it, keyed by its export name. */
export interface AppHandlers {
  readonly resolvers: { readonly handler: ResolverFunction };
  readonly consumers: {
    /** Feedback replies (queue `feedback-replies`): one reply per feedback issue, exactly once. */
    readonly feedbackReplyHandler: ConsumerFunction;
    /** Flow facts (queue `flow-facts`): a backfill run of a project, or a flush of the issues events marked. */
    readonly flowFactsHandler: ConsumerFunction;
  };
  readonly triggers: {
    readonly issueEventHandler: TriggerFunction;
    /** An improvement reaching Closed / In Implementation fans its feedback replies out. */
    readonly feedbackStatusHandler: TriggerFunction;
    /** An issue link created or deleted at an improvement records or drops a feedback issue. */
    readonly feedbackLinkHandler: TriggerFunction;
  };
  readonly validators: { readonly csiValidatorHandler: ValidatorFunction };
  /**
   * `scheduledTrigger` functions: `okrMeasureHandler` (the daily measurement of measured key results),
   * `effectCheckHandler` (the daily effect check of improvements in Verifying), `flowFactsReconcileHandler` (the
   * flow facts store's nightly repair).
   */
  readonly scheduled: {
    readonly okrMeasureHandler: ScheduledFunction;
    readonly effectCheckHandler: ScheduledFunction;
    readonly flowFactsReconcileHandler: ScheduledFunction;
  };
  /**
   * `webtrigger` functions: `okrValuesHandler` (external values of key results, signed), `feedbackIntakeHandler`
   * (feedback from outside Jira, signed per project).
   */
  readonly webtriggers: {
    readonly okrValuesHandler: WebTriggerFunction;
    readonly feedbackIntakeHandler: WebTriggerFunction;
  };
  /** Automation `action` functions (`entry/actions/`), offered through the actionProvider `three-ways-actions`. */
  readonly actions: AutomationActions;
}

/** The kinds of {@link AppHandlers}, in the order `src/index.ts` lists them. */
export const HANDLER_KINDS = [
  'resolvers',
  'consumers',
  'triggers',
  'validators',
  'scheduled',
  'webtriggers',
  'actions',
] as const satisfies readonly (keyof AppHandlers)[];

/** Forge's shape of each resolver: `({ payload, context })`, run within the resolver's Jira deadline. */
function forForge(map: ResolverHandlers): Handlers<ResolverDefs> {
  const entries = Object.entries(map).map(([name, handler]) => [
    name,
    // The contract types `payload`, but it comes from the browser: the handler validates it as `unknown`.
    ({ payload, context }: { payload: unknown; context: Readonly<Record<string, unknown>> }) =>
      withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => handler(payload, context)),
  ]);
  // Object.fromEntries loses the key-to-handler pairing; it is the map's own, one entry per contract name.
  return Object.fromEntries(entries) as Handlers<ResolverDefs>;
}

/**
 * Builds every handler of the app over `ports`.
 *
 * Jira clients are made per invocation (and per use inside one) with the invocation's deadline
 * ({@link invocationDeadline}): resolvers and validators have Forge's 25 s (the panel's short retry budget),
 * the consumer its 900 s. Event code acts as the app.
 */
export function createAppHandlers(ports: AppPorts): AppHandlers {
  const { store, clock, logError } = ports;
  const timing = ports.jiraTiming ?? {};
  const userJira = (context: ResolverContext): JiraClient =>
    createJiraClient(ports.jiraForUser(context), {
      ...timing,
      retry: PANEL_RETRY_POLICY,
      budgetMs: RESOLVER_JIRA_BUDGET_MS,
      ...invocationDeadline(),
    });
  const appJira = (budgetMs: number, retry?: JiraClientOptions['retry']): JiraClient =>
    createJiraClient(ports.jiraAsApp(), {
      ...timing,
      ...(retry === undefined ? {} : { retry }),
      budgetMs,
      ...invocationDeadline(),
    });

  // The flow facts store (issue 13): one store over the app's storage; the sync acts as the app (facts are the
  // same for everyone, views filter per user), over the `flow-facts` queue.
  const factsStore = new FlowFactsStore(store, { clock });
  const factsQueue: QueuePort<FactsMessage> = ports.queue(FLOW_FACTS_QUEUE_KEY);
  const factsSync = (jiraApp: JiraClient): FactsSyncDeps => ({
    jiraApp,
    store,
    facts: factsStore,
    queue: factsQueue,
    clock,
    logError,
  });

  // What views need of the facts: the reader and the backfill starter (as the app, within the resolver's deadline).
  const factsViews: FlowFactsViews = {
    reader: factsStore,
    startBackfill: (projectId, projectKey) =>
      ensureBackfill(factsSync(appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY)), projectId, projectKey),
  };

  const resolverMap = createResolverHandlers({
    issueReader: (context) => createIssueReader(userJira(context)),
    facts: factsViews,
    jira: userJira,
    // measureKeyResult measures as the app (as the daily run), within the resolver's deadline.
    jiraAsApp: () => appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY),
    // CSAT of requests as the user: the Jira client also speaks JSM (on Forge through read:servicedesk-request).
    serviceDesk: userJira,
    store,
    clock,
    logError,
    ...(ports.webTriggerUrl === undefined ? {} : { webTriggerUrl: ports.webTriggerUrl }),
  });

  const consumeFeedbackReply = createFeedbackReplyConsumer({
    jiraApp: () => appJira(CONSUMER_JIRA_BUDGET_MS),
    store,
    clock,
    logError,
  });
  const feedbackQueue: QueuePort<FeedbackReplyMessage> = ports.queue(FEEDBACK_REPLY_QUEUE_KEY);

  // One backfill run or flush per delivery, as the app within the consumer's 900 s.
  const consumeFlowFacts = createFlowFactsConsumer({
    run: (message) => runFactsMessage(factsSync(appJira(CONSUMER_JIRA_BUDGET_MS)), message),
    logError,
  });
  // The nightly repair, as the app; the run starts no project after its own budget.
  const reconcileFlowFacts = createFlowFactsSchedule({
    sync: () => factsSync(appJira(CONSUMER_JIRA_BUDGET_MS)),
    logError,
  });

  // Jira calls the validator without a user, so it reads the improvement record as the app; one client per read,
  // all within the invocation's deadline.
  const csiValidator = createCsiTransitionValidator({
    jiraApp: () => appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY),
    store,
    logError,
    texts: ports.texts,
  });

  // Feedback from outside Jira: the feedback issue and, by rule, the improvement, as the app.
  const feedbackIntake = createFeedbackIntakeWebTrigger({
    store,
    clock,
    logError,
    jira: () => appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY),
    registerImprovement: (request) =>
      registerImprovement(
        { store, jira: appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY), clock },
        request,
      ),
  });

  // The daily measurement of measured key results, as the app: one Jira client per key result.
  const okrMeasure = createOkrMeasureSchedule({
    store,
    okr: new OkrStore(store, { clock }),
    jira: () => appJira(CONSUMER_JIRA_BUDGET_MS),
    facts: factsStore,
    clock,
    elapsedClock: () => Date.now(),
    logError,
  });

  // The daily effect check, as the app: one Jira client (with JSM reads for CSAT targets) per improvement.
  const effectCheck = createEffectCheckSchedule({
    store,
    okr: new OkrStore(store, { clock }),
    jira: () => appJira(CONSUMER_JIRA_BUDGET_MS),
    facts: factsStore,
    clock,
    elapsedClock: () => Date.now(),
    logError,
  });

  return {
    resolvers: { handler: makeResolver<ResolverDefs>(forForge(resolverMap)) },
    consumers: {
      feedbackReplyHandler: (event) =>
        withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => consumeFeedbackReply(event)),
      flowFactsHandler: (event) =>
        withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => consumeFlowFacts(event)),
    },
    triggers: {
      // The flow facts' pending marks (store and queue only: no Jira call in the trigger).
      issueEventHandler: createIssueEventInvalidator({
        logError,
        recordFacts: (event) =>
          recordIssueEvent(factsSync(appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY)), event),
      }),
      feedbackStatusHandler: createFeedbackStatusTrigger({ store, queue: feedbackQueue, logError }),
      // Within a product trigger's 25 s, as the app (the panel's short retry budget).
      feedbackLinkHandler: (event) =>
        withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () =>
          createFeedbackLinkTrigger({
            jiraApp: () => appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY),
            store,
            clock,
            logError,
          })(event),
        ),
    },
    validators: {
      csiValidatorHandler: (event) =>
        withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => csiValidator(event)),
    },
    scheduled: {
      // Up to Forge's 900 s (manifest timeoutSeconds); the run starts no measurement after its own budget.
      okrMeasureHandler: (event) => withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => okrMeasure(event)),
      effectCheckHandler: (event) =>
        withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => effectCheck(event)),
      flowFactsReconcileHandler: (event) =>
        withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => reconcileFlowFacts(event)),
    },
    webtriggers: {
      okrValuesHandler: createOkrValuesWebTrigger({
        store,
        okr: new OkrStore(store, { clock }),
        clock,
        logError,
      }),
      // As the app, within a resolver's Jira budget (Forge gives a web trigger more; Jira calls here are few).
      feedbackIntakeHandler: (request) =>
        withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => feedbackIntake(request)),
    },
    actions: automationActions(ports, appJira, userJira, feedbackQueue, factsStore),
  };
}

/**
 * The Automation actions: Jira as the rule's user (Forge binds `asUser()` to the connection's user; the preview
 * picks the sample user the invocation names), the effect check as the app, each within a function's 25 s.
 */
function automationActions(
  ports: AppPorts,
  appJira: (budgetMs: number, retry?: JiraClientOptions['retry']) => JiraClient,
  userJira: (context: ResolverContext) => JiraClient,
  feedbackQueue: QueuePort<FeedbackReplyMessage>,
  facts: FlowFactsStore,
): AutomationActions {
  const { store, clock, logError } = ports;
  const actions = createAutomationActions({
    jira: (accountId) => userJira(accountId === null ? {} : { accountId }),
    effect: () => {
      const jira = appJira(RESOLVER_JIRA_BUDGET_MS, PANEL_RETRY_POLICY);
      return { jira, serviceDesk: jira, okr: new OkrStore(store, { clock }), store, clock, logError, facts };
    },
    store,
    okr: new OkrStore(store, { clock }),
    feedbackQueue,
    clock,
    texts: ports.texts,
    logError,
  });
  const withDeadline =
    (action: AutomationActionFunction): AutomationActionFunction =>
    (payload, context) =>
      withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => action(payload, context));
  return {
    registerImprovementAction: withDeadline(actions.registerImprovementAction),
    closeFeedbackLoopAction: withDeadline(actions.closeFeedbackLoopAction),
    checkEffectAction: withDeadline(actions.checkEffectAction),
    reportKeyResultValueAction: withDeadline(actions.reportKeyResultValueAction),
  };
}

/** A handler of any kind, as a manifest function runs it. */
export type AppFunction = (...args: never[]) => unknown;

/**
 * The handlers by the manifest's `function.handler` (`index.<export name>`), across all kinds.
 *
 * @throws Error when two kinds export the same name (`src/index.ts` could not export both).
 */
export function handlersByManifestName(app: AppHandlers): ReadonlyMap<string, AppFunction> {
  const table = new Map<string, AppFunction>();
  for (const kind of HANDLER_KINDS) {
    for (const [name, handler] of Object.entries(app[kind] as Readonly<Record<string, AppFunction>>)) {
      const key = `index.${name}`;
      if (table.has(key)) throw new Error(`Two handlers are exported as "${name}"; rename one`);
      table.set(key, handler);
    }
  }
  return table;
}
