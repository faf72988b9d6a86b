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
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { JiraUnavailableError } from '../../src/application/errors';
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
import { isTransientJobFailure } from '../../src/entry/consumers/transient-failure';
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
    // A created issue is recorded as pending in its project's flow facts; nothing to retry.
    await expect(
      app.triggers.issueEventHandler({
        eventType: 'avi:jira:created:issue',
        issue: { id: '1', key: 'HD-9', fields: { project: { id: '10000' } } },
      }),
    ).resolves.toBeUndefined();
  });
});

describe('queue consumers ask Forge to deliver again only after a transient failure', () => {
  it('tells transient failures from lasting ones', () => {
    expect(isTransientJobFailure(new JiraUnavailableError('busy', 429))).toBe(true);
    expect(isTransientJobFailure(new Error('KVS rate limit'))).toBe(true);
    expect(isTransientJobFailure(new StoreConflictError('k', 1, 2))).toBe(false);
    expect(isTransientJobFailure(new StoreValueTooLargeError('k', 300_000, 240_000))).toBe(false);
    expect(isTransientJobFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientJobFailure('a string')).toBe(false);
  });
});
