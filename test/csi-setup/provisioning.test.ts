/**
 * The CSI setup planner with plain data: what it reuses, creates, adds or copies, how it names copies, the
 * team-managed guided path, and that the fingerprint follows the changes a plan makes.
 */
import {
  findCsiStatus,
  planCsiSetup,
  planFingerprint,
  schemeCopyName,
  type CsiSetupSnapshot,
  type CsiSnapshotStatus,
} from '../../src/domain/csi/provisioning';
import {
  csiWorkflowCreateRequest,
  findCsiValidatorRuleId,
  FORGE_VALIDATOR_RULE_KEY,
  statusReference,
} from '../../src/domain/csi/provisioning-workflow';
import { CSI_STATUSES, CSI_TRANSITIONS, type CsiStatusKey } from '../../src/domain/csi/workflow';

const ARI = 'ari:cloud:ecosystem::extension/app-1/env-1/static/csi-transition-validator';

function snapshot(overrides: Partial<CsiSetupSnapshot> = {}): CsiSetupSnapshot {
  return {
    project: { id: '10000', key: 'HD', name: 'Help Desk', style: 'company-managed' },
    language: 'de',
    issueTypes: [{ id: '1', name: 'Incident', scopeProjectId: null }],
    statuses: [{ id: '1', name: 'Neu', category: 'TODO', scopeProjectId: null }],
    workflows: [],
    validatorRuleId: ARI,
    issueTypeScheme: {
      id: '10000',
      name: 'Default Issue Type Scheme',
      isDefault: true,
      issueTypeIds: [],
      projectIds: [],
    },
    issueTypeSchemeCopy: null,
    workflowScheme: {
      id: null,
      name: 'Default Workflow Scheme',
      defaultWorkflow: 'jira',
      issueTypeMappings: {},
      projectIds: [],
    },
    workflowSchemeCopy: null,
    createdIds: [],
    ...overrides,
  };
}

/** Every CSI status as a global status with the right category, in German, ids 500… */
function allStatuses(language: 'de' | 'en' = 'de'): CsiSnapshotStatus[] {
  return CSI_STATUSES.map((s, i) => ({
    id: String(500 + i),
    name: s.names[language],
    category: s.category,
    scopeProjectId: null,
  }));
}

function actions(plan: ReturnType<typeof planCsiSetup>): Record<string, string> {
  return Object.fromEntries(plan.steps.map((s) => [s.id, s.action]));
}

describe('company-managed plan', () => {
  it('creates everything on a fresh site; the default schemes: type scheme nothing, workflow scheme copied', () => {
    const plan = planCsiSetup(snapshot());
    expect(plan.steps.map((s) => s.id)).toEqual([
      'issue-type',
      ...CSI_STATUSES.map((s) => `status:${s.key}`),
      'workflow',
      'issue-type-scheme',
      'workflow-scheme',
    ]);
    expect(actions(plan)).toMatchObject({
      'issue-type': 'create',
      'status:identified': 'create',
      workflow: 'create',
      'issue-type-scheme': 'nothing',
      'workflow-scheme': 'copy-and-assign',
    });
    expect(plan.steps[0]).toMatchObject({
      subject: 'Verbesserung (CSI)',
      params: { name: 'Verbesserung (CSI)' },
    });
    expect(plan.steps.find((s) => s.id === 'status:verifying')).toMatchObject({
      subject: 'Wirksamkeitsprüfung',
      params: { category: 'IN_PROGRESS', key: 'verifying' },
    });
    expect(plan.steps.find((s) => s.id === 'workflow-scheme')?.params).toMatchObject({
      reason: 'default',
      copy: 'HD: Default Workflow Scheme + CSI',
    });
    expect(plan.complete).toBe(false);
    expect(plan.issueType).toBeNull();
  });

  it('names what it creates in English for an English-speaking administrator', () => {
    const plan = planCsiSetup(snapshot({ language: 'en' }));
    expect(plan.steps[0]?.subject).toBe('Improvement (CSI)');
    expect(plan.steps.find((s) => s.id === 'workflow')?.subject).toBe('CSI Improvement (Three Ways)');
    expect(plan.steps.find((s) => s.id === 'status:closed')?.subject).toBe('Closed');
  });

  it('reuses the issue type, statuses and workflow by either language; a fully mapped project is complete', () => {
    const plan = planCsiSetup(
      snapshot({
        issueTypes: [
          { id: '1', name: 'Incident', scopeProjectId: null },
          { id: '77', name: 'improvement (csi) ', scopeProjectId: null },
        ],
        statuses: allStatuses('en'),
        workflows: [{ id: 'wf-1', name: 'CSI Improvement (Three Ways)', scopeProjectId: null }],
        workflowScheme: {
          id: '10100',
          name: 'HD scheme',
          defaultWorkflow: 'jira',
          issueTypeMappings: { '77': 'CSI Improvement (Three Ways)' },
          projectIds: ['10000'],
        },
      }),
    );
    expect(new Set(Object.values(actions(plan)))).toEqual(new Set(['reuse', 'nothing']));
    expect(plan.complete).toBe(true);
    expect(plan.issueType).toEqual({ id: '77', name: 'improvement (csi) ' });
    expect(plan.steps.find((s) => s.id === 'workflow')).toMatchObject({ targetId: 'wf-1' });
  });

  it('ignores project-scoped and sub-task types of the CSI name', () => {
    const plan = planCsiSetup(
      snapshot({
        issueTypes: [
          { id: '5', name: 'Verbesserung (CSI)', scopeProjectId: '10001' },
          { id: '6', name: 'Verbesserung (CSI)', scopeProjectId: null, hierarchyLevel: -1 },
        ],
      }),
    );
    expect(plan.steps[0]?.action).toBe('create');
  });

  it('reuses a same-named status of another category and says so; a right-category match wins', () => {
    const wrong: CsiSnapshotStatus = { id: '40', name: 'Genehmigt', category: 'DONE', scopeProjectId: null };
    const plan = planCsiSetup(snapshot({ statuses: [wrong] }));
    expect(plan.steps.find((s) => s.id === 'status:approved')).toMatchObject({
      action: 'reuse',
      targetId: '40',
      params: { foundCategory: 'DONE', category: 'IN_PROGRESS' },
    });
    const right: CsiSnapshotStatus = {
      id: '41',
      name: 'Approved',
      category: 'IN_PROGRESS',
      scopeProjectId: null,
    };
    const approved = CSI_STATUSES.find((s) => s.key === 'approved');
    if (approved === undefined) throw new Error('no approved status');
    expect(findCsiStatus(snapshot({ statuses: [wrong, right] }), approved)).toEqual({
      status: right,
      categoryMatches: true,
    });
  });

  it('adds the type to an issue type scheme only this project uses, copies a shared one', () => {
    const exclusive = planCsiSetup(
      snapshot({
        issueTypeScheme: {
          id: '2',
          name: 'HD types',
          isDefault: false,
          issueTypeIds: ['1'],
          projectIds: ['10000'],
        },
      }),
    );
    expect(exclusive.steps.find((s) => s.id === 'issue-type-scheme')).toMatchObject({
      action: 'add',
      subject: 'HD types',
    });
    const shared = planCsiSetup(
      snapshot({
        issueTypeScheme: {
          id: '2',
          name: 'ITSM types',
          isDefault: false,
          issueTypeIds: ['1'],
          projectIds: ['10000', '10002'],
        },
      }),
    );
    expect(shared.steps.find((s) => s.id === 'issue-type-scheme')).toMatchObject({
      action: 'copy-and-assign',
      params: { copy: 'HD: ITSM types + CSI', sharedWith: '1', reason: 'shared' },
    });
  });

  it('adds the mapping to a workflow scheme only this project uses, copies a shared one, never touches mapped ones', () => {
    const scheme = {
      id: '10100',
      name: 'HD workflows',
      defaultWorkflow: 'jira',
      issueTypeMappings: { '1': 'HD: Workflow' },
      projectIds: ['10000'],
    };
    expect(
      planCsiSetup(snapshot({ workflowScheme: scheme })).steps.find((s) => s.id === 'workflow-scheme'),
    ).toMatchObject({ action: 'add', params: { workflow: 'CSI-Verbesserung (Three Ways)' } });
    expect(
      planCsiSetup(snapshot({ workflowScheme: { ...scheme, projectIds: ['10000', '10003'] } })).steps.find(
        (s) => s.id === 'workflow-scheme',
      ),
    ).toMatchObject({
      action: 'copy-and-assign',
      params: { copy: 'HD: HD workflows + CSI', sharedWith: '1' },
    });
  });

  it('names the copy after an existing copy, and cuts long names to Jira’s 255 characters', () => {
    const plan = planCsiSetup(
      snapshot({
        workflowSchemeCopy: {
          id: '10200',
          name: 'HD: Default Workflow Scheme + CSI',
          defaultWorkflow: 'jira',
          issueTypeMappings: {},
          projectIds: [],
        },
      }),
    );
    expect(plan.steps.find((s) => s.id === 'workflow-scheme')?.params['copy']).toBe(
      'HD: Default Workflow Scheme + CSI',
    );
    const long = schemeCopyName('HD', 'x'.repeat(300));
    expect(long).toHaveLength(255);
    expect(long.startsWith('HD: x')).toBe(true);
    expect(long.endsWith('… + CSI')).toBe(true);
  });

  it('says when the app’s validator is missing from the site’s Forge rules', () => {
    const plan = planCsiSetup(snapshot({ validatorRuleId: null }));
    expect(plan.steps.find((s) => s.id === 'workflow')?.params).toMatchObject({
      problem: 'validator-missing',
    });
  });

  it('marks what the app created', () => {
    const plan = planCsiSetup(
      snapshot({
        issueTypes: [{ id: '77', name: 'Verbesserung (CSI)', scopeProjectId: null }],
        createdIds: ['77'],
      }),
    );
    expect(plan.steps[0]).toMatchObject({ action: 'reuse', params: { createdByApp: 'true' } });
  });
});

describe('team-managed plan', () => {
  const team = (overrides: Partial<CsiSetupSnapshot> = {}): CsiSetupSnapshot =>
    snapshot({
      project: { id: '10001', key: 'CSI', name: 'CSI', style: 'team-managed' },
      issueTypes: [{ id: '10200', name: 'Improvement', scopeProjectId: '10001' }],
      statuses: allStatuses(),
      issueTypeScheme: null,
      workflowScheme: {
        id: '10300',
        name: 'CSI scheme',
        defaultWorkflow: null,
        issueTypeMappings: { '10200': 'CSI: Workflow' },
        projectIds: ['10001'],
      },
      ...overrides,
    });

  it('creates project-scoped statuses (a global one of the same name does not count) and guides the issue type', () => {
    const plan = planCsiSetup(team());
    expect(plan.steps.map((s) => s.id)).toEqual([
      ...CSI_STATUSES.map((s) => `status:${s.key}`),
      'workflow',
      'team-managed-issue-type',
      'workflow-scheme',
    ]);
    expect(actions(plan)).toMatchObject({
      'status:identified': 'create',
      workflow: 'create',
      'team-managed-issue-type': 'manual',
      'workflow-scheme': 'add',
    });
    expect(plan.steps.find((s) => s.id === 'team-managed-issue-type')?.params).toEqual({
      name: 'Verbesserung (CSI)',
      projectKey: 'CSI',
      projectName: 'CSI',
    });
  });

  it('adopts the issue type once the administrator created it', () => {
    const plan = planCsiSetup(
      team({
        issueTypes: [{ id: '10250', name: 'Verbesserung (CSI)', scopeProjectId: '10001' }],
        statuses: allStatuses().map((s) => ({ ...s, scopeProjectId: '10001' })),
        workflows: [{ id: 'wf-9', name: 'CSI-Verbesserung (Three Ways)', scopeProjectId: '10001' }],
      }),
    );
    expect(actions(plan)).toMatchObject({
      'status:identified': 'reuse',
      workflow: 'reuse',
      'team-managed-issue-type': 'reuse',
      'workflow-scheme': 'add',
    });
    expect(plan.issueType).toEqual({ id: '10250', name: 'Verbesserung (CSI)' });
  });
});

describe('fingerprint', () => {
  it('is stable for the same plan and changes with any action or subject', () => {
    const a = planCsiSetup(snapshot()).steps;
    expect(planFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(planFingerprint(planCsiSetup(snapshot()).steps)).toBe(planFingerprint(a));
    const b = planCsiSetup(snapshot({ statuses: allStatuses() })).steps;
    expect(planFingerprint(b)).not.toBe(planFingerprint(a));
    const c = planCsiSetup(snapshot({ language: 'en' })).steps;
    expect(planFingerprint(c)).not.toBe(planFingerprint(a));
  });
});

describe('workflow definition', () => {
  const statuses = new Map(
    CSI_STATUSES.map((s, i) => [
      s.key,
      { key: s.key, id: String(500 + i), name: s.names.de, category: s.category },
    ]),
  ) as ReadonlyMap<CsiStatusKey, { key: CsiStatusKey; id: string; name: string; category: 'TODO' }>;

  it('has every CSI transition, the initial one first, and the validator with its rule on approve, verify, close', () => {
    const request = csiWorkflowCreateRequest({
      language: 'de',
      statuses,
      validatorRuleId: ARI,
      projectId: null,
    });
    expect(request.scope).toEqual({ type: 'GLOBAL' });
    expect(request.statuses).toHaveLength(CSI_STATUSES.length);
    const [workflow] = request.workflows;
    if (workflow === undefined) throw new Error('no workflow');
    expect(workflow.name).toBe('CSI-Verbesserung (Three Ways)');
    expect(workflow.transitions.map((t) => t.name)).toEqual(CSI_TRANSITIONS.map((t) => t.names.de));
    expect(workflow.transitions[0]).toMatchObject({
      id: '1',
      type: 'INITIAL',
      links: [],
      toStatusReference: statusReference('identified'),
    });
    const withRules = workflow.transitions.filter((t) => t.validators.length > 0);
    expect(withRules.map((t) => t.name)).toEqual(['Genehmigen', 'Wirksamkeit prüfen', 'Abschließen']);
    expect(withRules[0]?.validators[0]).toEqual({
      ruleKey: FORGE_VALIDATOR_RULE_KEY,
      parameters: { key: ARI, config: JSON.stringify({ rule: 'approve', lang: 'de' }) },
    });
    const reject = workflow.transitions.find((t) => t.name === 'Ablehnen');
    expect(reject?.links).toHaveLength(3);
    expect(new Set(workflow.transitions.map((t) => t.id)).size).toBe(CSI_TRANSITIONS.length);
  });

  it('is project-scoped for a team-managed project', () => {
    const request = csiWorkflowCreateRequest({
      language: 'en',
      statuses,
      validatorRuleId: ARI,
      projectId: '10001',
    });
    expect(request.scope).toEqual({ type: 'PROJECT', project: { id: '10001' } });
    expect(request.workflows[0]?.name).toBe('CSI Improvement (Three Ways)');
  });

  it('finds the app’s validator by the end of its ARI', () => {
    expect(
      findCsiValidatorRuleId([{ id: 'ari:cloud:ecosystem::extension/x/y/static/other' }, { id: ARI }]),
    ).toBe(ARI);
    expect(findCsiValidatorRuleId([])).toBeNull();
  });
});
