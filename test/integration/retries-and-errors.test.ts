/**
 * The client against the emulator's injected faults and its real error answers: 429/503 recovery within the
 * retry budget (waits on a fake clock, requests counted by the emulator), dropped connections (reads retried,
 * writes not), an answer slower than the deadline, the per-endpoint cool-down, and clear typed errors for 400,
 * 401, 403 and 404.
 */
import { RESET_STATUS, startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { FLAGGED_FIELD_ID } from '../../dev/emulator/render';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../../src/application/errors';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import { emulatorClient } from './support/emulator-client';
import { AGENT, CSI_PROJECT_ID, OUTSIDER, buildFlowSeed } from './support/flow-seed';

const SEARCH = JIRA_ROUTES.searchJql;
const BULK = JIRA_ROUTES.bulkFetchChangelogs;
/** What the app asks bulkfetch for: field ids, the Flagged field by the sample site's custom field id. */
const FLOW_FIELD_IDS = ['status', FLAGGED_FIELD_ID];

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 2000 }) });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.faults.clear();
  emulator.requests.reset();
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

describe('429 and 503 recovery', () => {
  it('waits out two 429s with Retry-After on search and still loads the project', async () => {
    emulator.faults.inject({ endpoint: SEARCH, status: 429, retryAfterSeconds: 2, times: 2 });
    const { client, clock } = emulatorClient(emulator, AGENT);

    expect(await loadFlowIssues(client, 'project = HD', () => undefined)).toBe(2000);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(emulator.requests.count(SEARCH)).toBe(22);
    expect(emulator.requests.log().filter((entry) => entry.status === 429)).toHaveLength(2);
    expect(emulator.requests.count(BULK)).toBe(2);
  });

  it('backs off with jitter through three 503s without Retry-After on bulk fetch (4 attempts)', async () => {
    emulator.faults.inject({ endpoint: BULK, status: 503, times: 3 });
    const { client, clock } = emulatorClient(emulator, AGENT, { random: () => 0.5 });

    expect(await loadFlowIssues(client, 'project = HD', () => undefined)).toBe(2000);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(emulator.requests.count(BULK)).toBe(5);
  });

  it('gives up after the 4th attempt with a JiraUnavailableError, having sent exactly 4 requests', async () => {
    emulator.faults.inject({ endpoint: BULK, status: 503, retryAfterSeconds: 1, times: 10 });
    const { client } = emulatorClient(emulator, AGENT);

    const failure = await failureOf(client.bulkFetchChangelogs(['20001'], FLOW_FIELD_IDS));

    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect(failure.message).toBe(
      'Jira answered 503 to POST /rest/api/3/changelog/bulkfetch: The service is temporarily unavailable. Try again later.',
    );
    expect(failure).toHaveProperty('retryAfterSeconds', 1);
    expect(emulator.requests.count(BULK)).toBe(4);
  });

  it('recovers from a 502 of the gateway on a read', async () => {
    emulator.faults.inject({ endpoint: JIRA_ROUTES.getMyself, status: 502, times: 1 });
    const { client } = emulatorClient(emulator, AGENT);

    expect((await client.getMyself()).accountId).toBe(AGENT.accountId);
    expect(emulator.requests.count(JIRA_ROUTES.getMyself)).toBe(2);
  });

  it('loads the project through a dropped connection on search and on bulk fetch (reads are retried)', async () => {
    emulator.faults.inject({ endpoint: SEARCH, status: 'reset', times: 1 });
    emulator.faults.inject({ endpoint: BULK, status: 'reset', times: 1 });
    const { client, clock } = emulatorClient(emulator, AGENT);

    expect(await loadFlowIssues(client, 'project = HD', () => undefined)).toBe(2000);
    expect(emulator.requests.log().filter((entry) => entry.status === RESET_STATUS)).toHaveLength(2);
    expect(clock.sleeps).toEqual([250, 250]);
  });

  it('does not repeat a write whose connection was dropped: Jira may have made the change', async () => {
    emulator.faults.inject({ endpoint: JIRA_ROUTES.setIssueProperty, status: 'reset', times: 1 });
    const { client } = emulatorClient(emulator, AGENT);

    const failure = await failureOf(client.setIssueProperty('HD-1', 'three-ways-test', { a: 1 }));

    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect(failure.message).toMatch(
      /^Cannot reach Jira at http:\/\/127\.0\.0\.1:\d+\/rest\/api\/3\/issue\/HD-1/,
    );
    expect(emulator.requests.count(JIRA_ROUTES.setIssueProperty)).toBe(1);
  });

  it('gives up on an answer that does not come before the deadline, instead of waiting past it', async () => {
    emulator.faults.latency(600);
    const { client } = emulatorClient(emulator, AGENT, { now: Date.now, deadlineMs: Date.now() + 100 });
    const startedMs = Date.now();

    await expect(client.getMyself()).rejects.toThrow(
      /^Jira did not answer GET \/rest\/api\/3\/myself before/,
    );
    expect(Date.now() - startedMs).toBeLessThan(500);
    // Let the emulator finish the abandoned request before the next test.
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  it('retries the field list (the Flagged field id) like any read, and fails the load rather than drop blocked time', async () => {
    const FIELDS = JIRA_ROUTES.listFields;
    emulator.faults.inject({ endpoint: FIELDS, status: 503, times: 2 });
    const recovered = emulatorClient(emulator, AGENT);
    let flagged = 0;
    await loadFlowIssues(recovered.client, 'project = HD', (issue) => {
      const items = (issue.changelog?.histories ?? []).flatMap((h) => h.items ?? []);
      if (items.some((item) => item.field === 'Flagged')) flagged++;
    });
    expect(emulator.requests.count(FIELDS)).toBe(3);
    expect(flagged).toBeGreaterThan(0);

    emulator.faults.inject({ endpoint: FIELDS, status: 429, retryAfterSeconds: 1, times: 10 });
    const failing = emulatorClient(emulator, AGENT);
    const seen: string[] = [];
    const failure = await failureOf(
      loadFlowIssues(failing.client, 'project = HD', (issue) => seen.push(issue.id ?? '')),
    );
    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect(failure.message).toMatch(/^Jira answered 429 to GET \/rest\/api\/3\/field/);
    expect(seen).toEqual([]);
  });

  it('cools down the endpoint that answered 429 and only that one', async () => {
    emulator.faults.inject({ endpoint: BULK, status: 429, retryAfterSeconds: 5, times: 1 });
    const { client, clock } = emulatorClient(emulator, AGENT, { retry: { maxAttempts: 1 } });

    await expect(client.bulkFetchChangelogs(['20001'], FLOW_FIELD_IDS)).rejects.toBeInstanceOf(
      JiraUnavailableError,
    );
    await client.searchIssueIds('project = HD');
    expect(clock.sleeps).toEqual([]);
    expect((await client.bulkFetchChangelogs(['20001'], FLOW_FIELD_IDS)).get('20001')).toHaveLength(1);
    expect(clock.sleeps).toEqual([5000]);
  });
});

describe('clear errors', () => {
  it('400: unbounded JQL, with Jira’s message', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const failure = await failureOf(client.searchIssueIds('ORDER BY created DESC'));

    expect(failure).toBeInstanceOf(JiraBadRequestError);
    expect(failure.message).toBe(
      'Jira answered 400 to POST /rest/api/3/search/jql: Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
    expect(emulator.requests.count(SEARCH)).toBe(1);
  });

  it('400: JQL the emulator does not support names the unsupported part', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const failure = await failureOf(client.searchIssueIds('project = HD AND assignee = currentUser()'));

    expect(failure).toBeInstanceOf(JiraBadRequestError);
    expect(failure.message).toMatch(/^Jira answered 400 to POST \/rest\/api\/3\/search\/jql: .*assignee/);
  });

  it('401: a wrong API token', async () => {
    const { client } = emulatorClient(emulator, { ...AGENT, apiToken: 'wrong' });

    const failure = await failureOf(client.getMyself());

    expect(failure).toBeInstanceOf(JiraForbiddenError);
    expect(failure.message).toBe(
      'Jira answered 401 to GET /rest/api/3/myself: Client must be authenticated to access this resource.',
    );
    expect(failure).toHaveProperty('status', 401);
  });

  it('403: searching statuses without administering the project', async () => {
    const { client } = emulatorClient(emulator, OUTSIDER);

    const failure = await failureOf(client.searchStatuses(CSI_PROJECT_ID));

    expect(failure).toBeInstanceOf(JiraForbiddenError);
    expect(failure.message).toBe(
      'Jira answered 403 to GET /rest/api/3/statuses/search: You need the Administer Jira or Administer Projects permission to search statuses.',
    );
  });

  it('404: an issue of a project the user may not browse, and that project', async () => {
    const { client } = emulatorClient(emulator, OUTSIDER);

    const issue = await failureOf(client.getIssue('HD-1', ['status']));
    const project = await failureOf(client.getProject('HD'));

    expect(issue).toBeInstanceOf(IssueNotFoundError);
    expect(issue.message).toBe(
      'Jira answered 404 to GET /rest/api/3/issue/HD-1: Issue does not exist or you do not have permission to see it.',
    );
    expect(project).toBeInstanceOf(JiraNotFoundError);
    expect(project.message).toMatch(/^Jira answered 404 to GET \/rest\/api\/3\/project\/HD: /);
  });

  it('an invisible project’s issues are left out of bulk fetch rather than failing it', async () => {
    const { client } = emulatorClient(emulator, OUTSIDER);

    const byIssue = await client.bulkFetchChangelogs(['20001', '90001'], FLOW_FIELD_IDS);

    expect([...byIssue.keys()]).toEqual(['90001']);
  });
});
