/**
 * The Forge entry points of the app (`manifest.yml`: function `resolver` → `index.handler`, the flow-job consumer
 * and the issue-event trigger). The resolvers themselves are defined once in `handlers.ts`; this file gives them
 * Forge's dependencies: Jira acting for the user of each invocation (`asUser()`), KVS storage, the event queue.
 */
import { asUser } from '@forge/api';
import { makeResolver } from '@forge/resolver';
import type { Handlers } from '@forge/resolver';
import { createForgeIssueReader, PANEL_RETRY_POLICY } from '../../adapters/jira/forge-issue-reader';
import { createForgeTransport } from '../../adapters/jira/forge-transport';
import { invocationDeadline, withInvocationDeadline } from '../../adapters/jira/invocation-deadline';
import { createJiraClient } from '../../adapters/jira/jira-client';
import { CONSUMER_JIRA_BUDGET_MS, RESOLVER_JIRA_BUDGET_MS } from '../../adapters/jira/retry-policy';
import { createForgeQueue, flowMessageOfEvent } from '../../adapters/queue/forge-queue';
import { KvsStore } from '../../adapters/store/kvs-store';
import type { ResolverDefs } from '../../contract/resolvers';
import { createResolverHandlers } from './handlers';
import type { ResolverHandlers } from './handlers';
import { createCsiTransitionValidator } from '../validators/csi-validator';
import { createFlowJobConsumer, createIssueEventInvalidator } from './project-flow-handlers';

function logError(message: string, error: unknown): void {
  console.error(message, error);
}

const clock = (): number => Date.now();
const store = new KvsStore();

/** Forge's dependencies. `asUser()` is called per invocation: Forge binds it to the user of that invocation. */
const handlers = createResolverHandlers({
  // Resolvers have 25 s: the panel's short retry budget and a deadline for all Jira waits of the invocation, so a
  // rate-limited Jira is answered with "try again in N s" before Forge stops the function. The deadline is the
  // invocation's (forForge), shared by every client it creates, however late.
  issueReader: () =>
    createForgeIssueReader(asUser().requestJira, {
      budgetMs: RESOLVER_JIRA_BUDGET_MS,
      ...invocationDeadline(),
    }),
  jira: () =>
    createJiraClient(createForgeTransport('user'), {
      retry: PANEL_RETRY_POLICY,
      budgetMs: RESOLVER_JIRA_BUDGET_MS,
      ...invocationDeadline(),
    }),
  store,
  queue: createForgeQueue(),
  clock,
  logError,
});

/** Forge's shape of each handler: `({ payload, context })`, the payload typed by the contract but unchecked. */
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

export const resolverHandler = makeResolver<ResolverDefs>(forForge(handlers));

const runFlowJob = createFlowJobConsumer({
  // As the app: Forge documents no user for async-event consumers. The job carries the ids of the issues its user
  // may browse (read as that user in the resolver) and loads only those (README, "Large projects").
  jiraApp: () =>
    createJiraClient(createForgeTransport('app'), {
      budgetMs: CONSUMER_JIRA_BUDGET_MS,
      ...invocationDeadline(),
    }),
  store,
  clock,
  logError,
});

/** Queue consumer of `flow-jobs` (up to 900 s): computes a large project's flow view with progress. */
export async function flowJobHandler(event: unknown): Promise<void> {
  const message = flowMessageOfEvent(event);
  if (message === null) {
    logError('flow job event without a readable message', event);
    return;
  }
  await withInvocationDeadline(CONSUMER_JIRA_BUDGET_MS, () => runFlowJob(message));
}

/** Trigger of issue created/updated/deleted events: marks the affected projects' cached flow views stale. */
export const issueEventHandler = createIssueEventInvalidator({ store, clock, logError });

/**
 * The CSI workflow's validator (`jira:workflowValidator` `csi-transition-validator`): refuses Approve without an
 * evaluation and a decider, Verify without baseline and target KPI, Close without a measured result. Jira calls it
 * without a user, so it reads the improvement record as the app.
 */
const csiValidator = createCsiTransitionValidator({
  // One client per read: all of them keep the invocation's deadline (below).
  jiraApp: () =>
    createJiraClient(createForgeTransport('app'), {
      retry: PANEL_RETRY_POLICY,
      budgetMs: RESOLVER_JIRA_BUDGET_MS,
      ...invocationDeadline(),
    }),
  // The authoritative improvement record (the issue property only mirrors it).
  store,
  logError,
});

export const csiValidatorHandler = (event: unknown): ReturnType<typeof csiValidator> =>
  withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => csiValidator(event));
