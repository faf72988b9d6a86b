/**
 * Background jobs of large project views: the issue ids are read as the user and the consumer, which runs as the
 * app, loads only those; a failed push, a failed cache write, a redelivered message and time each leave a
 * consistent state.
 */
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import { JiraBadRequestError } from '../../src/application/errors';
import { flowCacheKey } from '../../src/application/flow-cache';
import type { JiraPort, JiraSearchIssue } from '../../src/application/ports/jira-port';
import type { FlowJobMessage, QueuePort } from '../../src/application/ports/queue-port';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import {
  getFlowJob,
  getProjectFlow,
  JOB_TTL_SECONDS,
  planProjectFlow,
  runProjectFlowJob,
} from '../../src/application/project-flow';
import { getProjectFlowSettings, type StoredProjectSettings } from '../../src/application/project-settings';
import { getGadgetFlow } from '../../src/application/gadget-flow';
import { getIssueFlow } from '../../src/application/issue-flow';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import type { JiraHistory } from '../../src/domain/flow/types';
import { STANDARD_MAPPING } from '../support/jira-fixtures';

const NOW = Date.UTC(2026, 2, 20, 12);
const DAY = 86_400_000;
const PROJECT_ID = '10000';
const USER = 'user-1';
const REQUEST = { projectKey: 'HD' } as const;
const SETTINGS: StoredProjectSettings = {
  mapping: STANDARD_MAPPING,
  calendar: { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
  percentiles: [50, 85, 95],
};
const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}+0000`;

interface FakeIssue {
  readonly id: string;
  readonly key: string;
  readonly secret: boolean;
}

/** Twelve issues of HD; HD-12 is under an issue security level the user is not in (the app sees it). */
const ISSUES: FakeIssue[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(20001 + i),
  key: `HD-${String(i + 1)}`,
  secret: i === 11,
}));

function searchIssue(issue: FakeIssue, index: number): JiraSearchIssue {
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      created: iso(NOW - 40 * DAY + index * DAY),
      status: { name: 'Resolved' },
      issuetype: { name: 'Task' },
      summary: issue.secret ? 'Secret merger' : `Task ${issue.key}`,
    },
  };
}

function histories(index: number): JiraHistory[] {
  const created = NOW - 40 * DAY + index * DAY;
  return [
    {
      created: iso(created + DAY),
      items: [{ field: 'status', fieldId: 'status', fromString: 'Open', toString: 'In Progress' }],
    },
    {
      created: iso(created + 3 * DAY),
      items: [{ field: 'status', fieldId: 'status', fromString: 'In Progress', toString: 'Resolved' }],
    },
  ];
}

/**
 * Jira as someone: the user sees every issue but the secret one; the app sees all. Records the searches and fails
 * an `issuekey in (…)` search naming an issue that no longer exists, as Jira does.
 */
function fakeJira(as: 'user' | 'app', state: { deleted: Set<string>; log: string[] }): JiraPort {
  const visible = (issue: FakeIssue): boolean =>
    (as === 'app' || !issue.secret) && !state.deleted.has(issue.id);
  const jira: Partial<JiraPort> = {
    getProject: (key) => Promise.resolve({ id: PROJECT_ID, key, name: 'Help desk' }),
    listFields: () => Promise.resolve([]),
    searchIssueIds: (jql) => {
      state.log.push(`${as} ids: ${jql}`);
      return Promise.resolve(ISSUES.filter(visible).map((issue) => issue.id));
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    searchIssues: async function* (jql) {
      state.log.push(`${as} search: ${jql}`);
      const named = /^issuekey in \(([^)]*)\)/.exec(jql);
      let found = ISSUES.map((issue, index) => ({ issue, index })).filter(({ issue }) => visible(issue));
      if (named !== null) {
        const ids = (named[1] ?? '').split(',').map((id) => id.trim());
        const missing = ids.find((id) => !found.some(({ issue }) => issue.id === id));
        if (missing !== undefined)
          throw new JiraBadRequestError('Jira refused the JQL', 400, [
            `An issue with key '${missing}' does not exist for field 'issuekey'.`,
          ]);
        found = found.filter(({ issue }) => ids.includes(issue.id));
      }
      yield found.map(({ issue, index }) => searchIssue(issue, index));
    },
    bulkFetchChangelogs: (ids) =>
      Promise.resolve(
        new Map(ids.map((id) => [id, histories(ISSUES.findIndex((issue) => issue.id === id))] as const)),
      ),
  };
  return jira as JiraPort;
}

interface World {
  readonly store: MemoryStore;
  readonly queue: ReturnType<typeof createMemoryQueue>;
  readonly state: { deleted: Set<string>; log: string[] };
  readonly user: JiraPort;
  readonly app: JiraPort;
  now: number;
  readonly request: (queue?: QueuePort) => Promise<ProjectFlowAnswer>;
  readonly consume: (message: FlowJobMessage) => Promise<void>;
}

async function world(): Promise<World> {
  const time = { now: NOW };
  const clock = (): number => time.now;
  const store = createMemoryStore({ clock });
  await store.put(mappingStoreKey(PROJECT_ID), SETTINGS, null);
  const state: { deleted: Set<string>; log: string[] } = { deleted: new Set<string>(), log: [] };
  const queue = createMemoryQueue();
  const user = fakeJira('user', state);
  const app = fakeJira('app', state);
  return {
    store,
    queue,
    state,
    user,
    app,
    get now() {
      return time.now;
    },
    set now(value: number) {
      time.now = value;
    },
    request: (q: QueuePort = queue) =>
      getProjectFlow(user, store, 'HD', REQUEST, clock, { queue: q, accountId: USER, syncIssueLimit: 5 }),
    consume: (message: FlowJobMessage) => runProjectFlowJob(message, { jira: app, store, clock }),
  };
}

function jobIdOf(answer: ProjectFlowAnswer): string {
  if (answer.status !== 'computing') throw new Error(`expected a job, got ${answer.status}`);
  return answer.jobId;
}

function viewOf(answer: ProjectFlowAnswer | null): ProjectFlowView {
  if (answer?.status !== 'ready') throw new Error(`expected a view, got ${JSON.stringify(answer)}`);
  return answer.view;
}

async function drain(w: World): Promise<void> {
  w.queue.setConsumer(w.consume);
  await w.queue.runPending();
}

describe('a large project in the background, the consumer acting as the app', () => {
  it('reads the ids as the user and loads only those issues as the app: never one the user may not browse', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    await drain(w);

    const view = viewOf(await getFlowJob(w.store, jobId, USER, () => w.now));
    const keys = view.issues.rows.map((row) => row[ISSUE_ROW.key]);
    expect(keys).toHaveLength(11);
    expect(keys).not.toContain('HD-12');
    expect(JSON.stringify(view)).not.toContain('Secret merger');
    // The user's search ran the plan's JQL; every search of the app named ids, never the project.
    expect(w.state.log.filter((line) => line.startsWith('user'))).toEqual([
      expect.stringMatching(/^user ids: project = "HD"/),
    ]);
    const appSearches = w.state.log.filter((line) => line.startsWith('app'));
    expect(appSearches.length).toBeGreaterThan(0);
    for (const line of appSearches)
      expect(line).toMatch(/^app search: issuekey in \([0-9, ]+\) AND project = 10000 ORDER BY created ASC$/);
    // Another user cannot read the job.
    expect(await getFlowJob(w.store, jobId, 'user-2', () => w.now)).toBeNull();
  });

  it('joins the running job when asked again (the page’s or the panel’s polls) without searching Jira again', async () => {
    const w = await world();
    const first = jobIdOf(await w.request());
    const second = jobIdOf(await w.request());
    expect(second).toBe(first);
    expect(w.state.log.filter((line) => line.startsWith('user ids'))).toHaveLength(1);
    expect(w.queue.size).toBe(1);
  });

  it('leaves out an issue deleted between reading the ids and loading them', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    w.state.deleted.add('20003');
    await drain(w);
    const keys = viewOf(await getFlowJob(w.store, jobId, USER, () => w.now)).issues.rows.map(
      (row) => row[ISSUE_ROW.key],
    );
    expect(keys).toHaveLength(10);
    expect(keys).not.toContain('HD-3');
  });

  it('marks the job failed when the queue refuses the push, and the next request starts a new one', async () => {
    const w = await world();
    const refusing: QueuePort = { push: () => Promise.reject(new Error('RateLimitError: too many events')) };

    const answer = await w.request(refusing);

    expect(answer).toEqual({
      status: 'failed',
      jobId: expect.any(String) as string,
      error: { code: 'internal', detail: expect.stringContaining('could not be queued') as string },
    });
    const failedJobId = answer.status === 'failed' ? answer.jobId : '';
    expect((await getFlowJob(w.store, failedJobId, USER, () => w.now))?.status).toBe('failed');
    // Neither the running-job pointer nor the stored ids are left behind.
    expect(
      w.store.keys().filter((key) => key.startsWith('flow-running:') || key.startsWith('flow-job-ids:')),
    ).toEqual([]);
    const retried = jobIdOf(await w.request());
    expect(retried).not.toBe(failedJobId);
  });

  it('still gives the user the view when the cache write fails, without orphan chunks', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    const settings = await getProjectFlowSettings(w.store, w.user, 'HD');
    const plan = planProjectFlow(settings, REQUEST, NOW, USER);
    const manifestKey = flowCacheKey(PROJECT_ID, plan.hash);
    const set = w.store.set.bind(w.store);
    jest
      .spyOn(w.store, 'set')
      .mockImplementation((key, value, options) =>
        key === manifestKey ? Promise.reject(new Error('KVS unavailable')) : set(key, value, options),
      );

    await drain(w);

    const view = viewOf(await getFlowJob(w.store, jobId, USER, () => w.now));
    expect(view.issues.rows).toHaveLength(11);
    expect(w.store.keys().filter((key) => key.startsWith(`${manifestKey}:`))).toEqual([]);
  });

  it('answers a view computed in the call even when it cannot be cached', async () => {
    const w = await world();
    const failures: unknown[] = [];
    const set = w.store.set.bind(w.store);
    jest.spyOn(w.store, 'set').mockImplementation((key, value, options) =>
      /^flow-cache:[^:]+:[0-9a-f]{64}$/.test(key) // the manifest; its chunks are written
        ? Promise.reject(new Error('KVS unavailable'))
        : set(key, value, options),
    );

    const answer = await getProjectFlow(w.user, w.store, 'HD', REQUEST, () => w.now, {
      accountId: USER,
      onCacheError: (error) => failures.push(error),
    });

    expect(viewOf(answer).issues.rows).toHaveLength(11);
    expect(failures).toEqual([new Error('KVS unavailable')]);
    expect(w.store.keys().filter((key) => key.startsWith('flow-cache:'))).toEqual([]);
  });

  it('claims a job once: a redelivered or doubly delivered message computes nothing more', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    const message: FlowJobMessage = { kind: 'project-flow', jobId };

    await Promise.all([w.consume(message), w.consume(message)]);
    const searchesAfterFirst = w.state.log.filter((line) => line.startsWith('app search')).length;
    expect(searchesAfterFirst).toBe(1);
    await w.consume(message);

    expect(w.state.log.filter((line) => line.startsWith('app search'))).toHaveLength(searchesAfterFirst);
    expect((await getFlowJob(w.store, jobId, USER, () => w.now))?.status).toBe('ready');
  });

  it('removes the job’s issue ids when done, and the job itself expires', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    expect(w.store.keys().some((key) => key.startsWith(`flow-job-ids:${jobId}`))).toBe(true);
    await drain(w);
    expect(w.store.keys().filter((key) => key.startsWith('flow-job-ids:'))).toEqual([]);
    expect(w.store.keys()).toContain(`flow-job:${jobId}`);

    w.now += JOB_TTL_SECONDS * 1000;
    expect(
      w.store.keys().filter((key) => key.startsWith('flow-job:') || key.startsWith('flow-running:')),
    ).toEqual([]);
    expect(await getFlowJob(w.store, jobId, USER, () => w.now)).toBeNull();
  });
});

describe('a project-scoped gadget next to the issue panel (finding 1)', () => {
  it('caches its view as a gadget’s: the panel keeps comparing with the viewer’s project view', async () => {
    const w = await world();
    // The viewer's project view (12 issues: computed in the call).
    viewOf(await getProjectFlow(w.user, w.store, 'HD', REQUEST, () => w.now, { accountId: USER }));
    // Later, a gadget of the same project computes and caches its own view.
    w.now += 60_000;
    await getGadgetFlow(
      w.user,
      w.store,
      { dashboardId: '10100', gadgetId: '20200' },
      {
        scope: { kind: 'project', projectKey: 'HD' },
        metric: 'throughput',
        percentile: 85,
        periodDays: 30,
        refreshMinutes: 0,
      },
      () => w.now,
      { accountId: USER },
    );
    expect(w.store.keys().filter((key) => /^flow-cache:10000:[0-9a-f]{64}$/.test(key))).toHaveLength(2);

    const index = 3;
    const issue = ISSUES[index] ?? ISSUES[0];
    const flow = await getIssueFlow(
      {
        getIssueWithChangelog: () =>
          Promise.resolve({
            ...searchIssue(issue as FakeIssue, index),
            fields: {
              ...searchIssue(issue as FakeIssue, index).fields,
              project: { id: PROJECT_ID, key: 'HD' },
            },
            changelog: { histories: histories(index) },
          }),
      },
      'HD-4',
      () => w.now,
      'UTC',
      { store: w.store, accountId: USER },
    );

    expect(flow.standing).toMatchObject({
      kind: 'compared',
      projectKey: 'HD',
      measure: 'cycle-time',
      finishedCount: 11,
    });
  });
});

describe('hostile review: races and identity of queued jobs', () => {
  it('starts one job for two concurrent requests of the same user and view (both answer the same job)', async () => {
    const w = await world();
    const [first, second] = await Promise.all([w.request(), w.request()]);
    expect(jobIdOf(second)).toBe(jobIdOf(first));
    expect(w.queue.size).toBe(1);
    // The loser's stored ids are not left behind: only the one job's ids remain.
    const idKeys = w.store.keys().filter((key) => key.startsWith('flow-job-ids:'));
    expect(new Set(idKeys.map((key) => key.split(':')[1]))).toEqual(new Set([jobIdOf(first)]));
  });

  it('loads as the app only the ids still in the job’s project (an issue moved away since is left out)', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    await drain(w);
    const appSearches = w.state.log.filter((line) => line.startsWith('app search'));
    expect(appSearches.length).toBeGreaterThan(0);
    for (const line of appSearches) expect(line).toContain(`project = ${PROJECT_ID}`);
    expect((await getFlowJob(w.store, jobId, USER, () => w.now))?.status).toBe('ready');
  });
});

describe('hostile review: a message delivered after the job was given up', () => {
  it('does not run a job its user was already told had stalled (a new request has started another one)', async () => {
    const w = await world();
    const stale = jobIdOf(await w.request());
    w.now += 17 * 60_000; // Forge's queue held the message (retries, concurrency) past the stall limit
    expect((await getFlowJob(w.store, stale, USER, () => w.now))?.status).toBe('failed');
    const fresh = jobIdOf(await w.request());
    expect(fresh).not.toBe(stale);

    await w.consume({ kind: 'project-flow', jobId: stale });

    expect(w.state.log.filter((line) => line.startsWith('app search'))).toEqual([]);
    expect((await getFlowJob(w.store, stale, USER, () => w.now))?.status).toBe('failed');
    expect(w.store.keys().filter((key) => key.startsWith(`flow-job-ids:${stale}`))).toEqual([]);
    // The new job still runs.
    await w.consume({ kind: 'project-flow', jobId: fresh });
    expect((await getFlowJob(w.store, fresh, USER, () => w.now))?.status).toBe('ready');
  });
});

describe('hostile review: views the trigger cannot invalidate', () => {
  it('recomputes a JQL-refined view after a quarter of an hour (its fields’ changes pass no trigger filter)', async () => {
    const w = await world();
    const refined = { projectKey: 'HD', jql: 'labels = frontend' } as const;
    const ask = (request: typeof REQUEST | typeof refined) =>
      getProjectFlow(w.user, w.store, 'HD', request, () => w.now, { accountId: USER });
    await ask(refined);
    await ask(REQUEST);
    const searches = () => w.state.log.filter((line) => line.startsWith('user search')).length;
    const before = searches();

    w.now += 16 * 60_000; // a label was added meanwhile: an update the trigger's filter lets through to nobody
    expect(viewOf(await ask(REQUEST)).cache).toBe('hit');
    expect(searches()).toBe(before);
    expect(viewOf(await ask(refined)).cache).not.toBe('hit');
    expect(searches()).toBe(before + 1);
  });
});

describe('hostile review: a store that refuses writes for a while (rate limit)', () => {
  it('keeps the computed view: the job retries its cache write with backoff before it gives up', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    const set = w.store.set.bind(w.store);
    let refusals = 3;
    jest.spyOn(w.store, 'set').mockImplementation((key, value, options) => {
      if (/^flow-cache:[^:]+:[0-9a-f]{64}$/.test(key) && refusals-- > 0)
        return Promise.reject(new Error('TOO_MANY_REQUESTS'));
      return set(key, value, options);
    });
    const waits: number[] = [];

    await runProjectFlowJob(
      { kind: 'project-flow', jobId },
      {
        jira: w.app,
        store: w.store,
        clock: () => w.now,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );

    expect(viewOf(await getFlowJob(w.store, jobId, USER, () => w.now)).issues.rows).toHaveLength(11);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms, i) => i === 0 || ms > (waits[i - 1] ?? 0))).toBe(true);
  });
});

describe('hostile review: a store blip when the message arrives', () => {
  it('still claims and runs the job (it would otherwise sit queued until the stall limit)', async () => {
    const w = await world();
    const jobId = jobIdOf(await w.request());
    const get = w.store.get.bind(w.store);
    let refusals = 1;
    jest.spyOn(w.store, 'get').mockImplementation((key: string) => {
      if (key === `flow-job:${jobId}` && refusals-- > 0) return Promise.reject(new Error('KVS unavailable'));
      return get(key);
    });
    const waits: number[] = [];

    await runProjectFlowJob(
      { kind: 'project-flow', jobId },
      {
        jira: w.app,
        store: w.store,
        clock: () => w.now,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );

    expect(waits).toHaveLength(1);
    expect((await getFlowJob(w.store, jobId, USER, () => w.now))?.status).toBe('ready');
  });
});
