/**
 * Issue creation and transitions through workflows over HTTP: a new issue starts in its workflow's initial
 * status; GET transitions lists the DIRECTED transitions from the issue's status plus the GLOBAL ones; POST runs
 * the transition's Forge validator (the handler registered with `onWorkflowValidator`) and refuses with its
 * message, or moves the issue with a changelog (status and resolution) and the updated event. Seeds without
 * workflows keep their derived "every status" transitions.
 */
import { startEmulator } from '../../dev/emulator';
import type { ProductEvent, RunningEmulator, WorkflowValidatorPayload } from '../../dev/emulator';
import { adfParagraph } from '../../dev/emulator/adf';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { PROJECT_IDS, PROJECT_KEYS } from '../../dev/sample-data/model';
import { ADMIN, AGENT, NEU_ID, STATUS, TYPE, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import {
  ERFASST_REF,
  closeTransition,
  createWorkflow,
  globalTransition,
  workflowCreateRequest,
} from './workflow-fixtures';

const EXTENSION = 'ari:cloud:ecosystem::extension/app-1/env-1/static/csi-transition-validator';

describe('issue creation and workflow transitions', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, ADMIN);

  beforeEach(async () => {
    emulator = await startEmulator({ seed: buildSeed({ hd: 2, csi: 1, sec: 0, emptyProject: true }) });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  /** Gives NEU a workflow Erfasst → (Abschließen, validated) → Gelöst, with a GLOBAL way back. */
  const setUpValidatedWorkflow = async (): Promise<{ erfasstId: string }> => {
    const { erfasstId } = await createWorkflow(
      admin(),
      workflowCreateRequest({
        transitions: [closeTransition(EXTENSION), globalTransition('Wieder öffnen', ERFASST_REF)],
      }),
    );
    const scheme = await admin().post('/rest/api/3/workflowscheme', {
      name: 'CSI',
      defaultWorkflow: 'CSI-Flow',
    });
    await admin().put('/rest/api/3/workflowscheme/project', {
      projectId: NEU_ID,
      workflowSchemeId: String(obj(scheme.body).id),
    });
    return { erfasstId };
  };

  const createNeuIssue = async (): Promise<string> => {
    const reply = await admin().post('/rest/api/3/issue', {
      fields: {
        project: { key: 'NEU' },
        issuetype: { id: TYPE.incident.id },
        summary: 'Passwort-Self-Service',
        description: adfParagraph('Weniger Tickets.'),
      },
    });
    expect(reply.status).toBe(201);
    return String(obj(reply.body).key);
  };

  it('creates an issue in the initial status of its workflow, with its ADF description, and emits the event', async () => {
    const { erfasstId } = await setUpValidatedWorkflow();
    const events: ProductEvent[] = [];
    emulator.onProductEvent((e) => {
      events.push(e);
    });
    const key = await createNeuIssue();
    const issue = obj((await admin().get(`/rest/api/3/issue/${key}?fields=status,description`)).body);
    const fields = obj(issue.fields);
    expect(obj(fields.status).id).toBe(erfasstId);
    expect(fields.description).toEqual(adfParagraph('Weniger Tickets.'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
  });

  it('refuses an issue type missing from the project issue type scheme with errors.issuetype', async () => {
    const reply = await admin().post('/rest/api/3/issue', {
      fields: { project: { key: 'HD' }, issuetype: { id: TYPE.improvement.id }, summary: 'x' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      errorMessages: [],
      errors: { issuetype: 'The issue type selected is invalid.' },
    });
  });

  it('lists the DIRECTED transitions from the status and the GLOBAL ones to other statuses', async () => {
    await setUpValidatedWorkflow();
    const key = await createNeuIssue();
    const list = objs(obj((await admin().get(`/rest/api/3/issue/${key}/transitions`)).body).transitions);
    expect(list.map((t) => [t.id, t.name, obj(t.to).name, t.isGlobal])).toEqual([
      ['11', 'Abschließen', 'Gelöst', false],
    ]);
  });

  it("runs the Forge validator: its refusal is Jira's 400 with the message; its approval moves the issue", async () => {
    const { erfasstId } = await setUpValidatedWorkflow();
    const key = await createNeuIssue();
    const payloads: WorkflowValidatorPayload[] = [];
    let allow = false;
    emulator.onWorkflowValidator((payload) => {
      payloads.push(payload);
      return allow
        ? { result: true }
        : { result: false, errorMessage: 'Zum Abschließen fehlt das Messergebnis.' };
    }, EXTENSION);
    const refused = await admin().post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } });
    expect([refused.status, refused.body]).toEqual([
      400,
      { errorMessages: ['Zum Abschließen fehlt das Messergebnis.'], errors: {} },
    ]);
    expect(payloads[0]).toMatchObject({
      issue: { key },
      transition: { id: '11', name: 'Abschließen', from: { id: erfasstId }, to: { id: STATUS.geloest.id } },
      workflow: { name: 'CSI-Flow' },
      configuration: { rule: 'close' },
      config: { rule: 'close' },
      context: { accountId: ADMIN.accountId },
    });
    const events: ProductEvent[] = [];
    emulator.onProductEvent((e) => {
      events.push(e);
    });
    allow = true;
    const moved = await admin().post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } });
    expect(moved.status).toBe(204);
    const changelog = obj((await admin().get(`/rest/api/3/issue/${key}/changelog`)).body);
    expect(objs(objs(changelog.values)[0]?.items)).toMatchObject([
      { field: 'status', toString: 'Gelöst' },
      { field: 'resolution', toString: 'Done' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue']);
    // Back via the GLOBAL transition (no validator).
    const back = await admin().post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '21' } });
    expect(back.status).toBe(204);
  });

  it('refuses a validated transition when no app handles the validator', async () => {
    await setUpValidatedWorkflow();
    const key = await createNeuIssue();
    const reply = await admin().post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } });
    expect(reply.status).toBe(400);
    expect(String(obj(reply.body).errorMessages)).toContain('is not available');
  });

  it('keeps the derived transitions of seeds without workflows (every other status, id = status id)', async () => {
    const list = objs(
      obj((await clientFor(emulator.url, AGENT).get('/rest/api/3/issue/HD-2/transitions')).body).transitions,
    );
    expect(list.map((t) => t.id)).toEqual([
      STATUS.neu.id,
      STATUS.inBearbeitung.id,
      STATUS.geloest.id,
      STATUS.geschlossen.id,
    ]);
    expect(list.every((t) => t.isGlobal === true)).toBe(true);
  });
});

describe('a Forge validator in a team-managed workflow runs only when its module declares team-managed', () => {
  const NOW_MS = Date.UTC(2026, 2, 2, 9, 0);
  const TEAM_EXTENSION = 'ari:cloud:ecosystem::extension/app-1/env-1/static/team-validator';
  const rule = {
    id: TEAM_EXTENSION,
    name: 'Team rule',
    ruleKey: 'forge:expression-validator',
    ruleType: 'Validator',
  } as const;

  /** The sample site with the validator on every transition of TEAM's project-scoped workflow. */
  function teamSeedWithValidator() {
    const seed = generateSampleSeed({ now: NOW_MS });
    return {
      ...seed,
      workflows: (seed.workflows ?? []).map((workflow) =>
        workflow.projectId !== PROJECT_IDS.team
          ? workflow
          : {
              ...workflow,
              transitions: workflow.transitions.map((t) => ({
                ...t,
                validators: [
                  {
                    ruleKey: 'forge:expression-validator',
                    parameters: { key: TEAM_EXTENSION, config: '{}' },
                  },
                ],
              })),
            },
      ),
    };
  }

  async function transitionTeamIssue(
    projectTypes: readonly ('company-managed' | 'team-managed')[] | undefined,
  ) {
    const seed = teamSeedWithValidator();
    const emulator = await startEmulator({
      seed,
      now: () => NOW_MS,
      forgeRules: [projectTypes === undefined ? rule : { ...rule, projectTypes }],
    });
    try {
      const ran: string[] = [];
      emulator.onWorkflowValidator((payload) => {
        ran.push(payload.issue.key);
        return { result: true };
      }, TEAM_EXTENSION);
      const admin = seed.users.find((user) => user.jiraAdmin);
      if (admin === undefined) throw new Error('the sample site has no Jira administrator');
      const jira = clientFor(emulator.url, admin);
      const issue = seed.issues.find((i) => i.key.startsWith(`${PROJECT_KEYS.team}-`));
      if (issue === undefined) throw new Error('the sample site has no TEAM issue');
      const transitions = objs(
        obj((await jira.get(`/rest/api/3/issue/${issue.key}/transitions`)).body).transitions,
      );
      const other = transitions.find((t) => obj(t.to).id !== issue.statusId);
      const reply = await jira.post(`/rest/api/3/issue/${issue.key}/transitions`, {
        transition: { id: String(other?.id) },
      });
      return { status: reply.status, body: reply.body, ran };
    } finally {
      await emulator.stop();
    }
  }

  it('refuses the transition when the module has no projectTypes (company-managed only, Jira’s default)', async () => {
    const result = await transitionTeamIssue(undefined);
    expect(result.status).toBe(400);
    expect(String(obj(result.body).errorMessages)).toContain('not available in team-managed projects');
    expect(result.ran).toEqual([]);
  });

  it('runs the validator when the module declares team-managed', async () => {
    const result = await transitionTeamIssue(['company-managed', 'team-managed']);
    expect(result.status).toBe(204);
    expect(result.ran).toHaveLength(1);
  });
});
