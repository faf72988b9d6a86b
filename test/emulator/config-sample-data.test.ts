/**
 * The sample Jira's configuration as the emulator serves it: HD has its own issue type and workflow schemes
 * (used by HD only), MAIL uses the shared Default Workflow Scheme, CSI already has the CSI type in the workflow
 * "CSI-Verbesserung (Three Ways)" with the transitions of `CSI_TRANSITIONS`, TEAM is team-managed; the request
 * counter and fault injection cover the configuration routes too.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { PROJECT_IDS, user } from '../../dev/sample-data/model';
import { CSI_TRANSITIONS, CSI_WORKFLOW_NAMES } from '../../src/domain/csi/workflow';
import { clientFor, obj, objs } from './http-client';

const NOW_MS = Date.UTC(2026, 2, 2, 11, 0);

describe('sample data configuration', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, user('admin'));

  beforeAll(async () => {
    emulator = await startEmulator({ seed: generateSampleSeed({ now: NOW_MS }), now: () => NOW_MS });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const schemeOf = async (projectId: string): Promise<Record<string, unknown>> => {
    const body = obj((await admin().get(`/rest/api/3/workflowscheme/project?projectId=${projectId}`)).body);
    return obj(objs(body.values)[0]?.workflowScheme);
  };

  it('gives HD its own schemes and MAIL the shared Default Workflow Scheme', async () => {
    const hd = await schemeOf(PROJECT_IDS.hd);
    expect(hd).toMatchObject({ id: 10100, defaultWorkflow: 'Service-Desk-Workflow' });
    const hdUsage = obj((await admin().get('/rest/api/3/workflowscheme/10100/projectUsages')).body);
    expect(hdUsage.projects).toEqual({ values: [{ id: PROJECT_IDS.hd }] });
    const mail = await schemeOf(PROJECT_IDS.mail);
    expect(mail).toMatchObject({ id: 10000, name: 'Default Workflow Scheme' });
    const types = obj(
      (await admin().get(`/rest/api/3/issuetypescheme/project?projectId=${PROJECT_IDS.mail}`)).body,
    );
    expect(obj(objs(types.values)[0]?.issueTypeScheme).name).toBe('MAIL: E-Mail-Service-Vorgangstypschema');
    // Nothing about the projects' issue types and statuses changed.
    const mailTypes = objs(
      (await admin().get(`/rest/api/3/issuetype/project?projectId=${PROJECT_IDS.mail}`)).body,
    );
    expect(mailTypes.map((t) => t.name)).toEqual(['Änderung', 'Problem', 'Aufgabe']);
  });

  it('has the CSI workflow with the transitions of CSI_TRANSITIONS', async () => {
    const read = obj(
      (await admin().post('/rest/api/3/workflows', { workflowNames: [CSI_WORKFLOW_NAMES.de] })).body,
    );
    const [workflow] = objs(read.workflows);
    expect(objs(workflow?.transitions).map((t) => t.name)).toEqual(CSI_TRANSITIONS.map((t) => t.names.de));
    const open = obj(
      (
        await admin().post('/rest/api/3/search/jql', {
          jql: 'project = CSI AND status = Erfasst',
          maxResults: 1,
        })
      ).body,
    );
    const key = String(objs(open.issues)[0]?.key);
    expect(key).toMatch(/^CSI-\d+$/);
    const transitions = obj((await admin().get(`/rest/api/3/issue/${key}/transitions`)).body);
    expect(objs(transitions.transitions).map((t) => t.name)).toEqual([
      'Bewerten',
      'Ablehnen',
      'Zurückstellen',
    ]);
  });

  it('puts the app validator on the CSI rule transitions when the key is given', async () => {
    const key = 'ari:cloud:ecosystem::extension/app/env/static/csi-transition-validator';
    const withValidator = await startEmulator({
      seed: generateSampleSeed({ now: NOW_MS, csiValidatorKey: key }),
      now: () => NOW_MS,
    });
    try {
      const client = clientFor(withValidator.url, user('admin'));
      const read = obj(
        (await client.post('/rest/api/3/workflows', { workflowNames: [CSI_WORKFLOW_NAMES.de] })).body,
      );
      const transitions = objs(objs(read.workflows)[0]?.transitions);
      const validated = transitions.filter((t) => objs(t.validators).length > 0);
      expect(validated.map((t) => [t.name, objs(t.validators)[0]?.parameters])).toEqual([
        ['Genehmigen', { key, config: '{"rule":"approve","lang":"de"}' }],
        ['Wirksamkeit prüfen', { key, config: '{"rule":"verify","lang":"de"}' }],
        ['Abschließen', { key, config: '{"rule":"close","lang":"de"}' }],
      ]);
    } finally {
      await withValidator.stop();
    }
  });

  it('gives the team-managed TEAM a project-scoped workflow scheme', async () => {
    const [team] = objs(
      (await admin().post('/rest/api/3/workflowscheme/read', { projectIds: [PROJECT_IDS.team] })).body,
    );
    expect(team?.scope).toEqual({ type: 'PROJECT', project: { id: PROJECT_IDS.team } });
  });

  it('counts configuration requests and injects faults into them by route key', async () => {
    emulator.requests.reset();
    emulator.faults.inject({ endpoint: 'POST /rest/api/3/workflows/create', status: 503, times: 1 });
    const failed = await admin().post('/rest/api/3/workflows/create', {});
    expect(failed.status).toBe(503);
    const refused = await admin().post('/rest/api/3/workflows/create', {});
    expect(refused.status).toBe(400);
    expect(emulator.requests.count('POST /rest/api/3/workflows/create')).toBe(2);
    emulator.faults.clear();
  });
});
