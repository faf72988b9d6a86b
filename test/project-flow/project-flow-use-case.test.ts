/**
 * The project flow use case against the local Jira emulator with the German sample data, over the real HTTP
 * client: the view equals the engine's report of the same issues, the cache is hit and invalidated, a mapping
 * change changes the numbers, and large projects go through the queue with progress.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { markProjectChanged } from '../../src/application/flow-cache';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import {
  FlowRequestError,
  getFlowJob,
  getProjectFlow,
  planProjectFlow,
  runProjectFlowJob,
} from '../../src/application/project-flow';
import { getProjectFlowSettings } from '../../src/application/project-settings';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import { computeFlowReport } from '../../src/domain/flow/engine';
import type { JiraIssueInput, WorkflowMapping } from '../../src/domain/flow/types';
import { emulatorClient } from '../integration/support/emulator-client';

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

  beforeAll(async () => {
    if (admin === undefined) throw new Error('sample data has no users');
    emulator = await startEmulator({ seed, now: clock });
    client = emulatorClient(emulator, admin).client;
    projectId = (await client.getProject('HD')).id;
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
      const view = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
      const settings = await getProjectFlowSettings(store, client, 'HD');
      const plan = planProjectFlow(settings, REQUEST, NOW, 'a');
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
    'serves the second request from the cache without searching Jira, until an issue event invalidates it',
    async () => {
      const first = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
      expect(first.cache).toBe('miss');
      emulator.requests.reset();

      const second = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
      expect(second.cache).toBe('hit');
      expect(emulator.requests.count(SEARCH)).toBe(0);
      expect({ ...second, cache: 'miss' }).toEqual(first);

      // Another user never gets the first user's cached view.
      const other = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'b' }));
      expect(other.cache).toBe('miss');

      await markProjectChanged(store, projectId, NOW);
      const third = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
      expect(third.cache).toBe('miss');
    },
    TIMEOUT_MS,
  );

  it(
    'recomputes after the cache max age',
    async () => {
      await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a', maxAgeMs: 60_000 });
      const later = (): number => NOW + 61_000;
      const view = readyView(
        await getProjectFlow(client, store, 'HD', REQUEST, later, { accountId: 'a', maxAgeMs: 60_000 }),
      );
      expect(view.cache).toBe('miss');
    },
    TIMEOUT_MS,
  );

  it(
    'changes its numbers when the status mapping changes',
    async () => {
      const before = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
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

      const after = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, { accountId: 'a' }));
      expect(after.cache).toBe('miss');
      expect(after.settings.mappingVersion).toBe(2);
      expect(after.valueStream.waitingShare).toBe(0);
      expect(before.valueStream.waitingShare).toBeGreaterThan(0);
      expect(after.summary.flowEfficiency).toBeGreaterThan(before.summary.flowEfficiency ?? 1);
    },
    TIMEOUT_MS,
  );

  it(
    'computes a large project in the queue with progress, then answers from the cache',
    async () => {
      const queue = createMemoryQueue();
      const progress: string[] = [];
      queue.setConsumer(async (message) => {
        await runProjectFlowJob(message, { jira: client, store, clock });
      });
      const syncStore = createMemoryStore();
      await syncStore.put(mappingStoreKey(projectId), SETTINGS, null);
      const sync = readyView(
        await getProjectFlow(client, syncStore, 'HD', REQUEST, clock, { accountId: 'a' }),
      );

      const answer = await getProjectFlow(client, store, 'HD', REQUEST, clock, {
        accountId: 'a',
        queue,
        syncIssueLimit: 100,
      });
      if (answer.status !== 'computing') throw new Error(`expected computing, got ${answer.status}`);
      expect(answer.progress).toEqual({
        phase: 'queued',
        loaded: 0,
        total: sync.summary.issuesLoaded,
        updatedAtMs: NOW,
      });
      expect(queue.size).toBe(1);

      // Asking again while it waits joins the same job.
      const again = await getProjectFlow(client, store, 'HD', REQUEST, clock, {
        accountId: 'a',
        queue,
        syncIssueLimit: 100,
      });
      expect(again).toEqual(answer);
      expect(queue.size).toBe(1);

      const polled = await getFlowJob(store, answer.jobId, 'a', clock);
      expect(polled?.status).toBe('computing');
      expect(await getFlowJob(store, answer.jobId, 'someone-else', clock)).toBeNull();

      // Record the progress the consumer writes.
      const put = store.put.bind(store);
      jest.spyOn(store, 'put').mockImplementation((key, value, expected, options) => {
        if (key.startsWith('flow-job:')) {
          const p = (value as { progress: { phase: string; loaded: number } }).progress;
          progress.push(`${p.phase}:${String(p.loaded)}`);
        }
        return put(key, value, expected, options);
      });
      emulator.requests.reset();
      expect(await queue.runPending()).toBe(1);
      jest.restoreAllMocks();
      const total = sync.summary.issuesLoaded;
      // The consumer loads the user's ids by `issuekey in (…)` in chunks of 1,000: as many requests as a search of
      // the project (pages of 100, one changelog bulk fetch per 1,000), and no search of the project itself.
      expect(emulator.requests.count(SEARCH)).toBe(Math.ceil(total / 100));
      expect(emulator.requests.count(JIRA_ROUTES.bulkFetchChangelogs)).toBe(Math.ceil(total / 1000));
      expect(progress[0]).toBe('loading:0');
      expect(progress).toContain(`loading:${String(Math.min(1000, total))}`);
      expect(progress.at(-1)).toBe(`done:${String(total)}`);

      const done = await getFlowJob(store, answer.jobId, 'a', clock);
      const view = readyView(done ?? { status: 'failed', jobId: '', error: { code: '', detail: '' } });
      expect(view.summary).toEqual(sync.summary);
      expect(view.cycleTime).toEqual(sync.cycleTime);

      // Fresh in the cache now: answered without a job.
      const cached = readyView(
        await getProjectFlow(client, store, 'HD', REQUEST, clock, {
          accountId: 'a',
          queue,
          syncIssueLimit: 100,
        }),
      );
      expect(cached.cache).toBe('hit');

      // Stale after an issue event: the old view comes back at once, with a refresh job.
      await markProjectChanged(store, projectId, NOW);
      const stale = await getProjectFlow(client, store, 'HD', REQUEST, clock, {
        accountId: 'a',
        queue,
        syncIssueLimit: 100,
      });
      expect(stale.status).toBe('ready');
      expect(stale.status === 'ready' ? stale.refreshJobId : undefined).toMatch(/^[0-9a-f-]{36}$/);
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
