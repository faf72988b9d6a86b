import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JiraHttpRequest, JiraTransport } from '../../src/adapters/jira/transport';
import type { ResolverHandlers } from '../../src/entry/resolvers/handlers';
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
const sent: JiraHttpRequest[] = [];

beforeAll(async () => {
  const transport = sampleJira(sent);
  server = createServer(
    createPreviewRequestListener({
      config: { modules: [], users: [], emulatorUrl: 'http://127.0.0.1:1' },
      hostAssets: new Map(),
      modulesDir: '/nonexistent',
      handlers: {} as ResolverHandlers,
      jiraFor: () => null,
      jiraTransportFor: (accountId) => (accountId === 'u1' ? transport : null),
      logError: () => undefined,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  sent.length = 0;
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
