/**
 * Workflow schemes over HTTP: reading and creating schemes, assigning one to an empty project (refused for a
 * project with issues), the asynchronous switch (303 + task, ENQUEUED → RUNNING → COMPLETE, issues migrated by
 * the given mappings, refused without them, 409 while one runs), the new read/update API with optimistic
 * versions, project usages, and the protected Default Workflow Scheme.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, HD_ID, LEAD, NEU_ID, STATUS, TYPE, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestReply } from './http-client';
import { GELOEST_REF, createWorkflow, globalTransition, workflowCreateRequest } from './workflow-fixtures';

describe('workflow schemes', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, ADMIN);

  beforeEach(async () => {
    // HD-1, HD-3 resolved (Gelöst); HD-2, HD-4 wait for the customer (Wartet auf Kunde). HD-3 is a service request.
    emulator = await startEmulator({ seed: buildSeed({ hd: 4, csi: 1, sec: 0, emptyProject: true }) });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  /** Creates the workflow "CSI-Flow" (Erfasst → Gelöst) and a scheme using it; returns their ids. */
  const createFlowAndScheme = async (): Promise<{
    schemeId: string;
    erfasstId: string;
    workflowId: string;
  }> => {
    const { erfasstId, workflowId } = await createWorkflow(
      admin(),
      workflowCreateRequest({ transitions: [globalTransition('Lösen', GELOEST_REF)] }),
    );
    const scheme = await admin().post('/rest/api/3/workflowscheme', {
      name: 'CSI-Schema',
      description: 'Für CSI',
      defaultWorkflow: 'CSI-Flow',
      issueTypeMappings: { [TYPE.request.id]: 'HD: Workflow' },
    });
    expect(scheme.status).toBe(201);
    return { schemeId: String(obj(scheme.body).id), erfasstId, workflowId };
  };

  const poll = async (taskId: string): Promise<Record<string, unknown>> =>
    obj((await admin().get(`/rest/api/3/task/${taskId}`)).body);

  const statusOf = async (key: string): Promise<string> => {
    const issue = obj((await admin().get(`/rest/api/3/issue/${key}?fields=status`)).body);
    return String(obj(obj(issue.fields).status).name);
  };

  it("reads a project's scheme (classic and by id); creates a scheme; 403 for non-administrators", async () => {
    const byProject = obj((await admin().get(`/rest/api/3/workflowscheme/project?projectId=${HD_ID}`)).body);
    const [association] = objs(byProject.values);
    expect(association?.projectIds).toEqual([HD_ID]);
    const scheme = obj(association?.workflowScheme);
    expect(scheme).toMatchObject({
      name: 'HD: Workflow Scheme',
      defaultWorkflow: 'HD: Workflow',
      draft: false,
    });
    const byId = await admin().get(`/rest/api/3/workflowscheme/${String(scheme.id)}`);
    expect(obj(byId.body).name).toBe('HD: Workflow Scheme');
    expect((await admin().get('/rest/api/3/workflowscheme/99999')).status).toBe(404);
    const { schemeId } = await createFlowAndScheme();
    const created = obj((await admin().get(`/rest/api/3/workflowscheme/${schemeId}`)).body);
    expect(created).toMatchObject({
      name: 'CSI-Schema',
      defaultWorkflow: 'CSI-Flow',
      issueTypeMappings: { [TYPE.request.id]: 'HD: Workflow' },
    });
    const duplicate = await admin().post('/rest/api/3/workflowscheme', {
      name: 'csi-schema',
      defaultWorkflow: 'CSI-Flow',
    });
    expect(duplicate.status).toBe(400);
    const unknownWorkflow = await admin().post('/rest/api/3/workflowscheme', {
      name: 'X',
      defaultWorkflow: 'Nope',
    });
    expect(unknownWorkflow.status).toBe(400);
    const lead = clientFor(emulator.url, LEAD);
    expect((await lead.get(`/rest/api/3/workflowscheme/project?projectId=${HD_ID}`)).status).toBe(403);
    expect(
      (await lead.post('/rest/api/3/workflowscheme', { name: 'Y', defaultWorkflow: 'CSI-Flow' })).status,
    ).toBe(403);
  });

  it('assigns a scheme to an empty project; refuses a project with issues (use the switch)', async () => {
    const { schemeId, erfasstId } = await createFlowAndScheme();
    const assigned = await admin().put('/rest/api/3/workflowscheme/project', {
      projectId: NEU_ID,
      workflowSchemeId: schemeId,
    });
    expect(assigned.status).toBe(204);
    // A new issue starts in the initial status of its type's workflow.
    const created = await admin().post('/rest/api/3/issue', {
      fields: { project: { id: NEU_ID }, issuetype: { id: TYPE.incident.id }, summary: 'Erste Verbesserung' },
    });
    expect(created.status).toBe(201);
    const key = String(obj(created.body).key);
    const issue = obj((await admin().get(`/rest/api/3/issue/${key}?fields=status`)).body);
    expect(obj(obj(issue.fields).status).id).toBe(erfasstId);
    const refused = await admin().put('/rest/api/3/workflowscheme/project', {
      projectId: HD_ID,
      workflowSchemeId: schemeId,
    });
    expect(refused.status).toBe(400);
    expect(String(obj(refused.body).errorMessages)).toContain('/rest/api/3/workflowscheme/project/switch');
    const usages = obj((await admin().get(`/rest/api/3/workflowscheme/${schemeId}/projectUsages`)).body);
    expect(usages).toEqual({ workflowSchemeId: schemeId, projects: { values: [{ id: NEU_ID }] } });
  });

  it('switches a populated project asynchronously: 303 + task, migrates by the mappings, 409 while running', async () => {
    const { schemeId, erfasstId } = await createFlowAndScheme();
    const missing = await admin().post('/rest/api/3/workflowscheme/project/switch', {
      projectId: HD_ID,
      targetSchemeId: schemeId,
    });
    expect(missing.status).toBe(400);
    expect(String(obj(missing.body).errorMessages)).toContain(
      `issue type ${TYPE.incident.id}: status ${STATUS.wartet.id} (Wartet auf Kunde)`,
    );
    const started: TestReply = await admin().post('/rest/api/3/workflowscheme/project/switch', {
      projectId: HD_ID,
      targetSchemeId: schemeId,
      mappingsByIssueTypeOverride: [
        {
          issueTypeId: TYPE.incident.id,
          statusMappings: [{ oldStatusId: STATUS.wartet.id, newStatusId: erfasstId }],
        },
      ],
    });
    expect(started.status).toBe(303);
    const task = obj(started.body);
    expect(task).toMatchObject({ status: 'ENQUEUED', progress: 0 });
    expect(started.headers.get('location')).toBe(`${emulator.url}/rest/api/3/task/${String(task.id)}`);
    const again = await admin().post('/rest/api/3/workflowscheme/project/switch', {
      projectId: HD_ID,
      targetSchemeId: schemeId,
    });
    expect(again.status).toBe(409);
    expect(await statusOf('HD-2')).toBe('Wartet auf Kunde');
    expect(await poll(String(task.id))).toMatchObject({ status: 'RUNNING', progress: 50 });
    expect(await poll(String(task.id))).toMatchObject({ status: 'COMPLETE', progress: 100 });
    expect(await statusOf('HD-2')).toBe('Erfasst');
    expect(await statusOf('HD-1')).toBe('Gelöst');
    // The service request HD-3 keeps its workflow (the scheme maps it to "HD: Workflow").
    expect(await statusOf('HD-3')).toBe('Gelöst');
    const changelog = obj((await admin().get('/rest/api/3/issue/HD-2/changelog')).body);
    const last = objs(changelog.values).at(-1);
    expect(objs(last?.items)[0]).toMatchObject({
      field: 'status',
      fromString: 'Wartet auf Kunde',
      toString: 'Erfasst',
    });
    const association = objs(
      obj((await admin().get(`/rest/api/3/workflowscheme/project?projectId=${HD_ID}`)).body).values,
    );
    expect(obj(association[0]?.workflowScheme).id).toBe(Number(schemeId));
    expect((await admin().get('/rest/api/3/task/99999')).status).toBe(404);
  });

  it('reads schemes with their version; updates with the current version only; migration runs as a task', async () => {
    const { schemeId, erfasstId, workflowId } = await createFlowAndScheme();
    const [read] = objs(
      (await admin().post('/rest/api/3/workflowscheme/read', { workflowSchemeIds: [schemeId] })).body,
    );
    expect(read).toMatchObject({
      id: schemeId,
      name: 'CSI-Schema',
      scope: { type: 'GLOBAL' },
      version: { versionNumber: 1 },
      defaultWorkflow: { id: workflowId, name: 'CSI-Flow' },
    });
    const version = obj(read?.version);
    const renamed = await admin().post('/rest/api/3/workflowscheme/update', {
      id: schemeId,
      name: 'CSI-Schema 2',
      description: 'neu',
      version,
    });
    expect([renamed.status, renamed.text]).toEqual([200, '']);
    const stale = await admin().post('/rest/api/3/workflowscheme/update', {
      id: schemeId,
      name: 'CSI-Schema 3',
      description: '',
      version,
    });
    expect(stale.status).toBe(400);
    expect(String(obj(stale.body).errorMessages)).toContain('version 1 given, current 2');

    // HD's own scheme: map incidents to CSI-Flow; HD-2/HD-4 (Wartet auf Kunde) need a mapping.
    const [hd] = objs((await admin().post('/rest/api/3/workflowscheme/read', { projectIds: [HD_ID] })).body);
    const update = {
      id: String(hd?.id),
      name: String(hd?.name),
      description: '',
      version: hd?.version,
      workflowsForIssueTypes: [{ workflowId, issueTypeIds: [TYPE.incident.id] }],
    };
    const unmapped = await admin().post('/rest/api/3/workflowscheme/update', update);
    expect(unmapped.status).toBe(400);
    const migrating = await admin().post('/rest/api/3/workflowscheme/update', {
      ...update,
      statusMappingsByIssueTypeOverride: [
        {
          issueTypeId: TYPE.incident.id,
          statusMappings: [{ oldStatusId: STATUS.wartet.id, newStatusId: erfasstId }],
        },
      ],
    });
    expect(migrating.status).toBe(303);
    const taskId = String(obj(migrating.body).id);
    const [during] = objs(
      (await admin().post('/rest/api/3/workflowscheme/read', { projectIds: [HD_ID] })).body,
    );
    expect(during?.taskId).toBe(taskId);
    await poll(taskId);
    expect(await poll(taskId)).toMatchObject({ status: 'COMPLETE' });
    expect([await statusOf('HD-2'), await statusOf('HD-4')]).toEqual(['Erfasst', 'Erfasst']);
    const transitions = obj((await admin().get('/rest/api/3/issue/HD-2/transitions')).body);
    expect(objs(transitions.transitions).map((t) => t.name)).toEqual(['Lösen']);
  });

  it('protects the Default Workflow Scheme', async () => {
    const [read] = objs(
      (await admin().post('/rest/api/3/workflowscheme/read', { workflowSchemeIds: ['10000'] })).body,
    );
    expect(read).toMatchObject({
      id: '10000',
      name: 'Default Workflow Scheme',
      defaultWorkflow: { name: 'jira' },
    });
    const edit = await admin().post('/rest/api/3/workflowscheme/update', {
      id: '10000',
      name: 'Mein Default',
      description: '',
      version: read?.version,
    });
    expect(edit.status).toBe(400);
    expect(String(obj(edit.body).errorMessages)).toContain("default workflow scheme can't be edited");
    const usages = obj((await admin().get('/rest/api/3/workflowscheme/10000/projectUsages')).body);
    expect(usages.projects).toEqual({ values: [] });
  });

  it('refuses a project-usages page over 200, as documented ("an integer between 1 and 200")', async () => {
    const tooMany = await admin().get('/rest/api/3/workflowscheme/10000/projectUsages?maxResults=201');
    expect(tooMany.status).toBe(400);
    expect(String(obj(tooMany.body).errorMessages)).toContain('between 1 and 200');
    expect((await admin().get('/rest/api/3/workflowscheme/10000/projectUsages?maxResults=200')).status).toBe(
      200,
    );
  });
});
