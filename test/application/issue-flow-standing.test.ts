/**
 * The issue panel's standing against the project: the stored mapping comes from the store, the viewer's project
 * view from the project page's use case (from the flow facts, as the viewer; a stub here), and Jira is asked only
 * for the issue and its changelog. While the project's facts are built the standing says so; what an earlier
 * version cached per user is never read.
 */
import { createHash } from 'node:crypto';
import { getIssueFlow } from '../../src/application/issue-flow';
import { FLOW_ISSUE_FIELDS } from '../../src/application/load-flow-issues';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { computeFlowFacts } from '../../src/domain/flow/engine';
import { buildProjectFlowView } from '../../src/domain/flow/project-view';
import type { JiraHistory, JiraIssueInput, WorkflowMapping } from '../../src/domain/flow/types';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const PROJECT_ID = '10000';
const AS_OF_MS = Date.parse('2024-03-08T08:00:00.000Z');
const CALENDAR = { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };

/** The project's saved mapping: "Waiting for customer" is a waiting stage (status categories would say active). */
const MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Backlog', statuses: ['Open'], kind: 'backlog' },
    { name: 'Doing', statuses: ['In Progress'], kind: 'active' },
    { name: 'Waiting', statuses: ['Waiting for customer'], kind: 'waiting' },
    { name: 'Finished', statuses: ['Done'], kind: 'done' },
  ],
  startStage: 'Doing',
  doneStage: 'Finished',
};

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}+0000`;

function change(atMs: number, from: string, to: string): JiraHistory {
  return {
    created: iso(atMs),
    items: [{ field: 'status', fieldId: 'status', fromString: from, toString: to }],
  };
}

/** HD-k (k = 1..20): created 2024-01-01, started 01-02 00:00 UTC, done k days later: cycle times 1..20 days. */
const FINISHED: JiraIssueInput[] = Array.from({ length: 20 }, (_, i) => {
  const startMs = Date.parse('2024-01-02T00:00:00.000Z');
  return {
    key: `HD-${String(i + 1)}`,
    fields: { created: '2024-01-01T00:00:00.000+0000', status: { name: 'Done' } },
    changelog: {
      histories: [
        change(startMs, 'Open', 'In Progress'),
        change(startMs + (i + 1) * DAY_MS, 'In Progress', 'Done'),
      ],
    },
  };
});

/**
 * HD-50: created 2024-02-15 00:00 UTC, started 02-19 08:00, waiting for the customer 03-01 08:00 → 03-02 08:00,
 * flagged for 6 hours, open at asOf 03-08 08:00: age 18 days.
 */
const OPEN_ISSUE: JiraIssueInput = {
  key: 'HD-50',
  id: '20050',
  fields: {
    created: '2024-02-15T00:00:00.000+0000',
    status: { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } },
    project: { id: PROJECT_ID, key: 'HD' },
  },
  changelog: {
    histories: [
      change(Date.parse('2024-02-19T08:00:00.000Z'), 'Open', 'In Progress'),
      change(Date.parse('2024-03-01T08:00:00.000Z'), 'In Progress', 'Waiting for customer'),
      change(Date.parse('2024-03-02T08:00:00.000Z'), 'Waiting for customer', 'In Progress'),
      {
        created: '2024-03-05T08:00:00.000+0000',
        items: [{ field: 'Flagged', fromString: null, toString: 'Impediment' }],
      },
      {
        created: '2024-03-05T14:00:00.000+0000',
        items: [{ field: 'Flagged', fromString: 'Impediment', toString: '' }],
      },
    ],
  },
};

/** A Jira that knows HD-50, honours the fields asked for and counts every request. */
function countingJira(): { jira: JiraPort; requests: string[] } {
  const requests: string[] = [];
  const { changelog, fields, ...rest } = OPEN_ISSUE;
  const jira: Partial<JiraPort> = {
    getIssue: (key, asked) => {
      requests.push(`issue ${key}`);
      const picked = Object.fromEntries(
        Object.entries(fields ?? {}).filter(([name]) => asked.includes(name)),
      );
      return Promise.resolve({ ...rest, fields: picked });
    },
    getIssueChangelog: (key) => {
      requests.push(`changelog ${key}`);
      return Promise.resolve(changelog?.histories ?? []);
    },
    listProjectStatuses: (project) => {
      requests.push(`statuses ${project}`);
      return Promise.resolve([]);
    },
    getProject: (project) => {
      requests.push(`project ${project}`);
      return Promise.resolve({ id: PROJECT_ID, key: 'HD', name: 'Help desk' });
    },
  };
  // Only the four reads above exist; any other call fails the test with "not a function".
  return { jira: jira as JiraPort, requests };
}

/** The panel's read: the issue with its flow fields and `project`, then its changelog. */
function panelReader(jira: JiraPort): IssueReadPort {
  return {
    async getIssueWithChangelog(issueKey) {
      const issue = await jira.getIssue(issueKey, [...FLOW_ISSUE_FIELDS, 'project']);
      return { ...issue, changelog: { histories: await jira.getIssueChangelog(issueKey) } };
    },
    async listProjectStatuses(projectKey) {
      return (await jira.listProjectStatuses(projectKey)).flatMap((type) => type.statuses);
    },
  };
}

/** The project page's view of the 20 finished issues, January–February, as the project page computes it. */
function projectView(): ProjectFlowView {
  const report = computeFlowFacts(FINISHED, {
    mode: 'canonical',
    mapping: MAPPING,
    startPolicy: 'first',
    timeZone: 'UTC',
    asOfMs: AS_OF_MS,
    calendar: CALENDAR,
    forecast: { trials: 100 },
  });
  return buildProjectFlowView({
    facts: report,
    projectKey: 'HD',
    from: '2024-01-01',
    to: '2024-03-08',
    percentiles: [50, 85, 95],
    calendar: CALENDAR,
    windowDays: 90,
    summaries: new Map(),
    issueTypes: [],
    jql: null,
    mappingVersion: 1,
    mappingDerived: false,
    computedAtMs: AS_OF_MS - HOUR_MS,
  });
}

/** The viewer's project view as the project page's use case answers it: ready with `view`. */
const viewIs = (view: ProjectFlowView) => (): Promise<ProjectFlowAnswer> =>
  Promise.resolve({ status: 'ready', view });

/** No view could be computed for the viewer (the resolver's starter answers so after logging why). */
const noView = (): Promise<ProjectFlowAnswer> =>
  Promise.resolve({ status: 'failed', jobId: 'none', error: { code: 'internal', detail: 'not started' } });

describe('getIssueFlow against the project', () => {
  it('places an open issue of 18 days above 85 % of the 20 finished items, with two Jira requests', async () => {
    const store = createMemoryStore();
    const settings: StoredProjectSettings = {
      mapping: MAPPING,
      calendar: CALENDAR,
      percentiles: [50, 85, 95],
    };
    await store.put(mappingStoreKey(PROJECT_ID), settings, null);
    const view = projectView();
    const { jira, requests } = countingJira();

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: viewIs(view),
    });

    expect(requests).toEqual(['issue HD-50', 'changelog HD-50']);
    expect(flow.mappingSource).toBe('stored');
    expect(flow.ageMs).toBe(18 * DAY_MS);
    expect(flow.blockedMs).toBe(6 * HOUR_MS);
    expect(flow.visits.map((visit) => [visit.status, visit.stage, visit.kind])).toEqual([
      ['Open', 'Backlog', 'backlog'],
      ['In Progress', 'Doing', 'active'],
      ['Waiting for customer', 'Waiting', 'waiting'],
      ['In Progress', 'Doing', 'active'],
    ]);
    // 17 of the 20 cycle times (1..17 days) are below 18 days.
    expect(flow.standing).toEqual({
      kind: 'compared',
      projectKey: 'HD',
      measure: 'age',
      valueDays: 18,
      rankPercent: 85,
      finishedCount: 20,
      marks: view.cycleTime.lines.map((line) => ({ percentile: line.percentile, days: line.days })),
      computedAtMs: AS_OF_MS - HOUR_MS,
    });
    expect(view.cycleTime.lines.map((line) => line.percentile)).toEqual([50, 85, 95]);
  });

  it('uses the project view’s mapping when nothing is saved, so panel and project page agree', async () => {
    const store = createMemoryStore();
    const view = projectView();
    const { jira, requests } = countingJira();

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: viewIs(view),
    });

    expect(requests).toEqual(['issue HD-50', 'changelog HD-50']);
    expect(flow.mappingSource).toBe('cached-view');
    expect(flow.stage).toBe('Doing');
    expect(flow.standing.kind).toBe('compared');
  });

  it('says so when no project view could be computed for the viewer', async () => {
    const store = createMemoryStore();
    const { jira, requests } = countingJira();

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: noView,
    });

    // No saved mapping and no view: the statuses' categories, one request more.
    expect(requests).toEqual(['issue HD-50', 'changelog HD-50', 'statuses HD']);
    expect(flow.mappingSource).toBe('status-categories');
    expect(flow.standing).toEqual({ kind: 'no-cached-view', projectKey: 'HD' });
  });

  it('asks for the project id only when the issue read does not carry it', async () => {
    const store = createMemoryStore();
    const { jira, requests } = countingJira();
    const reader: IssueReadPort = {
      async getIssueWithChangelog(issueKey) {
        // A reader that does not ask for `project` (the flow fields do since issue 13).
        const fields = FLOW_ISSUE_FIELDS.filter((field) => field !== 'project');
        const issue = await jira.getIssue(issueKey, fields);
        return { ...issue, changelog: { histories: await jira.getIssueChangelog(issueKey) } };
      },
    };

    const flow = await getIssueFlow(reader, 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: noView,
      projectIdOf: async (key) => (await jira.getProject(key)).id,
    });

    expect(requests).toEqual(['issue HD-50', 'changelog HD-50', 'project HD']);
    expect(flow.standing).toEqual({ kind: 'no-cached-view', projectKey: 'HD' });
  });

  it('says the standing is being computed while the project’s flow facts are built', async () => {
    const store = createMemoryStore();
    const { jira } = countingJira();
    const started: string[] = [];

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: (projectKey) => {
        started.push(projectKey);
        return Promise.resolve({
          status: 'backfilling',
          progress: { phase: 'loading', percent: 20, runs: 1, updatedAtMs: AS_OF_MS },
        });
      },
    });

    expect(started).toEqual(['HD']);
    expect(flow.standing).toEqual({ kind: 'computing', projectKey: 'HD', jobId: `flow-facts-${PROJECT_ID}` });
    // No view lent its mapping: the statuses' categories.
    expect(flow.mappingSource).toBe('status-categories');
  });

  it('compares at once when the viewer’s view is computed in the call (a small project)', async () => {
    const store = createMemoryStore();
    const view = projectView();
    const { jira } = countingJira();

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: viewIs(view),
    });

    expect(flow.standing).toMatchObject({ kind: 'compared', rankPercent: 85, finishedCount: 20 });
  });

  it('never reads what an earlier version cached per user: its keys stay unread', async () => {
    const store = createMemoryStore();
    const { jira } = countingJira();
    // An earlier version's pointer to the viewer's whole-project view and that view, under its keys.
    const owner = createHash('sha256').update('account:viewer-account', 'utf8').digest('hex');
    await store.set(`flow-cache-user:${PROJECT_ID}:${owner}`, {
      hash: 'abc',
      computedAtMs: AS_OF_MS - HOUR_MS,
    });
    await store.set(`flow-cache:${PROJECT_ID}:abc`, { kind: 'project-view', view: projectView() });

    const flow = await getIssueFlow(panelReader(jira), 'HD-50', () => AS_OF_MS, 'UTC', {
      store,
      startProjectView: noView,
    });

    expect(flow.standing).toEqual({ kind: 'no-cached-view', projectKey: 'HD' });
    expect(flow.mappingSource).toBe('status-categories');
  });
});
