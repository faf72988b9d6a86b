/**
 * The project-page and gadget resolvers over the emulator with the sample data: payload validation, typed errors,
 * gadget configuration with optimistic versions, and gadget values from the stored flow facts equal to the engine's
 * over the issues read from Jira.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import { isGadgetBackfilling, type GadgetConfig } from '../../src/contract/gadget';
import { addDays } from '../../src/domain/flow/calendar';
import { computeFlowFacts } from '../../src/domain/flow/engine';
import { gadgetMetric } from '../../src/domain/flow/gadget-metric';
import type { JiraIssueInput } from '../../src/domain/flow/types';
import { createGadgetHandlers } from '../../src/entry/resolvers/gadget-handlers';
import { createProjectFlowHandlers } from '../../src/entry/resolvers/project-flow-handlers';
import { emulatorClient } from '../integration/support/emulator-client';
import type { FlowFactsViews } from '../../src/application/project-flow-facts';
import { seedReadyFacts } from './facts-fixtures';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 60_000;
const SETTINGS: StoredProjectSettings = {
  mapping: HD_WORKFLOW_MAPPING,
  calendar: { timeZone: SAMPLE_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
  percentiles: [50, 85, 95],
};
const CONTEXT = { accountId: 'user-a', timezone: 'Europe/Berlin' };
/** The invocation context of the gadget `gadgetId` on the System Dashboard (10000), as Forge sends it. */
const gadgetContext = (gadgetId: string) => ({
  ...CONTEXT,
  extension: { type: 'jira:dashboardGadget', dashboard: { id: '10000' }, gadget: { id: gadgetId } },
});
const CYCLE_CONFIG: GadgetConfig = {
  scope: { kind: 'project', projectKey: 'HD' },
  metric: 'cycleTime',
  percentile: 85,
  periodDays: 28,
  refreshMinutes: 30,
};

describe('project flow and gadget resolvers', () => {
  const seed = generateSampleSeed({ now: NOW });
  let emulator: RunningEmulator;
  let client: JiraClient;
  let store: MemoryStore;
  let projectId: string;
  let facts: FlowFactsViews;
  const errors: string[] = [];
  const clock = (): number => NOW;

  beforeAll(async () => {
    const admin = seed.users[0];
    if (admin === undefined) throw new Error('no users');
    emulator = await startEmulator({ seed, now: clock });
    client = emulatorClient(emulator, admin).client;
    projectId = (await client.getProject('HD')).id;
    // The help desk's facts as a finished backfill leaves them (no backfill is started here).
    const seeded = await seedReadyFacts(createMemoryStore(), client, 'HD', NOW);
    facts = {
      reader: seeded.facts,
      startBackfill: () => Promise.reject(new Error('the help desk’s facts are ready; no backfill')),
    };
  }, TIMEOUT_MS);
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    store = createMemoryStore();
    await store.put(mappingStoreKey(projectId), SETTINGS, null);
    errors.length = 0;
  });

  const deps = () => ({ jira: () => client, store, clock, logError: (m: string) => errors.push(m), facts });

  it('rejects invalid project-flow payloads without calling Jira', async () => {
    const handlers = createProjectFlowHandlers(deps());
    emulator.requests.reset();
    for (const payload of [
      null,
      { projectKey: 'hd' },
      { projectKey: 'HD', from: '1.1.2026' },
      { projectKey: 'HD', percentiles: [0] },
      { projectKey: 'HD', jql: 'x'.repeat(1001) },
      { projectKey: 'HD', forecast: { items: -1 } },
      { projectKey: 'HD', extra: true },
    ]) {
      const result = await handlers.getProjectFlow(payload, CONTEXT);
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid-payload');
    }
    expect(emulator.requests.count()).toBe(0);
  });

  it('answers typed errors: unknown project, JQL escaping its parentheses', async () => {
    const handlers = createProjectFlowHandlers(deps());
    const missing = await handlers.getProjectFlow({ projectKey: 'NOPE' }, CONTEXT);
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not-found');
    const escape = await handlers.getProjectFlow({ projectKey: 'HD', jql: 'a = b) OR (c = d' }, CONTEXT);
    expect(escape).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: 'JQL closes a parenthesis it did not open.' },
    });
    expect(errors).toEqual([]);
  });

  it('stores gadget configs with versions and reports conflicts', async () => {
    const handlers = createGadgetHandlers(deps());
    expect(await handlers.getGadgetConfig({}, gadgetContext('g-1'))).toEqual({
      ok: true,
      value: { config: null, version: null },
    });
    const saved = await handlers.saveGadgetConfig(
      { config: CYCLE_CONFIG, expectedVersion: null },
      gadgetContext('g-1'),
    );
    expect(saved).toEqual({ ok: true, value: { status: 'saved', version: 1 } });
    const stale = await handlers.saveGadgetConfig(
      { config: { ...CYCLE_CONFIG, metric: 'wip' }, expectedVersion: null },
      gadgetContext('g-1'),
    );
    expect(stale).toEqual({
      ok: true,
      value: { status: 'conflict', current: { config: CYCLE_CONFIG, version: 1 } },
    });
    const badJql = await handlers.saveGadgetConfig(
      {
        config: { ...CYCLE_CONFIG, scope: { kind: 'jql', jql: 'a ORDER BY b' } },
        expectedVersion: 1,
      },
      gadgetContext('g-1'),
    );
    expect(badJql).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: 'JQL must not contain ORDER BY.' },
    });
    for (const config of [
      { ...CYCLE_CONFIG, metric: 'velocity' },
      { ...CYCLE_CONFIG, periodDays: 3 },
      { ...CYCLE_CONFIG, refreshMinutes: 2 },
      { ...CYCLE_CONFIG, scope: { kind: 'project', projectKey: 'hd' } },
    ]) {
      const result = await handlers.saveGadgetConfig({ config, expectedVersion: 1 }, gadgetContext('g-1'));
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid-payload');
    }
  });

  it(
    "shows the gadget's metric as the engine computes it, computed anew from the facts the second time",
    async () => {
      const handlers = createGadgetHandlers(deps());
      const unconfigured = await handlers.getGadgetFlow({}, gadgetContext('g-2'));
      expect(unconfigured.ok ? 'ok' : unconfigured.error.code).toBe('not-found');
      await handlers.saveGadgetConfig({ config: CYCLE_CONFIG, expectedVersion: null }, gadgetContext('g-2'));

      const result = await handlers.getGadgetFlow({}, gadgetContext('g-2'));
      if (!result.ok) throw new Error(result.error.detail);
      const view = result.value;
      if (isGadgetBackfilling(view)) throw new Error('The help desk’s facts are ready: never backfilling');

      const issues: JiraIssueInput[] = [];
      await loadFlowIssues(client, 'project = HD ORDER BY created ASC', (i) => issues.push(i));
      const report = computeFlowFacts(issues, {
        mode: 'canonical',
        mapping: HD_WORKFLOW_MAPPING,
        startPolicy: 'first',
        timeZone: SAMPLE_TIME_ZONE,
        asOfMs: NOW,
        calendar: SETTINGS.calendar,
      });
      const expected = gadgetMetric(report, 'cycleTime', 85, 28);
      expect(view.current).toBe(expected.current.value);
      expect(view.previous).toBe(expected.previous.value);
      expect(view.sampleSize).toEqual({
        current: expected.current.sampleSize,
        previous: expected.previous.sampleSize,
      });
      expect(view.trend).toBe(expected.trend);
      expect(view.unit).toBe('days');
      expect(view.period).toEqual({
        from: addDays('2026-03-02', -27),
        to: '2026-03-02',
        previousFrom: addDays('2026-03-02', -55),
        previousTo: addDays('2026-03-02', -28),
      });
      expect(view.spark).toHaveLength(8);
      expect(view.current).not.toBeNull();
      expect(view.issuesLoaded).toBeLessThan(issues.length);

      // No cache: the ids are searched again as the user, the issues come from the facts (no changelog read).
      emulator.requests.reset();
      const again = await handlers.getGadgetFlow({}, gadgetContext('g-2'));
      expect(again).toEqual(result);
      expect(emulator.requests.count('POST /rest/api/3/search/jql')).toBeGreaterThan(0);
      expect(emulator.requests.count('POST /rest/api/3/changelog/bulkfetch')).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'previews an unsaved JQL config with throughput and its trend',
    async () => {
      const handlers = createGadgetHandlers(deps());
      const result = await handlers.getGadgetFlow(
        {
          config: {
            scope: { kind: 'jql', jql: 'project = HD' },
            metric: 'throughput',
            percentile: 85,
            periodDays: 14,
            refreshMinutes: 0,
          },
        },
        gadgetContext('g-3'),
      );
      if (!result.ok) throw new Error(result.error.detail);
      if (isGadgetBackfilling(result.value))
        throw new Error('The help desk’s facts are ready: never backfilling');
      expect(result.value.unit).toBe('items');
      expect(result.value.current).toBeGreaterThan(0);
      expect(result.value.spark).toHaveLength(28);
      expect(result.value.timeZone).toBe('Europe/Berlin');
      expect(await store.get('gadget:10000:g-3')).toBeNull();
    },
    TIMEOUT_MS,
  );
});
