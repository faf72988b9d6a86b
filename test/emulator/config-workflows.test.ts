/**
 * Statuses and workflows over HTTP: bulk status create/read (duplicate name in a scope → 400), the workflow
 * create validation and create (statuses by reference, INITIAL/DIRECTED/GLOBAL transitions, Forge validators
 * stored as given, duplicate names refused), bulk read, search and capabilities (the app's Forge rule).
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, AGENT, CSI_ID, HD_ID, LEAD, STATUS, TYPE, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import {
  ERFASST_REF,
  GELOEST_REF,
  closeTransition,
  globalTransition,
  workflowCreateRequest,
} from './workflow-fixtures';

const EXTENSION =
  'ari:cloud:ecosystem::extension/3f0c1c64-0000-4000-8000-000000000001/5e2a0000-0000-4000-8000-000000000002/static/csi-transition-validator';
const FORGE_RULE = {
  id: EXTENSION,
  name: 'CSI rules (Three Ways for Jira)',
  ruleKey: 'forge:expression-validator',
  ruleType: 'Validator',
} as const;
/** The same module declaring both kinds of project (`projectTypes` in the manifest). */
const FORGE_RULE_BOTH = { ...FORGE_RULE, projectTypes: ['company-managed', 'team-managed'] } as const;

/** A two-status workflow with a new status, an existing one, and a validated transition. */
function createRequest(name: string): Record<string, unknown> {
  return workflowCreateRequest({
    name,
    description: 'CSI',
    transitions: [closeTransition(EXTENSION), globalTransition('Zurück', ERFASST_REF)],
  });
}

describe('statuses and workflows', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, ADMIN);

  beforeEach(async () => {
    emulator = await startEmulator({ seed: buildSeed({ hd: 2, csi: 1, sec: 0 }), forgeRules: [FORGE_RULE] });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('creates global and project statuses, reads them by id, refuses a duplicate name in the scope with 400', async () => {
    const global = await admin().post('/rest/api/3/statuses', {
      scope: { type: 'GLOBAL' },
      statuses: [{ name: 'Bewertet', statusCategory: 'TODO', description: 'Bewertet' }],
    });
    expect(global.status).toBe(200);
    const [created] = objs(global.body);
    expect(created).toMatchObject({ name: 'Bewertet', statusCategory: 'TODO', scope: { type: 'GLOBAL' } });
    const project = await clientFor(emulator.url, LEAD).post('/rest/api/3/statuses', {
      scope: { type: 'PROJECT', project: { id: CSI_ID } },
      statuses: [{ name: 'Bewertet', statusCategory: 'IN_PROGRESS' }],
    });
    expect(project.status).toBe(200);
    const read = await admin().get(`/rest/api/3/statuses?id=${String(created?.id)}&id=99999`);
    expect(objs(read.body).map((s) => s.name)).toEqual(['Bewertet']);
    const duplicate = await admin().post('/rest/api/3/statuses', {
      scope: { type: 'GLOBAL' },
      statuses: [{ name: 'neu', statusCategory: 'TODO' }],
    });
    expect(duplicate.status).toBe(400);
    expect(String(obj(duplicate.body).errorMessages)).toContain("A status named 'neu' already exists");
    const agent = await clientFor(emulator.url, AGENT).post('/rest/api/3/statuses', {
      scope: { type: 'GLOBAL' },
      statuses: [{ name: 'X', statusCategory: 'TODO' }],
    });
    expect(agent.status).toBe(403);
  });

  it('validates a create request and reports each problem', async () => {
    const bad = createRequest('HD: Workflow');
    const workflow = obj((bad.workflows as unknown[])[0]);
    workflow.statuses = [{ statusReference: ERFASST_REF }, { statusReference: 'ref-unknown' }];
    workflow.transitions = [
      globalTransition('Weiter', GELOEST_REF),
      {
        name: 'Falsch',
        type: 'DIRECTED',
        toStatusReference: ERFASST_REF,
        links: [{ fromStatusReference: ERFASST_REF }],
      },
    ];
    const reply = await admin().post('/rest/api/3/workflows/create/validation', { payload: bad });
    expect(reply.status).toBe(200);
    const codes = objs(obj(reply.body).errors).map((e) => e.code);
    expect(codes).toEqual([
      'NON_UNIQUE_WORKFLOW_NAME',
      'STATUS_REFERENCE_NOT_FOUND',
      'TRANSITION_TARGET_NOT_IN_WORKFLOW',
      'MISSING_INITIAL_TRANSITION',
    ]);
    const ok = await admin().post('/rest/api/3/workflows/create/validation', {
      payload: createRequest('CSI-Verbesserung (Three Ways)'),
    });
    expect(obj(ok.body).errors).toEqual([]);
  });

  it('creates a workflow with statuses and a Forge validator, stored as given; a second create is a 400', async () => {
    const reply = await admin().post(
      '/rest/api/3/workflows/create',
      createRequest('CSI-Verbesserung (Three Ways)'),
    );
    expect(reply.status).toBe(200);
    const body = obj(reply.body);
    const statuses = objs(body.statuses);
    const erfasst = statuses.find((s) => s.name === 'Erfasst');
    expect(erfasst).toMatchObject({ statusCategory: 'TODO', scope: { type: 'GLOBAL' } });
    const [workflow] = objs(body.workflows);
    expect(workflow).toMatchObject({ name: 'CSI-Verbesserung (Three Ways)', scope: { type: 'GLOBAL' } });
    expect(objs(workflow?.statuses).map((s) => s.statusReference)).toEqual([erfasst?.id, STATUS.geloest.id]);
    const transitions = objs(workflow?.transitions);
    expect(transitions.map((t) => [t.id, t.type, t.name])).toEqual([
      ['1', 'INITIAL', 'Erfassen'],
      ['11', 'DIRECTED', 'Abschließen'],
      ['21', 'GLOBAL', 'Zurück'],
    ]);
    expect(transitions[1]?.links).toEqual([{ fromStatusReference: erfasst?.id, fromPort: 0, toPort: 0 }]);
    const validators = objs(transitions[1]?.validators);
    expect(validators.map((v) => typeof v.id)).toEqual(['string']);
    expect(validators.map((v) => ({ ruleKey: v.ruleKey, parameters: v.parameters }))).toEqual([
      {
        ruleKey: 'forge:expression-validator',
        parameters: { key: EXTENSION, config: '{"rule":"close"}' },
      },
    ]);
    const again = await admin().post(
      '/rest/api/3/workflows/create',
      createRequest('csi-verbesserung (three ways)'),
    );
    expect(again.status).toBe(400);
    expect(String(obj(again.body).errorMessages)).toContain('already exists');
    const lead = await clientFor(emulator.url, LEAD).post(
      '/rest/api/3/workflows/create',
      createRequest('Anders'),
    );
    expect(lead.status).toBe(403);
  });

  it('creates a project-scoped workflow for a team-managed project (project admin)', async () => {
    const request = createRequest('CSI team workflow');
    request.scope = { type: 'PROJECT', project: { id: CSI_ID } };
    request.statuses = [{ statusReference: 'a', name: 'Erfasst', statusCategory: 'TODO' }];
    const workflow = obj((request.workflows as unknown[])[0]);
    workflow.statuses = [{ statusReference: 'a', properties: {} }];
    workflow.transitions = [{ name: 'Create', type: 'INITIAL', toStatusReference: 'a' }];
    const reply = await clientFor(emulator.url, LEAD).post('/rest/api/3/workflows/create', request);
    expect(reply.status).toBe(200);
    expect(objs(obj(reply.body).statuses)[0]?.scope).toEqual({ type: 'PROJECT', project: { id: CSI_ID } });
  });

  it('reads workflows by name, id and project issue type; searches them paged', async () => {
    const created = obj((await admin().post('/rest/api/3/workflows/create', createRequest('CSI-Flow'))).body);
    const id = String(objs(created.workflows)[0]?.id);
    const byName = obj((await admin().post('/rest/api/3/workflows', { workflowNames: ['CSI-Flow'] })).body);
    expect(objs(byName.workflows).map((w) => w.id)).toEqual([id]);
    const byId = obj((await admin().post('/rest/api/3/workflows', { workflowIds: [id] })).body);
    expect(objs(byId.workflows).map((w) => w.name)).toEqual(['CSI-Flow']);
    const byProject = obj(
      (
        await admin().post('/rest/api/3/workflows', {
          projectAndIssueTypes: [{ projectId: HD_ID, issueTypeId: '10100' }],
        })
      ).body,
    );
    expect(objs(byProject.workflows).map((w) => w.name)).toEqual(['HD: Workflow']);
    expect(objs(byProject.statuses).map((s) => s.name)).toEqual([
      'Neu',
      'In Bearbeitung',
      'Wartet auf Kunde',
      'Gelöst',
      'Geschlossen',
    ]);
    const search = obj((await admin().get('/rest/api/3/workflows/search?queryString=csi&maxResults=1')).body);
    expect([search.total, search.isLast, objs(search.values).map((w) => w.name)]).toEqual([
      2,
      false,
      ['CSI-Flow'],
    ]);
    expect(objs(search.values)[0]).not.toHaveProperty('transitions');
    const expanded = obj(
      (await admin().get('/rest/api/3/workflows/search?queryString=CSI-Flow&expand=values.transitions')).body,
    );
    expect(objs(objs(expanded.values)[0]?.transitions)).toHaveLength(3);
    expect((await clientFor(emulator.url, AGENT).get('/rest/api/3/workflows/search')).status).toBe(403);
  });

  it("lists the app's Forge validator among a company-managed workflow's capabilities", async () => {
    const reply = await admin().get(
      `/rest/api/3/workflows/capabilities?projectId=${HD_ID}&issueTypeId=${TYPE.incident.id}`,
    );
    expect(reply.status).toBe(200);
    const body = obj(reply.body);
    expect(body.forgeRules).toEqual([FORGE_RULE]);
    expect(body.editorScope).toBe('GLOBAL');
  });

  it('answers 400 unless it is told the workflow: workflowId, or projectId and issueTypeId', async () => {
    for (const query of [
      '',
      `?projectId=${HD_ID}`,
      `?issueTypeId=${TYPE.incident.id}`,
      // An issue type the project does not use.
      `?projectId=${HD_ID}&issueTypeId=${TYPE.improvement.id}`,
      '?workflowId=no-such-workflow',
    ]) {
      const reply = await admin().get(`/rest/api/3/workflows/capabilities${query}`);
      expect([query, reply.status]).toEqual([query, 400]);
    }
    const created = obj((await admin().post('/rest/api/3/workflows/create', createRequest('CSI-Flow'))).body);
    const workflowId = String(objs(created.workflows)[0]?.id);
    const byId = await admin().get(`/rest/api/3/workflows/capabilities?workflowId=${workflowId}`);
    expect(byId.status).toBe(200);
    expect(obj(byId.body).editorScope).toBe('GLOBAL');
  });

  it('offers a module without projectTypes to company-managed workflows only (Jira’s default)', async () => {
    const team = await clientFor(emulator.url, LEAD).get(
      `/rest/api/3/workflows/capabilities?projectId=${CSI_ID}&issueTypeId=${TYPE.improvement.id}`,
    );
    expect(team.status).toBe(200);
    expect(obj(team.body).editorScope).toBe('PROJECT');
    expect(obj(team.body).forgeRules).toEqual([]);

    // Nor can a team-managed workflow be created with it.
    const scoped = {
      ...createRequest('CSI-Team'),
      scope: { type: 'PROJECT', project: { id: CSI_ID } },
    };
    const validation = obj(
      (
        await clientFor(emulator.url, LEAD).post('/rest/api/3/workflows/create/validation', {
          payload: scoped,
        })
      ).body,
    );
    expect(objs(validation.errors).map((e) => e.code)).toContain('RULE_NOT_AVAILABLE');
  });
});

describe('a Forge module declaring both project types', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: buildSeed({ hd: 2, csi: 1, sec: 0 }),
      forgeRules: [FORGE_RULE_BOTH],
    });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('is offered to team-managed and company-managed workflows, without projectTypes in the answer', async () => {
    for (const [projectId, issueTypeId] of [
      [CSI_ID, TYPE.improvement.id],
      [HD_ID, TYPE.incident.id],
    ] as const) {
      const reply = await clientFor(emulator.url, ADMIN).get(
        `/rest/api/3/workflows/capabilities?projectId=${projectId}&issueTypeId=${issueTypeId}`,
      );
      expect(obj(reply.body).forgeRules).toEqual([FORGE_RULE]);
    }
  });
});
