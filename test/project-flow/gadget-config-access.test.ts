/**
 * Who may read and change a gadget's configuration (review finding 2): the gadget comes from Forge's invocation
 * context, never from the payload, so nobody reads or overwrites another gadget by naming its id; and saving
 * needs edit rights on the dashboard, as Jira answers them (`isWritable` of `GET /rest/api/3/dashboard/{id}` read
 * as the user). Over the emulator with the sample users: the Jira administrator may edit the System Dashboard,
 * an agent may only view it.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import type { GadgetConfig } from '../../src/contract/gadget';
import { createGadgetHandlers } from '../../src/entry/resolvers/gadget-handlers';
import { emulatorClient } from '../integration/support/emulator-client';
import { unusedFactsViews } from './facts-fixtures';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 60_000;

/** The owner's configuration: a JQL scope whose text is nobody else's business. */
const OWNER_CONFIG: GadgetConfig = {
  scope: { kind: 'jql', jql: 'project = HD AND labels = "vertraulich"' },
  metric: 'cycleTime',
  percentile: 85,
  periodDays: 28,
  refreshMinutes: 30,
};
const ATTACKER_CONFIG: GadgetConfig = {
  scope: { kind: 'jql', jql: 'project = HD' },
  metric: 'wip',
  percentile: 85,
  periodDays: 14,
  refreshMinutes: 0,
};

/** Forge's context of the gadget `gadgetId` on dashboard `dashboardId`, for the user `accountId`. */
function gadgetContext(accountId: string, dashboardId: string, gadgetId: string) {
  return {
    accountId,
    timezone: 'Europe/Berlin',
    extension: { type: 'jira:dashboardGadget', dashboard: { id: dashboardId }, gadget: { id: gadgetId } },
  };
}

describe('gadget configuration: gadget from the context, saving only with dashboard edit rights', () => {
  const seed = generateSampleSeed({ now: NOW });
  const admin = seed.users.find((user) => user.jiraAdmin);
  const agent = seed.users.find((user) => !user.jiraAdmin);
  let emulator: RunningEmulator;
  let clients: Map<string, JiraClient>;
  let store: MemoryStore;
  const errors: string[] = [];

  beforeAll(async () => {
    if (admin === undefined || agent === undefined) throw new Error('the sample has no admin or no agent');
    emulator = await startEmulator({ seed, now: () => NOW });
    clients = new Map([
      [admin.accountId, emulatorClient(emulator, admin).client],
      [agent.accountId, emulatorClient(emulator, agent).client],
    ]);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    store = createMemoryStore();
    errors.length = 0;
  });

  function handlers() {
    return createGadgetHandlers({
      facts: unusedFactsViews(),
      // Jira as the user of the invocation, as Forge's asUser() does.
      jira: (context) => {
        const client = clients.get(String(context['accountId']));
        if (client === undefined) throw new Error('unknown user');
        return client;
      },
      store,
      clock: () => NOW,
      logError: (message) => errors.push(message),
    });
  }

  async function ownerSaves(gadgetId: string): Promise<void> {
    const saved = await handlers().saveGadgetConfig(
      { config: OWNER_CONFIG, expectedVersion: null },
      gadgetContext(admin?.accountId ?? '', '10000', gadgetId),
    );
    expect(saved).toEqual({ ok: true, value: { status: 'saved', version: 1 } });
  }

  it('lets the dashboard editor save and read back the gadget of the context', async () => {
    await ownerSaves('20001');
    const read = await handlers().getGadgetConfig(
      {},
      gadgetContext(admin?.accountId ?? '', '10000', '20001'),
    );
    expect(read).toEqual({ ok: true, value: { config: OWNER_CONFIG, version: 1 } });
  });

  it("refuses a payload naming another gadget's id: nobody reads its configuration (JQL included)", async () => {
    await ownerSaves('20001');
    const attacker = agent?.accountId ?? '';
    // The agent's own gadget in the context, the owner's gadget id in the payload.
    for (const result of [
      await handlers().getGadgetConfig({ gadgetId: '20001' }, gadgetContext(attacker, '10000', '30001')),
      await handlers().getGadgetFlow({ gadgetId: '20001' }, gadgetContext(attacker, '10000', '30001')),
    ]) {
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid-payload');
      expect(JSON.stringify(result)).not.toContain('vertraulich');
    }
    // What the agent's own context reads is the agent's own gadget, not the owner's.
    const own = await handlers().getGadgetConfig({}, gadgetContext(attacker, '10000', '30001'));
    expect(own).toEqual({ ok: true, value: { config: null, version: null } });
  });

  it("refuses to save for someone who may only view the dashboard, leaving the owner's configuration", async () => {
    await ownerSaves('20001');
    const attacker = agent?.accountId ?? '';
    emulator.requests.reset();
    const overwrite = await handlers().saveGadgetConfig(
      { config: ATTACKER_CONFIG, expectedVersion: 1 },
      gadgetContext(attacker, '10000', '20001'),
    );
    expect(overwrite.ok ? 'ok' : overwrite.error.code).toBe('forbidden');
    expect(overwrite.ok ? '' : overwrite.error.detail).toContain('You may not edit dashboard 10000');
    // Jira was asked, as the agent, whether the dashboard is theirs to edit.
    expect(emulator.requests.count('GET /rest/api/3/dashboard/{id}')).toBe(1);
    const after = await handlers().getGadgetConfig(
      {},
      gadgetContext(admin?.accountId ?? '', '10000', '20001'),
    );
    expect(after).toEqual({ ok: true, value: { config: OWNER_CONFIG, version: 1 } });
  });

  it('refuses to save on a dashboard Jira does not show the user (404)', async () => {
    const result = await handlers().saveGadgetConfig(
      { config: ATTACKER_CONFIG, expectedVersion: null },
      gadgetContext(agent?.accountId ?? '', '10999', '20001'),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
  });

  it("keys the store by dashboard and gadget: another dashboard's context with the same gadget id is another gadget", async () => {
    await ownerSaves('20001');
    // A user who may edit some other dashboard, pairing it with the owner's gadget id.
    const editable = createGadgetHandlers({
      facts: unusedFactsViews(),
      jira: () => ({
        ...(clients.get(agent?.accountId ?? '') as JiraClient),
        getDashboard: (id: string) => Promise.resolve({ id, isWritable: true }),
      }),
      store,
      clock: () => NOW,
      logError: (message) => errors.push(message),
    });
    const saved = await editable.saveGadgetConfig(
      { config: ATTACKER_CONFIG, expectedVersion: null },
      gadgetContext(agent?.accountId ?? '', '10500', '20001'),
    );
    expect(saved).toEqual({ ok: true, value: { status: 'saved', version: 1 } });
    const owners = await handlers().getGadgetConfig(
      {},
      gadgetContext(admin?.accountId ?? '', '10000', '20001'),
    );
    expect(owners).toEqual({ ok: true, value: { config: OWNER_CONFIG, version: 1 } });
  });

  it('refuses a context whose dashboard or gadget id is only dots (a path segment naming another resource) before asking Jira', async () => {
    const asked: string[] = [];
    const probing = createGadgetHandlers({
      facts: unusedFactsViews(),
      jira: () => ({
        ...(clients.get(admin?.accountId ?? '') as JiraClient),
        getDashboard: (id: string) => {
          asked.push(id);
          return Promise.resolve({ id, isWritable: true });
        },
      }),
      store,
      clock: () => NOW,
      logError: (message) => errors.push(message),
    });
    for (const [dashboardId, gadgetId] of [
      ['.', '20001'],
      ['..', '20001'],
      ['10000', '..'],
    ] as const) {
      const saved = await probing.saveGadgetConfig(
        { config: ATTACKER_CONFIG, expectedVersion: null },
        gadgetContext(admin?.accountId ?? '', dashboardId, gadgetId),
      );
      expect(saved.ok ? 'ok' : saved.error.code).toBe('invalid-payload');
    }
    expect(asked).toEqual([]);
  });

  it('answers invalid-payload outside a dashboard gadget (no gadget in the context)', async () => {
    const result = await handlers().getGadgetConfig({}, { accountId: admin?.accountId ?? '' });
    expect(result.ok ? 'ok' : result.error.detail).toContain('extension.gadget.id');
    expect(errors).toEqual([]);
  });
});
