/**
 * The CSI setup's steps: what each planned step does in Jira (create the issue type, the statuses and the
 * workflow; add to or copy and assign the schemes; poll the tasks Jira runs for workflow-scheme changes). A step
 * records what it created before going on, so a failed or interrupted run resumes without duplicates.
 */
import type { CsiSetupAction } from '../contract/csi';
import { NO_CHANGE_ACTIONS, normalName, schemeCopyName, type CsiPlanStep } from '../domain/csi/provisioning';
import { csiWorkflowCreateRequest, type CsiWorkflowStatusRef } from '../domain/csi/provisioning-workflow';
import {
  CSI_ISSUE_TYPE_NAMES,
  CSI_STATUSES,
  csiStatusKeyOfName,
  type CsiStatusKey,
} from '../domain/csi/workflow';
import {
  StepProblem,
  TASK_POLL_INTERVAL_MS,
  type CsiSetupDeps,
  type CsiSetupState,
  type RunContext,
} from './csi-setup-state';

export type StepOutcome =
  { readonly kind: 'done'; readonly doneIds: readonly string[] } | { readonly kind: 'waiting' };

const DONE = (ids: readonly string[]): StepOutcome => ({ kind: 'done', doneIds: ids });

function requireIssueType(context: RunContext): string {
  if (context.issueTypeId === null) {
    throw new StepProblem('The CSI issue type does not exist yet; run the setup from its first step.');
  }
  return context.issueTypeId;
}

function requireWorkflow(context: RunContext): { id: string; name: string } {
  if (context.workflow === null) {
    throw new StepProblem('The CSI workflow does not exist yet; run the setup from its workflow step.');
  }
  return context.workflow;
}

/** Runs one step (or, for the first status step to create, every status to create in one request). */
export async function executeStep(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  steps: readonly CsiPlanStep[],
  context: RunContext,
  state: CsiSetupState,
  alreadyDone: boolean,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
): Promise<StepOutcome> {
  const { jira } = deps;
  const { snapshot } = context;
  const scopeProjectId = snapshot.project.style === 'team-managed' ? snapshot.project.id : null;
  const reused = alreadyDone || NO_CHANGE_ACTIONS.has(step.action) || step.targetId !== null;

  switch (step.kind) {
    case 'issue-type':
    case 'team-managed-issue-type': {
      if (step.targetId !== null) {
        context.issueTypeId = step.targetId;
        return DONE([step.id]);
      }
      if (step.kind === 'team-managed-issue-type') return { kind: 'waiting' };
      const created = await jira.createIssueType({
        name: CSI_ISSUE_TYPE_NAMES[snapshot.language],
        description:
          snapshot.language === 'de'
            ? 'Verbesserungsvorschlag im kontinuierlichen Verbesserungsprozess (CSI, FitSM PR14).'
            : 'Improvement opportunity in the continual service improvement process (CSI, FitSM PR14).',
      });
      context.issueTypeId = created.id;
      context.catalogueChanged = true;
      await remember({ createdIds: [...state.createdIds, created.id] });
      return DONE([step.id]);
    }

    case 'status': {
      const key = step.params['key'] as CsiStatusKey;
      if (context.statuses.has(key)) return DONE([step.id]);
      if (reused && step.targetId !== null) {
        const found = snapshot.statuses.find((s) => s.id === step.targetId);
        if (found !== undefined) {
          context.statuses.set(key, { key, id: found.id, name: found.name, category: found.category });
          return DONE([step.id]);
        }
      }
      // Every status still to create, in one request.
      const toCreate = steps.filter(
        (s) =>
          s.kind === 'status' &&
          s.targetId === null &&
          !context.statuses.has(s.params['key'] as CsiStatusKey),
      );
      const definitions = toCreate.map((s) => {
        const definition = CSI_STATUSES.find((d) => d.key === s.params['key']);
        if (definition === undefined) throw new StepProblem(`Unknown CSI status step ${s.id}.`);
        return definition;
      });
      context.catalogueChanged = true;
      const createdStatuses = await jira.createStatuses(
        scopeProjectId === null ? { type: 'GLOBAL' } : { type: 'PROJECT', projectId: scopeProjectId },
        definitions.map((d) => ({
          name: d.names[snapshot.language],
          statusCategory: d.category,
          description:
            snapshot.language === 'de'
              ? 'Status des CSI-Prozesses (Three Ways for Jira).'
              : 'Status of the CSI process (Three Ways for Jira).',
        })),
      );
      for (const definition of definitions) {
        const made = createdStatuses.find(
          (s) => normalName(s.name) === normalName(definition.names[snapshot.language]),
        );
        if (made === undefined) {
          throw new StepProblem(
            `Jira did not return the created status "${definition.names[snapshot.language]}".`,
          );
        }
        context.statuses.set(definition.key, {
          key: definition.key,
          id: made.id,
          name: made.name,
          category: made.statusCategory,
        });
      }
      await remember({ createdIds: [...state.createdIds, ...createdStatuses.map((s) => s.id)] });
      return DONE(toCreate.map((s) => s.id));
    }

    case 'workflow': {
      if (step.targetId !== null) {
        context.workflow = { id: step.targetId, name: step.subject };
        return DONE([step.id]);
      }
      if (snapshot.validatorRuleId === null) {
        throw new StepProblem(
          'The app\'s workflow validator (module "csi-transition-validator") is not among the Forge workflow rules ' +
            'Jira offers on this site, so the CSI workflow would lack its approval and verification rules. Deploy ' +
            'the app with its jira:workflowValidator module (forge deploy, then forge install --upgrade) and run the ' +
            'setup again.',
        );
      }
      const request = csiWorkflowCreateRequest({
        language: snapshot.language,
        statuses: context.statuses,
        validatorRuleId: snapshot.validatorRuleId,
        projectId: scopeProjectId,
      });
      const problems = (await jira.validateCreateWorkflows(request)).filter((p) => p.level === 'ERROR');
      if (problems.length > 0) {
        throw new StepProblem(
          `Jira refused the CSI workflow: ${problems.map((p) => p.message).join(' ')} Nothing was created.`,
        );
      }
      context.catalogueChanged = true;
      const [workflow] = await jira.createWorkflows(request);
      if (workflow === undefined) throw new StepProblem('Jira created no workflow and gave no reason.');
      context.workflow = { id: workflow.id, name: workflow.name };
      await remember({ createdIds: [...state.createdIds, workflow.id] });
      return DONE([step.id]);
    }

    case 'issue-type-scheme': {
      if (alreadyDone || NO_CHANGE_ACTIONS.has(currentAction(context, step))) return DONE([step.id]);
      const typeId = requireIssueType(context);
      const scheme = snapshot.issueTypeScheme;
      if (scheme === null) return DONE([step.id]);
      if (step.action === 'add') {
        await jira.addIssueTypesToScheme(scheme.id, [typeId]);
        return DONE([step.id]);
      }
      // copy-and-assign: the copy made earlier, else a new one with every type of the shared scheme.
      let copy = snapshot.issueTypeSchemeCopy;
      if (copy === null) {
        const name = step.params['copy'] ?? schemeCopyName(snapshot.project.key, scheme.name);
        const id = await jira.createIssueTypeScheme({
          name,
          description: `Copy of "${scheme.name}" for ${snapshot.project.key} with the CSI issue type (Three Ways for Jira).`,
          issueTypeIds: [...scheme.issueTypeIds.filter((t) => t !== typeId), typeId],
          ...(scheme.defaultIssueTypeId === undefined
            ? {}
            : { defaultIssueTypeId: scheme.defaultIssueTypeId }),
        });
        await remember({ createdIds: [...state.createdIds, id], issueTypeSchemeCopyId: id });
        copy = { id, name, isDefault: false, issueTypeIds: [...scheme.issueTypeIds, typeId], projectIds: [] };
      } else if (!copy.issueTypeIds.includes(typeId)) {
        await jira.addIssueTypesToScheme(copy.id, [typeId]);
      }
      await jira.assignIssueTypeSchemeToProject(copy.id, snapshot.project.id);
      return DONE([step.id]);
    }

    case 'workflow-scheme': {
      if (alreadyDone) return DONE([step.id]);
      if (state.pendingTask !== null && state.pendingTask.stepId === step.id) {
        return pollTask(deps, step, state.pendingTask.taskId, deadlineMs, remember, true);
      }
      if (NO_CHANGE_ACTIONS.has(currentAction(context, step))) return DONE([step.id]);
      const typeId = requireIssueType(context);
      const workflow = requireWorkflow(context);
      const scheme = snapshot.workflowScheme;
      if (scheme === null) return DONE([step.id]);
      if (step.action === 'add' && scheme.id !== null) {
        return addMapping(deps, step, scheme.id, typeId, workflow, context.statuses, deadlineMs, remember);
      }
      let copyId = snapshot.workflowSchemeCopy?.id ?? null;
      if (copyId === null) {
        const name = step.params['copy'] ?? schemeCopyName(snapshot.project.key, scheme.name);
        const mappings: Record<string, string> = { ...scheme.issueTypeMappings, [typeId]: workflow.name };
        copyId = await jira.createWorkflowScheme({
          name,
          description: `Copy of "${scheme.name}" for ${snapshot.project.key} with the CSI workflow (Three Ways for Jira).`,
          defaultWorkflow: scheme.defaultWorkflow,
          issueTypeMappings: mappings,
        });
        await remember({ createdIds: [...state.createdIds, copyId], workflowSchemeCopyId: copyId });
      } else if (snapshot.workflowSchemeCopy !== null) {
        const copy = snapshot.workflowSchemeCopy;
        if (copy.issueTypeMappings[typeId] !== workflow.name) {
          const added = await addMapping(
            deps,
            step,
            copyId,
            typeId,
            workflow,
            context.statuses,
            deadlineMs,
            remember,
          );
          if (added.kind === 'waiting') return added;
        }
      }
      // Issues the type may already have in the project move to the CSI workflow's statuses.
      const currentName = scheme.issueTypeMappings[typeId] ?? scheme.defaultWorkflow;
      const current =
        currentName === null || normalName(currentName) === normalName(workflow.name)
          ? undefined
          : (await jira.readWorkflows({ workflowNames: [currentName] })).find((w) => w.name === currentName);
      const overrides = await statusMappingsFor(
        deps,
        current?.id ?? null,
        typeId,
        workflow,
        context.statuses,
      );
      const started = await jira.switchProjectWorkflowScheme(snapshot.project.id, copyId, overrides);
      if (started.task === null) return DONE([step.id]);
      return pollTask(deps, step, started.task.id, deadlineMs, remember);
    }
  }
}

/** The step's action as Jira stands now (the merged step may show the confirmed, original one). */
function currentAction(context: RunContext, step: CsiPlanStep): CsiSetupAction {
  return context.plan.steps.find((s) => s.id === step.id)?.action ?? step.action;
}

/** Where an issue in a status the CSI workflow lacks goes, by the status's category. */
const CSI_STATUS_FOR_CATEGORY: Readonly<Record<'TODO' | 'IN_PROGRESS' | 'DONE', CsiStatusKey>> = {
  TODO: 'identified',
  IN_PROGRESS: 'implementing',
  DONE: 'closed',
};

/**
 * Status mappings for issues the CSI type may already have (an adopted type): each status of its current
 * workflow that the CSI workflow lacks goes to the CSI status of the same name, else to the first CSI status of
 * its category. Empty when the type already uses the CSI workflow.
 */
async function statusMappingsFor(
  deps: CsiSetupDeps,
  currentWorkflowId: string | null,
  typeId: string,
  workflow: { id: string; name: string },
  csiStatuses: ReadonlyMap<CsiStatusKey, CsiWorkflowStatusRef>,
): Promise<{ issueTypeId: string; statusMappings: { oldStatusId: string; newStatusId: string }[] }[]> {
  if (currentWorkflowId === null || currentWorkflowId === workflow.id || csiStatuses.size === 0) return [];
  const csiIds = new Set([...csiStatuses.values()].map((s) => s.id));
  const statusMappings = (await deps.jira.readWorkflowStatuses(currentWorkflowId))
    .filter((status) => !csiIds.has(status.id))
    .flatMap((status) => {
      const key = csiStatusKeyOfName(status.name) ?? CSI_STATUS_FOR_CATEGORY[status.statusCategory];
      const target = csiStatuses.get(key);
      return target === undefined ? [] : [{ oldStatusId: status.id, newStatusId: target.id }];
    });
  return statusMappings.length === 0 ? [] : [{ issueTypeId: typeId, statusMappings }];
}

/** Maps the CSI type to the CSI workflow in a scheme (new API, with its version), leaving the others alone. */
async function addMapping(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  schemeId: string,
  typeId: string,
  workflow: { id: string; name: string },
  csiStatuses: ReadonlyMap<CsiStatusKey, CsiWorkflowStatusRef>,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
): Promise<StepOutcome> {
  const [details] = await deps.jira.readWorkflowSchemes({ workflowSchemeIds: [schemeId] });
  if (details === undefined) throw new StepProblem(`Jira did not return the workflow scheme ${schemeId}.`);
  const current =
    details.workflowsForIssueTypes.find((entry) => entry.issueTypeIds.includes(typeId))?.workflow ??
    details.defaultWorkflow;
  const overrides = await statusMappingsFor(deps, current?.id ?? null, typeId, workflow, csiStatuses);
  const entries = details.workflowsForIssueTypes
    .map((entry) => ({
      workflowId: entry.workflow.id,
      issueTypeIds: entry.issueTypeIds.filter((id) => id !== typeId),
    }))
    .filter((entry) => entry.issueTypeIds.length > 0);
  const own = entries.find((entry) => entry.workflowId === workflow.id);
  if (own === undefined) entries.push({ workflowId: workflow.id, issueTypeIds: [typeId] });
  else own.issueTypeIds.push(typeId);
  const started = await deps.jira.updateWorkflowScheme({
    id: details.id,
    name: details.name,
    description: details.description,
    version: details.version,
    ...(details.defaultWorkflow === null ? {} : { defaultWorkflowId: details.defaultWorkflow.id }),
    workflowsForIssueTypes: entries,
    ...(overrides.length === 0 ? {} : { statusMappingsByIssueTypeOverride: overrides }),
  });
  if (started.task === null) return DONE([step.id]);
  return pollTask(deps, step, started.task.id, deadlineMs, remember);
}

/**
 * Polls a Jira task until it ends or the budget is used. The task is remembered before the first poll, so a
 * later run call (after the budget, or after a failed poll) polls it again instead of starting another.
 */
export async function pollTask(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  taskId: string,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
  resumed = false,
): Promise<StepOutcome> {
  await remember({ pendingTask: { taskId, stepId: step.id } });
  // A task just started is polled when time is left; a pending one at least once per call (the call's progress).
  if (!resumed && deps.clock() >= deadlineMs) return { kind: 'waiting' };
  for (;;) {
    const task = await deps.jira.getTask(taskId);
    if (task.status === 'COMPLETE') {
      await remember({ pendingTask: null });
      return DONE([step.id]);
    }
    if (task.status === 'FAILED' || task.status === 'CANCELLED' || task.status === 'DEAD') {
      await remember({ pendingTask: null });
      throw new StepProblem(
        `Jira's task ${taskId} ended ${task.status}${task.message === null ? '' : `: ${task.message}`}. ` +
          'Nothing else was changed; run the setup again to retry.',
      );
    }
    if (deps.clock() + TASK_POLL_INTERVAL_MS >= deadlineMs) return { kind: 'waiting' };
    await deps.sleep(TASK_POLL_INTERVAL_MS);
  }
}
