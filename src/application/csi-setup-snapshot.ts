/**
 * Reading Jira for the CSI setup: the snapshot of issue types, statuses, the CSI workflow, the validator rule and
 * the project's schemes that the pure planner (`domain/csi/provisioning.ts`) plans from. Reads Jira refuses a
 * non-administrator degrade to empty, so everyone can see the plan.
 */
import {
  normalName,
  schemeCopyName,
  type CsiLanguage,
  type CsiSetupSnapshot,
  type CsiSnapshotIssueTypeScheme,
  type CsiSnapshotWorkflowScheme,
} from '../domain/csi/provisioning';
import { findCsiValidatorRuleId } from '../domain/csi/provisioning-workflow';
import { CSI_WORKFLOW_NAMES } from '../domain/csi/workflow';
import { DEFAULT_WORKFLOW_SCHEME_NAME, type CsiSetupState } from './csi-setup-state';
import { JiraForbiddenError } from './errors';
import type {
  JiraConfigPort,
  JiraPort,
  JiraProject,
  JiraWorkflowSchemeDetails,
  JiraWorkflowTarget,
} from './ports/jira-port';

export function styleOf(project: JiraProject): 'company-managed' | 'team-managed' {
  return project.style === 'next-gen' || project.simplified === true ? 'team-managed' : 'company-managed';
}

/** Null when Jira refuses the read for the acting user (a non-admin looking at the plan). */
async function orNullIfForbidden<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof JiraForbiddenError) return null;
    throw error;
  }
}

function mappingsOf(details: JiraWorkflowSchemeDetails): Record<string, string> {
  const mappings: Record<string, string> = {};
  for (const entry of details.workflowsForIssueTypes) {
    for (const typeId of entry.issueTypeIds) mappings[typeId] = entry.workflow.name;
  }
  return mappings;
}

function workflowSchemeOfDetails(
  details: JiraWorkflowSchemeDetails,
  projectIds: readonly string[],
): CsiSnapshotWorkflowScheme {
  return {
    id: details.id,
    name: details.name,
    defaultWorkflow: details.defaultWorkflow?.name ?? null,
    issueTypeMappings: mappingsOf(details),
    projectIds,
  };
}

async function readIssueTypeSchemes(
  jira: JiraConfigPort,
  project: JiraProject,
  state: CsiSetupState,
): Promise<{ scheme: CsiSnapshotIssueTypeScheme | null; copy: CsiSnapshotIssueTypeScheme | null }> {
  const own = await jira.getIssueTypeSchemeOfProject(project.id);
  if (own === null) return { scheme: null, copy: null };
  const base = {
    id: own.id,
    name: own.name,
    isDefault: own.isDefault,
    ...(own.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: own.defaultIssueTypeId }),
  };
  if (own.isDefault) return { scheme: { ...base, issueTypeIds: [], projectIds: [] }, copy: null };
  const [withProjects, items] = await Promise.all([
    jira.searchIssueTypeSchemes({ ids: [own.id] }),
    jira.listIssueTypeSchemeItems(own.id),
  ]);
  const projectIds = withProjects.find((s) => s.id === own.id)?.projectIds ?? [project.id];
  const scheme = { ...base, issueTypeIds: items, projectIds };
  if (projectIds.every((id) => id === project.id)) return { scheme, copy: null };
  // Shared: find the copy made earlier (remembered id, else by its name, in case the id was never stored).
  const copyName = schemeCopyName(project.key, own.name);
  const candidates =
    state.issueTypeSchemeCopyId !== null
      ? await jira.searchIssueTypeSchemes({ ids: [state.issueTypeSchemeCopyId] })
      : await jira.searchIssueTypeSchemes({ queryString: copyName });
  const found =
    candidates.find((s) => s.id === state.issueTypeSchemeCopyId) ??
    candidates.find((s) => normalName(s.name) === normalName(copyName));
  if (found === undefined) return { scheme, copy: null };
  return {
    scheme,
    copy: {
      id: found.id,
      name: found.name,
      isDefault: false,
      issueTypeIds: await jira.listIssueTypeSchemeItems(found.id),
      projectIds: found.projectIds ?? [],
    },
  };
}

async function readWorkflowSchemes(
  jira: JiraConfigPort,
  project: JiraProject,
  teamManaged: boolean,
  state: CsiSetupState,
): Promise<{ scheme: CsiSnapshotWorkflowScheme | null; copy: CsiSnapshotWorkflowScheme | null }> {
  if (teamManaged) {
    const [details] = await jira.readWorkflowSchemes({ projectIds: [project.id] });
    return {
      scheme: details === undefined ? null : workflowSchemeOfDetails(details, [project.id]),
      copy: null,
    };
  }
  const own = await jira.getWorkflowSchemeOfProject(project.id);
  if (own === null) return { scheme: null, copy: null };
  // Jira gives the Default Workflow Scheme no id; should a server name one, it is still not edited in place.
  const id = normalName(own.name) === normalName(DEFAULT_WORKFLOW_SCHEME_NAME) ? null : own.id;
  const projectIds = id === null ? [] : await jira.listWorkflowSchemeProjects(id);
  const scheme: CsiSnapshotWorkflowScheme = {
    id,
    name: own.name,
    defaultWorkflow: own.defaultWorkflow,
    issueTypeMappings: own.issueTypeMappings,
    projectIds,
  };
  const copyId = state.workflowSchemeCopyId;
  if (copyId === null || copyId === scheme.id) return { scheme, copy: null };
  const [copy] = await jira.readWorkflowSchemes({ workflowSchemeIds: [copyId] });
  return { scheme, copy: copy === undefined ? null : workflowSchemeOfDetails(copy, []) };
}

/** The site's catalogue in a snapshot: what the scheme steps leave as it is. */
export type CsiCatalogue = Pick<
  CsiSetupSnapshot,
  'issueTypes' | 'statuses' | 'workflows' | 'validatorRuleId'
>;

/**
 * The workflow Jira is asked about for the Forge rules: one the project gives an issue type of its own (the CSI
 * type once the setup created it, else the project's first), so Jira answers for the kind of project the CSI
 * workflow lives in (a module's rules are offered per team- or company-managed project). The project's issue types
 * come with `getProject`; only when Jira left them out are they read.
 */
async function capabilityTarget(
  jira: JiraPort,
  project: JiraProject,
  createdIds: readonly string[],
): Promise<JiraWorkflowTarget | null> {
  const typeIds =
    project.issueTypeIds ?? (await jira.listIssueTypesForProject(project.id)).map((type) => type.id);
  const issueTypeId = typeIds.find((id) => createdIds.includes(id)) ?? typeIds[0];
  return issueTypeId === undefined ? null : { projectId: project.id, issueTypeId };
}

async function readCatalogue(
  jira: JiraPort & JiraConfigPort,
  project: JiraProject,
  teamManaged: boolean,
  createdIds: readonly string[],
): Promise<CsiCatalogue> {
  const [issueTypes, statuses, workflows, rules] = await Promise.all([
    teamManaged
      ? jira
          .listIssueTypesForProject(project.id)
          .then((types) => types.map((type) => ({ ...type, scopeProjectId: project.id })))
      : jira.listAllIssueTypes(),
    // Every status of the site with its scope (a team-managed project's new statuses belong to none of its
    // workflows until the CSI workflow is mapped, so a search by project would not find them).
    orNullIfForbidden(() => jira.searchStatusDetails({})),
    orNullIfForbidden(() =>
      jira.readWorkflows({ workflowNames: [CSI_WORKFLOW_NAMES.de, CSI_WORKFLOW_NAMES.en] }),
    ),
    orNullIfForbidden(async () => {
      const target = await capabilityTarget(jira, project, createdIds);
      // A project without issue types has no workflow to ask about; the plan then reports the validator missing.
      return target === null ? [] : jira.listForgeWorkflowRules(target);
    }),
  ]);
  return {
    issueTypes,
    statuses: (statuses ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      category: s.statusCategory,
      scopeProjectId: s.scopeProjectId,
    })),
    workflows: workflows ?? [],
    validatorRuleId: rules === null ? null : findCsiValidatorRuleId(rules),
  };
}

/**
 * What Jira holds for the project's setup. Reads an administrator may make degrade for others (empty).
 * `catalogue`: the issue types, statuses, workflows and validator read earlier in the same run call, when its
 * steps created none of them (only the schemes are read again then).
 */
export async function readCsiSnapshot(
  jira: JiraPort & JiraConfigPort,
  project: JiraProject,
  language: CsiLanguage,
  state: CsiSetupState,
  catalogue?: CsiCatalogue,
): Promise<CsiSetupSnapshot> {
  const teamManaged = styleOf(project) === 'team-managed';
  const [known, typeSchemes, workflowSchemes] = await Promise.all([
    catalogue ?? readCatalogue(jira, project, teamManaged, state.createdIds),
    teamManaged
      ? Promise.resolve({ scheme: null, copy: null })
      : orNullIfForbidden(() => readIssueTypeSchemes(jira, project, state)),
    orNullIfForbidden(() => readWorkflowSchemes(jira, project, teamManaged, state)),
  ]);
  return {
    project: { id: project.id, key: project.key, name: project.name, style: styleOf(project) },
    language,
    issueTypes: known.issueTypes,
    statuses: known.statuses,
    workflows: known.workflows,
    validatorRuleId: known.validatorRuleId,
    issueTypeScheme: typeSchemes?.scheme ?? null,
    issueTypeSchemeCopy: typeSchemes?.copy ?? null,
    workflowScheme: workflowSchemes?.scheme ?? null,
    workflowSchemeCopy: workflowSchemes?.copy ?? null,
    createdIds: state.createdIds,
  };
}
