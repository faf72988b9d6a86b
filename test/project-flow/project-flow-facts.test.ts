/**
 * The project page and the flow gadget from the flow facts store (issue 13), over the emulator, the real store
 * and the real backfill: a project without facts answers `backfilling` with the backfill's progress (and starts
 * it), then, once ready, the view — equal to the view computed live from Jira — for the id pages of the user's
 * own search. Views are per user through that search: a record the search does not return is never counted.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { ensureBackfill, runFactsMessage, type FactsMessage } from '../../src/application/flow-facts-sync';
import type { FlowFactsViews } from '../../src/application/project-flow';
import type { FactsSyncState } from '../../src/application/ports/flow-facts-port';
import { isGadgetBackfilling, type GadgetConfig } from '../../src/contract/gadget';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { FLOW_ISSUE_FIELDS } from '../../src/application/load-flow-issues';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import { createGadgetHandlers } from '../../src/entry/resolvers/gadget-handlers';
import { createResolverHandlers } from '../../src/entry/resolvers/handlers';
import { handleGetIssueFlow, viewerProjectViewStarter } from '../../src/entry/resolvers/get-issue-flow';
import { createProjectFlowHandlers } from '../../src/entry/resolvers/project-flow-handlers';
import type { ResolverResult } from '../../src/contract/resolvers';
import { ADMIN, AGENT, buildSeed, CSI_ID, HD_ID } from '../emulator/seed-builder';
import { emulatorClient } from '../integration/support/emulator-client';
import { startSyncHarness, type SyncHarness } from './flow-facts-sync-support';
import { liveFactsViews } from './facts-fixtures';
import { createHash } from 'node:crypto';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 120_000;
const HD_ISSUES = 1500;
const SEARCH = 'POST /rest/api/3/search/jql';
const ADMIN_CONTEXT = { accountId: ADMIN.accountId, timezone: 'Europe/Berlin' };
const AGENT_CONTEXT = { accountId: AGENT.accountId, timezone: 'Europe/Berlin' };
const GADGET_CONTEXT = {
  ...ADMIN_CONTEXT,
  extension: { type: 'jira:dashboardGadget', dashboard: { id: '10000' }, gadget: { id: 'g-1' } },
};
const GADGET_CONFIG: GadgetConfig = {
  scope: { kind: 'project', projectKey: 'HD' },
  metric: 'cycleTime',
  percentile: 85,
  periodDays: 30,
  refreshMinutes: 0,
};

/** The parts of a view that do not depend on when or how it was computed. */
function comparable(view: ProjectFlowView): unknown {
  return { ...view, computedAtMs: 0, cache: 'miss' };
}

function answerOf(result: ResolverResult<ProjectFlowAnswer>): ProjectFlowAnswer {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

function viewOf(result: ResolverResult<ProjectFlowAnswer>): ProjectFlowView {
  const answer = answerOf(result);
  if (answer.status !== 'ready') throw new Error(`expected a view, got ${answer.status}`);
  return answer.view;
}

/**
 * A backfill answer names no issue counts (issue 13): they are the app's counts of every issue of the project, and
 * a viewer hidden from some issues by issue security must not learn how many exist. Neither the fields nor the
 * numbers may reach the answer.
 */
function expectNoIssueCounts(answer: unknown, counts: readonly number[]): void {
  const json = JSON.stringify(answer);
  expect(json).not.toMatch(/"(loaded|total|issues|count)"\s*:/);
  for (const count of counts) expect(json).not.toMatch(new RegExp(`\\b${String(count)}\\b`));
}

describe('project page and gadget from flow facts', () => {
  let h: SyncHarness;
  const errors: string[] = [];
  const started: string[] = [];
  const clients = new Map<string, ReturnType<typeof emulatorClient>['client']>();

  beforeAll(async () => {
    h = await startSyncHarness(buildSeed({ hd: HD_ISSUES, csi: 30, sec: 3, extraItems: true }), {
      nowMs: NOW,
      runBudgetMs: 1,
    });
    for (const user of [ADMIN, AGENT]) clients.set(user.accountId, emulatorClient(h.emulator, user).client);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  /** Jira as the user of the context (the emulator applies their browse permissions). */
  const jiraOf = (context: Readonly<Record<string, unknown>>) => {
    const client = clients.get(String(context['accountId']));
    if (client === undefined) throw new Error('unknown user');
    return client;
  };
  const factsViews: FlowFactsViews = {
    get reader() {
      return h.facts;
    },
    startBackfill: (projectId, projectKey) => {
      started.push(projectKey);
      return ensureBackfill(h.deps, projectId, projectKey);
    },
  };
  const base = () => ({
    jira: jiraOf,
    store: h.store,
    clock: () => NOW,
    logError: (m: string) => errors.push(m),
  });
  const withFacts = () => createProjectFlowHandlers({ ...base(), facts: factsViews });
  /** The same handlers without facts, on a store of their own: the live computation every view must equal. */
  const live = () =>
    createProjectFlowHandlers({ ...base(), store: createMemoryStore(), facts: liveFactsViews(NOW) });

  it(
    'answers the backfill’s progress while the project’s facts are built, then the view equal to the live one',
    async () => {
      const handlers = withFacts();
      const first = answerOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      expect(first).toMatchObject({
        status: 'backfilling',
        progress: { phase: 'queued', percent: null, runs: 0 },
      });
      expectNoIssueCounts(first, [HD_ISSUES]);
      expect(started).toEqual(['HD']);

      // One consumer run: the ids listed and the first 1,000 loaded (a 1 ms budget chains the next run, held here).
      const held: FactsMessage[] = [];
      let runs = 0;
      h.queue.setConsumer(async (message) => {
        if (runs++ === 0) await runFactsMessage(h.deps, message);
        else held.push(message);
      });
      await h.queue.runPending();
      const second = answerOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      expect(second).toMatchObject({
        status: 'backfilling',
        progress: { phase: 'loading', percent: 66, runs: 1 }, // 1,000 of 1,500, floored
      });
      expectNoIssueCounts(second, [1000, HD_ISSUES]);
      // Asked again while it runs: the same backfill, not a second one.
      expect(h.queue.size).toBe(0);
      expect(held).toHaveLength(1);
      h.queue.setConsumer((message) => runFactsMessage(h.deps, message));
      for (const message of held) await h.queue.push(message);
      await h.drain();
      expect((await h.facts.readState(HD_ID))?.phase).toBe('ready');
      const fromFacts = viewOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      const fromJira = viewOf(await live().getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      expect(fromFacts.summary.issuesLoaded).toBeGreaterThan(100);
      expect(comparable(fromFacts)).toEqual(comparable(fromJira));
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'computes a warm view from the id pages of the user’s search, with the request’s range, JQL and types',
    async () => {
      const handlers = withFacts();
      for (const request of [
        { projectKey: 'HD', from: '2026-01-01', to: '2026-02-15' },
        { projectKey: 'HD', jql: 'status = "Gelöst"', issueTypes: ['Service Request'] },
        { projectKey: 'HD', forecast: { items: 20 } },
      ]) {
        h.emulator.requests.reset();
        const fromFacts = viewOf(await handlers.getProjectFlow(request, ADMIN_CONTEXT));
        const routes = h.emulator.requests.log().map((entry) => entry.routeKey);
        // The project (as the user: permission, id and settings) and one id page of ≤ 5,000. No status list
        // although no mapping is saved: the backfill stored the project's workflow statuses with its facts (was
        // one request more; 50,000 issues are now 1 + 10 requests).
        expect(routes.sort()).toEqual(['GET /rest/api/3/project/{projectIdOrKey}', SEARCH].sort());
        const fromJira = viewOf(await live().getProjectFlow(request, ADMIN_CONTEXT));
        expect(fromFacts.summary.issuesLoaded).toBeGreaterThan(0);
        expect(comparable(fromFacts)).toEqual(comparable(fromJira));
      }
    },
    TIMEOUT_MS,
  );

  it(
    'never counts facts the user’s search does not return, and shows no project the user may not browse',
    async () => {
      const handlers = withFacts();
      const before = viewOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      // A record in HD's facts for an issue Jira does not show (deleted, or hidden by issue security).
      const sample = (await h.facts.readFacts(HD_ID))[0];
      if (sample === undefined) throw new Error('no facts');
      await h.facts.upsertFacts(HD_ID, [{ ...sample, id: '999999', key: 'HD-99999' }]);
      const after = viewOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
      expect(comparable(after)).toEqual(comparable(before));
      expect(after.issues.rows.some((row) => row[0] === 'HD-99999')).toBe(false);

      // Bernd browses HD only: his HD view is the admin's (he may see all of it) ...
      const agentView = viewOf(await handlers.getProjectFlow({ projectKey: 'HD' }, AGENT_CONTEXT));
      expect(comparable(agentView)).toEqual(comparable(after));
      // ... and CSI, whose facts are ready for the admin, is not found for him; nothing is started for him.
      started.length = 0;
      expect(answerOf(await handlers.getProjectFlow({ projectKey: 'CSI' }, ADMIN_CONTEXT)).status).toBe(
        'backfilling',
      );
      await h.drain();
      expect(
        viewOf(await handlers.getProjectFlow({ projectKey: 'CSI' }, ADMIN_CONTEXT)).summary.issuesLoaded,
      ).toBe(30);
      started.length = 0;
      const forAgent = await handlers.getProjectFlow({ projectKey: 'CSI' }, AGENT_CONTEXT);
      expect(forAgent.ok ? 'ok' : forAgent.error.code).toBe('not-found');
      expect(started).toEqual([]);
      expect((await h.facts.readState(CSI_ID))?.phase).toBe('ready');
    },
    TIMEOUT_MS,
  );

  it(
    'answers the gadget’s backfill progress, then its value equal to the live one',
    async () => {
      const state: FactsSyncState = {
        projectId: HD_ID,
        projectKey: 'HD',
        phase: 'loading',
        loaded: 12_000,
        total: 50_000,
        runs: 3,
        startedAtMs: NOW - 60_000,
        updatedAtMs: NOW - 1_000,
        syncedUpToMs: null,
      };
      const notReady: FlowFactsViews = {
        reader: { lookup: (refs) => h.facts.lookup(refs), readState: () => Promise.resolve(state) },
        startBackfill: () => Promise.resolve(state),
      };
      const pending = await createGadgetHandlers({ ...base(), facts: notReady }).getGadgetFlow(
        { config: GADGET_CONFIG },
        GADGET_CONTEXT,
      );
      if (!pending.ok) throw new Error(pending.error.detail);
      expect(pending.value).toEqual({
        status: 'backfilling',
        gadgetId: 'g-1',
        config: GADGET_CONFIG,
        progress: { phase: 'loading', percent: 24, runs: 3, updatedAtMs: NOW - 1_000 },
      });
      expectNoIssueCounts(pending.value, [12_000, 50_000]);

      h.emulator.requests.reset();
      const ready = await createGadgetHandlers({ ...base(), facts: factsViews }).getGadgetFlow(
        { config: GADGET_CONFIG },
        GADGET_CONTEXT,
      );
      const routes = h.emulator.requests.log().map((entry) => entry.routeKey);
      const fromJira = await createGadgetHandlers({
        ...base(),
        store: createMemoryStore(),
        facts: liveFactsViews(NOW),
      }).getGadgetFlow({ config: GADGET_CONFIG }, GADGET_CONTEXT);
      if (!ready.ok || !fromJira.ok) throw new Error('the gadget failed');
      if (isGadgetBackfilling(ready.value)) throw new Error('HD is ready');
      expect(ready.value).toEqual(fromJira.value);
      expect(routes.filter((route) => route === SEARCH)).toHaveLength(1);
      expect(routes).not.toContain('POST /rest/api/3/changelog/bulkfetch');
      // No mapping saved, yet no status list: the default stages come from the statuses stored with the facts.
      expect(routes).not.toContain('GET /rest/api/3/project/{projectIdOrKey}/statuses');
    },
    TIMEOUT_MS,
  );

  it(
    'gives the issue panel its standing from the facts: computing while they are built, then compared',
    async () => {
      const client = jiraOf(ADMIN_CONTEXT);
      const port: IssueReadPort = {
        async getIssueWithChangelog(issueKey) {
          const issue = await client.getIssue(issueKey, FLOW_ISSUE_FIELDS);
          return { ...issue, changelog: { histories: await client.getIssueChangelog(issueKey) } };
        },
      };
      const standingOf = async (facts: FlowFactsViews, issueKey: string) => {
        const result = await handleGetIssueFlow({ issueKey }, ADMIN_CONTEXT, {
          port,
          clock: () => NOW,
          logError: (m) => errors.push(m),
          projects: {
            store: h.store,
            startProjectView: viewerProjectViewStarter(
              {
                jira: () => client,
                store: h.store,
                clock: () => NOW,
                logError: (m) => errors.push(m),
                facts,
              },
              'Europe/Berlin',
            ),
          },
        });
        if (!result.ok) throw new Error(result.error.detail);
        return result.value.standing;
      };
      const building: FactsSyncState = {
        projectId: HD_ID,
        projectKey: 'HD',
        phase: 'listing',
        loaded: 0,
        total: null,
        runs: 1,
        startedAtMs: NOW,
        updatedAtMs: NOW,
        syncedUpToMs: null,
      };
      const notReady: FlowFactsViews = {
        reader: { lookup: (refs) => h.facts.lookup(refs), readState: () => Promise.resolve(building) },
        startBackfill: () => Promise.resolve(building),
      };
      expect(await standingOf(notReady, 'HD-2')).toEqual({
        kind: 'computing',
        projectKey: 'HD',
        jobId: `flow-facts-${HD_ID}`,
      });

      // HD-1 is resolved (every 2nd issue): its cycle time against the project's finished items, from the facts.
      const standing = await standingOf(factsViews, 'HD-1');
      expect(standing).toMatchObject({ kind: 'compared', projectKey: 'HD', measure: 'cycle-time' });
      const fromJira = viewOf(
        await live().getProjectFlow({ projectKey: 'HD', includeSummaries: false }, ADMIN_CONTEXT),
      );
      if (standing.kind !== 'compared') throw new Error('not compared');
      expect(standing.finishedCount).toBe(fromJira.cycleTime.pointRows.length);
      expect(standing.marks).toEqual(
        fromJira.cycleTime.lines.flatMap((line) =>
          line.days === null ? [] : [{ percentile: line.percentile, days: line.days }],
        ),
      );
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'never compares the panel’s issue with a view an earlier version cached (its keys stay unread)',
    async () => {
      const client = jiraOf(ADMIN_CONTEXT);
      // What an installation of an earlier version left: the admin's pointer to a whole-project view of a day ago
      // and that view's manifest (keys `flow-cache-user:<projectId>:<owner>` and `flow-cache:<projectId>:<hash>`).
      const dayAgo = NOW - 86_400_000;
      const owner = createHash('sha256').update(`account:${ADMIN.accountId}`, 'utf8').digest('hex');
      await h.store.set(`flow-cache-user:${HD_ID}:${owner}`, { hash: 'old', computedAtMs: dayAgo });
      await h.store.set(`flow-cache:${HD_ID}:old`, { schema: 2, kind: 'project-view', computedAtMs: dayAgo });
      const handlers = createResolverHandlers({
        issueReader: () => ({
          async getIssueWithChangelog(issueKey) {
            const issue = await client.getIssue(issueKey, FLOW_ISSUE_FIELDS);
            return { ...issue, changelog: { histories: await client.getIssueChangelog(issueKey) } };
          },
        }),
        jira: () => client,
        store: h.store,
        clock: () => NOW,
        logError: (m) => errors.push(m),
        facts: factsViews,
      });
      const result = await handlers.getIssueFlow({ issueKey: 'HD-1' }, ADMIN_CONTEXT);
      if (!result.ok) throw new Error(result.error.detail);
      expect(result.value.standing).toMatchObject({ kind: 'compared', computedAtMs: NOW });
    },
    TIMEOUT_MS,
  );

  it('lets the starter store a renamed project’s new key before the view (else every issue would load live)', async () => {
    const renamed: FlowFactsViews = {
      reader: {
        lookup: (refs) => h.facts.lookup(refs),
        readState: async (projectId) => {
          const state = await h.facts.readState(projectId);
          return state === null ? null : { ...state, projectKey: 'HDOLD' };
        },
      },
      startBackfill: (projectId, projectKey) => {
        started.push(projectKey);
        return ensureBackfill(h.deps, projectId, projectKey);
      },
    };
    started.length = 0;
    const handlers = createProjectFlowHandlers({ ...base(), facts: renamed });
    h.emulator.requests.reset();
    const view = viewOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
    expect(started).toEqual(['HD']);
    expect(view.summary.issuesLoaded).toBeGreaterThan(100);
    expect(h.emulator.requests.count('POST /rest/api/3/changelog/bulkfetch')).toBe(0);
  });

  it('answers failed, naming the cause, when the backfill cannot be started', async () => {
    const failed: FactsSyncState = {
      projectId: HD_ID,
      projectKey: 'HD',
      phase: 'failed',
      loaded: 0,
      total: null,
      runs: 1,
      startedAtMs: NOW,
      updatedAtMs: NOW,
      syncedUpToMs: null,
      error: 'The queue refused the message.',
    };
    const handlers = createProjectFlowHandlers({
      ...base(),
      facts: {
        reader: {
          lookup: () => Promise.reject(new Error('not read')),
          readState: () => Promise.resolve(null),
        },
        startBackfill: () => Promise.resolve(failed),
      },
    });
    const answer = answerOf(await handlers.getProjectFlow({ projectKey: 'HD' }, ADMIN_CONTEXT));
    expect(answer).toEqual({
      status: 'failed',
      jobId: `flow-facts-${HD_ID}`,
      error: {
        code: 'internal',
        detail:
          'The flow data of project HD could not be built (The queue refused the message.). Try again in a minute: opening the page then starts it anew.',
      },
    });
  });
});
