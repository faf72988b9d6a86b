/**
 * The project flow use case against the local Jira emulator with the German sample data, over the real HTTP
 * client and the help desk's stored flow facts: the view equals the engine's report of the same issues read from
 * Jira, every request is computed anew (no cache), a mapping change changes the numbers, and filters narrow it.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import {
  FlowRequestError,
  getProjectFlow as getProjectFlowWith,
  planProjectFlow,
  type FlowFactsViews,
} from '../../src/application/project-flow';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { StorePort } from '../../src/application/ports/store-port';
import type { ProjectFlowRequest } from '../../src/contract/project-flow';
import { getProjectFlowSettings } from '../../src/application/project-settings';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import { computeFlowReport } from '../../src/domain/flow/engine';
import type { JiraIssueInput, WorkflowMapping } from '../../src/domain/flow/types';
import { emulatorClient } from '../integration/support/emulator-client';
import { seedReadyFacts } from './facts-fixtures';

const NOW = Date.UTC(2026, 2, 2, 12);
const DAY = 86_400_000;
const SEARCH = JIRA_ROUTES.searchJql;
const TIMEOUT_MS = 60_000;
const REQUEST = { projectKey: 'HD', from: '2025-01-01', to: '2026-03-02' } as const;
const SETTINGS: StoredProjectSettings = {
  mapping: HD_WORKFLOW_MAPPING,
  calendar: { timeZone: SAMPLE_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
  percentiles: [50, 85, 95],
};
const clock = (): number => NOW;

function readyView(answer: ProjectFlowAnswer): ProjectFlowView {
  if (answer.status !== 'ready') throw new Error(`expected a ready view, got ${answer.status}`);
  return answer.view;
}

describe('getProjectFlow on the sample help desk', () => {
  const seed = generateSampleSeed({ now: NOW });
  const admin = seed.users[0];
  let emulator: RunningEmulator;
  let client: JiraClient;
  let store: MemoryStore;
  let projectId: string;
  let facts: FlowFactsViews;
  /** The use case over the help desk's stored facts (ready: no backfill is ever started). */
  const getProjectFlow = (
    jira: JiraPort,
    settingsStore: StorePort,
    projectKey: string,
    request: ProjectFlowRequest,
    now: () => number,
  ): Promise<ProjectFlowAnswer> => getProjectFlowWith(jira, settingsStore, projectKey, request, now, facts);

  beforeAll(async () => {
    if (admin === undefined) throw new Error('sample data has no users');
    emulator = await startEmulator({ seed, now: clock });
    client = emulatorClient(emulator, admin).client;
    projectId = (await client.getProject('HD')).id;
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
    emulator.requests.reset();
  });

  it(
    "shows exactly the engine's numbers for the same issues",
    async () => {
      const view = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock));
      const settings = await getProjectFlowSettings(store, client, 'HD');
      const plan = planProjectFlow(settings, REQUEST, NOW);
      const issues: JiraIssueInput[] = [];
      await loadFlowIssues(client, plan.jql, (issue) => issues.push(issue));
      const report = computeFlowReport(issues, {
        mode: 'canonical',
        mapping: HD_WORKFLOW_MAPPING,
        startPolicy: 'first',
        timeZone: SAMPLE_TIME_ZONE,
        asOfMs: NOW,
        calendar: SETTINGS.calendar,
      });
      const days = (ms: number | null): number | null =>
        ms === null ? null : Math.round((ms / DAY) * 100) / 100;

      expect(issues.length).toBeGreaterThan(1000);
      expect(view.summary.issuesLoaded).toBe(report.issues.length);
      // The range covers the whole history: the view's percentiles are the engine's summary.
      expect(view.summary.cycleTime).toEqual({
        p50: days(report.summary.cycleTime.p50),
        p85: days(report.summary.cycleTime.p85),
        p95: days(report.summary.cycleTime.p95),
      });
      expect(view.summary.leadTime.p85).toBe(days(report.summary.leadTime.p85));
      expect(view.summary.wipNow).toBe(report.summary.wipNow);
      expect(view.issues.rows.map((r) => [r[ISSUE_ROW.key], r[ISSUE_ROW.cycleTimeDays]])).toEqual(
        report.issues.map((i) => [i.key, days(i.cycleTimeMs)]),
      );
      expect(view.aging.items.map((a) => a.key)).toEqual(report.summary.aging.map((a) => a.key));
      const lastDays = report.daily.filter((d) => d.date >= REQUEST.from);
      expect(view.daily.wip).toEqual(lastDays.map((d) => d.wip));
      expect(view.daily.throughput).toEqual(lastDays.map((d) => d.throughput));
      expect(view.littlesLaw?.averageWip).toBe(
        Math.round((report.summary.littlesLaw?.averageWip ?? 0) * 100) / 100,
      );
      expect(view.forecast?.howMany).toEqual(report.summary.forecast?.howMany);
      expect(view.forecast?.when).toEqual(report.summary.forecast?.when);
      expect(view.dataQuality.warningCounts).toEqual(report.summary.warningCounts);
      // Every chart has data.
      expect(view.cycleTime.pointRows.length).toBeGreaterThan(500);
      expect(view.cycleTime.histogram.counts.length).toBeGreaterThan(3);
      expect(view.weekly.length).toBeGreaterThan(50);
      expect(view.aging.items.length).toBeGreaterThan(0);
      expect(view.valueStream.stages.map((s) => s.name)).toEqual(['In Bearbeitung', 'Wartet auf Kunde']);
      expect(view.valueStream.bottleneckIndex).toBeGreaterThanOrEqual(0);
      expect(view.valueStream.waitingShare).toBeGreaterThan(0);
      expect(view.summary.flowEfficiency).not.toBeNull();
      // The answer stays small: well under Forge's 5 MB.
      expect(JSON.stringify(view).length).toBeLessThan(600_000);
    },
    TIMEOUT_MS,
  );

  it(
    'computes every request anew from the facts: no view is cached, and no issue is loaded from Jira',
    async () => {
      const first = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock));
      expect(first.cache).toBe('miss');
      emulator.requests.reset();
      const later = (): number => NOW + 60_000;
      const second = readyView(await getProjectFlow(client, store, 'HD', REQUEST, later));
      expect(second.cache).toBe('miss');
      expect(second.computedAtMs).toBe(NOW + 60_000);
      // The ids are searched again (as the user); the issues themselves come from the stored facts.
      expect(emulator.requests.count(SEARCH)).toBeGreaterThan(0);
      expect(emulator.requests.count(JIRA_ROUTES.bulkFetchChangelogs)).toBe(0);
      expect(second.summary).toEqual(first.summary);
    },
    TIMEOUT_MS,
  );

  it(
    'changes its numbers when the status mapping changes',
    async () => {
      const before = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock));
      const waitingAsActive: WorkflowMapping = {
        ...HD_WORKFLOW_MAPPING,
        stages: HD_WORKFLOW_MAPPING.stages.map((s) => (s.kind === 'waiting' ? { ...s, kind: 'active' } : s)),
      };
      const stored = await store.get<StoredProjectSettings>(mappingStoreKey(projectId));
      await store.put(
        mappingStoreKey(projectId),
        { ...SETTINGS, mapping: waitingAsActive },
        stored?.version ?? null,
      );

      const after = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock));
      expect(after.cache).toBe('miss');
      expect(after.settings.mappingVersion).toBe(2);
      expect(after.valueStream.waitingShare).toBe(0);
      expect(before.valueStream.waitingShare).toBeGreaterThan(0);
      expect(after.summary.flowEfficiency).toBeGreaterThan(before.summary.flowEfficiency ?? 1);
    },
    TIMEOUT_MS,
  );

  it(
    "rejects bad ranges and JQL before asking Jira for issues, and passes on Jira's JQL errors",
    async () => {
      await expect(
        getProjectFlow(
          client,
          store,
          'HD',
          { projectKey: 'HD', from: '2026-03-01', to: '2026-01-01' },
          clock,
        ),
      ).rejects.toThrow(FlowRequestError);
      await expect(
        getProjectFlow(client, store, 'HD', { projectKey: 'HD', jql: 'type = Bug) OR (project = X' }, clock),
      ).rejects.toThrow('closes a parenthesis');
      await expect(
        getProjectFlow(client, store, 'HD', { projectKey: 'HD', jql: 'type = Bug ORDER BY key' }, clock),
      ).rejects.toThrow('ORDER BY');
      await expect(
        getProjectFlow(
          client,
          store,
          'HD',
          { projectKey: 'HD', to: '2026-02-01', forecast: { byDate: '2026-01-15' } },
          clock,
        ),
      ).rejects.toThrow('must be after 2026-02-01');
      expect(emulator.requests.count(SEARCH)).toBe(0);
      await expect(
        getProjectFlow(client, store, 'HD', { projectKey: 'HD', jql: 'summary ~ "Drucker"' }, clock),
      ).rejects.toThrow(/summary|~|emulator/i);
    },
    TIMEOUT_MS,
  );

  it(
    'narrows to issue types and a JQL refinement',
    async () => {
      const all = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock));
      const typeName = all.issues.types[0] ?? '';
      const typed = readyView(
        await getProjectFlow(client, store, 'HD', { ...REQUEST, issueTypes: [typeName] }, clock),
      );
      expect(typed.issues.types).toEqual([typeName]);
      expect(typed.summary.issuesLoaded).toBeLessThan(all.summary.issuesLoaded);
      const refined = readyView(
        await getProjectFlow(client, store, 'HD', { ...REQUEST, jql: `issuetype = "${typeName}"` }, clock),
      );
      expect(refined.summary.issuesLoaded).toBe(typed.summary.issuesLoaded);
      expect(refined.settings.jql).toBe(`issuetype = "${typeName}"`);
    },
    TIMEOUT_MS,
  );
});
