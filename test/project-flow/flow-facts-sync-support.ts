/**
 * The flow facts sync against the local Jira emulator (over the real HTTP client, as the app would call Jira), a
 * memory store with the real {@link FlowFactsStore}, and a memory queue whose messages the tests deliver: a
 * clock the test controls (it ticks 1 ms per read, so run budgets pass), product events collected for delivery,
 * and the from-scratch facts every assertion compares with.
 */
import { startEmulator } from '../../dev/emulator';
import type { EntityPropertyIndex, ProductEvent, RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import { ensureBackfill, runFactsMessage } from '../../src/application/flow-facts-sync';
import type { FactsMessage, FactsSyncDeps } from '../../src/application/flow-facts-sync';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import type { IssueFactsRecord } from '../../src/domain/flow/issue-facts';
import { factsOfJiraIssue, sameFacts } from '../../src/domain/flow/issue-facts';
import { ADMIN } from '../emulator/seed-builder';
import { emulatorClient } from '../integration/support/emulator-client';

/** The app's `jira:entityProperty` module `flow-facts-index` (manifest.yml), as the emulator indexes it. */
export const FLOW_INDEX: EntityPropertyIndex = {
  propertyKey: 'three-ways-flow',
  entityType: 'issue',
  values: [
    { path: 'leadTimeDays', type: 'number', searchAlias: 'flowLeadTimeDays' },
    { path: 'cycleTimeDays', type: 'number', searchAlias: 'flowCycleTimeDays' },
    { path: 'ageDays', type: 'number', searchAlias: 'flowAgeDays' },
    { path: 'efficiency', type: 'number', searchAlias: 'flowEfficiency' },
    { path: 'blockedDays', type: 'number', searchAlias: 'flowBlockedDays' },
  ],
};

export interface SyncHarness {
  readonly emulator: RunningEmulator;
  readonly client: JiraClient;
  readonly store: MemoryStore;
  readonly facts: FlowFactsStore;
  readonly queue: MemoryQueue<FactsMessage>;
  readonly deps: FactsSyncDeps;
  /** The controlled clock (epoch ms): every read ticks it by 1 ms. */
  readonly time: { now: number };
  /** Failures the sync logged and queue messages that failed. */
  readonly logged: { message: string; error: unknown }[];
  /** Product events of the emulator not yet delivered, in the order Jira sent them. */
  readonly events: ProductEvent[];
  /** Runs every queued message (delays skipped) until none is left; returns the messages consumed. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the emulator on `seed` with the flow property indexed, and the sync's dependencies around it. */
export async function startSyncHarness(
  seed: JiraSeed,
  options: { readonly nowMs: number; readonly runBudgetMs?: number },
): Promise<SyncHarness> {
  const time = { now: options.nowMs };
  const clock = (): number => ++time.now;
  const emulator = await startEmulator({ seed, now: () => time.now, entityPropertyIndexes: [FLOW_INDEX] });
  const client = emulatorClient(emulator, ADMIN).client;
  const store = createMemoryStore({ clock: () => time.now });
  const facts = new FlowFactsStore(store, { clock: () => time.now, sleep: () => Promise.resolve() });
  const logged: { message: string; error: unknown }[] = [];
  const logError = (message: string, error: unknown): void => {
    logged.push({ message, error });
  };
  const queue = new MemoryQueue<FactsMessage>({ autoRun: false, now: () => time.now, onError: logError });
  const deps: FactsSyncDeps = {
    jiraApp: client,
    store,
    facts,
    queue,
    clock,
    logError,
    ...(options.runBudgetMs === undefined ? {} : { runBudgetMs: options.runBudgetMs }),
  };
  queue.setConsumer((message) => runFactsMessage(deps, message));
  const events: ProductEvent[] = [];
  emulator.onProductEvent((event) => {
    events.push(event);
  });
  return {
    emulator,
    client,
    store,
    facts,
    queue,
    deps,
    time,
    logged,
    events,
    async drain() {
      let consumed = 0;
      for (let round = 0; queue.size > 0; round++) {
        if (round > 1000) throw new Error('the flow-facts queue does not drain');
        consumed += await queue.runPending({ includeDelayed: true });
      }
      return consumed;
    },
    stop: () => emulator.stop(),
  };
}

/** Takes the queued messages without running them (the queue runs the sync again afterwards). */
export async function takeQueued(h: SyncHarness): Promise<[FactsMessage, ...FactsMessage[]]> {
  const taken: FactsMessage[] = [];
  h.queue.setConsumer((message) => {
    taken.push(message);
    return Promise.resolve();
  });
  await h.drain();
  h.queue.setConsumer((message) => runFactsMessage(h.deps, message));
  const [first, ...rest] = taken;
  if (first === undefined) throw new Error('nothing was queued');
  return [first, ...rest];
}

/** Backfills a project to the end (every chained run drained); fails unless its facts are ready then. */
export async function backfillToReady(h: SyncHarness, projectId: string, projectKey: string): Promise<void> {
  await ensureBackfill(h.deps, projectId, projectKey);
  await h.drain();
  const phase = (await h.facts.readState(projectId))?.phase;
  if (phase !== 'ready')
    throw new Error(`the backfill of ${projectKey} ended in phase ${String(phase)}, not ready`);
}

/** The facts of every issue of the project read from Jira now, by id (what a backfill from scratch stores). */
export async function factsFromScratch(
  client: JiraClient,
  projectId: string,
): Promise<Map<string, IssueFactsRecord>> {
  const byId = new Map<string, IssueFactsRecord>();
  await loadFlowIssues(client, `project = ${projectId}`, (issue) => {
    const record = factsOfJiraIssue(issue);
    if (record !== null) byId.set(record.id, record);
  });
  return byId;
}

/** The stored facts of a project, by id. */
export async function storedFacts(
  facts: FlowFactsStore,
  projectId: string,
): Promise<Map<string, IssueFactsRecord>> {
  return new Map((await facts.readFacts(projectId)).map((record) => [record.id, record]));
}

/**
 * How the stored facts differ from the expected ones: ids missing, ids extra, ids whose facts differ
 * ({@link sameFacts}); all empty when they are the same.
 */
export function factsDifference(
  stored: ReadonlyMap<string, IssueFactsRecord>,
  expected: ReadonlyMap<string, IssueFactsRecord>,
): { missing: string[]; extra: string[]; different: string[] } {
  const missing = [...expected.keys()].filter((id) => !stored.has(id));
  const extra = [...stored.keys()].filter((id) => !expected.has(id));
  const different = [...expected].flatMap(([id, record]) => {
    const mine = stored.get(id);
    return mine !== undefined && !sameFacts(mine, record) ? [id] : [];
  });
  return { missing, extra, different };
}

/** Requests the emulator answered since the last reset, counted by route key. */
export function requestCounts(emulator: RunningEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { routeKey } of emulator.requests.log()) counts[routeKey] = (counts[routeKey] ?? 0) + 1;
  return counts;
}

/**
 * What an issue event tells the sync (as part F's trigger reads it): the issue and its project now, and for a
 * move also the project it left (the changelog's `project` item names it).
 */
export function eventTargets(event: ProductEvent): { issueId: string; projectId: string }[] {
  const payload = event.payload as {
    issue?: { id?: string; fields?: { project?: { id?: string } } };
    changelog?: { items?: readonly { field?: string; fieldId?: string; from?: string | null }[] };
  };
  const issueId = payload.issue?.id;
  const projectId = payload.issue?.fields?.project?.id;
  if (issueId === undefined || projectId === undefined) return [];
  const left = (payload.changelog?.items ?? []).flatMap((item) =>
    (item.fieldId ?? item.field) === 'project' && typeof item.from === 'string' ? [item.from] : [],
  );
  return [projectId, ...left].map((project) => ({ issueId, projectId: project }));
}
