/**
 * The flow facts store wired through the one composition root (issue 13), over the emulator as in the preview: the
 * project page starts the backfill and answers `backfilling`, the `flow-facts-worker` consumer builds the facts
 * (each issue's flow property written and searchable by JQL), a status change in Jira reaches the issue-event
 * trigger, waits for its coalescing delay, and the flush makes the next view show it. A user who may not browse
 * the project gets no view of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { readManifestAppFeatures } from '../../dev/preview/manifest-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { MemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import type { QueueMessage } from '../../src/application/ports/queue-port';
import type { ProjectFlowAnswer } from '../../src/contract/project-flow';
import type { ResolverResult } from '../../src/contract/resolvers';
import { createAppHandlers, type AppHandlers } from '../../src/entry/composition-root';
import { FLOW_FACTS_QUEUE_KEY } from '../../src/entry/consumers/flow-facts-consumer';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import { AGENT, buildFlowSeed, HD_PROJECT_ID, OUTSIDER } from '../integration/support/flow-seed';

const NOW = Date.UTC(2025, 0, 20, 12);
const ISSUES = 40;

let emulator: RunningEmulator;
let app: AppHandlers;
let factsQueue: MemoryQueue;
/** The app's storage, read here through a store of its own. */
let facts: FlowFactsStore;
const events: Promise<unknown>[] = [];
const errors: string[] = [];

const transportOf = (user: typeof AGENT): JiraTransport =>
  createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken });

beforeAll(async () => {
  const manifest = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
  emulator = await startEmulator({
    seed: buildFlowSeed({ issues: ISSUES }),
    now: () => NOW,
    entityPropertyIndexes: readManifestAppFeatures(manifest, { de: {}, en: {} }).entityProperties,
  });
  factsQueue = new MemoryQueue<QueueMessage>({ now: () => NOW });
  const otherQueue = new MemoryQueue<QueueMessage>({ now: () => NOW });
  const store = createMemoryStore({ clock: () => NOW });
  facts = new FlowFactsStore(store, { clock: () => NOW });
  app = createAppHandlers({
    jiraForUser: (context) => transportOf(context['accountId'] === OUTSIDER.accountId ? OUTSIDER : AGENT),
    jiraAsApp: () => transportOf(AGENT),
    store,
    queue: (key) => (key === FLOW_FACTS_QUEUE_KEY ? factsQueue : otherQueue),
    clock: () => NOW,
    logError: (message) => errors.push(message),
    texts: localeFileTexts,
  });
  // Forge's async event carries the message as `body`.
  factsQueue.setConsumer((message) => app.consumers.flowFactsHandler({ body: message }));
  emulator.onProductEvent((event) => {
    if (event.eventType.endsWith(':issue')) events.push(app.triggers.issueEventHandler(event.payload));
  });
});
afterAll(async () => {
  await emulator.stop();
});

async function projectPage(accountId: string): Promise<ResolverResult<ProjectFlowAnswer>> {
  return (await app.resolvers.handler(
    {
      call: {
        functionKey: 'getProjectFlow',
        payload: { projectKey: 'HD', from: '2025-01-01', to: '2025-01-20' },
      },
      context: { accountId, timezone: 'UTC' },
    },
    { principal: { accountId } },
  )) as ResolverResult<ProjectFlowAnswer>;
}

async function view(accountId = AGENT.accountId) {
  const answer = await projectPage(accountId);
  if (!answer.ok || answer.value.status !== 'ready')
    throw new Error(`expected a view, got ${JSON.stringify(answer)}`);
  return answer.value.view;
}

async function jqlKeys(jql: string): Promise<string[]> {
  const auth = Buffer.from(`${AGENT.emailAddress}:${AGENT.apiToken}`).toString('base64');
  const response = await fetch(`${emulator.url}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jql, fields: ['key'], maxResults: 100 }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { issues: { key: string }[] }).issues.map((issue) => issue.key);
}

describe('flow facts through the composition root', () => {
  it('backfills on the first view, then keeps the view current through the trigger and the delayed flush', async () => {
    // 1. The first view starts the backfill.
    const first = await projectPage(AGENT.accountId);
    expect(first).toMatchObject({ ok: true, value: { status: 'backfilling' } });
    expect(factsQueue.size).toBe(1);
    while (factsQueue.size > 0) await factsQueue.runPending({ includeDelayed: true });
    const before = await view();
    expect(before.summary.issuesLoaded).toBe(ISSUES);

    // The backfill wrote each issue's flow property: Jira's index answers the README's kind of query.
    const inProgress = await jqlKeys('project = HD AND flowAgeDays > 0 AND statusCategory = "In Progress"');
    expect(inProgress).toContain('HD-1'); // 1 change: Neu → In Bearbeitung
    expect(inProgress).not.toContain('HD-3'); // done
    expect(await jqlKeys('project = HD AND flowLeadTimeDays > 0')).toContain('HD-3');

    // 2. HD-1 is resolved in Jira: the event reaches the trigger, which marks it and pushes a delayed flush.
    const auth = Buffer.from(`${AGENT.emailAddress}:${AGENT.apiToken}`).toString('base64');
    const transition = await fetch(`${emulator.url}/rest/api/3/issue/HD-1/transitions`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transition: { id: '5' } }),
    });
    expect(transition.status).toBe(204);
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(Promise.all(events)).resolves.toEqual([undefined]);
    expect(factsQueue.delayedSize).toBe(1);
    // Until the flush runs, the view loads the pending issue live: already resolved.
    expect((await view()).summary.finished).toBe(before.summary.finished + 1);
    // The coalescing delay has not passed on the queue's clock: nothing runs yet; then the flush.
    expect(await factsQueue.runPending()).toBe(0);
    expect(await factsQueue.runPending({ includeDelayed: true })).toBeGreaterThanOrEqual(1);
    const after = await view();
    expect(after.summary.finished).toBe(before.summary.finished + 1);
    expect(after.summary.wipNow).toBe(before.summary.wipNow - 1);
    expect(await jqlKeys('project = HD AND flowLeadTimeDays > 0')).toContain('HD-1');
    expect(errors).toEqual([]);
  });

  it('drops a deleted and a moved issue from the project facts once their events are flushed', async () => {
    const storedIds = async (): Promise<string[]> =>
      (await facts.readFacts(HD_PROJECT_ID)).map((record) => record.id);
    expect(await storedIds()).toEqual(expect.arrayContaining(['20004', '20006']));
    const before = await view();
    events.length = 0;
    const auth = Buffer.from(`${AGENT.emailAddress}:${AGENT.apiToken}`).toString('base64');
    const deleted = await fetch(`${emulator.url}/rest/api/3/issue/HD-4`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${auth}` },
    });
    expect(deleted.status).toBe(204);
    // Jira's Move: the event names the new project and, in its changelog, the project the issue left.
    emulator.issues.move('HD-6', 'CSI', { actorAccountId: AGENT.accountId });
    while (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(Promise.all(events)).resolves.toEqual([undefined, undefined]);
    expect(await facts.readPending(HD_PROJECT_ID)).toEqual(expect.arrayContaining(['20004', '20006']));
    await factsQueue.runPending({ includeDelayed: true });
    expect(await facts.readPending(HD_PROJECT_ID)).toEqual([]);
    const ids = await storedIds();
    expect(ids).not.toContain('20004');
    expect(ids).not.toContain('20006');
    expect(ids).toHaveLength(ISSUES - 2);
    const after = await view();
    expect(after.summary.issuesLoaded).toBe(before.summary.issuesLoaded - 2);
    expect(await jqlKeys('project = HD AND flowBlockedDays >= 0')).not.toContain('HD-4');
    expect(errors).toEqual([]);
  });

  it('gives a user who may not browse the project no view of it, facts or not', async () => {
    const answer = await projectPage(OUTSIDER.accountId);
    expect(answer.ok).toBe(false);
  });
});
