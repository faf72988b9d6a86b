/**
 * The Forge transport over a recording `requestJira`: declared endpoints are sent as Forge routes with method,
 * JSON headers and body; an endpoint the manifest has no scope for is refused before anything is sent.
 */
import { FetchError, NeedsAuthenticationError, ProductEndpointNotAllowedError } from '@forge/api';
import type { APIResponse, RequestInit, RequestProductMethod, Route } from '@forge/api';
import { JiraUnavailableError } from '../../src/application/errors';
import { FORGE_ENDPOINTS, createRequestJiraTransport } from '../../src/adapters/jira/forge-transport';
import { createJiraClient, JIRA_ROUTES } from '../../src/adapters/jira/jira-client';

function recordingRequestJira(): {
  requestJira: RequestProductMethod;
  calls: { path: string; init: RequestInit | undefined }[];
} {
  const calls: { path: string; init: RequestInit | undefined }[] = [];
  const requestJira: RequestProductMethod = (url: Route, init?: RequestInit) => {
    calls.push({ path: url.value, init });
    const response = {
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: { get: (name: string) => (name.toLowerCase() === 'x-test' ? 'yes' : null) },
      text: () => Promise.resolve('{"issues":[],"isLast":true}'),
    };
    return Promise.resolve(response as unknown as APIResponse);
  };
  return { requestJira, calls };
}

describe('createRequestJiraTransport', () => {
  it('sends a POST with its JSON body and headers as a Forge route', async () => {
    const { requestJira, calls } = recordingRequestJira();
    const transport = createRequestJiraTransport(() => requestJira);

    const response = await transport.send({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: { jql: 'project = HD' },
    });

    expect(calls).toEqual([
      {
        path: '/rest/api/3/search/jql',
        init: {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: '{"jql":"project = HD"}',
          redirect: 'manual',
        },
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Test')).toBe('yes');
    expect(await response.text()).toBe('{"issues":[],"isLast":true}');
  });

  it('keeps encoded path parameters and passes the query on', async () => {
    const { requestJira, calls } = recordingRequestJira();
    const transport = createRequestJiraTransport(() => requestJira);

    await transport.send({ method: 'GET', path: '/rest/api/3/issue/HD-7/properties/three%20ways' });
    await transport.send({
      method: 'GET',
      path: '/rest/api/3/mypermissions?permissions=ADMINISTER&projectKey=HD',
    });
    await transport.send({ method: 'GET', path: '/rest/api/3/project/search?startAt=0&maxResults=100' });

    expect(calls.map((c) => `${c.init?.method ?? ''} ${c.path}`)).toEqual([
      'GET /rest/api/3/issue/HD-7/properties/three%20ways',
      'GET /rest/api/3/mypermissions?permissions=ADMINISTER&projectKey=HD',
      'GET /rest/api/3/project/search?startAt=0&maxResults=100',
    ]);
  });

  it('sends the JSM CSAT reads on Forge, and a site without JSM (404) reads as no rating', async () => {
    const calls: string[] = [];
    const requestJira: RequestProductMethod = (url: Route) => {
      calls.push(url.value);
      const isFeedback = url.value.endsWith('/feedback');
      const body = isFeedback
        ? url.value.includes('HD-1/')
          ? '{"type":"csat","rating":2,"comment":{"body":"slow"}}'
          : '{"errorMessage":"No request found"}'
        : '{"start":0,"size":1,"isLastPage":true,"values":[{"id":"1","projectId":"10000","projectKey":"HD","projectName":"Help Desk"}]}';
      const status = isFeedback && !url.value.includes('HD-1/') ? 404 : 200;
      const response = {
        ok: status === 200,
        status,
        statusText: status === 200 ? 'OK' : 'Not Found',
        headers: { get: () => null },
        text: () => Promise.resolve(body),
      };
      return Promise.resolve(response as unknown as APIResponse);
    };
    const client = createJiraClient(createRequestJiraTransport(() => requestJira));

    await expect(client.getRequestFeedback('HD-1')).resolves.toEqual({ rating: 2, comment: 'slow' });
    await expect(client.getRequestFeedback('OPS-9')).resolves.toBeNull();
    await expect(client.listServiceDesks()).resolves.toEqual([
      { id: '1', projectId: '10000', projectKey: 'HD', projectName: 'Help Desk' },
    ]);
    expect(calls).toEqual([
      '/rest/servicedeskapi/request/HD-1/feedback',
      '/rest/servicedeskapi/request/OPS-9/feedback',
      '/rest/servicedeskapi/servicedesk?start=0&limit=50',
    ]);
  });

  it.each([
    ['DELETE', '/rest/api/3/issue/HD-7/comment'],
    ['GET', '/rest/api/3/project/HD/statuses?expand=all'],
    ['GET', '/rest/api/3/issue/HD-7/../../admin'],
  ] as const)('refuses %s %s, which has no declared scope, without sending it', async (method, path) => {
    const { requestJira, calls } = recordingRequestJira();
    const transport = createRequestJiraTransport(() => requestJira);

    await expect(transport.send({ method, path })).rejects.toThrow(
      /is not among the Jira endpoints the app may call on Forge/,
    );
    expect(calls).toEqual([]);
  });

  it('accepts every client route the app uses on Forge, and refuses those it does not (property delete)', async () => {
    const { requestJira } = recordingRequestJira();
    const transport = createRequestJiraTransport(() => requestJira);
    const refused: string[] = [];
    for (const routeKey of Object.values(JIRA_ROUTES)) {
      const [method = '', template = ''] = routeKey.split(' ');
      const path = template.replace(/\{[^}]+\}/g, 'X1');
      const sent = await transport.send({ method: method as 'GET', path }).then(
        () => true,
        () => false,
      );
      if (!sent) refused.push(routeKey);
    }

    // Property deletion is not used on Forge yet: no route. Comments are posted by the feedback replies; the
    // Jira Service Management reads (CSAT) are sent with read:servicedesk-request.
    expect(refused.sort()).toEqual([JIRA_ROUTES.deleteIssueProperty].sort());
    const accepted = Object.values(JIRA_ROUTES).length - refused.length;
    expect(FORGE_ENDPOINTS).toHaveLength(accepted);
  });

  it('tells the product fetch not to follow redirects, on every endpoint, so Jira’s 303 task answer reaches the client', async () => {
    const calls: (RequestInit | undefined)[] = [];
    const taskBody = '{"id":"10050","status":"ENQUEUED","self":"https://x/rest/api/3/task/10050"}';
    const requestJira: RequestProductMethod = (_url: Route, init?: RequestInit) => {
      calls.push(init);
      // A fetch that followed the redirect would never show the client the 303.
      const followed = init?.redirect !== 'manual';
      const response = {
        ok: followed,
        status: followed ? 200 : 303,
        statusText: followed ? 'OK' : 'See Other',
        headers: {
          get: (name: string) => (name.toLowerCase() === 'location' ? '/rest/api/3/task/10050' : null),
        },
        text: () => Promise.resolve(followed ? '{}' : taskBody),
      };
      return Promise.resolve(response as unknown as APIResponse);
    };
    const transport = createRequestJiraTransport(() => requestJira);
    for (const routeKey of Object.values(JIRA_ROUTES)) {
      const [method = '', template = ''] = routeKey.split(' ');
      await transport
        .send({ method: method as 'GET', path: template.replace(/\{[^}]+\}/g, 'X1') })
        .catch(() => null);
    }
    expect(calls.length).toBe(FORGE_ENDPOINTS.length);
    expect(calls.every((init) => init?.redirect === 'manual')).toBe(true);

    const client = createJiraClient(createRequestJiraTransport(() => requestJira));
    await expect(client.switchProjectWorkflowScheme('10000', '10001')).resolves.toEqual({
      task: { id: '10050', status: 'ENQUEUED', message: null, progress: 0 },
    });
  });

  it('carries the client’s calls through to Forge', async () => {
    const { requestJira, calls } = recordingRequestJira();
    const client = createJiraClient(createRequestJiraTransport(() => requestJira));

    expect(await client.searchIssueIds('project = HD')).toEqual([]);
    expect(client.requestCount(JIRA_ROUTES.searchJql)).toBe(1);
    expect(calls[0]?.path).toBe('/rest/api/3/search/jql');
  });
});

describe('createRequestJiraTransport on a failing product fetch', () => {
  const failing =
    (error: Error): RequestProductMethod =>
    () =>
      Promise.reject(error);

  it('turns a fetch that got no answer into JiraUnavailableError without a status, which the client retries for reads', async () => {
    let calls = 0;
    const flaky: RequestProductMethod = (url, init) => {
      calls++;
      if (calls === 1) return Promise.reject(new FetchError('socket hang up'));
      return recordingRequestJira().requestJira(url, init);
    };
    const transport = createRequestJiraTransport(() => flaky);

    const failure = await transport.send({ method: 'GET', path: '/rest/api/3/myself' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect((failure as JiraUnavailableError).status).toBeNull();
    expect((failure as Error).message).toBe(
      'Jira did not answer GET /rest/api/3/myself on Forge: FUNCTION_FETCH_ERR: socket hang up; try again',
    );

    calls = 0;
    const client = createJiraClient(transport, { sleep: () => Promise.resolve(), random: () => 0 });
    await expect(client.searchIssueIds('project = HD')).resolves.toEqual([]);
    expect(calls).toBe(2);
  });

  it('lets Forge’s consent error and a missing permission through unchanged', async () => {
    const consent = new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
    const notAllowed = new ProductEndpointNotAllowedError('/rest/api/3/myself');

    await expect(
      createRequestJiraTransport(() => failing(consent)).send({ method: 'GET', path: '/rest/api/3/myself' }),
    ).rejects.toBe(consent);
    await expect(
      createRequestJiraTransport(() => failing(notAllowed)).send({
        method: 'GET',
        path: '/rest/api/3/myself',
      }),
    ).rejects.toBe(notAllowed);
  });

  it('passes the client’s deadline signal on to the product fetch', async () => {
    const { requestJira, calls } = recordingRequestJira();
    const controller = new AbortController();

    await createRequestJiraTransport(() => requestJira).send(
      { method: 'GET', path: '/rest/api/3/myself' },
      { signal: controller.signal },
    );

    expect(calls[0]?.init?.signal).toBe(controller.signal);
    expect(calls[0]?.init?.redirect).toBe('manual');
  });
});
