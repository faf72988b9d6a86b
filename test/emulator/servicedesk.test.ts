/**
 * The emulator's Jira Service Management endpoints (`/rest/servicedeskapi`): service desks, request types and a
 * request's CSAT feedback, with JSM's paging (`start`, `limit`, `size`, `isLastPage`, `values`, `_links`), its
 * error body (`errorMessage`, `i18nErrorMessage`) and per-user visibility. The platform OpenAPI description has
 * no JSM paths, so the documented shapes are asserted here.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { EMULATOR_ROUTE_KEYS, SERVICE_DESK_ROUTE_KEYS } from '../../dev/emulator/routes';
import { clientFor, obj } from './http-client';
import { serviceDeskSeed } from './service-desk-seed';
import { ADMIN, AGENT, HD_ID, LEAD, SEC_ID } from './seed-builder';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: serviceDeskSeed(), now: () => Date.UTC(2026, 1, 1) });
});
afterAll(async () => {
  await emulator.stop();
});

const API = '/rest/servicedeskapi';

describe('route table', () => {
  it('serves the JSM routes under their documented paths, apart from the platform keys the contract test checks', () => {
    expect(SERVICE_DESK_ROUTE_KEYS).toEqual([
      'GET /rest/servicedeskapi/servicedesk',
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}',
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype',
      'GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback',
      'POST /rest/servicedeskapi/request/{requestIdOrKey}/feedback',
    ]);
    expect(EMULATOR_ROUTE_KEYS.filter((key) => key.includes('servicedeskapi'))).toEqual([]);
  });
});

describe('GET /rest/servicedeskapi/servicedesk', () => {
  it('lists the desks an admin may view as a JSM page', async () => {
    const reply = await clientFor(emulator.url, ADMIN).get(`${API}/servicedesk`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      _expands: [],
      size: 2,
      start: 0,
      limit: 50,
      isLastPage: true,
      _links: { base: emulator.url, context: '', self: `${emulator.url}${API}/servicedesk?start=0&limit=50` },
      values: [
        {
          id: '1',
          projectId: HD_ID,
          projectName: expect.any(String) as unknown,
          projectKey: 'HD',
          _links: { self: `${emulator.url}${API}/servicedesk/1` },
        },
        {
          id: '2',
          projectId: SEC_ID,
          projectName: expect.any(String) as unknown,
          projectKey: 'SEC',
          _links: { self: `${emulator.url}${API}/servicedesk/2` },
        },
      ],
    });
  });

  it('pages with start and limit, linking the next and previous page', async () => {
    const client = clientFor(emulator.url, ADMIN);
    const first = obj((await client.get(`${API}/servicedesk?limit=1`)).body);
    expect(first).toMatchObject({ start: 0, limit: 1, size: 1, isLastPage: false, values: [{ id: '1' }] });
    expect(obj(first._links).next).toBe(`${emulator.url}${API}/servicedesk?start=1&limit=1`);
    const second = obj((await client.get(`${API}/servicedesk?start=1&limit=1`)).body);
    expect(second).toMatchObject({ start: 1, size: 1, isLastPage: true, values: [{ id: '2' }] });
    expect(obj(second._links).prev).toBe(`${emulator.url}${API}/servicedesk?start=0&limit=1`);
    expect(obj(second._links).next).toBeUndefined();
  });

  it('caps limit at 100 and answers a malformed one with JSM’s error body', async () => {
    const client = clientFor(emulator.url, ADMIN);
    expect(obj((await client.get(`${API}/servicedesk?limit=1000`)).body).limit).toBe(100);
    const bad = await client.get(`${API}/servicedesk?start=-1`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      errorMessage: expect.any(String) as unknown,
      i18nErrorMessage: { i18nKey: 'sd.paging.invalid', parameters: [] },
    });
  });

  it('lists only the desks of projects the user may browse', async () => {
    const reply = obj((await clientFor(emulator.url, AGENT).get(`${API}/servicedesk`)).body);
    expect(reply.size).toBe(1);
    expect((reply.values as { projectKey: string }[]).map((d) => d.projectKey)).toEqual(['HD']);
  });

  it('asks for authentication', async () => {
    expect((await clientFor(emulator.url, null).get(`${API}/servicedesk`)).status).toBe(401);
  });
});

describe('GET /rest/servicedeskapi/servicedesk/{serviceDeskId} and …/requesttype', () => {
  it('returns a visible desk and 404 for a hidden or missing one (the same answer)', async () => {
    const agent = clientFor(emulator.url, AGENT);
    expect(obj((await agent.get(`${API}/servicedesk/1`)).body)).toMatchObject({ id: '1', projectKey: 'HD' });
    const hidden = await agent.get(`${API}/servicedesk/2`);
    const missing = await agent.get(`${API}/servicedesk/99`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(obj(hidden.body).errorMessage).toBe(obj(missing.body).errorMessage);
  });

  it('lists request types as RequestTypeDTOs, paged', async () => {
    const reply = obj(
      (await clientFor(emulator.url, AGENT).get(`${API}/servicedesk/1/requesttype?limit=2`)).body,
    );
    expect(reply).toMatchObject({ start: 0, limit: 2, size: 2, isLastPage: false });
    expect(reply.values).toEqual([
      {
        id: '11',
        _links: { self: `${emulator.url}${API}/servicedesk/1/requesttype/11` },
        name: 'Passwort zurücksetzen',
        description: 'Passwort zurücksetzen (Beschreibung)',
        helpText: '',
        issueTypeId: '10100',
        serviceDeskId: '1',
        portalId: '1',
        groupIds: [],
      },
      expect.objectContaining({ id: '12', name: 'Zugang beantragen' }),
    ]);
    expect((await clientFor(emulator.url, AGENT).get(`${API}/servicedesk/2/requesttype`)).status).toBe(404);
  });
});

describe('GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback', () => {
  it('returns the CSAT rating with its comment, by key or id', async () => {
    const agent = clientFor(emulator.url, AGENT);
    const byKey = await agent.get(`${API}/request/HD-1/feedback`);
    expect(byKey.status).toBe(200);
    expect(byKey.body).toEqual({ type: 'csat', rating: 5, comment: { body: 'Schnell erledigt.' } });
    expect((await agent.get(`${API}/request/100003/feedback`)).body).toEqual({ type: 'csat', rating: 4 });
  });

  it('answers 404 for a request without rating, a hidden request, a missing one and a non-JSM issue', async () => {
    const agent = clientFor(emulator.url, AGENT);
    const unrated = await agent.get(`${API}/request/HD-2/feedback`);
    expect(unrated.status).toBe(404);
    expect(obj(obj(unrated.body).i18nErrorMessage).i18nKey).toBe('sd.request.feedback.not.found');
    const hidden = await agent.get(`${API}/request/SEC-1/feedback`);
    const missing = await agent.get(`${API}/request/HD-999/feedback`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({
      errorMessage: 'The request does not exist or you do not have permission to see it.',
      i18nErrorMessage: { i18nKey: 'sd.request.not.found', parameters: ['SEC-1'] },
    });
    expect(obj(missing.body).errorMessage).toBe(obj(hidden.body).errorMessage);
    // CSI is no service desk: its issues are no requests, even for an admin.
    const notRequest = await clientFor(emulator.url, ADMIN).get(`${API}/request/CSI-1/feedback`);
    expect(notRequest.status).toBe(404);
    expect(obj(obj(notRequest.body).i18nErrorMessage).i18nKey).toBe('sd.request.not.request');
  });

  it('lets the reporter see the rating of their own request in a project they may not browse', async () => {
    // AGENT reported SEC-3 (a customer of the SEC desk) but may not browse SEC; ADMIN sees every request.
    expect((await clientFor(emulator.url, AGENT).get(`${API}/request/SEC-3/feedback`)).body).toEqual({
      type: 'csat',
      rating: 1,
    });
    expect((await clientFor(emulator.url, AGENT).get(`${API}/request/SEC-2/feedback`)).status).toBe(404);
    expect((await clientFor(emulator.url, ADMIN).get(`${API}/request/SEC-2/feedback`)).body).toEqual({
      type: 'csat',
      rating: 1,
    });
  });
});

describe('POST /rest/servicedeskapi/request/{requestIdOrKey}/feedback', () => {
  // A fresh emulator: these tests rate requests.
  let own: RunningEmulator;
  beforeAll(async () => {
    own = await startEmulator({ seed: serviceDeskSeed(), now: () => Date.UTC(2026, 1, 1) });
  });
  afterAll(async () => {
    await own.stop();
  });

  it('lets the reporter rate their request; everyone who may see it then reads the rating', async () => {
    // LEAD reported every HD issue; HD-7 has no rating yet.
    const given = await clientFor(own.url, LEAD).post(`${API}/request/HD-7/feedback`, {
      type: 'csat',
      rating: 2,
      comment: { body: 'Drei Tage ohne Drucker.' },
    });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({ type: 'csat', rating: 2, comment: { body: 'Drei Tage ohne Drucker.' } });
    expect((await clientFor(own.url, AGENT).get(`${API}/request/HD-7/feedback`)).body).toEqual(given.body);
    // A second rating replaces the first.
    await clientFor(own.url, LEAD).post(`${API}/request/HD-7/feedback`, { type: 'csat', rating: 4 });
    expect((await clientFor(own.url, AGENT).get(`${API}/request/HD-7/feedback`)).body).toEqual({
      type: 'csat',
      rating: 4,
    });
  });

  it('refuses anybody but the reporter (403 when they may see the request, 404 when not)', async () => {
    const agent = clientFor(own.url, AGENT);
    const notReporter = await agent.post(`${API}/request/HD-9/feedback`, { type: 'csat', rating: 5 });
    expect(notReporter.status).toBe(403);
    expect(obj(obj(notReporter.body).i18nErrorMessage).i18nKey).toBe('sd.request.feedback.not.reporter');
    expect((await agent.post(`${API}/request/SEC-1/feedback`, { type: 'csat', rating: 5 })).status).toBe(404);
    // AGENT reported SEC-3: a customer may rate their own request without browsing the project.
    expect((await agent.post(`${API}/request/SEC-3/feedback`, { type: 'csat', rating: 3 })).status).toBe(200);
    expect((await clientFor(own.url, LEAD).get(`${API}/request/HD-9/feedback`)).status).toBe(404);
  });

  it.each([
    ['a rating above 5', { type: 'csat', rating: 6 }],
    ['a rating as text', { type: 'csat', rating: '5' }],
    ['a fractional rating', { type: 'csat', rating: 4.5 }],
    ['another feedback type', { type: 'nps', rating: 5 }],
    ['no body object', [5]],
  ])('answers 400 for %s', async (_name, body) => {
    const reply = await clientFor(own.url, LEAD).post(`${API}/request/HD-2/feedback`, body);
    expect(reply.status).toBe(400);
    expect(obj(obj(reply.body).i18nErrorMessage).i18nKey).toBe('sd.request.feedback.invalid');
  });

  it('answers 404 for an issue that is no service desk request', async () => {
    const reply = await clientFor(own.url, LEAD).post(`${API}/request/CSI-1/feedback`, {
      type: 'csat',
      rating: 5,
    });
    expect(reply.status).toBe(404);
    expect(obj(obj(reply.body).i18nErrorMessage).i18nKey).toBe('sd.request.not.request');
  });
});
