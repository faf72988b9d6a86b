/**
 * The preview's Forge runtime for backend modules, on a fixture manifest with every kind the app will use: a product
 * trigger with a filter, a queue consumer asking for a retry, a scheduled trigger on the preview clock, a web
 * trigger, a workflow validator and an Automation action. The same mechanism runs the real manifest in `npm start`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPreviewBackend, createPreviewClock, type PreviewBackend } from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { createPreviewRequestListener } from '../../dev/preview/server';
import { createWebTriggerListener } from '../../dev/preview/webtrigger-server';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import type { AppFunction } from '../../src/entry/composition-root';
import { FIXTURE_MANIFEST, fixtureHandlers } from './support/backend-fixture';

const START_MS = Date.UTC(2026, 2, 2, 8);
const HOUR_MS = 3_600_000;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

describe('the preview backend on a fixture manifest', () => {
  let calls: { name: string; args: unknown[] }[];
  let waits: number[];
  let backend: PreviewBackend;

  beforeEach(() => {
    calls = [];
    waits = [];
    backend = createPreviewBackend({
      modules: readBackendModules(FIXTURE_MANIFEST),
      clock: createPreviewClock(() => START_MS),
      logError: () => undefined,
      // Redeliveries at once, recording the wait Forge would make.
      later: (delayMs, run) => {
        waits.push(delayMs);
        run();
      },
    });
    backend.bind(new Map(Object.entries(fixtureHandlers(calls, 2))));
  });

  it('lists every module with its function', () => {
    expect(backend.routes().map((route) => `${route.kind} ${route.moduleKey} ${route.handler}`)).toEqual([
      'trigger label-trigger index.onEvent',
      'consumer work-consumer index.worker',
      'scheduled hourly-review index.review',
      'webtrigger feedback-hook index.hook',
      'validator fixture-validator index.validate',
      'action notify-requester index.notify',
    ]);
  });

  it('delivers a product event only when its type is listed and the filter lets it through', async () => {
    const labels = { changelog: { items: [{ field: 'labels' }] } };
    await expect(backend.deliverProductEvent('avi:jira:updated:issue', labels)).resolves.toEqual([
      { triggerKey: 'label-trigger', delivered: true, reason: 'filter' },
    ]);
    await backend.deliverProductEvent('avi:jira:updated:issue', {
      changelog: { items: [{ field: 'status' }] },
    });
    await backend.deliverProductEvent('avi:jira:created:issue', labels);
    // No changelog: the expression fails, and IGNORE_AND_LOG drops the event.
    await expect(backend.deliverProductEvent('avi:jira:updated:issue', {})).resolves.toEqual([
      { triggerKey: 'label-trigger', delivered: false, reason: 'filter-error-ignored' },
    ]);
    expect(calls.map((call) => [call.name, call.args[0]])).toEqual([['onEvent', labels]]);
  });

  it('runs a queue consumer with the async event and delivers again, with retryContext, when it asks', async () => {
    await backend.queue('work').push({ kind: 'project-flow', jobId: 'j-1', extra: 1 });
    await backend.idle();
    const events = calls.filter((call) => call.name === 'worker').map((call) => call.args[0]);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      queueName: 'work',
      body: { kind: 'project-flow', jobId: 'j-1', extra: 1 },
    });
    expect(events[0]).not.toHaveProperty('retryContext');
    expect(events[2]).toMatchObject({
      retryContext: { retryCount: 2, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
    expect(waits).toEqual([7_000, 7_000]);
    await expect(backend.queue('elsewhere').push({ kind: 'project-flow', jobId: 'j-2' })).rejects.toThrow(
      /No consumer module.*"elsewhere"/,
    );
  });

  it('runs a scheduled trigger when the preview clock passes its due time, once per advance', async () => {
    expect(backend.scheduleStatus()).toEqual([
      { triggerKey: 'hourly-review', interval: 'hour', nextDueMs: START_MS + 5 * 60_000 },
    ]);
    await expect(backend.advanceClock(60_000)).resolves.toEqual([]);
    const runs = await backend.advanceClock(3 * HOUR_MS);
    expect(runs).toEqual([
      {
        triggerKey: 'hourly-review',
        functionKey: 'review',
        dueMs: START_MS + 5 * 60_000,
        skipped: 2,
        ok: true,
      },
    ]);
    expect(calls.find((call) => call.name === 'review')?.args[0]).toEqual({
      context: { cloudId: expect.any(String) as unknown, moduleKey: 'hourly-review' },
      contextToken: 'preview',
    });
    expect(backend.scheduleStatus()[0]?.nextDueMs).toBe(START_MS + 5 * 60_000 + 3 * HOUR_MS);
    await expect(backend.advanceClock(HOUR_MS)).resolves.toHaveLength(1);
  });

  it("hands a web trigger Forge's request and answers its response, a 500 for an invalid one", async () => {
    const request = {
      method: 'POST',
      path: '/x1/feedback-hook',
      userPath: '',
      headers: { 'content-type': ['application/json'] },
      queryParameters: { a: ['1', '2'] },
      body: '{"x":1}',
    };
    await expect(backend.handleWebTrigger('feedback-hook', request)).resolves.toEqual({
      statusCode: 202,
      headers: { 'x-seen': ['POST'] },
      body: '{"got":"{\\"x\\":1}"}',
    });
    await expect(backend.handleWebTrigger('nope', request)).rejects.toThrow(/no web trigger "nope"/);
    backend.bind(
      new Map(
        Object.entries({
          ...fixtureHandlers(calls, 0),
          'index.hook': (() => Promise.resolve({ status: 200 })) as unknown as AppFunction,
        }),
      ),
    );
    await expect(backend.handleWebTrigger('feedback-hook', request)).resolves.toMatchObject({
      statusCode: 500,
    });
  });

  it('runs a workflow validator and an Automation action with its inputs, refusing missing required ones', async () => {
    await expect(backend.validator('fixture-validator')({ issue: { key: 'A-1' } })).resolves.toEqual({
      result: false,
      errorMessage: 'A comment is needed.',
    });
    await expect(backend.runAction('notify-requester', { issueKey: 'HD-1' }, 'acc-1')).resolves.toEqual({
      notified: 'HD-1',
    });
    expect(calls.find((call) => call.name === 'notify')?.args).toEqual([
      {
        issueKey: 'HD-1',
        context: { cloudId: expect.any(String) as unknown, moduleKey: 'notify-requester' },
      },
      { installContext: expect.any(String) as unknown, principal: { accountId: 'acc-1' } },
    ]);
    await expect(backend.runAction('notify-requester', { note: 'x' }, null)).rejects.toThrow(
      /needs the input\(s\) issueKey/,
    );
  });

  it('refuses to start when a function module has no handler in the composition root', () => {
    const unbound = createPreviewBackend({
      modules: readBackendModules(FIXTURE_MANIFEST),
      clock: createPreviewClock(() => START_MS),
      logError: () => undefined,
    });
    expect(() => {
      unbound.bind(new Map());
    }).toThrow(/function on-event names handler index.onEvent, which the composition root/);
  });
});

describe("the preview's HTTP routes for the fixture's web trigger, clock and action", () => {
  const calls: { name: string; args: unknown[] }[] = [];
  let backend: PreviewBackend;
  let page: Server;
  let hooks: Server;
  let pageUrl = '';
  let hookUrl = '';

  beforeAll(async () => {
    const clock = createPreviewClock(() => START_MS);
    backend = createPreviewBackend({
      modules: readBackendModules(FIXTURE_MANIFEST),
      clock,
      logError: () => undefined,
    });
    backend.bind(new Map(Object.entries(fixtureHandlers(calls, 0))));
    page = createServer(
      createPreviewRequestListener({
        config: { modules: [], users: [], emulatorUrl: 'http://127.0.0.1:1' },
        hostAssets: new Map(),
        modulesDir: '/nonexistent',
        backend,
        clock,
        jiraFor: () => null,
        jiraTransportFor: (accountId) => (accountId === 'acc-1' ? ({} as JiraTransport) : null),
        logError: () => undefined,
      }),
    );
    hooks = createServer(createWebTriggerListener(backend, () => undefined));
    pageUrl = `http://127.0.0.1:${String(await listen(page))}`;
    hookUrl = `http://127.0.0.1:${String(await listen(hooks))}/x1/`;
  });
  afterAll(async () => {
    await Promise.all([page, hooks].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("serves a web trigger at /x1/<key> with Forge's request JSON", async () => {
    const response = await fetch(`${hookUrl}feedback-hook/more?q=1`, { method: 'POST', body: 'hello' });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-seen')).toBe('POST');
    await expect(response.text()).resolves.toBe('{"got":"hello"}');
    expect(calls.find((call) => call.name === 'hook')?.args[0]).toMatchObject({
      method: 'POST',
      path: '/x1/feedback-hook/more',
      userPath: '/more',
      queryParameters: { q: ['1'] },
      body: 'hello',
    });
    expect((await fetch(`${hookUrl}unknown`)).status).toBe(404);
  });

  it('advances the preview clock through its API and runs the scheduled trigger that fell due', async () => {
    const before = (await (await fetch(`${pageUrl}/__preview/clock`)).json()) as { nowMs: number };
    expect(before.nowMs).toBe(START_MS);
    const advanced = await fetch(`${pageUrl}/__preview/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: HOUR_MS }),
    });
    expect(advanced.status).toBe(200);
    await expect(advanced.json()).resolves.toMatchObject({
      nowMs: START_MS + HOUR_MS,
      ran: [{ triggerKey: 'hourly-review', ok: true }],
      scheduled: [{ triggerKey: 'hourly-review', nextDueMs: START_MS + 5 * 60_000 + HOUR_MS }],
    });
    const refused = await fetch(`${pageUrl}/__preview/clock`, { method: 'POST', body: '{"advanceMs":-5}' });
    expect(refused.status).toBe(400);
  });

  it('runs an Automation action through its route as a sample user', async () => {
    const ran = await fetch(`${pageUrl}/__preview/actions/notify-requester?user=acc-1`, {
      method: 'POST',
      body: JSON.stringify({ inputs: { issueKey: 'HD-2' } }),
    });
    await expect(ran.json()).resolves.toEqual({ result: { notified: 'HD-2' } });
    const missing = await fetch(`${pageUrl}/__preview/actions/notify-requester?user=acc-1`, {
      method: 'POST',
      body: JSON.stringify({ inputs: {} }),
    });
    expect(missing.status).toBe(400);
    const stranger = await fetch(`${pageUrl}/__preview/actions/notify-requester?user=nobody`, {
      method: 'POST',
      body: JSON.stringify({ inputs: { issueKey: 'HD-2' } }),
    });
    expect(stranger.status).toBe(403);
  });
});

describe('the preview refuses at start a backend module it cannot run as Forge would', () => {
  const withModule = (yaml: string): string =>
    `modules:\n${yaml}  function:\n    - key: f\n      handler: index.f\n`;

  it('names the module and what to do', () => {
    expect(() =>
      readBackendModules(withModule('  jira:customField:\n    - key: c\n      function: f\n')),
    ).toThrow(/does not route jira:customField modules \(c\)/);
    // A function named below the module's top level (a custom field's value function), also next to a resolver.
    expect(() =>
      readBackendModules(
        withModule('  jira:customField:\n    - key: c\n      value:\n        function: f\n'),
      ),
    ).toThrow(/does not route jira:customField modules \(c\)/);
    expect(() =>
      readBackendModules(
        withModule(
          '  jira:customField:\n    - key: c\n      resolver:\n        function: f\n      value:\n        function: f\n',
        ),
      ),
    ).toThrow(/does not route jira:customField modules \(c\)/);
    expect(() =>
      readBackendModules(
        withModule('  scheduledTrigger:\n    - key: s\n      function: f\n      interval: minute\n'),
      ),
    ).toThrow(/interval "minute" is not one of fiveMinute, hour, day, week/);
    expect(() =>
      readBackendModules(
        withModule('  webtrigger:\n    - key: w\n      function: f\n      response:\n        type: static\n'),
      ),
    ).toThrow(/dynamic responses only/);
    expect(() =>
      readBackendModules(
        withModule(
          '  consumer:\n    - key: c\n      queue: q\n      resolver:\n        function: f\n        method: m\n',
        ),
      ),
    ).toThrow(/resolver form of @forge\/events 1.x/);
    expect(() =>
      readBackendModules(
        withModule(
          '  consumer:\n    - key: a\n      queue: q\n      function: f\n    - key: b\n      queue: q\n      function: f\n',
        ),
      ),
    ).toThrow(/queue q has more than one consumer/);
    expect(() =>
      readBackendModules(withModule('  trigger:\n    - key: t\n      function: g\n      events: [x]\n')),
    ).toThrow(/trigger t names function "g", which the manifest does not define/);
    expect(() =>
      readBackendModules(
        withModule('  automation:actionProvider:\n    - key: p\n      actions: [missing]\n'),
      ),
    ).toThrow(/offers action missing, which the manifest does not define/);
  });
});
