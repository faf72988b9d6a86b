/**
 * The CSI setup end to end over the local Jira emulator (real Jira client over HTTP, the resolvers as the UI calls
 * them): a company-managed project set up from nothing, a second run that writes nothing, shared schemes copied
 * with the other project untouched, the default workflow scheme copied and switched through Jira's task, a failure
 * injected at every write step followed by a rerun without duplicates, the team-managed guided path, and the
 * refusal of non-administrators.
 */
import type { JiraSeed, SeedProject, SeedWorkflow } from '../../dev/emulator/seed';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { PROJECT_KEYS, user } from '../../dev/sample-data/model';
import type { CsiSetupView } from '../../src/contract/csi';
import { CSI_STATUSES } from '../../src/domain/csi/workflow';
import { ADMIN, AGENT, LEAD, STATUS, TYPE, buildSeed } from '../emulator/seed-builder';
import { manifestValidatorProjectTypes, startSetupHarness, writesOf, type SetupHarness } from './support';

const TIMEOUT_MS = 30_000;
const CSI_TYPE_NAMES = new Set(['verbesserung (csi)', 'improvement (csi)']);
const CSI_STATUS_NAMES = new Set(CSI_STATUSES.flatMap((s) => [s.names.de, s.names.en]));

interface RestScheme {
  readonly id?: string;
  readonly name: string;
  readonly defaultWorkflow?: string;
  readonly issueTypeMappings?: Record<string, string>;
}

async function json<T>(h: SetupHarness, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const reply = await h.rest(h.admin).request(method, path, body);
  if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${reply.text}`);
  return reply.body as T;
}

async function csiIssueTypes(h: SetupHarness) {
  const types = await json<{ id: string; name: string }[]>(h, 'GET', '/rest/api/3/issuetype');
  return types.filter((t) => CSI_TYPE_NAMES.has(t.name.toLowerCase()));
}

/** Names of the CSI statuses of the site (`scope`: null global ones, else those of that team-managed project). */
async function csiStatusNames(h: SetupHarness, scopeProjectId: string | null = null): Promise<string[]> {
  const page = await json<{ values: { name: string; scope?: { type: string; project?: { id: string } } }[] }>(
    h,
    'GET',
    '/rest/api/3/statuses/search?maxResults=200',
  );
  return page.values
    .filter((s) => (s.scope?.type === 'PROJECT' ? (s.scope.project?.id ?? null) : null) === scopeProjectId)
    .map((s) => s.name)
    .filter((name) => CSI_STATUS_NAMES.has(name));
}

async function csiWorkflows(h: SetupHarness) {
  const result = await json<{
    workflows: {
      id: string;
      name: string;
      transitions: { name: string; validators?: { ruleKey: string; parameters: Record<string, string> }[] }[];
    }[];
  }>(h, 'POST', '/rest/api/3/workflows', {
    workflowNames: ['CSI-Verbesserung (Three Ways)', 'CSI Improvement (Three Ways)'],
  });
  return result.workflows;
}

async function workflowSchemeOf(h: SetupHarness, projectId: string): Promise<RestScheme> {
  const result = await json<{ values: { workflowScheme: RestScheme }[] }>(
    h,
    'GET',
    `/rest/api/3/workflowscheme/project?projectId=${projectId}`,
  );
  const scheme = result.values[0]?.workflowScheme;
  if (scheme === undefined) throw new Error(`no workflow scheme for ${projectId}`);
  return scheme;
}

async function issueTypeSchemeOf(h: SetupHarness, projectId: string) {
  const result = await json<{ values: { issueTypeScheme: { id: string; name: string } }[] }>(
    h,
    'GET',
    `/rest/api/3/issuetypescheme/project?projectId=${projectId}`,
  );
  const scheme = result.values[0]?.issueTypeScheme;
  if (scheme === undefined) throw new Error(`no issue type scheme for ${projectId}`);
  const items = await json<{ values: { issueTypeId: string }[] }>(
    h,
    'GET',
    `/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=${scheme.id}&maxResults=50`,
  );
  return { ...scheme, issueTypeIds: items.values.map((v) => v.issueTypeId) };
}

function actionsOf(view: CsiSetupView): Record<string, string> {
  return Object.fromEntries(view.steps.map((s) => [s.id, s.action]));
}

/** HD and SEC share an issue type scheme and a workflow scheme. */
function sharedSeed(): JiraSeed {
  const base = buildSeed({ hd: 4, csi: 1, sec: 1 });
  const itsm: SeedWorkflow = {
    id: '00000000-0000-4000-8999-000000000001',
    name: 'ITSM Workflow',
    description: 'Incidents and requests',
    statusIds: [
      STATUS.neu.id,
      STATUS.inBearbeitung.id,
      STATUS.wartet.id,
      STATUS.geloest.id,
      STATUS.geschlossen.id,
    ],
    transitions: [
      {
        id: '1',
        name: 'Create',
        type: 'INITIAL',
        toStatusId: STATUS.neu.id,
        fromStatusIds: [],
        validators: [],
      },
      ...[STATUS.inBearbeitung, STATUS.wartet, STATUS.geloest, STATUS.geschlossen].map((s, i) => ({
        id: String(11 + i * 10),
        name: s.name,
        type: 'GLOBAL' as const,
        toStatusId: s.id,
        fromStatusIds: [],
        validators: [],
      })),
    ],
  };
  const projects: SeedProject[] = base.projects.map((p) =>
    p.key === 'HD' || p.key === 'SEC' ? { ...p, issueTypeSchemeId: '20000', workflowSchemeId: '20001' } : p,
  );
  return {
    ...base,
    projects,
    workflows: [itsm],
    issueTypeSchemes: [
      {
        id: '20000',
        name: 'ITSM Issue Type Scheme',
        description: 'Incidents and requests',
        defaultIssueTypeId: TYPE.incident.id,
        issueTypeIds: [TYPE.incident.id, TYPE.request.id],
      },
    ],
    workflowSchemes: [
      {
        id: '20001',
        name: 'ITSM Workflow Scheme',
        description: 'One workflow for the service desk',
        defaultWorkflow: 'ITSM Workflow',
        issueTypeMappings: { [TYPE.request.id]: 'ITSM Workflow' },
      },
    ],
  };
}

describe('a company-managed project with schemes of its own', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await startSetupHarness(buildSeed({ hd: 6, csi: 1, sec: 1 }));
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it('refuses a non-administrator server-side but shows the plan read-only', async () => {
    const view = await h.view('HD', AGENT);
    expect(view.canRun).toBe(false);
    expect(view.status).toBe('not-set-up');
    h.resetLog();
    const run = await h.handlers.runCsiSetup(
      { projectKey: 'HD', planFingerprint: view.planFingerprint },
      h.contextOf(AGENT),
    );
    expect(run).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(writesOf(h.log())).toEqual([]);
    // A project administrator who is not a Jira administrator is refused too.
    const lead = await h.handlers.runCsiSetup(
      { projectKey: 'HD', planFingerprint: view.planFingerprint },
      h.contextOf(LEAD),
    );
    expect(lead).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('plans every change in the administrator’s language, then provisions it end to end', async () => {
    const plan = await h.view('HD', ADMIN);
    expect(plan).toMatchObject({
      projectKey: 'HD',
      projectStyle: 'company-managed',
      canRun: true,
      status: 'not-set-up',
      language: 'de',
      issueType: null,
    });
    expect(actionsOf(plan)).toEqual({
      'issue-type': 'create',
      ...Object.fromEntries(CSI_STATUSES.map((s) => [`status:${s.key}`, 'create'])),
      workflow: 'create',
      'issue-type-scheme': 'add',
      'workflow-scheme': 'add',
    });
    expect(plan.progress).toEqual({ done: 0, total: 12 });

    const done = await h.runToEnd('HD', ADMIN, plan.planFingerprint);
    expect(done.status).toBe('complete');
    expect(new Set(done.steps.map((s) => s.action))).toEqual(new Set(['reuse', 'nothing']));
    expect(done.steps.every((s) => s.state === 'done')).toBe(true);
    expect(done.issueType?.name).toBe('Verbesserung (CSI)');
    expect(done.steps.find((s) => s.id === 'issue-type')?.params['createdByApp']).toBe('true');

    const [type] = await csiIssueTypes(h);
    expect(type?.name).toBe('Verbesserung (CSI)');
    expect((await csiStatusNames(h)).sort()).toEqual(CSI_STATUSES.map((s) => s.names.de).sort());
    const [workflow] = await csiWorkflows(h);
    expect(workflow?.name).toBe('CSI-Verbesserung (Three Ways)');
    const validated = workflow?.transitions.filter((t) => (t.validators ?? []).length > 0).map((t) => t.name);
    expect(validated).toEqual(['Genehmigen', 'Wirksamkeit prüfen', 'Abschließen']);
    const approve = workflow?.transitions.find((t) => t.name === 'Genehmigen')?.validators?.[0];
    expect(approve?.ruleKey).toBe('forge:expression-validator');
    expect(approve?.parameters['key']).toMatch(/\/static\/csi-transition-validator$/);
    expect(JSON.parse(approve?.parameters['config'] ?? '{}')).toEqual({ rule: 'approve', lang: 'de' });

    const typeScheme = await issueTypeSchemeOf(h, '10000');
    expect(typeScheme.name).toBe('HD: Issue Type Scheme');
    expect(typeScheme.issueTypeIds).toEqual([TYPE.incident.id, TYPE.request.id, type?.id]);
    const scheme = await workflowSchemeOf(h, '10000');
    expect(scheme.name).toBe('HD: Workflow Scheme');
    expect(scheme.defaultWorkflow).toBe('HD: Workflow');
    expect(scheme.issueTypeMappings).toEqual({ [type?.id ?? '']: 'CSI-Verbesserung (Three Ways)' });
  });

  it('changes nothing on a second run: the plan is all reuse/nothing and no request writes', async () => {
    const again = await h.view('HD', ADMIN);
    expect(again.status).toBe('complete');
    expect(again.progress).toEqual({ done: 0, total: 0 });
    h.resetLog();
    const run = await h.handlers.runCsiSetup(
      { projectKey: 'HD', planFingerprint: again.planFingerprint },
      h.contextOf(ADMIN),
    );
    expect(run).toMatchObject({ ok: true, value: { status: 'complete' } });
    expect(h.log().length).toBeGreaterThan(0);
    expect(writesOf(h.log())).toEqual([]);
    expect(await csiIssueTypes(h)).toHaveLength(1);
  });

  it('reuses what the first project got when a second one is set up (English administrator sees it as is)', async () => {
    const plan = await h.view('SEC', ADMIN);
    expect(actionsOf(plan)).toMatchObject({
      'issue-type': 'reuse',
      'status:identified': 'reuse',
      workflow: 'reuse',
      'issue-type-scheme': 'add',
      'workflow-scheme': 'add',
    });
    const done = await h.runToEnd('SEC', ADMIN, plan.planFingerprint);
    expect(done.status).toBe('complete');
    expect(await csiIssueTypes(h)).toHaveLength(1);
    expect(await csiWorkflows(h)).toHaveLength(1);
  });

  it('answers conflict when the confirmed plan is no longer the plan', async () => {
    const run = await h.handlers.runCsiSetup(
      { projectKey: 'HD', planFingerprint: '0123456789abcdef' },
      h.contextOf(ADMIN),
    );
    expect(run).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const bad = await h.handlers.runCsiSetup({ projectKey: 'HD', planFingerprint: 'x' }, h.contextOf(ADMIN));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});

describe('schemes shared with another project', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await startSetupHarness(sharedSeed());
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it('copies both schemes for the project, switches it, and leaves the other project untouched', async () => {
    const issueBefore = await json<unknown>(h, 'GET', '/rest/api/3/issue/HD-2?fields=status,issuetype');
    const secTypeBefore = await issueTypeSchemeOf(h, '10002');
    const secWorkflowBefore = await workflowSchemeOf(h, '10002');
    const plan = await h.view('HD', ADMIN);
    expect(plan.steps.find((s) => s.id === 'issue-type-scheme')).toMatchObject({
      action: 'copy-and-assign',
      subject: 'ITSM Issue Type Scheme',
      params: { copy: 'HD: ITSM Issue Type Scheme + CSI', sharedWith: '1' },
    });
    expect(plan.steps.find((s) => s.id === 'workflow-scheme')).toMatchObject({
      action: 'copy-and-assign',
      subject: 'ITSM Workflow Scheme',
      params: { copy: 'HD: ITSM Workflow Scheme + CSI' },
    });

    const done = await h.runToEnd('HD', ADMIN, plan.planFingerprint);
    expect(done.status).toBe('complete');
    const [type] = await csiIssueTypes(h);
    const hdTypes = await issueTypeSchemeOf(h, '10000');
    expect(hdTypes.name).toBe('HD: ITSM Issue Type Scheme + CSI');
    expect(hdTypes.issueTypeIds).toEqual([TYPE.incident.id, TYPE.request.id, type?.id]);
    const hdWorkflows = await workflowSchemeOf(h, '10000');
    expect(hdWorkflows).toMatchObject({
      name: 'HD: ITSM Workflow Scheme + CSI',
      defaultWorkflow: 'ITSM Workflow',
      issueTypeMappings: {
        [TYPE.request.id]: 'ITSM Workflow',
        [type?.id ?? '']: 'CSI-Verbesserung (Three Ways)',
      },
    });

    expect(await issueTypeSchemeOf(h, '10002')).toEqual(secTypeBefore);
    expect(await workflowSchemeOf(h, '10002')).toEqual(secWorkflowBefore);
    // HD's issues keep their types and statuses.
    expect(await json<unknown>(h, 'GET', '/rest/api/3/issue/HD-2?fields=status,issuetype')).toEqual(
      issueBefore,
    );

    const again = await h.view('HD', ADMIN);
    expect(again.status).toBe('complete');
  });
});

describe('a CSI issue type the project already uses', () => {
  it('moves its issues into the CSI workflow’s statuses when the project switches to its copy', async () => {
    const base = sharedSeed();
    const csiType = {
      id: '10300',
      name: 'Verbesserung (CSI)',
      description: 'Von Hand angelegt.',
      subtask: false,
    };
    const seed: JiraSeed = {
      ...base,
      issueTypes: [...base.issueTypes, csiType],
      issueTypeSchemes: (base.issueTypeSchemes ?? []).map((scheme) => ({
        ...scheme,
        issueTypeIds: [...scheme.issueTypeIds, csiType.id],
      })),
      issues: base.issues.map((issue) =>
        issue.key === 'HD-1' ? { ...issue, issueTypeId: csiType.id } : issue,
      ),
    };
    const h = await startSetupHarness(seed);
    try {
      const plan = await h.view('HD', ADMIN);
      expect(actionsOf(plan)).toMatchObject({
        'issue-type': 'reuse',
        'issue-type-scheme': 'nothing',
        'workflow-scheme': 'copy-and-assign',
      });
      const statusOf = async (key: string): Promise<string> =>
        (
          await json<{ fields: { status: { name: string } } }>(
            h,
            'GET',
            `/rest/api/3/issue/${key}?fields=status`,
          )
        ).fields.status.name;
      expect(await statusOf('HD-1')).toBe('Gelöst');
      const hd2 = await statusOf('HD-2');
      const done = await h.runToEnd('HD', ADMIN, plan.planFingerprint);
      expect(done.status).toBe('complete');
      // Gelöst (done) has no CSI namesake: the first CSI status of its category.
      expect(await statusOf('HD-1')).toBe('Abgeschlossen');
      expect(await statusOf('HD-2')).toBe(hd2);
      expect(await csiIssueTypes(h)).toEqual([expect.objectContaining({ id: csiType.id })]);
    } finally {
      await h.stop();
    }
  });
});

describe('the default workflow scheme', () => {
  it('is copied and the project switched through Jira’s task, polled across run calls', async () => {
    const base = sharedSeed();
    const h = await startSetupHarness(
      {
        ...base,
        // The projects without schemes of their own: both on the default schemes.
        projects: buildSeed({ hd: 4, csi: 1, sec: 1 }).projects,
        // The default workflow scheme's workflow is the service desk's (Jira's `jira` lacks its statuses).
        workflowSchemes: [
          {
            id: '10000',
            name: 'Default Workflow Scheme',
            description: 'The default',
            defaultWorkflow: 'ITSM Workflow',
            issueTypeMappings: {},
          },
        ],
        issueTypeSchemes: [],
      },
      { budgetMs: 0 },
    );
    try {
      const plan = await h.view('HD', ADMIN);
      expect(plan.steps.find((s) => s.id === 'issue-type-scheme')).toMatchObject({
        action: 'nothing',
        params: { reason: 'default' },
      });
      expect(plan.steps.find((s) => s.id === 'workflow-scheme')).toMatchObject({
        action: 'copy-and-assign',
        subject: 'Default Workflow Scheme',
        params: { copy: 'HD: Default Workflow Scheme + CSI', reason: 'default' },
      });
      // A budget of 0: one step per call; the fingerprint stays the confirmed one while the run is in progress.
      const first = await h.handlers.runCsiSetup(
        { projectKey: 'HD', planFingerprint: plan.planFingerprint },
        h.contextOf(ADMIN),
      );
      if (!first.ok) throw new Error(first.error.detail);
      expect(first.value.status).toBe('running');
      expect(first.value.planFingerprint).toBe(plan.planFingerprint);
      expect(first.value.progress).toEqual({ done: 1, total: plan.progress.total });
      expect(first.value.steps[0]).toMatchObject({ id: 'issue-type', action: 'create', state: 'done' });

      const done = await h.runToEnd('HD', ADMIN, first.value.planFingerprint);
      expect(done.status).toBe('complete');
      expect(h.log().filter((e) => e.routeKey === 'GET /rest/api/3/task/{taskId}').length).toBeGreaterThan(0);
      const [type] = await csiIssueTypes(h);
      expect(await workflowSchemeOf(h, '10000')).toMatchObject({
        name: 'HD: Default Workflow Scheme + CSI',
        issueTypeMappings: { [type?.id ?? '']: 'CSI-Verbesserung (Three Ways)' },
      });
      // SEC stays on the default scheme.
      expect((await workflowSchemeOf(h, '10002')).name).toBe('Default Workflow Scheme');
    } finally {
      await h.stop();
    }
  });
});

describe('a failure at any write step', () => {
  const WRITE_ROUTES = [
    'POST /rest/api/3/issuetype',
    'POST /rest/api/3/statuses',
    'POST /rest/api/3/workflows/create/validation',
    'POST /rest/api/3/workflows/create',
    'POST /rest/api/3/issuetypescheme',
    'PUT /rest/api/3/issuetypescheme/project',
    'POST /rest/api/3/workflowscheme',
    'POST /rest/api/3/workflowscheme/project/switch',
  ];

  it.each(WRITE_ROUTES)(
    'stops at the step that failed on %s, and a rerun completes without duplicates',
    async (routeKey) => {
      const h = await startSetupHarness(sharedSeed());
      try {
        const plan = await h.view('HD', ADMIN);
        h.emulator.faults.inject({ endpoint: routeKey, status: 500, times: 5 });
        const run = await h.handlers.runCsiSetup(
          { projectKey: 'HD', planFingerprint: plan.planFingerprint },
          h.contextOf(ADMIN),
        );
        expect(run).toMatchObject({ ok: false, error: { code: 'jira-unavailable' } });
        h.emulator.faults.clear();
        const failed = await h.view('HD', ADMIN);
        expect(failed.status).toBe('failed');
        const step = failed.steps.find((s) => s.state === 'failed');
        expect(step?.error?.code).toBe('jira-unavailable');
        expect(step?.error?.detail).toContain('500');
        expect(failed.steps.filter((s) => s.state === 'failed')).toHaveLength(1);

        const done = await h.runToEnd('HD', ADMIN, failed.planFingerprint);
        expect(done.status).toBe('complete');
        expect(await csiIssueTypes(h)).toHaveLength(1);
        expect((await csiStatusNames(h)).sort()).toEqual(CSI_STATUSES.map((s) => s.names.de).sort());
        expect(await csiWorkflows(h)).toHaveLength(1);
        expect((await issueTypeSchemeOf(h, '10000')).name).toBe('HD: ITSM Issue Type Scheme + CSI');
        expect((await workflowSchemeOf(h, '10000')).name).toBe('HD: ITSM Workflow Scheme + CSI');
        expect((await workflowSchemeOf(h, '10002')).name).toBe('ITSM Workflow Scheme');
      } finally {
        await h.stop();
      }
    },
    TIMEOUT_MS,
  );

  it('keeps polling the switch task after a failed poll: the rerun finishes it instead of switching again', async () => {
    const h = await startSetupHarness(sharedSeed(), { budgetMs: 0 });
    try {
      let view = await h.view('HD', ADMIN);
      // One step per call until the switch was started and its task is pending.
      for (let call = 0; call < 20 && view.steps.at(-1)?.state !== 'running'; call++) {
        const result = await h.handlers.runCsiSetup(
          { projectKey: 'HD', planFingerprint: view.planFingerprint },
          h.contextOf(ADMIN),
        );
        if (!result.ok) throw new Error(result.error.detail);
        view = result.value;
      }
      expect(view.status).toBe('running');
      expect(view.steps.at(-1)).toMatchObject({
        id: 'workflow-scheme',
        action: 'copy-and-assign',
        state: 'running',
      });
      h.emulator.faults.inject({ endpoint: 'GET /rest/api/3/task/{taskId}', status: 500, times: 5 });
      const run = await h.handlers.runCsiSetup(
        { projectKey: 'HD', planFingerprint: view.planFingerprint },
        h.contextOf(ADMIN),
      );
      expect(run).toMatchObject({ ok: false, error: { code: 'jira-unavailable' } });
      h.emulator.faults.clear();
      const failed = await h.view('HD', ADMIN);
      expect(failed.status).toBe('failed');
      h.resetLog();
      const done = await h.runToEnd('HD', ADMIN, failed.planFingerprint);
      expect(done.status).toBe('complete');
      expect(h.log().map((e) => e.routeKey)).not.toContain('POST /rest/api/3/workflowscheme/project/switch');
      expect((await workflowSchemeOf(h, '10000')).name).toBe('HD: ITSM Workflow Scheme + CSI');
    } finally {
      await h.stop();
    }
  });

  it('answers conflict when Jira changed between the plan and the run, and the new plan adopts the change', async () => {
    const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }));
    try {
      const plan = await h.view('HD', ADMIN);
      // Someone creates the issue type after the plan was shown: the plan changed.
      await h.rest(ADMIN).post('/rest/api/3/issuetype', { name: 'Improvement (CSI)', hierarchyLevel: 0 });
      const run = await h.handlers.runCsiSetup(
        { projectKey: 'HD', planFingerprint: plan.planFingerprint },
        h.contextOf(ADMIN),
      );
      expect(run).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const replanned = await h.view('HD', ADMIN);
      expect(replanned.steps[0]).toMatchObject({ action: 'reuse', subject: 'Improvement (CSI)' });
      expect(replanned.steps[0]?.params['createdByApp']).toBeUndefined();
    } finally {
      await h.stop();
    }
  });
});

describe('two administrators at once', () => {
  it('lets one run work and answers conflict to the other; nothing is created twice', async () => {
    const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }));
    try {
      const plan = await h.view('HD', ADMIN);
      const payload = { projectKey: 'HD', planFingerprint: plan.planFingerprint };
      const [a, b] = await Promise.all([
        h.handlers.runCsiSetup(payload, h.contextOf(ADMIN)),
        h.handlers.runCsiSetup(payload, h.contextOf(ADMIN)),
      ]);
      const codes = [a, b].map((r) => (r.ok ? r.value.status : r.error.code)).sort();
      expect(codes).toEqual(['complete', 'conflict']);
      expect(await csiIssueTypes(h)).toHaveLength(1);
      expect(await csiWorkflows(h)).toHaveLength(1);
      // The lease is given back: the next run is accepted.
      const after = await h.view('HD', ADMIN);
      expect(after.status).toBe('complete');
      const rerun = await h.handlers.runCsiSetup(
        { projectKey: 'HD', planFingerprint: after.planFingerprint },
        h.contextOf(ADMIN),
      );
      expect(rerun.ok).toBe(true);
    } finally {
      await h.stop();
    }
  });
});

describe('a site without the app’s validator', () => {
  it('says so in the plan and fails the workflow step with what to do (setup-step-failed)', async () => {
    const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }), { withValidator: false });
    try {
      const plan = await h.view('HD', ADMIN);
      expect(plan.steps.find((s) => s.id === 'workflow')?.params['problem']).toBe('validator-missing');
      const run = await h.handlers.runCsiSetup(
        { projectKey: 'HD', planFingerprint: plan.planFingerprint },
        h.contextOf(ADMIN),
      );
      expect(run).toMatchObject({ ok: false, error: { code: 'setup-step-failed' } });
      const failed = await h.view('HD', ADMIN);
      expect(failed.status).toBe('failed');
      const step = failed.steps.find((s) => s.state === 'failed');
      expect(step?.id).toBe('workflow');
      expect(step?.error?.detail).toContain('csi-transition-validator');
      expect(step?.error?.detail).toContain('forge deploy');
      // What came before stays (and is adopted by the rerun); nothing after the failed step was touched.
      expect(await csiIssueTypes(h)).toHaveLength(1);
      expect(await csiWorkflows(h)).toHaveLength(0);
      expect((await workflowSchemeOf(h, '10000')).issueTypeMappings).toEqual({});
    } finally {
      await h.stop();
    }
  });
});

describe('a team-managed project', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await startSetupHarness(buildSeed({ hd: 2, csi: 2, sec: 1 }));
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it('creates project-scoped statuses and workflow, then waits for the administrator to create the type', async () => {
    const plan = await h.view('CSI', ADMIN);
    expect(plan.projectStyle).toBe('team-managed');
    expect(actionsOf(plan)).toMatchObject({
      'status:identified': 'create',
      workflow: 'create',
      'team-managed-issue-type': 'manual',
    });
    expect(plan.steps.find((s) => s.id === 'team-managed-issue-type')).toMatchObject({
      subject: 'Verbesserung (CSI)',
      params: { name: 'Verbesserung (CSI)', projectKey: 'CSI' },
    });
    const afterRun = await h.runToEnd('CSI', ADMIN, plan.planFingerprint);
    expect(afterRun.status).toBe('needs-manual-step');
    expect((await csiStatusNames(h, '10001')).sort()).toEqual(CSI_STATUSES.map((s) => s.names.de).sort());
    // Project-scoped: no global CSI statuses, no global issue type.
    expect(await csiStatusNames(h)).toEqual([]);
    expect(await csiIssueTypes(h)).toHaveLength(0);
    const again = await h.view('CSI', ADMIN);
    expect(again.status).toBe('needs-manual-step');
    // The run in progress shows what it did; the next run call adopts it (no duplicates).
    expect(again.steps.filter((s) => s.state === 'done').map((s) => s.id)).toEqual([
      ...CSI_STATUSES.map((s) => `status:${s.key}`),
      'workflow',
    ]);
    expect(again.progress).toEqual({ done: 9, total: 11 });
    h.resetLog();
    const still = await h.runToEnd('CSI', ADMIN, again.planFingerprint);
    expect(still.status).toBe('needs-manual-step');
    expect(writesOf(h.log())).toEqual([]);
  });

  it('adopts the issue type the administrator created and maps the CSI workflow in the project’s own scheme', async () => {
    const base = buildSeed({ hd: 2, csi: 2, sec: 1 });
    const seed: JiraSeed = {
      ...base,
      issueTypes: base.issueTypes.map((t) =>
        t.id === TYPE.improvement.id ? { ...t, name: 'Verbesserung (CSI)' } : t,
      ),
    };
    const t = await startSetupHarness(seed);
    try {
      const plan = await t.view('CSI', ADMIN);
      expect(plan.steps.find((s) => s.id === 'team-managed-issue-type')).toMatchObject({
        action: 'reuse',
        params: { id: TYPE.improvement.id },
      });
      expect(plan.issueType).toEqual({ id: TYPE.improvement.id, name: 'Verbesserung (CSI)' });
      const done = await t.runToEnd('CSI', ADMIN, plan.planFingerprint);
      expect(done.status).toBe('complete');
      const [details] = await json<
        { workflowsForIssueTypes: { issueTypeIds: string[]; workflow: { name: string } }[] }[]
      >(t, 'POST', '/rest/api/3/workflowscheme/read', { projectIds: ['10001'] });
      const mapped = details?.workflowsForIssueTypes.find((w) =>
        w.issueTypeIds.includes(TYPE.improvement.id),
      );
      expect(mapped?.workflow.name).toBe('CSI-Verbesserung (Three Ways)');
      // The other type keeps its workflow.
      const other = details?.workflowsForIssueTypes.find((w) => w.issueTypeIds.includes(TYPE.feedback.id));
      expect(other?.workflow.name ?? null).not.toBe('CSI-Verbesserung (Three Ways)');
      // Its issue in "Backlog" (To Do) moved to the first CSI status; the feedback issue kept its status.
      const statusOf = async (key: string): Promise<string> =>
        (
          await json<{ fields: { status: { name: string } } }>(
            t,
            'GET',
            `/rest/api/3/issue/${key}?fields=status`,
          )
        ).fields.status.name;
      expect(await statusOf('CSI-1')).toBe('Erfasst');
      expect(await statusOf('CSI-2')).toBe('Backlog');
      expect((await t.view('CSI', ADMIN)).status).toBe('complete');
    } finally {
      await t.stop();
    }
  });
});

describe('the validator module’s project types', () => {
  it('are declared for team-managed projects too in manifest.yml (Jira’s default is company-managed only)', () => {
    expect(manifestValidatorProjectTypes()).toEqual(['company-managed', 'team-managed']);
  });

  it('decide whether a team-managed project’s CSI workflow can get the validator: without team-managed it cannot', async () => {
    const h = await startSetupHarness(buildSeed({ hd: 2, csi: 2, sec: 1 }), {
      validatorProjectTypes: ['company-managed'],
    });
    try {
      const plan = await h.view('CSI', ADMIN);
      expect(plan.steps.find((s) => s.id === 'workflow')?.params).toMatchObject({
        problem: 'validator-missing',
      });
      // Jira was asked about a workflow of the project (the project and one of its issue types) and answered.
      expect(h.log().filter((entry) => entry.routeKey === 'GET /rest/api/3/workflows/capabilities')).toEqual([
        { routeKey: 'GET /rest/api/3/workflows/capabilities', status: 200 },
      ]);
    } finally {
      await h.stop();
    }
  });
});

/** Resolver calls (one permission check each) and how often each read of the site's catalogue was made. */
function catalogueReadsPerCall(log: readonly { routeKey: string }[]): { calls: number; reads: number[] } {
  const count = (routeKey: string): number => log.filter((entry) => entry.routeKey === routeKey).length;
  return {
    calls: count('GET /rest/api/3/mypermissions'),
    reads: [
      'GET /rest/api/3/issuetype',
      'GET /rest/api/3/statuses/search',
      'GET /rest/api/3/workflows/capabilities',
    ].map(count),
  };
}

describe('the sample site (Nordlicht IT-Services)', () => {
  it('sets up CSI in the e-mail service project end to end: default workflow scheme copied, then a no-op rerun', async () => {
    const nowMs = Date.UTC(2026, 2, 2, 11, 0);
    const h = await startSetupHarness(generateSampleSeed({ now: nowMs }));
    try {
      const admin = user('admin');
      const mail = await h.rest(admin).get(`/rest/api/3/project/${PROJECT_KEYS.mail}`);
      const mailId = (mail.body as { id: string }).id;
      const plan = await h.view(PROJECT_KEYS.mail, admin);
      expect(plan).toMatchObject({ projectStyle: 'company-managed', canRun: true, status: 'not-set-up' });
      // The CSI project of the sample site has the type and the workflow already: they are reused.
      expect(actionsOf(plan)).toMatchObject({
        'issue-type': 'reuse',
        workflow: 'reuse',
        'issue-type-scheme': 'add',
        'workflow-scheme': 'copy-and-assign',
      });
      h.resetLog();
      const done = await h.runToEnd(PROJECT_KEYS.mail, admin, plan.planFingerprint);
      expect(done.status).toBe('complete');
      // The run only changes schemes: each run call reads the site's catalogue once (its re-read at the end
      // reads the schemes only).
      expect(catalogueReadsPerCall(h.log())).toEqual({ calls: 1, reads: [1, 1, 1] });
      const scheme = await workflowSchemeOf(h, mailId);
      expect(scheme.name).toBe(`${PROJECT_KEYS.mail}: Default Workflow Scheme + CSI`);
      expect(Object.values(scheme.issueTypeMappings ?? {})).toContain('CSI-Verbesserung (Three Ways)');

      h.resetLog();
      const again = await h.view(PROJECT_KEYS.mail, admin);
      expect(again.status).toBe('complete');
      const rerun = await h.handlers.runCsiSetup(
        { projectKey: PROJECT_KEYS.mail, planFingerprint: again.planFingerprint },
        h.contextOf(admin),
      );
      expect(rerun).toMatchObject({ ok: true, value: { status: 'complete' } });
      expect(writesOf(h.log())).toEqual([]);
      expect(catalogueReadsPerCall(h.log())).toEqual({ calls: 2, reads: [2, 2, 2] });
      expect(await csiIssueTypes(h)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 20_000);
});
