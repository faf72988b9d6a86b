/**
 * Fault injection (429 with `Retry-After`, 5xx) per route key or for all requests, latency, and the request
 * counter and log keyed by route key.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { AGENT, buildSeed } from './seed-builder';
import { clientFor, obj } from './http-client';
import type { TestClient } from './http-client';

const SEARCH = 'POST /rest/api/3/search/jql';
const GET_ISSUE = 'GET /rest/api/3/issue/{issueIdOrKey}';

let emulator: RunningEmulator;
let jira: TestClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildSeed({ hd: 3 }) });
  jira = clientFor(emulator.url, AGENT);
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.faults.clear();
  emulator.requests.reset();
});

const search = (): Promise<{ status: number; retryAfter: string | null; body: unknown }> =>
  jira
    .post('/rest/api/3/search/jql', { jql: 'project = HD' })
    .then((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: r.body }));

describe('fault injection', () => {
  it('answers 429 with Retry-After the given number of times, then normally; other endpoints are unaffected', async () => {
    emulator.faults.inject({ endpoint: SEARCH, status: 429, retryAfterSeconds: 2, times: 2 });
    const first = await search();
    expect(first).toEqual({
      status: 429,
      retryAfter: '2',
      body: {
        errorMessages: ['Rate limit exceeded. Retry after the time given in the Retry-After header.'],
        errors: {},
      },
    });
    expect((await jira.get('/rest/api/3/issue/HD-1?fields=summary')).status).toBe(200);
    expect((await search()).status).toBe(429);
    const third = await search();
    expect(third.status).toBe(200);
    expect(third.retryAfter).toBeNull();
    expect(emulator.requests.log()).toEqual([
      { routeKey: SEARCH, status: 429 },
      { routeKey: GET_ISSUE, status: 200 },
      { routeKey: SEARCH, status: 429 },
      { routeKey: SEARCH, status: 200 },
    ]);
  });

  it('fails every endpoint when the rule names none, with each 5xx status, without Retry-After unless given', async () => {
    for (const status of [500, 502, 503, 504] as const) {
      emulator.faults.inject({ status, times: 1 });
      const reply = await jira.get('/rest/api/3/myself');
      expect([reply.status, reply.headers.get('retry-after')]).toEqual([status, null]);
      expect(obj(reply.body).errorMessages).toHaveLength(1);
    }
    emulator.faults.inject({ status: 503, retryAfterSeconds: 30, times: 1 });
    const unavailable = await jira.get('/rest/api/3/issue/HD-2');
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '30']);
    expect((await jira.get('/rest/api/3/myself')).status).toBe(200);
  });

  it('applies faults before authentication, like a gateway in front of Jira', async () => {
    emulator.faults.inject({ status: 429, retryAfterSeconds: 1, times: 1 });
    expect((await clientFor(emulator.url, null).get('/rest/api/3/myself')).status).toBe(429);
    expect((await clientFor(emulator.url, null).get('/rest/api/3/myself')).status).toBe(401);
  });

  it('clear() drops pending faults and latency', async () => {
    emulator.faults.inject({ endpoint: SEARCH, status: 500, times: 5 });
    emulator.faults.latency(300);
    emulator.faults.clear();
    const startedMs = Date.now();
    expect((await search()).status).toBe(200);
    expect(Date.now() - startedMs).toBeLessThan(250);
  });
});

describe('latency', () => {
  it('delays every response by the given milliseconds', async () => {
    emulator.faults.latency(200);
    const startedMs = performance.now();
    expect((await jira.get('/rest/api/3/myself')).status).toBe(200);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(195);
  });
});

describe('request counter', () => {
  it('counts requests per route key, in total, and resets', async () => {
    await jira.get('/rest/api/3/issue/HD-1');
    await jira.get('/rest/api/3/issue/HD-2');
    await search();
    await jira.get('/rest/api/3/nothing-here');
    expect(emulator.requests.count(GET_ISSUE)).toBe(2);
    expect(emulator.requests.count(SEARCH)).toBe(1);
    expect(emulator.requests.count('GET /rest/api/3/nothing-here')).toBe(1);
    expect(emulator.requests.count()).toBe(4);
    emulator.requests.reset();
    expect(emulator.requests.count()).toBe(0);
    expect(emulator.requests.log()).toEqual([]);
  });
});
