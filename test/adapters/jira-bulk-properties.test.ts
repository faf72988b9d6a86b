/**
 * The two calls the flow facts need from the Jira client: `searchIssueRefs` (ids and keys from the ids-only
 * search pages `searchIssueIds` reads) and `bulkSetIssueProperties` (`POST /rest/api/3/issue/properties/multi`,
 * 100 issues per request, Jira's 303 See Other taken as accepted, never followed, 429 retried).
 */
import { createServer } from 'node:http';
import type { APIResponse, RequestInit, RequestProductMethod, Route } from '@forge/api';
import type { AddressInfo } from 'node:net';
import { JiraBadRequestError, JiraUnavailableError } from '../../src/application/errors';
import { createRequestJiraTransport } from '../../src/adapters/jira/forge-transport';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { answersInOrder, fakeClock, scriptedTransport } from './scripted-transport';

function clientWith(transport: JiraTransport) {
  const clock = fakeClock();
  const client = createJiraClient(transport, { sleep: clock.sleep, now: clock.now, random: () => 0.5 });
  return { client, clock };
}

const SEE_OTHER = {
  status: 303,
  body: '',
  headers: { Location: 'https://example.atlassian.net/rest/api/3/task/10050' },
};

describe('searchIssueRefs', () => {
  it('reads ids and keys from the ids-only pages of 5,000, in search order, following the cursor', async () => {
    const transport = answersInOrder(
      {
        body: {
          issues: [
            { id: '10002', key: 'HD-2' },
            { id: '10001', key: 'HD-1' },
          ],
          nextPageToken: 'p2',
          isLast: false,
        },
      },
      { body: { issues: [{ id: '10007', key: 'OPS-7' }], isLast: true } },
    );
    const { client } = clientWith(transport);

    const refs = await client.searchIssueRefs('project = HD ORDER BY key DESC');

    expect(refs).toEqual([
      { id: '10002', key: 'HD-2' },
      { id: '10001', key: 'HD-1' },
      { id: '10007', key: 'OPS-7' },
    ]);
    expect(transport.sent.map((request) => request.body)).toEqual([
      { jql: 'project = HD ORDER BY key DESC', fields: ['id'], maxResults: 5000 },
      { jql: 'project = HD ORDER BY key DESC', fields: ['id'], maxResults: 5000, nextPageToken: 'p2' },
    ]);
    expect(client.requestCount(JIRA_ROUTES.searchJql)).toBe(2);
  });

  it('sends the same requests as searchIssueIds and reads no page beyond maxIds', async () => {
    const page = (from: number, next: string) => ({
      body: {
        issues: Array.from({ length: 5000 }, (_, i) => ({ id: String(from + i), key: `HD-${from + i}` })),
        nextPageToken: next,
        isLast: false,
      },
    });
    const refsTransport = answersInOrder(page(1, 'p2'), page(5001, 'p3'), page(10001, 'p4'));
    const idsTransport = answersInOrder(page(1, 'p2'), page(5001, 'p3'), page(10001, 'p4'));

    const refs = await clientWith(refsTransport).client.searchIssueRefs('project = HD', { maxIds: 6000 });
    const ids = await clientWith(idsTransport).client.searchIssueIds('project = HD', { maxIds: 6000 });

    expect(refs).toHaveLength(10_000);
    expect(refs[9999]).toEqual({ id: '10000', key: 'HD-10000' });
    expect(ids).toEqual(refs.map((ref) => ref.id));
    expect(refsTransport.sent).toEqual(idsTransport.sent);
    expect(refsTransport.sent).toHaveLength(2);
  });

  it('fails naming the request when an issue comes without its key', async () => {
    const transport = answersInOrder({ body: { issues: [{ id: '10001' }], isLast: true } });

    await expect(clientWith(transport).client.searchIssueRefs('project = HD')).rejects.toThrow(
      'Unexpected response to POST /rest/api/3/search/jql: issue 10001 has no key',
    );
  });
});

describe('bulkSetIssueProperties', () => {
  const entries = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      issueId: String(10_001 + i),
      properties: { 'three-ways-flow': { ageDays: i } },
    }));

  it('sends requests of at most 100 issues with numeric issue ids and takes each 303 as accepted', async () => {
    const transport = scriptedTransport(() => SEE_OTHER);
    const { client } = clientWith(transport);

    await client.bulkSetIssueProperties(entries(250));

    expect(transport.sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /rest/api/3/issue/properties/multi',
      'POST /rest/api/3/issue/properties/multi',
      'POST /rest/api/3/issue/properties/multi',
    ]);
    const bodies = transport.sent.map((request) => request.body as { issues: { issueID: number }[] });
    expect(bodies.map((body) => body.issues.length)).toEqual([100, 100, 50]);
    expect(bodies[0]?.issues[0]).toEqual({
      issueID: 10_001,
      properties: { 'three-ways-flow': { ageDays: 0 } },
    });
    expect(bodies[2]?.issues.at(-1)?.issueID).toBe(10_250);
    expect(client.requestCount(JIRA_ROUTES.bulkSetIssueProperties)).toBe(3);
  });

  it('sends nothing for no entries, and takes a 2xx (a fetch that followed the redirect) as accepted too', async () => {
    const none = answersInOrder();
    await clientWith(none).client.bulkSetIssueProperties([]);
    expect(none.sent).toEqual([]);

    const followed = answersInOrder({ status: 200, body: { id: '10050', status: 'COMPLETE' } });
    await expect(clientWith(followed).client.bulkSetIssueProperties(entries(3))).resolves.toBeUndefined();
  });

  it('waits the Retry-After of a 429 and sends the same batch again', async () => {
    const transport = answersInOrder(
      { status: 429, headers: { 'Retry-After': '3' }, body: { errorMessages: ['Rate limited'] } },
      SEE_OTHER,
      SEE_OTHER,
    );
    const { client, clock } = clientWith(transport);

    await client.bulkSetIssueProperties(entries(150));

    expect(clock.sleeps).toEqual([3000]);
    expect(transport.sent).toHaveLength(3);
    expect(transport.sent[1]?.body).toEqual(transport.sent[0]?.body);
    const sizes = transport.sent.map((request) => (request.body as { issues: unknown[] }).issues.length);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('retries a 502 (setting the same values twice is harmless) but not a 400', async () => {
    const retried = answersInOrder({ status: 502, body: 'Bad Gateway' }, SEE_OTHER);
    await clientWith(retried).client.bulkSetIssueProperties(entries(1));
    expect(retried.sent).toHaveLength(2);

    const refused = answersInOrder({
      status: 400,
      body: { errorMessages: ['The property value exceeds the maximum length.'], errors: {} },
    });
    const failure = clientWith(refused).client.bulkSetIssueProperties(entries(1));
    await expect(failure).rejects.toBeInstanceOf(JiraBadRequestError);
    await expect(failure).rejects.toThrow(/exceeds the maximum length/);
    expect(refused.sent).toHaveLength(1);
  });

  it('fails after the attempts are used up when Jira keeps answering 503', async () => {
    const transport = scriptedTransport(() => ({ status: 503, body: 'Service Unavailable' }));
    await expect(clientWith(transport).client.bulkSetIssueProperties(entries(1))).rejects.toBeInstanceOf(
      JiraUnavailableError,
    );
    expect(transport.sent).toHaveLength(4);
  });

  it('refuses an issue key (the endpoint takes numeric ids) before sending anything', async () => {
    const transport = answersInOrder();
    await expect(
      clientWith(transport).client.bulkSetIssueProperties([{ issueId: 'HD-1', properties: { a: 1 } }]),
    ).rejects.toThrow('bulkSetIssueProperties takes issue ids, not "HD-1"');
    expect(transport.sent).toEqual([]);
  });

  it('over HTTP (Node fetch), does not follow the 303 to the task: one request, even when the task would fail', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      req.resume();
      req.on('end', () => {
        if (req.url === '/rest/api/3/issue/properties/multi') {
          res.writeHead(303, { Location: '/rest/api/3/task/10050' }).end();
        } else {
          // Following the redirect would end here and fail the write.
          res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"errorMessages":["boom"]}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const transport = createHttpTransport({
        baseUrl: `http://127.0.0.1:${port}`,
        email: 'a@example.com',
        apiToken: 't',
      });
      await createJiraClient(transport).bulkSetIssueProperties(entries(2));
      expect(seen).toEqual(['POST /rest/api/3/issue/properties/multi']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('on Forge, sends the write through the allowed route without following the 303', async () => {
    const calls: { path: string; init: RequestInit | undefined }[] = [];
    const requestJira: RequestProductMethod = (url: Route, init?: RequestInit) => {
      calls.push({ path: url.value, init });
      const response = {
        ok: false,
        status: 303,
        statusText: 'See Other',
        headers: { get: (name: string) => (name.toLowerCase() === 'location' ? '/rest/api/3/task/7' : null) },
        text: () => Promise.resolve(''),
      };
      return Promise.resolve(response as unknown as APIResponse);
    };
    const client = createJiraClient(createRequestJiraTransport(() => requestJira));

    await client.bulkSetIssueProperties(entries(101));

    expect(calls.map((call) => [call.path, call.init?.method, call.init?.redirect])).toEqual([
      ['/rest/api/3/issue/properties/multi', 'POST', 'manual'],
      ['/rest/api/3/issue/properties/multi', 'POST', 'manual'],
    ]);
    const body = calls[0]?.init?.body;
    const first = JSON.parse(typeof body === 'string' ? body : '{}') as { issues?: unknown[] };
    expect(first.issues).toHaveLength(100);
  });
});
