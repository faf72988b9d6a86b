/**
 * The HTTP transport with a recording `fetch` (and once with a real refused connection): the URL, the basic auth
 * and JSON headers, the body, and a clear typed error when Jira cannot be reached.
 */
import net from 'node:net';
import { JiraUnavailableError } from '../../src/application/errors';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import type { FetchFunction } from '../../src/adapters/jira/http-transport';

function recordingFetch(): {
  fetch: FetchFunction;
  calls: { url: string; init: Parameters<FetchFunction>[1] }[];
} {
  const calls: { url: string; init: Parameters<FetchFunction>[1] }[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return Promise.resolve({
        status: 200,
        headers: { get: () => null },
        text: () => Promise.resolve('{}'),
      });
    },
  };
}

describe('createHttpTransport', () => {
  it('sends GET with basic auth of e-mail and API token and asks for JSON', async () => {
    const { fetch, calls } = recordingFetch();
    const transport = createHttpTransport({
      baseUrl: 'https://example.atlassian.net/',
      email: 'anna@example.de',
      apiToken: 't0k3n',
      fetch,
    });

    const response = await transport.send({ method: 'GET', path: '/rest/api/3/myself' });

    expect(response.status).toBe(200);
    expect(calls).toEqual([
      {
        url: 'https://example.atlassian.net/rest/api/3/myself',
        init: {
          method: 'GET',
          headers: {
            Authorization: `Basic ${Buffer.from('anna@example.de:t0k3n').toString('base64')}`,
            Accept: 'application/json',
          },
          // Jira's 303 (task of an async change) reaches the client as it is; the client polls the task.
          redirect: 'manual',
        },
      },
    ]);
  });

  it('sends a JSON body with its content type and keeps a site’s context path', async () => {
    const { fetch, calls } = recordingFetch();
    const transport = createHttpTransport({
      baseUrl: 'http://127.0.0.1:8080/jira',
      email: 'e',
      apiToken: 't',
      fetch,
    });

    await transport.send({ method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'project = HD' } });

    expect(calls[0]?.url).toBe('http://127.0.0.1:8080/jira/rest/api/3/search/jql');
    expect(calls[0]?.init.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"jql":"project = HD"}');
  });

  it('turns a refused connection into JiraUnavailableError naming the URL and the reason', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    const transport = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}`, email: 'e', apiToken: 't' });

    const failure: unknown = await transport
      .send({ method: 'GET', path: '/rest/api/3/myself' })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect((failure as Error).message).toBe(
      `Cannot reach Jira at http://127.0.0.1:${port}/rest/api/3/myself: fetch failed (ECONNREFUSED)`,
    );
    expect((failure as JiraUnavailableError).status).toBeNull();
  });

  it('hands the client’s deadline signal to fetch, and a request aborted by it stops at once', async () => {
    const { fetch, calls } = recordingFetch();
    const controller = new AbortController();
    const options = { baseUrl: 'https://example.atlassian.net', email: 'a@b.c', apiToken: 't' };

    await createHttpTransport({ ...options, fetch }).send(
      { method: 'GET', path: '/rest/api/3/myself' },
      { signal: controller.signal },
    );
    expect(calls[0]?.init.signal).toBe(controller.signal);

    // A server that accepts the connection and never answers: Node's fetch gives up when the signal fires.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const transport = createHttpTransport({ ...options, baseUrl: `http://127.0.0.1:${port}` });
      const pending = transport.send(
        { method: 'GET', path: '/rest/api/3/myself' },
        { signal: AbortSignal.timeout(50) },
      );
      await expect(pending).rejects.toBeInstanceOf(JiraUnavailableError);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('refuses a site URL that is not http(s)', () => {
    expect(() =>
      createHttpTransport({ baseUrl: 'example.atlassian.net', email: 'e', apiToken: 't' }),
    ).toThrow('Not a Jira site URL: "example.atlassian.net" (expected e.g. https://example.atlassian.net)');
    expect(() => createHttpTransport({ baseUrl: 'ftp://example.net', email: 'e', apiToken: 't' })).toThrow(
      'Not a Jira site URL: "ftp://example.net" (expected http:// or https://)',
    );
  });
});
