/**
 * Issue types and issue type schemes over HTTP: creating a global type (joins the Default Issue Type Scheme,
 * 409 for a taken name, 403 for non-administrators), listing schemes and their mappings, creating a scheme,
 * adding types (the default scheme is refused), assigning a scheme (refused while issues use missing types).
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, AGENT, CSI_ID, HD_ID, LEAD, TYPE, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

describe('issue types and issue type schemes', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, ADMIN);

  beforeEach(async () => {
    emulator = await startEmulator({ seed: buildSeed({ hd: 3, csi: 1, sec: 1 }) });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  const schemeIdNamed = async (name: string): Promise<string> => {
    const list = await admin().get('/rest/api/3/issuetypescheme?maxResults=50');
    const scheme = objs(obj(list.body).values).find((s) => s.name === name);
    if (scheme === undefined) throw new Error(`no scheme ${name}`);
    return String(scheme.id);
  };

  it('creates a global issue type that joins the Default Issue Type Scheme', async () => {
    const created = await admin().post('/rest/api/3/issuetype', {
      name: 'Verbesserung (CSI)',
      description: 'Eine Verbesserung.',
      type: 'standard',
    });
    expect(created.status).toBe(201);
    const type = obj(created.body);
    expect(type).toMatchObject({ name: 'Verbesserung (CSI)', subtask: false, hierarchyLevel: 0 });
    expect(type).not.toHaveProperty('scope');
    const all = objs((await admin().get('/rest/api/3/issuetype')).body);
    expect(all.map((t) => t.name)).toContain('Verbesserung (CSI)');
    const mapping = await admin().get('/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=10000');
    expect(objs(obj(mapping.body).values).map((m) => m.issueTypeId)).toEqual([
      TYPE.incident.id,
      TYPE.request.id,
      type.id,
    ]);
  });

  it('answers 409 for a taken name (case-insensitive), 400 for a long name, 403 for a non-administrator', async () => {
    const taken = await admin().post('/rest/api/3/issuetype', { name: 'incident' });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({
      errorMessages: [],
      errors: { name: 'An issue type with this name already exists.' },
    });
    const long = await admin().post('/rest/api/3/issuetype', { name: 'x'.repeat(61) });
    expect(long.status).toBe(400);
    const lead = await clientFor(emulator.url, LEAD).post('/rest/api/3/issuetype', { name: 'Neu' });
    expect(lead.status).toBe(403);
    expect(obj(lead.body).errorMessages).toEqual([
      'You must have global administrator rights in order to modify issue types.',
    ]);
  });

  it('lists the issue types a user may see, project-scoped ones with their scope', async () => {
    const agent = objs((await clientFor(emulator.url, AGENT).get('/rest/api/3/issuetype')).body);
    expect(agent.map((t) => t.name).sort()).toEqual(['Incident', 'Service Request']);
    const lead = objs((await clientFor(emulator.url, LEAD).get('/rest/api/3/issuetype')).body);
    expect(lead.find((t) => t.name === 'Improvement')?.scope).toEqual({
      type: 'PROJECT',
      project: { id: CSI_ID },
    });
  });

  it('lists schemes paged, filtered by id, with their projects on expand; 403 for others', async () => {
    const page = obj((await admin().get('/rest/api/3/issuetypescheme?expand=projects')).body);
    const values = objs(page.values);
    expect(values.map((s) => s.name)).toEqual([
      'Default Issue Type Scheme',
      'HD: Issue Type Scheme',
      'SEC: Issue Type Scheme',
    ]);
    expect(values[0]).toMatchObject({ id: '10000', isDefault: true });
    expect(objs(obj(values[1]?.projects).values).map((p) => p.key)).toEqual(['HD']);
    const hdId = String(values[1]?.id);
    const one = obj((await admin().get(`/rest/api/3/issuetypescheme?id=${hdId}&maxResults=1`)).body);
    expect([one.total, objs(one.values).map((s) => s.id)]).toEqual([1, [hdId]]);
    const forProjects = obj(
      (await admin().get(`/rest/api/3/issuetypescheme/project?projectId=${HD_ID}`)).body,
    );
    expect(objs(forProjects.values).map((v) => [obj(v.issueTypeScheme).id, v.projectIds])).toEqual([
      [hdId, [HD_ID]],
    ]);
    expect((await clientFor(emulator.url, LEAD).get('/rest/api/3/issuetypescheme')).status).toBe(403);
  });

  it('creates a scheme (201), refuses a taken name with 409 and unknown types with 404', async () => {
    const created = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'CSI-Vorgangstypen',
      description: 'Nur Verbesserungen',
      issueTypeIds: [TYPE.incident.id],
      defaultIssueTypeId: TYPE.incident.id,
    });
    expect(created.status).toBe(201);
    expect(obj(created.body).issueTypeSchemeId).toEqual(expect.stringMatching(/^\d+$/));
    const again = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'csi-vorgangstypen',
      issueTypeIds: [TYPE.incident.id],
    });
    expect(again.status).toBe(409);
    const unknown = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'Anders',
      issueTypeIds: ['99999'],
    });
    expect([unknown.status, obj(unknown.body).errorMessages]).toEqual([
      404,
      ['These issue types were not found: 99999'],
    ]);
  });

  it('adds types to a scheme; refuses present types and the default scheme', async () => {
    const created = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'Nur Incidents',
      issueTypeIds: [TYPE.incident.id],
    });
    const id = String(obj(created.body).issueTypeSchemeId);
    const added = await admin().put(`/rest/api/3/issuetypescheme/${id}/issuetype`, {
      issueTypeIds: [TYPE.request.id],
    });
    expect(added.status).toBe(204);
    const mapping = obj(
      (await admin().get(`/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=${id}`)).body,
    );
    expect(objs(mapping.values).map((m) => m.issueTypeId)).toEqual([TYPE.incident.id, TYPE.request.id]);
    const twice = await admin().put(`/rest/api/3/issuetypescheme/${id}/issuetype`, {
      issueTypeIds: [TYPE.request.id],
    });
    expect([twice.status, obj(twice.body).errorMessages]).toEqual([
      400,
      [
        `These issue types were not added because they are already present in the issue type scheme: ${TYPE.request.id}`,
      ],
    ]);
    const toDefault = await admin().put('/rest/api/3/issuetypescheme/10000/issuetype', {
      issueTypeIds: [TYPE.request.id],
    });
    expect(toDefault.status).toBe(400);
    expect(String(obj(toDefault.body).errorMessages)).toContain("default issue type scheme can't be changed");
  });

  it('assigns a scheme only when no issue of the project has a type missing from it', async () => {
    const narrow = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'Nur Anfragen',
      issueTypeIds: [TYPE.request.id],
    });
    const narrowId = String(obj(narrow.body).issueTypeSchemeId);
    const refused = await admin().put('/rest/api/3/issuetypescheme/project', {
      issueTypeSchemeId: narrowId,
      projectId: HD_ID,
    });
    expect(refused.status).toBe(400);
    // HD-1 and HD-2 are incidents (ids 100001, 100002); HD-3 is a service request.
    expect(String(obj(refused.body).errorMessages)).toMatch(
      /update the issue types on these issues: 100001, 100002$/,
    );

    const wide = await admin().post('/rest/api/3/issuetypescheme', {
      name: 'Alles plus Neues',
      issueTypeIds: [TYPE.request.id, TYPE.incident.id],
    });
    const wideId = String(obj(wide.body).issueTypeSchemeId);
    const assigned = await admin().put('/rest/api/3/issuetypescheme/project', {
      issueTypeSchemeId: wideId,
      projectId: HD_ID,
    });
    expect(assigned.status).toBe(204);
    const types = objs((await admin().get(`/rest/api/3/issuetype/project?projectId=${HD_ID}`)).body);
    expect(types.map((t) => t.name)).toEqual(['Service Request', 'Incident']);
    expect(await schemeIdNamed('Alles plus Neues')).toBe(wideId);

    const teamManaged = await admin().put('/rest/api/3/issuetypescheme/project', {
      issueTypeSchemeId: wideId,
      projectId: CSI_ID,
    });
    expect([teamManaged.status, obj(teamManaged.body).errorMessages]).toEqual([
      400,
      ['Issue type schemes can only be assigned to classic projects.'],
    ]);
  });
});
