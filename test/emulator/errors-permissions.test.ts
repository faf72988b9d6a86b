/**
 * Jira's error answers (`{ errorMessages, errors }`) for 401, 403 and 404, and the seed users' permissions:
 * Bernd browses HD only, Clara browses HD and CSI and administers CSI, Anna is a Jira administrator.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, AGENT, CSI_ID, HD_ID, LEAD, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildSeed({ hd: 5, csi: 2, sec: 1 }) });
});

afterAll(async () => {
  await emulator.stop();
});

const ISSUE_404 = {
  errorMessages: ['Issue does not exist or you do not have permission to see it.'],
  errors: {},
};

describe('authentication', () => {
  it('answers 401 with Jira’s body without credentials and with a wrong API token', async () => {
    const anonymous = await clientFor(emulator.url, null).get('/rest/api/3/myself');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    });
    const wrongToken = await clientFor(emulator.url, {
      emailAddress: AGENT.emailAddress,
      apiToken: 'guess',
    }).get('/rest/api/3/myself');
    expect(wrongToken.status).toBe(401);
  });

  it('identifies the caller by e-mail and API token', async () => {
    const me = obj((await clientFor(emulator.url, LEAD).get('/rest/api/3/myself')).body);
    expect(me).toMatchObject({
      accountId: LEAD.accountId,
      displayName: 'Clara Lead',
      emailAddress: 'clara@example.test',
      locale: 'de_DE',
      timeZone: 'Europe/Berlin',
      active: true,
      accountType: 'atlassian',
    });
  });
});

describe('issues the caller may not browse', () => {
  it('answers 404 with the same body for a hidden issue and a missing one', async () => {
    const agent = clientFor(emulator.url, AGENT);
    const hidden = await agent.get('/rest/api/3/issue/SEC-1');
    const missing = await agent.get('/rest/api/3/issue/HD-999');
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body).toEqual(ISSUE_404);
    expect(missing.body).toEqual(ISSUE_404);
    expect((await clientFor(emulator.url, ADMIN).get('/rest/api/3/issue/SEC-1')).status).toBe(200);
    for (const path of ['/comment', '/changelog', '/properties', '/transitions']) {
      const reply = await agent.get(`/rest/api/3/issue/SEC-1${path}`);
      expect([path, reply.status, reply.body]).toEqual([path, 404, ISSUE_404]);
    }
  });

  it('finds issues by id and by key case-insensitively', async () => {
    const agent = clientFor(emulator.url, AGENT);
    expect(obj((await agent.get('/rest/api/3/issue/100002?fields=summary')).body).key).toBe('HD-2');
    expect(obj((await agent.get('/rest/api/3/issue/hd-2?fields=summary')).body).key).toBe('HD-2');
  });

  it('leaves hidden issues out of bulkfetch and hides links to them', async () => {
    const agent = clientFor(emulator.url, AGENT);
    const reply = await agent.post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['SEC-1', 'HD-1'] });
    expect(objs(obj(reply.body).issueChangeLogs).map((l) => l.issueId)).toEqual(['100001']);
    // HD-2 is linked to CSI-1, which Bernd may not browse: the link is not shown to him.
    const forAgent = obj(obj((await agent.get('/rest/api/3/issue/HD-2?fields=issuelinks')).body).fields);
    expect(forAgent.issuelinks).toEqual([]);
    const forLead = obj(
      obj((await clientFor(emulator.url, LEAD).get('/rest/api/3/issue/HD-2?fields=issuelinks')).body).fields,
    );
    expect(objs(forLead.issuelinks).map((l) => obj(l.inwardIssue).key)).toEqual(['CSI-1']);
  });
});

describe('projects and metadata by permission', () => {
  it('lists only browsable projects and answers 404 for the others', async () => {
    const agentProjects = obj((await clientFor(emulator.url, AGENT).get('/rest/api/3/project/search')).body);
    expect(objs(agentProjects.values).map((p) => p.key)).toEqual(['HD']);
    expect(agentProjects.total).toBe(1);
    const adminProjects = obj(
      (await clientFor(emulator.url, ADMIN).get('/rest/api/3/project/search?maxResults=2')).body,
    );
    expect(objs(adminProjects.values).map((p) => p.key)).toEqual(['CSI', 'HD']);
    expect(adminProjects.isLast).toBe(false);
    const hidden = await clientFor(emulator.url, AGENT).get('/rest/api/3/project/SEC');
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ errorMessages: ["No project could be found with key 'SEC'."], errors: {} });
    const statuses = await clientFor(emulator.url, AGENT).get('/rest/api/3/project/CSI/statuses');
    expect(statuses.status).toBe(404);
  });

  it('answers 403 to status search without Administer Jira or Administer Projects', async () => {
    const agent = await clientFor(emulator.url, AGENT).get(`/rest/api/3/statuses/search?projectId=${HD_ID}`);
    expect(agent.status).toBe(403);
    expect(agent.body).toEqual({
      errorMessages: ['You need the Administer Jira or Administer Projects permission to search statuses.'],
      errors: {},
    });
    const leadOnHd = await clientFor(emulator.url, LEAD).get(
      `/rest/api/3/statuses/search?projectId=${HD_ID}`,
    );
    expect(leadOnHd.status).toBe(403);
    const leadOnCsi = obj(
      (await clientFor(emulator.url, LEAD).get(`/rest/api/3/statuses/search?projectId=${CSI_ID}`)).body,
    );
    expect(objs(leadOnCsi.values)).toEqual([
      {
        id: '20000',
        name: 'Backlog',
        description: '',
        statusCategory: 'TODO',
        scope: { type: 'PROJECT', project: { id: CSI_ID } },
      },
      {
        id: '20001',
        name: 'In Arbeit',
        description: '',
        statusCategory: 'IN_PROGRESS',
        scope: { type: 'PROJECT', project: { id: CSI_ID } },
      },
      {
        id: '20002',
        name: 'Fertig',
        description: '',
        statusCategory: 'DONE',
        scope: { type: 'PROJECT', project: { id: CSI_ID } },
      },
    ]);
    const adminDone = obj(
      (
        await clientFor(emulator.url, ADMIN).get(
          `/rest/api/3/statuses/search?projectId=${HD_ID}&statusCategory=DONE`,
        )
      ).body,
    );
    expect(objs(adminDone.values).map((s) => s.name)).toEqual(['Gelöst', 'Geschlossen']);
  });

  it('reports permissions per project with mypermissions', async () => {
    const ask = async (user: typeof AGENT, query: string) =>
      obj(
        obj((await clientFor(emulator.url, user).get(`/rest/api/3/mypermissions?${query}`)).body).permissions,
      );
    const have = (permissions: Record<string, unknown>, key: string) => obj(permissions[key]).havePermission;
    const agentOnHd = await ask(
      AGENT,
      'permissions=ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS&projectKey=HD',
    );
    expect([
      have(agentOnHd, 'ADMINISTER'),
      have(agentOnHd, 'ADMINISTER_PROJECTS'),
      have(agentOnHd, 'BROWSE_PROJECTS'),
    ]).toEqual([false, false, true]);
    const leadOnCsi = await ask(LEAD, 'permissions=ADMINISTER,ADMINISTER_PROJECTS&projectKey=CSI');
    expect([have(leadOnCsi, 'ADMINISTER'), have(leadOnCsi, 'ADMINISTER_PROJECTS')]).toEqual([false, true]);
    const leadOnHd = await ask(LEAD, 'permissions=ADMINISTER_PROJECTS&projectKey=HD');
    expect(have(leadOnHd, 'ADMINISTER_PROJECTS')).toBe(false);
    const admin = await ask(ADMIN, 'permissions=ADMINISTER');
    expect(obj(admin.ADMINISTER)).toMatchObject({
      id: '0',
      key: 'ADMINISTER',
      type: 'GLOBAL',
      havePermission: true,
    });

    const agent = clientFor(emulator.url, AGENT);
    expect((await agent.get('/rest/api/3/mypermissions')).status).toBe(400);
    expect((await agent.get('/rest/api/3/mypermissions?permissions=FLY')).body).toEqual({
      errorMessages: ['Invalid permission key(s): FLY.'],
      errors: {},
    });
    expect(
      (await agent.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=SEC')).status,
    ).toBe(404);
  });

  it('lists issue types of browsable projects, with the project scope of team-managed ones', async () => {
    const agentTypes = objs((await clientFor(emulator.url, AGENT).get('/rest/api/3/issuetype')).body);
    expect(agentTypes.map((t) => t.name)).toEqual(['Incident', 'Service Request']);
    expect(
      (await clientFor(emulator.url, AGENT).get(`/rest/api/3/issuetype/project?projectId=${CSI_ID}`)).status,
    ).toBe(404);
    const csiTypes = objs(
      (await clientFor(emulator.url, LEAD).get(`/rest/api/3/issuetype/project?projectId=${CSI_ID}`)).body,
    );
    expect(csiTypes.map((t) => [t.name, t.scope])).toEqual([
      ['Improvement', { type: 'PROJECT', project: { id: CSI_ID } }],
      ['Feedback', { type: 'PROJECT', project: { id: CSI_ID } }],
    ]);
    expect((await clientFor(emulator.url, LEAD).get('/rest/api/3/issuetype/project')).status).toBe(400);
  });
});

describe('requests the emulator does not serve', () => {
  it('answers 404 for an unknown endpoint and 405 for a wrong method, both in Jira’s error shape', async () => {
    const agent = clientFor(emulator.url, AGENT);
    const unknown = await agent.get('/rest/api/3/dashboard');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      errorMessages: ['The local Jira emulator does not implement GET /rest/api/3/dashboard.'],
      errors: {},
    });
    const wrongMethod = await agent.request('DELETE', '/rest/api/3/search/jql');
    expect(wrongMethod.status).toBe(405);
    const badJson = await agent.request('POST', '/rest/api/3/search/jql', '{"jql": ', {
      'content-type': 'application/json',
    });
    expect(badJson.status).toBe(400);
  });
});
