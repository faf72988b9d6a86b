import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JiraHttpRequest, JiraTransport } from '../../src/adapters/jira/transport';
import type { PreviewServerDeps } from '../../dev/preview/server';
import { createPreviewRequestListener } from '../../dev/preview/server';

/** Jira as one sample user sees it: MAIL-7 in "Bewertet"; "Genehmigen" refused by a validator. */
function sampleJira(sent: JiraHttpRequest[]): JiraTransport {
  const reply = (status: number, body?: unknown) =>
    Promise.resolve({
      status,
      headers: { get: () => null },
      text: () => Promise.resolve(body === undefined ? '' : JSON.stringify(body)),
    });
  return {
    send(request) {
      sent.push(request);
      if (request.method === 'POST' && request.path === '/rest/api/3/issue')
        return reply(201, { id: '10400', key: 'MAIL-8' });
      if (request.path === '/rest/api/3/issue/MAIL-7/transitions' && request.method === 'GET')
        return reply(200, { transitions: [{ id: '21', name: 'Genehmigen', to: { name: 'Genehmigt' } }] });
      if (request.path === '/rest/api/3/issue/MAIL-7/transitions')
        return reply(400, { errorMessages: ['Es fehlt die Bewertung.'], errors: {} });
      return reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
    },
  };
}

let server: Server;
let base = '';
let port = 0;
const sent: JiraHttpRequest[] = [];
/** The contexts the resolver `getIssueFlow` was invoked with. */
const invoked: unknown[] = [];
/** The backend: only the resolver `getIssueFlow` exists (Forge's message for any other name). */
const backend: PreviewServerDeps['backend'] = {
  invokeResolver: (_moduleKey, name, _payload, context) => {
    if (name !== 'getIssueFlow')
      return Promise.reject(new Error(`Resolver has no definition for '${name}'.`));
    invoked.push(context);
    return Promise.resolve({ ok: true, value: 'ran' });
  },
  advanceClock: () => Promise.resolve([]),
  scheduleStatus: () => [],
  runAction: () => Promise.resolve(null),
  routes: () => [],
  // MAIL-7's last event was its status change; no other issue has had one.
  redeliverLastIssueEvent: (issueKey) => {
    redelivered.push(issueKey);
    return Promise.resolve(
      issueKey === 'MAIL-7'
        ? {
            eventType: 'avi:jira:updated:issue',
            deliveries: [{ triggerKey: 'feedback-status-events', delivered: true, reason: 'filter' }],
          }
        : null,
    );
  },
  idle: () => Promise.resolve(),
};
/** The issue keys the page asked to deliver the last event of again. */
const redelivered: string[] = [];

beforeAll(async () => {
  const transport = sampleJira(sent);
  server = createServer(
    createPreviewRequestListener({
      config: { modules: [], users: [], emulatorUrl: 'http://127.0.0.1:1' },
      hostAssets: new Map(),
      modulesDir: '/nonexistent',
      backend,
      clock: { now: () => 0 },
      jiraFor: () => null,
      jiraTransportFor: (accountId) => (accountId === 'u1' ? transport : null),
      logError: () => undefined,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${String(port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  sent.length = 0;
  invoked.length = 0;
  redelivered.length = 0;
});

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('the preview server: the host page creates issues and takes transitions as the chosen user', () => {
  it('creates an issue', async () => {
    await expect(
      post('/__preview/issues?user=u1', { projectKey: 'mail', issueTypeId: '10', summary: 'Neu' }),
    ).resolves.toEqual({ status: 200, body: { id: '10400', key: 'MAIL-8' } });
    expect(sent[0]?.body).toEqual({
      fields: { project: { key: 'MAIL' }, issuetype: { id: '10' }, summary: 'Neu' },
    });
  });

  it('lists the transitions of an issue', async () => {
    const response = await fetch(`${base}/__preview/issues/mail-7/transitions?user=u1`);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual([
      { id: '21', name: 'Genehmigen', to: { name: 'Genehmigt', categoryKey: 'indeterminate' } },
    ]);
  });

  it("answers a refused transition with Jira's status and the validator's message", async () => {
    await expect(
      post('/__preview/issues/MAIL-7/transitions?user=u1', { transitionId: '21' }),
    ).resolves.toEqual({
      status: 400,
      body: { status: 400, message: 'Es fehlt die Bewertung.', messages: ['Es fehlt die Bewertung.'] },
    });
  });

  it('refuses a request without the fields it needs, naming the field, before asking Jira', async () => {
    const response = await post('/__preview/issues?user=u1', { projectKey: 'MAIL', summary: 'x' });
    expect(response).toEqual({
      status: 400,
      body: { status: 400, message: 'the request body needs the string "issueTypeId"' },
    });
    expect(sent).toEqual([]);
  });

  it('refuses an unknown sample user and a path that is not an issue key', async () => {
    expect(
      (await post('/__preview/issues/MAIL-7/transitions?user=nobody', { transitionId: '21' })).status,
    ).toBe(403);
    expect(
      (await post('/__preview/issues/not-a-key/transitions?user=u1', { transitionId: '21' })).status,
    ).toBe(400);
    expect(sent).toEqual([]);
  });
});

describe("the preview server delivers an issue's last event again (Forge's at-least-once delivery)", () => {
  it('redelivers it and answers which triggers received it, once the deliveries settled', async () => {
    await expect(post('/__preview/issues/mail-7/redeliver', {})).resolves.toEqual({
      status: 200,
      body: {
        issueKey: 'MAIL-7',
        eventType: 'avi:jira:updated:issue',
        deliveries: [{ triggerKey: 'feedback-status-events', delivered: true, reason: 'filter' }],
        settled: true,
      },
    });
    expect(redelivered).toEqual(['MAIL-7']);
  });

  it('answers 404 for an issue without an event, and 400 for a path that is not an issue key', async () => {
    const none = await post('/__preview/issues/HD-1/redeliver', {});
    expect(none.status).toBe(404);
    expect((none.body as { message: string }).message).toContain('HD-1 has had no event');
    expect((await post('/__preview/issues/not-a-key/redeliver', {})).status).toBe(400);
    expect(redelivered).toEqual(['HD-1']);
  });
});

/** A raw request with exactly the given headers (fetch would set Host and Origin itself). */
function rawRequest(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, setHost: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('the preview server accepts calls only from its own page', () => {
  const asAdmin = { payload: { issueKey: 'HD-1' }, context: { accountId: 'admin-account' } };

  it('runs a resolver for its own page (own Host, own Origin or none)', async () => {
    const own = `localhost:${String(port)}`;
    const fromPage = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: own, origin: `http://${own}`, 'content-type': 'application/json' },
      asAdmin,
    );
    expect(fromPage).toEqual({ status: 200, text: JSON.stringify({ ok: true, value: 'ran' }) });
    const sameOriginNoHeader = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: `127.0.0.1:${String(port)}` },
      asAdmin,
    );
    expect(sameOriginNoHeader.status).toBe(200);
    expect(invoked).toEqual([asAdmin.context, asAdmin.context]);
  });

  it("refuses another site's page posting a sample user's account id (cross-origin POST)", async () => {
    const response = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: `localhost:${String(port)}`, origin: 'https://evil.example', 'content-type': 'text/plain' },
      asAdmin,
    );
    expect(response.status).toBe(403);
    expect(response.text).toContain('https://evil.example');
    expect(invoked).toEqual([]);
  });

  it('refuses a sandboxed or file page (Origin "null") and a request under a foreign host name (DNS rebinding)', async () => {
    const nullOrigin = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: `localhost:${String(port)}`, origin: 'null' },
      asAdmin,
    );
    expect(nullOrigin.status).toBe(403);
    const rebound = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: `attacker.example:${String(port)}`, origin: `http://attacker.example:${String(port)}` },
      asAdmin,
    );
    expect(rebound.status).toBe(403);
    expect(rebound.text).toContain('Host');
    const otherPort = await rawRequest('GET', '/__preview/config', { host: `localhost:${String(port + 1)}` });
    expect(otherPort.status).toBe(403);
    expect(invoked).toEqual([]);
  });

  it('accepts only its own loopback names with its own port: no Host, no port, a trailing dot or another name are refused', async () => {
    const own = String(port);
    const ipv6 = await rawRequest(
      'POST',
      '/__invoke/getIssueFlow',
      { host: `[::1]:${own}`, origin: `http://[::1]:${own}` },
      asAdmin,
    );
    expect(ipv6.status).toBe(200);
    const upperCase = await rawRequest('GET', '/__preview/config', { host: `LOCALHOST:${own}` });
    expect(upperCase.status).toBe(200);
    for (const headers of [
      {},
      { host: 'localhost' },
      { host: `localhost.:${own}` },
      { host: `127.0.0.2:${own}` },
      { host: `0.0.0.0:${own}` },
      { host: `localhost:${own}@evil.example` },
      { host: `[::1]:${own}`, origin: `http://localhost:${own}` },
    ]) {
      const response = await rawRequest('POST', '/__invoke/getIssueFlow', headers, asAdmin);
      expect([JSON.stringify(headers), response.status >= 400 && response.status < 500]).toEqual([
        JSON.stringify(headers),
        true,
      ]);
    }
    expect(invoked).toEqual([asAdmin.context]);
  });

  it("refuses the host page's changes from another origin before asking Jira", async () => {
    const response = await rawRequest(
      'POST',
      '/__preview/issues?user=u1',
      { host: `localhost:${String(port)}`, origin: 'http://localhost:9999' },
      { projectKey: 'MAIL', issueTypeId: '10', summary: 'Neu' },
    );
    expect(response.status).toBe(403);
    expect(sent).toEqual([]);
  });
});
