/**
 * The Jira client against a scripted transport: the requests each call sends (paths, bodies, page sizes), paging
 * by cursor and by offset, bulk changelog batching, the retry policy and cool-down on a fake clock, typed errors
 * with Jira's messages, and the rejection of responses of the wrong shape.
 */
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../../src/application/errors';
import { createJiraClient, JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import type { JiraClientOptions } from '../../src/adapters/jira/jira-client';
import { RESOLVER_JIRA_BUDGET_MS } from '../../src/adapters/jira/retry-policy';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { answersInOrder, fakeClock, scriptedTransport } from './scripted-transport';
import type { ScriptedAnswer } from './scripted-transport';

const UNBOUNDED = {
  errorMessages: [
    'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
  ],
  errors: {},
};
const ISSUE_GONE = {
  errorMessages: ['Issue does not exist or you do not have permission to see it.'],
  errors: {},
};

function clientWith(transport: JiraTransport, options: JiraClientOptions = {}) {
  const clock = fakeClock();
  const client = createJiraClient(transport, {
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...options,
  });
  return { client, clock };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push([...page]);
  return all;
}

const statusItem = {
  field: 'status',
  fieldtype: 'jira',
  fieldId: 'status',
  from: '1',
  fromString: 'Neu',
  to: '3',
  toString: 'In Bearbeitung',
};

describe('workflow scheme changes answered with 303 See Other', () => {
  const TASK = { id: '10641', status: 'ENQUEUED', progress: 0, self: 'https://x/rest/api/3/task/10641' };

  it('takes the task from the 303 body', async () => {
    const { client } = clientWith(answersInOrder({ status: 303, body: TASK }));

    await expect(client.switchProjectWorkflowScheme('10000', '10101')).resolves.toEqual({
      task: { id: '10641', status: 'ENQUEUED', message: null, progress: 0 },
    });
  });

  it('takes the task from Location when the 303 arrives without its body, instead of calling the change done', async () => {
    const { client } = clientWith(
      answersInOrder({
        status: 303,
        body: '',
        headers: { Location: 'https://example.atlassian.net/rest/api/3/task/10642' },
      }),
    );

    await expect(client.switchProjectWorkflowScheme('10000', '10101')).resolves.toEqual({
      task: { id: '10642', status: 'ENQUEUED', message: null, progress: 0 },
    });
  });

  it('fails a 303 that names no task, and takes a 200 without one as done at once', async () => {
    const { client } = clientWith(answersInOrder({ status: 303, body: '' }, { status: 200, body: {} }));
    const scheme = {
      id: '10101',
      name: 'S',
      description: '',
      version: { versionNumber: 1 },
      workflowsForIssueTypes: [],
    };

    await expect(client.switchProjectWorkflowScheme('10000', '10101')).rejects.toThrow(
      /^Jira started a task for POST \/rest\/api\/3\/workflowscheme\/project\/switch but named neither/,
    );
    await expect(client.updateWorkflowScheme(scheme)).resolves.toEqual({ task: null });
  });
});

describe('getUsers', () => {
  it('follows the pages when Jira answers fewer users than asked for', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `acc-${i}`);
    const transport = scriptedTransport((request) => {
      const startAt = Number(/startAt=(\d+)/.exec(request.path)?.[1] ?? '0');
      // Jira caps this page at 10 users, whatever maxResults says.
      const values = ids.slice(startAt, startAt + 10).map((accountId) => ({ accountId }));
      return {
        body: { startAt, maxResults: 10, total: ids.length, isLast: startAt + 10 >= ids.length, values },
      };
    });
    const { client } = clientWith(transport);

    const users = await client.getUsers(ids);

    expect(users.map((u) => u.accountId)).toEqual(ids);
    expect(transport.sent.map((r) => r.path.split('&accountId')[0])).toEqual([
      '/rest/api/3/user/bulk?maxResults=50',
      '/rest/api/3/user/bulk?startAt=10&maxResults=50',
    ]);
  });
});

describe('searchIssueIds', () => {
  it('asks for ids only, 5,000 per page, and follows nextPageToken to the last page', async () => {
    const transport = answersInOrder(
      { body: { issues: [{ id: '10001' }, { id: '10002' }], nextPageToken: 'page-2', isLast: false } },
      { body: { issues: [{ id: '10003' }], isLast: true } },
    );
    const { client } = clientWith(transport);

    const ids = await client.searchIssueIds('project = HD ORDER BY created');

    expect(ids).toEqual(['10001', '10002', '10003']);
    expect(transport.sent).toEqual([
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: { jql: 'project = HD ORDER BY created', fields: ['id'], maxResults: 5000 },
      },
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql: 'project = HD ORDER BY created',
          fields: ['id'],
          maxResults: 5000,
          nextPageToken: 'page-2',
        },
      },
    ]);
    expect(client.requestCount(JIRA_ROUTES.searchJql)).toBe(2);
  });

  it('stops when Jira sends no nextPageToken even without isLast', async () => {
    const transport = answersInOrder({ body: { issues: [{ id: '1' }] } });

    expect(await clientWith(transport).client.searchIssueIds('project = HD')).toEqual(['1']);
    expect(transport.sent).toHaveLength(1);
  });

  it('reads no further page once maxIds ids are in hand (a bounded reading)', async () => {
    const page = (from: number, next: string) => ({
      body: {
        issues: Array.from({ length: 5000 }, (_, i) => ({ id: String(from + i) })),
        nextPageToken: next,
        isLast: false,
      },
    });
    const transport = answersInOrder(page(1, 'p2'), page(5001, 'p3'), page(10001, 'p4'));
    const { client } = clientWith(transport);

    const ids = await client.searchIssueIds('project = HD', { maxIds: 10_000 });

    expect(ids).toHaveLength(10_000);
    expect(transport.sent).toHaveLength(2);
  });

  it('refuses to loop when Jira hands back the same cursor twice', async () => {
    const transport = scriptedTransport(() => ({
      body: { issues: [{ id: '1' }], nextPageToken: 'same', isLast: false },
    }));

    await expect(clientWith(transport).client.searchIssueIds('project = HD')).rejects.toThrow(
      'POST /rest/api/3/search/jql returned the same nextPageToken twice',
    );
    expect(transport.sent).toHaveLength(2);
  });
});

describe('searchIssues', () => {
  it('yields page by page with the asked fields, 100 per page', async () => {
    const issue = (id: string) => ({
      id,
      key: `HD-${id}`,
      fields: {
        created: '2026-01-05T09:00:00.000+0100',
        status: { name: 'Neu', statusCategory: { key: 'new' } },
      },
    });
    const transport = answersInOrder(
      { body: { issues: [issue('1'), issue('2')], nextPageToken: 'b', isLast: false } },
      { body: { issues: [issue('3')], isLast: true } },
    );
    const { client } = clientWith(transport);

    const pages = await collect(client.searchIssues('project = HD', ['created', 'status']));

    expect(pages.map((page) => page.map((i) => i.key))).toEqual([['HD-1', 'HD-2'], ['HD-3']]);
    expect(pages[0]?.[0]?.fields?.status?.statusCategory?.key).toBe('new');
    expect(transport.sent.map((r) => r.body)).toEqual([
      { jql: 'project = HD', fields: ['created', 'status'], maxResults: 100 },
      { jql: 'project = HD', fields: ['created', 'status'], maxResults: 100, nextPageToken: 'b' },
    ]);
  });

  it('rejects a page that is not a search result with a message naming the request', async () => {
    const transport = answersInOrder({ body: { issues: 'all of them' } });

    await expect(
      collect(clientWith(transport).client.searchIssues('project = HD', ['status'])),
    ).rejects.toThrow(/^Unexpected response to POST \/rest\/api\/3\/search\/jql: .*issues/);
  });

  it('rejects an issue whose created is not a string rather than computing with it', async () => {
    const transport = answersInOrder({
      body: { issues: [{ id: '1', fields: { created: 1767600000000 } }], isLast: true },
    });

    await expect(
      collect(clientWith(transport).client.searchIssues('project = HD', ['created'])),
    ).rejects.toThrow(/^Unexpected response to POST \/rest\/api\/3\/search\/jql:/);
  });

  it('rejects a body that is not JSON (a proxy’s HTML page)', async () => {
    const transport = answersInOrder({ body: '<html><body>Bad gateway</body></html>' });

    await expect(
      collect(clientWith(transport).client.searchIssues('project = HD', ['status'])),
    ).rejects.toThrow(
      'Unexpected response to POST /rest/api/3/search/jql: not JSON ("<html><body>Bad gateway</body></html>")',
    );
  });
});

describe('bulkFetchChangelogs', () => {
  const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

  it('sends at most 1,000 ids per request, follows each batch’s pages and merges an issue’s histories', async () => {
    const created1 = Date.UTC(2026, 2, 2, 9, 15);
    const created2 = Date.UTC(2026, 2, 3, 14, 0, 30, 250);
    const transport = scriptedTransport((request, index) => {
      if (index === 0) {
        return {
          body: {
            issueChangeLogs: [
              { issueId: '1', changeHistories: [{ id: 'h1', created: created1, items: [statusItem] }] },
            ],
            nextPageToken: 'more',
          },
        };
      }
      if (index === 1) {
        return {
          body: {
            issueChangeLogs: [
              { issueId: '1', changeHistories: [{ id: 'h2', created: created2, items: [statusItem] }] },
              {
                issueId: '2',
                changeHistories: [{ id: 'h3', created: '2026-03-04T10:00:00.000+0100', items: [] }],
              },
            ],
          },
        };
      }
      const body = request.body as { issueIdsOrKeys: string[] };
      return {
        body: {
          issueChangeLogs: [{ issueId: body.issueIdsOrKeys[0], changeHistories: [] }],
          nextPageToken: null,
        },
      };
    });
    const { client } = clientWith(transport);

    const histories = await client.bulkFetchChangelogs(ids(1, 2500), ['status', 'customfield_10021']);

    const bodies = transport.sent.map(
      (r) => r.body as Record<string, unknown> & { issueIdsOrKeys: string[] },
    );
    expect(bodies.map((b) => [b.issueIdsOrKeys.length, b.issueIdsOrKeys[0], b['nextPageToken']])).toEqual([
      [1000, '1', undefined],
      [1000, '1', 'more'],
      [1000, '1001', undefined],
      [500, '2001', undefined],
    ]);
    expect(bodies[0]).toMatchObject({ fieldIds: ['status', 'customfield_10021'], maxResults: 10000 });
    expect(
      transport.sent.every((r) => r.method === 'POST' && r.path === '/rest/api/3/changelog/bulkfetch'),
    ).toBe(true);
    expect(histories.get('1')).toEqual([
      { id: 'h1', created: '2026-03-02T09:15:00.000+0000', items: [statusItem] },
      { id: 'h2', created: '2026-03-03T14:00:30.250+0000', items: [statusItem] },
    ]);
    expect(histories.get('2')?.[0]?.created).toBe('2026-03-04T10:00:00.000+0100');
    expect(histories.get('1001')).toEqual([]);
    expect(client.requestCount(JIRA_ROUTES.bulkFetchChangelogs)).toBe(4);
  });

  it('sends nothing for no ids and passes other field ids through', async () => {
    const none = answersInOrder();
    expect((await clientWith(none).client.bulkFetchChangelogs([], ['status'])).size).toBe(0);

    const transport = answersInOrder({ body: { issueChangeLogs: [] } });
    await clientWith(transport).client.bulkFetchChangelogs(['HD-1'], ['assignee']);
    expect(transport.sent[0]?.body).toEqual({
      issueIdsOrKeys: ['HD-1'],
      fieldIds: ['assignee'],
      maxResults: 10000,
    });
  });

  it('rejects a history whose created is neither an instant string nor epoch milliseconds', async () => {
    const transport = answersInOrder({
      body: { issueChangeLogs: [{ issueId: '1', changeHistories: [{ id: 'h', created: true, items: [] }] }] },
    });

    await expect(clientWith(transport).client.bulkFetchChangelogs(['1'], ['status'])).rejects.toThrow(
      /^Unexpected response to POST \/rest\/api\/3\/changelog\/bulkfetch:/,
    );
  });
});

describe('listFields', () => {
  const fields = [
    {
      clauseNames: ['summary'],
      custom: false,
      id: 'summary',
      key: 'summary',
      name: 'Summary',
      navigable: true,
      orderable: true,
      schema: { system: 'summary', type: 'string' },
      searchable: true,
    },
    {
      clauseNames: ['cf[10021]', 'Flagged'],
      custom: true,
      id: 'customfield_10021',
      key: 'customfield_10021',
      name: 'Markiert',
      untranslatedName: 'Flagged',
      schema: {
        type: 'array',
        items: 'option',
        custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
        customId: 10021,
      },
    },
  ];

  it('reads the site’s fields once per client, with names, clause names and custom type', async () => {
    const transport = answersInOrder({ body: fields });
    const { client } = clientWith(transport);

    const first = await client.listFields();
    const second = await client.listFields();

    expect(second).toBe(first);
    expect(transport.sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/api/3/field']);
    expect(first).toEqual([
      { id: 'summary', name: 'Summary', custom: false, clauseNames: ['summary'], customType: null },
      {
        id: 'customfield_10021',
        name: 'Markiert',
        untranslatedName: 'Flagged',
        custom: true,
        clauseNames: ['cf[10021]', 'Flagged'],
        customType: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
      },
    ]);
  });

  it('asks again after a failed read', async () => {
    const transport = answersInOrder({ status: 403 }, { body: fields });
    const { client } = clientWith(transport);

    await expect(client.listFields()).rejects.toBeInstanceOf(JiraForbiddenError);
    expect(await client.listFields()).toHaveLength(2);
  });
});

describe('retries', () => {
  const myself = { body: { accountId: 'abc', displayName: 'Anna Berg' } };

  it('waits the Retry-After seconds of a 429, then succeeds, counting both attempts', async () => {
    const transport = answersInOrder({ status: 429, headers: { 'Retry-After': '7' } }, myself);
    const { client, clock } = clientWith(transport);

    expect((await client.getMyself()).displayName).toBe('Anna Berg');
    expect(clock.sleeps).toEqual([7000]);
    expect(client.requestCount(JIRA_ROUTES.getMyself)).toBe(2);
    expect(client.requestCount()).toBe(2);
  });

  it('backs off exponentially with full jitter when a 503 has no Retry-After', async () => {
    const transport = answersInOrder({ status: 503 }, { status: 503 }, { status: 503 }, myself);
    const { client, clock } = clientWith(transport, { random: () => 0.5 });

    await client.getMyself();

    // Bounds 500, 1000, 2000 ms; the jitter draws half of each.
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after 4 attempts with the last Retry-After in the error', async () => {
    const transport = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '2' }, body: {} }));
    const { client, clock } = clientWith(transport);

    const failure = await failureOf(client.getProject('HD'));

    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect((failure as JiraUnavailableError).status).toBe(429);
    expect((failure as JiraUnavailableError).retryAfterSeconds).toBe(2);
    expect((failure as Error).message).toBe('Jira answered 429 to GET /rest/api/3/project/HD');
    expect(transport.sent).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
  });

  it('takes the number of attempts from the options', async () => {
    const transport = scriptedTransport(() => ({ status: 503 }));
    const { client } = clientWith(transport, { retry: { maxAttempts: 2 } });

    await expect(client.getMyself()).rejects.toBeInstanceOf(JiraUnavailableError);
    expect(client.requestCount()).toBe(2);
  });

  it('does not wait for a Retry-After longer than a minute but fails at once, saying how long', async () => {
    const transport = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '120' } }));
    const { client, clock } = clientWith(transport);

    const failure = await failureOf(client.getMyself());

    expect((failure as JiraUnavailableError).retryAfterSeconds).toBe(120);
    expect(transport.sent).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('cools down only the endpoint that answered 429: the next call there waits, others do not', async () => {
    const transport = answersInOrder({ status: 429, headers: { 'Retry-After': '10' } }, myself, {
      body: { issues: [], isLast: true },
    });
    const { client, clock } = clientWith(transport, { retry: { maxAttempts: 1 } });

    await expect(client.searchIssueIds('project = HD')).rejects.toBeInstanceOf(JiraUnavailableError);
    await client.getMyself();
    expect(clock.sleeps).toEqual([]);
    await client.searchIssueIds('project = HD');
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('retries a 502 of a read but not of a comment (the comment may have been added)', async () => {
    const reads = answersInOrder({ status: 502 }, myself);
    await clientWith(reads).client.getMyself();
    expect(reads.sent).toHaveLength(2);

    const writes = scriptedTransport(() => ({ status: 502 }));
    const doc = { type: 'doc', version: 1, content: [] } as const;
    await expect(clientWith(writes).client.addComment('HD-1', doc)).rejects.toBeInstanceOf(
      JiraUnavailableError,
    );
    expect(writes.sent).toHaveLength(1);
  });

  describe('with a deadline (a resolver has 25 s on Forge)', () => {
    const START_MS = Date.UTC(2026, 2, 2, 8, 0);

    it('fails at once, without sleeping, when a 429 asks for a wait that ends past the deadline', async () => {
      const transport = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '30' } }));
      const { client, clock } = clientWith(transport, { deadlineMs: START_MS + 20_000 });

      const failure = await failureOf(client.getProject('HD'));

      expect(failure).toBeInstanceOf(JiraUnavailableError);
      expect((failure as JiraUnavailableError).status).toBe(429);
      expect((failure as JiraUnavailableError).retryAfterSeconds).toBe(30);
      expect((failure as Error).message).toMatch(
        /^Jira rate-limited the app; try again in 30 s \(GET \/rest\/api\/3\/project\/HD;/,
      );
      expect(transport.sent).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
      expect(clock.now()).toBe(START_MS);
    });

    it('retries while the waits fit and stops at the first that would end past the deadline', async () => {
      const transport = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '7' } }));
      const { client, clock } = clientWith(transport, { deadlineMs: START_MS + 10_000 });

      const failure = await failureOf(client.getMyself());

      // 7 s fit (ends at 7 s); the next 7 s would end at 14 s.
      expect(clock.sleeps).toEqual([7000]);
      expect(transport.sent).toHaveLength(2);
      expect((failure as Error).message).toMatch(/^Jira rate-limited the app; try again in 7 s/);
      expect(clock.now()).toBeLessThanOrEqual(START_MS + 10_000);
    });

    it('bounds the backoff of a 503 without Retry-After the same way, naming the outage', async () => {
      const transport = scriptedTransport(() => ({ status: 503 }));
      const { client, clock } = clientWith(transport, {
        deadlineMs: START_MS + 600,
        retry: { maxAttempts: 10 },
      });

      const failure = await failureOf(client.getMyself());

      // Jitter 0.5: waits of 250 and 500 ms; the second would end at 750 ms.
      expect(clock.sleeps).toEqual([250]);
      expect((failure as Error).message).toMatch(/^Jira is unavailable \(503\); try again in 1 s/);
      expect(clock.now()).toBeLessThanOrEqual(START_MS + 600);
    });

    it('does not wait out an endpoint’s cool-down that ends past the deadline', async () => {
      const transport = answersInOrder({ status: 429, headers: { 'Retry-After': '30' } });
      const { client, clock } = clientWith(transport, {
        deadlineMs: START_MS + 20_000,
        retry: { maxAttempts: 1 },
      });

      await expect(client.searchIssueIds('project = HD')).rejects.toBeInstanceOf(JiraUnavailableError);
      const failure = await failureOf(client.searchIssueIds('project = HD'));

      expect((failure as Error).message).toMatch(/^Jira rate-limited the app; try again in 30 s/);
      expect(transport.sent).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('takes a budget counted from the client’s creation (one client per invocation)', async () => {
      const transport = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '30' } }));
      const { client, clock } = clientWith(transport, { budgetMs: RESOLVER_JIRA_BUDGET_MS });

      await expect(client.getMyself()).rejects.toThrow(/^Jira rate-limited the app; try again in 30 s/);
      expect(clock.sleeps).toEqual([]);
    });

    it('stops waiting for an answer at the deadline and aborts the request', async () => {
      const signals: (AbortSignal | undefined)[] = [];
      const hanging: JiraTransport = {
        send: (_request, options) => {
          signals.push(options?.signal);
          return new Promise(() => undefined);
        },
      };
      const { client } = clientWith(hanging, { deadlineMs: START_MS + 30 });

      const failure = await failureOf(client.getMyself());

      expect(failure).toBeInstanceOf(JiraUnavailableError);
      expect((failure as Error).message).toMatch(
        /^Jira did not answer GET \/rest\/api\/3\/myself before the platform's time limit; try again/,
      );
      expect(signals).toHaveLength(1);
      expect(signals[0]?.aborted).toBe(true);
    });

    it('stops waiting for a body that never ends at the deadline', async () => {
      const slowBody: JiraTransport = {
        send: () =>
          Promise.resolve({
            status: 200,
            headers: { get: () => null },
            text: () => new Promise<string>(() => undefined),
          }),
      };
      const { client } = clientWith(slowBody, { deadlineMs: START_MS + 30 });

      await expect(client.getMyself()).rejects.toThrow(/^Jira did not answer GET \/rest\/api\/3\/myself/);
    });

    it('requests no further search page once the deadline has passed', async () => {
      const clock = fakeClock(START_MS);
      const transport = scriptedTransport((_request, index) => {
        // Each page takes Jira 8 s.
        void clock.sleep(8000);
        return { body: { issues: [{ id: `1000${index}` }], nextPageToken: `p${index + 1}`, isLast: false } };
      });
      const client = createJiraClient(transport, {
        sleep: clock.sleep,
        now: clock.now,
        deadlineMs: START_MS + 20_000,
      });

      await expect(client.searchIssueIds('project = HD')).rejects.toThrow(/no time was left for POST/);
      expect(transport.sent).toHaveLength(3);
    });

    it('retries a read whose connection failed, within the deadline, but never a write', async () => {
      const noAnswer = (): JiraUnavailableError =>
        new JiraUnavailableError('Cannot reach Jira at https://x/rest/api/3/myself: fetch failed', null);
      let reads = 0;
      const flaky: JiraTransport = {
        send: (request) => {
          reads++;
          if (reads === 1) return Promise.reject(noAnswer());
          return answersInOrder({ body: { accountId: 'a-1', displayName: 'Anna' } }).send(request);
        },
      };
      const { client, clock } = clientWith(flaky, { deadlineMs: START_MS + 20_000 });

      await expect(client.getMyself()).resolves.toMatchObject({ accountId: 'a-1' });
      expect(reads).toBe(2);
      expect(clock.sleeps).toEqual([250]);

      let writes = 0;
      const failingWrites: JiraTransport = {
        send: () => {
          writes++;
          return Promise.reject(noAnswer());
        },
      };
      const doc = { type: 'doc', version: 1, content: [] } as const;
      await expect(clientWith(failingWrites).client.addComment('HD-1', doc)).rejects.toThrow(
        /^Cannot reach Jira/,
      );
      expect(writes).toBe(1);
    });

    it('retries a read whose answer broke off in the body', async () => {
      let sends = 0;
      const resets: JiraTransport = {
        send: () => {
          sends++;
          const body =
            sends === 1
              ? Promise.reject(new TypeError('terminated'))
              : Promise.resolve('{"accountId":"a-1"}');
          body.catch(() => undefined);
          return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => body });
        },
      };
      const { client } = clientWith(resets);

      await expect(client.getMyself()).resolves.toMatchObject({ accountId: 'a-1' });
      expect(sends).toBe(2);
    });

    it('names a failing network when the next retry would end past the deadline', async () => {
      const down: JiraTransport = {
        send: () => Promise.reject(new JiraUnavailableError('Cannot reach Jira: fetch failed', null)),
      };
      const { client } = clientWith(down, { deadlineMs: START_MS + 100 });

      await expect(client.getMyself()).rejects.toThrow(/^Jira could not be reached; try again in 1 s/);
    });

    it('cools down every endpoint after a 429 of a used-up quota, only the one endpoint after a burst 429', async () => {
      const limited = (reason: string) =>
        scriptedTransport((request) =>
          request.path.startsWith('/rest/api/3/search/jql')
            ? { status: 429, headers: { 'Retry-After': '30', 'RateLimit-Reason': reason } }
            : { body: { accountId: 'a-1' } },
        );
      const quota = limited('jira-quota-tenant-based');
      const { client } = clientWith(quota, { deadlineMs: START_MS + 20_000, retry: { maxAttempts: 1 } });

      await expect(client.searchIssueIds('project = HD')).rejects.toBeInstanceOf(JiraUnavailableError);
      // The app's quota on the site is used up: another endpoint is not asked for another 429.
      await expect(client.getMyself()).rejects.toThrow(/^Jira rate-limited the app; try again in 30 s/);
      expect(quota.sent).toHaveLength(1);

      const burst = limited('jira-burst-based');
      const other = clientWith(burst, { deadlineMs: START_MS + 20_000, retry: { maxAttempts: 1 } });
      await expect(other.client.searchIssueIds('project = HD')).rejects.toBeInstanceOf(JiraUnavailableError);
      await expect(other.client.getMyself()).resolves.toMatchObject({ accountId: 'a-1' });
      expect(burst.sent).toHaveLength(2);
    });

    it('waits until X-RateLimit-Reset when a 429 has no Retry-After', async () => {
      const transport = answersInOrder(
        { status: 429, headers: { 'X-RateLimit-Reset': new Date(START_MS + 5 * 60_000).toISOString() } },
        { body: { accountId: 'a-1' } },
      );
      const { client, clock } = clientWith(transport, { deadlineMs: START_MS + 20_000 });

      // Five minutes are more than the client waits: no jittered retries against a limit that lasts that long.
      const failure = await failureOf(client.getMyself());
      expect(failure).toBeInstanceOf(JiraUnavailableError);
      expect((failure as JiraUnavailableError).retryAfterSeconds).toBe(300);
      expect(transport.sent).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('sends nothing once the deadline has passed', async () => {
      const transport = answersInOrder();
      const { client } = clientWith(transport, { deadlineMs: START_MS - 1 });

      const failure = await failureOf(client.getMyself());

      expect(failure).toBeInstanceOf(JiraUnavailableError);
      expect((failure as Error).message).toMatch(/no time was left for GET \/rest\/api\/3\/myself/);
      expect(transport.sent).toEqual([]);
    });
  });

  it('does not retry a 500', async () => {
    const transport = scriptedTransport(() => ({
      status: 500,
      body: { errorMessages: ['Internal server error'] },
    }));
    const { client } = clientWith(transport);

    await expect(client.getMyself()).rejects.toThrow(
      'Jira answered 500 to GET /rest/api/3/myself: Internal server error',
    );
    expect(transport.sent).toHaveLength(1);
  });
});

describe('typed errors with Jira’s message', () => {
  it.each<[string, ScriptedAnswer, new (...args: never[]) => Error, string]>([
    [
      '400 with errorMessages',
      { status: 400, body: UNBOUNDED },
      JiraBadRequestError,
      'Jira answered 400 to POST /rest/api/3/search/jql: Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ],
    [
      '400 with field errors',
      {
        status: 400,
        body: {
          errorMessages: [],
          errors: { jql: "The value 'XX' does not exist for the field 'project'." },
        },
      },
      JiraBadRequestError,
      "Jira answered 400 to POST /rest/api/3/search/jql: jql: The value 'XX' does not exist for the field 'project'.",
    ],
    [
      '401',
      {
        status: 401,
        body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
      },
      JiraForbiddenError,
      'Jira answered 401 to POST /rest/api/3/search/jql: Client must be authenticated to access this resource.',
    ],
    [
      '403 without a body',
      { status: 403, body: '' },
      JiraForbiddenError,
      'Jira answered 403 to POST /rest/api/3/search/jql',
    ],
  ])('%s', async (_name, failing, errorClass, message) => {
    const { client } = clientWith(answersInOrder(failing));

    const failure = await failureOf(client.searchIssueIds('order by key'));

    expect(failure).toBeInstanceOf(errorClass);
    expect((failure as Error).message).toBe(message);
  });

  it('keeps Jira’s messages on a bad request for callers that show them', async () => {
    const failure = await failureOf(
      clientWith(answersInOrder({ status: 400, body: UNBOUNDED })).client.searchIssueIds('x'),
    );

    expect((failure as JiraBadRequestError).jiraMessages).toEqual(UNBOUNDED.errorMessages);
    expect((failure as JiraBadRequestError).status).toBe(400);
  });

  it('tells a missing issue (IssueNotFoundError) from a missing project (JiraNotFoundError)', async () => {
    const { client } = clientWith(
      answersInOrder(
        { status: 404, body: ISSUE_GONE },
        { status: 404, body: { errorMessages: ["No project could be found with key 'XX'."], errors: {} } },
      ),
    );

    const issue = await failureOf(client.getIssue('HD-999', ['status']));
    const project = await failureOf(client.getProject('XX'));

    expect(issue).toBeInstanceOf(IssueNotFoundError);
    expect((issue as Error).message).toBe(
      'Jira answered 404 to GET /rest/api/3/issue/HD-999: Issue does not exist or you do not have permission to see it.',
    );
    expect(project).toBeInstanceOf(JiraNotFoundError);
    expect((project as Error).message).toBe(
      "Jira answered 404 to GET /rest/api/3/project/XX: No project could be found with key 'XX'.",
    );
  });
});

describe('issue calls', () => {
  it('reads an issue with the asked fields, keeping fields the engine does not know', async () => {
    const transport = answersInOrder({
      body: {
        id: '10007',
        key: 'HD-7',
        self: 'x',
        fields: { summary: 'VPN', labels: ['netz'], resolutiondate: null },
      },
    });
    const { client } = clientWith(transport);

    const issue = await client.getIssue('HD-7', ['summary', 'labels', 'resolutiondate']);

    expect(transport.sent[0]).toEqual({
      method: 'GET',
      path: '/rest/api/3/issue/HD-7?fields=summary,labels,resolutiondate',
    });
    expect(issue).toEqual({
      id: '10007',
      key: 'HD-7',
      fields: { summary: 'VPN', labels: ['netz'], resolutiondate: null },
    });
  });

  it('reads every changelog page by offset', async () => {
    const history = (id: string) => ({ id, created: '2026-03-02T09:15:00.000+0100', items: [statusItem] });
    const transport = answersInOrder(
      { body: { startAt: 0, maxResults: 2, total: 3, isLast: false, values: [history('1'), history('2')] } },
      { body: { startAt: 2, maxResults: 2, total: 3, isLast: true, values: [history('3')] } },
    );

    const histories = await clientWith(transport).client.getIssueChangelog('HD-7');

    expect(histories.map((h) => h.id)).toEqual(['1', '2', '3']);
    expect(transport.sent.map((r) => r.path)).toEqual([
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100',
      '/rest/api/3/issue/HD-7/changelog?startAt=2&maxResults=100',
    ]);
  });

  it('reads the issue links from fields.issuelinks', async () => {
    const link = {
      id: '20001',
      self: 'x',
      type: { id: '10000', name: 'Relates', inward: 'relates to', outward: 'relates to' },
      outwardIssue: { id: '10042', key: 'CSI-4', fields: { summary: 'Self-service password reset' } },
    };
    const transport = answersInOrder({ body: { id: '10007', key: 'HD-7', fields: { issuelinks: [link] } } });

    const links = await clientWith(transport).client.getIssueLinks('HD-7');

    expect(transport.sent[0]?.path).toBe('/rest/api/3/issue/HD-7?fields=issuelinks');
    expect(links).toEqual([
      {
        id: '20001',
        type: { id: '10000', name: 'Relates', inward: 'relates to', outward: 'relates to' },
        outwardIssue: { id: '10042', key: 'CSI-4', fields: { summary: 'Self-service password reset' } },
      },
    ]);
  });

  it('reads all comments page by page and adds one with an ADF body', async () => {
    const doc = (text: string) => ({
      type: 'doc' as const,
      version: 1 as const,
      content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
    });
    const comment = (id: string) => ({
      id,
      author: { accountId: 'a1', displayName: 'Anna' },
      created: '2026-03-02T09:15:00.000+0100',
      body: doc(`Kommentar ${id}`),
    });
    const transport = answersInOrder(
      { body: { startAt: 0, maxResults: 2, total: 3, comments: [comment('1'), comment('2')] } },
      { body: { startAt: 2, maxResults: 2, total: 3, comments: [comment('3')] } },
      { status: 201, body: comment('4') },
    );
    const { client } = clientWith(transport);

    const comments = await client.getComments('HD-7');
    const added = await client.addComment('HD-7', doc('Kommentar 4'));

    expect(comments.map((c) => c.id)).toEqual(['1', '2', '3']);
    expect(comments[2]?.body.content[0]?.content?.[0]?.text).toBe('Kommentar 3');
    expect(added.id).toBe('4');
    expect(transport.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /rest/api/3/issue/HD-7/comment?startAt=0&maxResults=100&orderBy=created',
      'GET /rest/api/3/issue/HD-7/comment?startAt=2&maxResults=100&orderBy=created',
      'POST /rest/api/3/issue/HD-7/comment',
    ]);
    expect(transport.sent[2]?.body).toEqual({ body: doc('Kommentar 4') });
  });

  it('reads, writes and deletes issue properties, encoding the property key', async () => {
    const transport = answersInOrder(
      { body: { key: 'three ways/flow', value: { version: 2 } } },
      { status: 404, body: { errorMessages: ["The property with key 'x' does not exist."], errors: {} } },
      { status: 201, body: '' },
      { status: 204, body: '' },
      { status: 404, body: ISSUE_GONE },
    );
    const { client } = clientWith(transport);

    expect(await client.getIssueProperty('HD-1', 'three ways/flow')).toEqual({ version: 2 });
    expect(await client.getIssueProperty('HD-1', 'x')).toBeNull();
    await client.setIssueProperty('HD-1', 'x', { version: 3 });
    expect(await client.deleteIssueProperty('HD-1', 'x')).toBe(true);
    expect(await client.deleteIssueProperty('HD-1', 'x')).toBe(false);

    expect(transport.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /rest/api/3/issue/HD-1/properties/three%20ways%2Fflow',
      'GET /rest/api/3/issue/HD-1/properties/x',
      'PUT /rest/api/3/issue/HD-1/properties/x',
      'DELETE /rest/api/3/issue/HD-1/properties/x',
      'DELETE /rest/api/3/issue/HD-1/properties/x',
    ]);
    expect(transport.sent[2]?.body).toEqual({ version: 3 });
  });
});

describe('project, user and permission calls', () => {
  it('lists statuses per issue type, issue types and all projects page by page', async () => {
    const status = (id: string, name: string, key: string) => ({
      id,
      name,
      statusCategory: { id: 2, key, colorName: 'blue-gray' },
    });
    const transport = answersInOrder(
      {
        body: [
          {
            id: '10001',
            name: 'Störung',
            subtask: false,
            statuses: [status('1', 'Neu', 'new'), status('5', 'Gelöst', 'done')],
          },
        ],
      },
      {
        body: [
          { id: '10001', name: 'Störung', description: 'Ein Ausfall', subtask: false, hierarchyLevel: 0 },
        ],
      },
      {
        body: {
          startAt: 0,
          maxResults: 1,
          total: 2,
          isLast: false,
          values: [{ id: '10000', key: 'HD', name: 'Help Desk', style: 'classic' }],
        },
      },
      {
        body: {
          startAt: 1,
          maxResults: 1,
          total: 2,
          isLast: true,
          values: [{ id: '10001', key: 'CSI', name: 'CSI', style: 'next-gen', simplified: true }],
        },
      },
      { body: { id: '10000', key: 'HD', name: 'Help Desk', projectTypeKey: 'service_desk' } },
    );
    const { client } = clientWith(transport);

    const statuses = await client.listProjectStatuses('HD');
    const types = await client.listIssueTypesForProject('10000');
    const projects = await client.searchProjects();
    const project = await client.getProject('HD');

    expect(statuses[0]?.statuses.map((s) => `${s.name ?? ''}:${s.statusCategory?.key ?? ''}`)).toEqual([
      'Neu:new',
      'Gelöst:done',
    ]);
    expect(types).toEqual([
      { id: '10001', name: 'Störung', description: 'Ein Ausfall', subtask: false, hierarchyLevel: 0 },
    ]);
    expect(projects.map((p) => `${p.key}:${p.style ?? ''}`)).toEqual(['HD:classic', 'CSI:next-gen']);
    expect(project.projectTypeKey).toBe('service_desk');
    expect(transport.sent.map((r) => r.path)).toEqual([
      '/rest/api/3/project/HD/statuses',
      '/rest/api/3/issuetype/project?projectId=10000',
      '/rest/api/3/project/search?startAt=0&maxResults=100',
      '/rest/api/3/project/search?startAt=1&maxResults=100',
      '/rest/api/3/project/HD',
    ]);
  });

  it('searches a project’s statuses page by page, turning category names into the issue endpoints’ keys', async () => {
    const status = (id: string, name: string, statusCategory: string) => ({
      id,
      name,
      statusCategory,
      scope: { type: 'GLOBAL' },
    });
    const transport = answersInOrder(
      {
        body: {
          startAt: 0,
          total: 3,
          isLast: false,
          values: [status('1', 'Neu', 'TODO'), status('3', 'In Bearbeitung', 'IN_PROGRESS')],
        },
      },
      { body: { startAt: 2, total: 3, isLast: true, values: [status('5', 'Gelöst', 'DONE')] } },
    );

    const statuses = await clientWith(transport).client.searchStatuses('10000');

    expect(statuses).toEqual([
      { id: '1', name: 'Neu', statusCategory: { key: 'new' } },
      { id: '3', name: 'In Bearbeitung', statusCategory: { key: 'indeterminate' } },
      { id: '5', name: 'Gelöst', statusCategory: { key: 'done' } },
    ]);
    expect(transport.sent.map((r) => r.path)).toEqual([
      '/rest/api/3/statuses/search?projectId=10000&startAt=0&maxResults=200',
      '/rest/api/3/statuses/search?projectId=10000&startAt=2&maxResults=200',
    ]);
  });

  it('follows offset pages without isLast and total until an empty page (the same pager for every offset read)', async () => {
    const status = (id: string) => ({
      id,
      name: `S${id}`,
      statusCategory: 'TODO',
      scope: { type: 'GLOBAL' },
    });
    const transport = answersInOrder(
      { body: { values: [status('1'), status('2')] } },
      { body: { values: [status('3')] } },
      { body: { values: [] } },
    );

    const statuses = await clientWith(transport).client.searchStatusDetails({});

    expect(statuses.map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(transport.sent.map((r) => r.path)).toEqual([
      '/rest/api/3/statuses/search?startAt=0&maxResults=200',
      '/rest/api/3/statuses/search?startAt=2&maxResults=200',
      '/rest/api/3/statuses/search?startAt=3&maxResults=200',
    ]);
  });

  it('rejects a status whose category is not one Jira has', async () => {
    const transport = answersInOrder({
      body: { isLast: true, values: [{ id: '1', name: 'Neu', statusCategory: 'LATER' }] },
    });

    await expect(clientWith(transport).client.searchStatuses('10000')).rejects.toThrow(
      /^Unexpected response to GET \/rest\/api\/3\/statuses\/search: values\.0\.statusCategory: /,
    );
  });

  it('answers each permission asked for, false when Jira does not list it', async () => {
    const transport = answersInOrder({
      body: {
        permissions: {
          ADMINISTER: { id: '0', key: 'ADMINISTER', type: 'GLOBAL', havePermission: false },
          ADMINISTER_PROJECTS: {
            id: '23',
            key: 'ADMINISTER_PROJECTS',
            type: 'PROJECT',
            havePermission: true,
          },
        },
      },
    });
    const { client } = clientWith(transport);

    const held = await client.getMyPermissions(
      ['ADMINISTER', 'ADMINISTER_PROJECTS', 'BROWSE_PROJECTS'],
      'HD',
    );

    expect(held).toEqual({ ADMINISTER: false, ADMINISTER_PROJECTS: true, BROWSE_PROJECTS: false });
    expect(transport.sent[0]?.path).toBe(
      '/rest/api/3/mypermissions?permissions=ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS&projectKey=HD',
    );
  });

  it('reads the acting user', async () => {
    const transport = answersInOrder({
      body: {
        accountId: 'a1',
        displayName: 'Anna Berg',
        emailAddress: 'anna@example.de',
        locale: 'de_DE',
        timeZone: 'Europe/Berlin',
        active: true,
      },
    });

    expect(await clientWith(transport).client.getMyself()).toEqual({
      accountId: 'a1',
      displayName: 'Anna Berg',
      emailAddress: 'anna@example.de',
      locale: 'de_DE',
      timeZone: 'Europe/Berlin',
    });
  });
});
