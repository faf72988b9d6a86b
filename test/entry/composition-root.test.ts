/**
 * The one composition root: the handlers Forge runs (src/index.ts) and the ones the preview and these tests run are
 * built by the same function; only the ports differ. Here the ports are emulator-backed, as in the preview.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import { JiraUnavailableError } from '../../src/application/errors';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { FlowJobMessage } from '../../src/application/ports/queue-port';
import {
  StoreConflictError,
  StoreValueTooLargeError,
  type StorePort,
} from '../../src/application/ports/store-port';
import {
  createAppHandlers,
  handlersByManifestName,
  HANDLER_KINDS,
  type AppPorts,
} from '../../src/entry/composition-root';
import {
  createFlowJobConsumer,
  createFlowJobEventHandler,
  FLOW_JOB_MAX_RETRIES,
  isTransientJobFailure,
} from '../../src/entry/consumers/flow-job-consumer';
import * as forgeIndex from '../../src/index';
import { AGENT, buildFlowSeed, OUTSIDER } from '../integration/support/flow-seed';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';

const MANIFEST = parse(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
  modules: { function: { key: string; handler: string }[] };
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 5 }) });
});
afterAll(async () => {
  await emulator.stop();
});

/** Emulator-backed ports: the user of the invocation by account id, the app as AGENT. */
function emulatorPorts(store: StorePort = createMemoryStore()): AppPorts & { readonly seen: string[] } {
  const seen: string[] = [];
  const transportOf = (user: typeof AGENT): JiraTransport =>
    createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken });
  const queue = createMemoryQueue();
  return {
    seen,
    jiraForUser: (context) => {
      seen.push(String(context['accountId']));
      return transportOf(context['accountId'] === OUTSIDER.accountId ? OUTSIDER : AGENT);
    },
    jiraAsApp: () => transportOf(AGENT),
    store,
    queue: () => queue,
    clock: () => Date.UTC(2026, 2, 2, 12),
    logError: () => undefined,
    texts: localeFileTexts,
  };
}

describe('createAppHandlers', () => {
  it('builds a handler for every function module of manifest.yml, and src/index.ts exports exactly those', () => {
    const table = handlersByManifestName(createAppHandlers(emulatorPorts()));
    const manifestHandlers = MANIFEST.modules.function.map((fn) => fn.handler).sort();
    expect([...table.keys()].sort()).toEqual(manifestHandlers);
    for (const handler of table.values()) expect(typeof handler).toBe('function');
    const exported = Object.entries(forgeIndex)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => `index.${name}`)
      .sort();
    expect(exported).toEqual(manifestHandlers);
    expect(HANDLER_KINDS).toEqual([
      'resolvers',
      'consumers',
      'triggers',
      'validators',
      'scheduled',
      'webtriggers',
      'actions',
    ]);
  });

  it("runs a resolver in Forge's shape as the invocation's principal, not the account the browser names", async () => {
    const ports = emulatorPorts();
    const app = createAppHandlers(ports);
    // OUTSIDER may not browse HD: the principal decides, as on Forge, whatever the browser's context says.
    const asOutsider = await app.resolvers.handler(
      {
        call: { functionKey: 'getIssueFlow', payload: { issueKey: 'HD-1' } },
        context: { accountId: AGENT.accountId },
      },
      { principal: { accountId: OUTSIDER.accountId } },
    );
    expect(ports.seen).toContain(OUTSIDER.accountId);
    expect(ports.seen).not.toContain(AGENT.accountId);
    expect(asOutsider).toMatchObject({ ok: false });
    const asAgent = await app.resolvers.handler(
      { call: { functionKey: 'getIssueFlow', payload: { issueKey: 'HD-1' } }, context: {} },
      { principal: { accountId: AGENT.accountId } },
    );
    expect(asAgent).toMatchObject({ ok: true, value: { issueKey: 'HD-1' } });
  });

  it('answers the workflow validator and the issue-event trigger over the same ports', async () => {
    const app = createAppHandlers(emulatorPorts());
    // A transition without a CSI rule is allowed (no configuration, no target status name).
    await expect(app.validators.csiValidatorHandler({ issue: { key: 'CSI-1' } })).resolves.toEqual({
      result: true,
    });
    // A created issue marks its project's views stale; nothing to retry.
    await expect(
      app.triggers.issueEventHandler({
        eventType: 'avi:jira:created:issue',
        issue: { id: '1', key: 'HD-9', fields: { project: { id: '10000' } } },
      }),
    ).resolves.toBeUndefined();
  });
});

/** A store whose reads fail `failures` times (a storage service refusing for a while), then work. */
function flakyStore(failures: number): MemoryStore & { failed: number } {
  const store = createMemoryStore() as MemoryStore & { failed: number };
  const get = store.get.bind(store);
  store.failed = 0;
  store.get = <T>(key: string) => {
    if (store.failed < failures) {
      store.failed++;
      return Promise.reject(new Error('storage service unavailable (429)'));
    }
    return get<T>(key);
  };
  return store;
}

describe('the flow-job consumer asks Forge to deliver again after a transient failure', () => {
  const MESSAGE: FlowJobMessage = { kind: 'project-flow', jobId: 'job-12345678' };
  const noWait = (): Promise<void> => Promise.resolve();

  it('answers an InvocationError while the job cannot be claimed, and a redelivery then runs it safely', async () => {
    // Four failing reads: the claim's first try and its three retries.
    const store = flakyStore(4);
    const handler = createFlowJobEventHandler(
      createFlowJobConsumer({
        // Jira is never asked: the job is not claimed, or (redelivered) no longer stored.
        jiraApp: () => ({}) as JiraPort,
        store,
        clock: () => 0,
        logError: () => undefined,
        sleep: noWait,
      }),
      () => undefined,
    );

    const first = await handler({ body: MESSAGE });
    expect(first).toMatchObject({ _retry: true, retryOptions: { retryReason: 'FUNCTION_RETRY_REQUEST' } });
    const retryAfter = (first as unknown as { retryOptions: { retryAfter: number } }).retryOptions.retryAfter;
    expect(retryAfter).toBeGreaterThanOrEqual(10);
    expect(retryAfter).toBeLessThanOrEqual(15);
    expect(store.failed).toBe(4);

    // Redelivered: the store works again; the job is gone (expired), so the consumer does nothing and is done.
    await expect(handler({ body: MESSAGE, retryContext: { retryCount: 1 } })).resolves.toBeUndefined();
  });

  it('stops asking after its retries and never retries a failure that would repeat', async () => {
    const failing = createFlowJobEventHandler(
      () => Promise.resolve({ kind: 'failed', transient: true, error: new Error('x') }),
      () => undefined,
    );
    await expect(
      failing({ body: MESSAGE, retryContext: { retryCount: FLOW_JOB_MAX_RETRIES - 1 } }),
    ).resolves.toMatchObject({ _retry: true });
    await expect(
      failing({ body: MESSAGE, retryContext: { retryCount: FLOW_JOB_MAX_RETRIES } }),
    ).resolves.toBeUndefined();
    const permanent = createFlowJobEventHandler(
      () => Promise.resolve({ kind: 'failed', transient: false, error: new TypeError('bug') }),
      () => undefined,
    );
    await expect(permanent({ body: MESSAGE })).resolves.toBeUndefined();
    const logged: string[] = [];
    const foreign = createFlowJobEventHandler(
      () => Promise.reject(new Error('not reached')),
      (message) => logged.push(message),
    );
    await expect(foreign({ body: { kind: 'other' } })).resolves.toBeUndefined();
    expect(logged).toEqual(['flow job event without a readable message']);
  });

  it('tells transient failures from lasting ones', () => {
    expect(isTransientJobFailure(new JiraUnavailableError('busy', 429))).toBe(true);
    expect(isTransientJobFailure(new Error('KVS rate limit'))).toBe(true);
    expect(isTransientJobFailure(new StoreConflictError('k', 1, 2))).toBe(false);
    expect(isTransientJobFailure(new StoreValueTooLargeError('k', 300_000, 240_000))).toBe(false);
    expect(isTransientJobFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientJobFailure('a string')).toBe(false);
  });
});
