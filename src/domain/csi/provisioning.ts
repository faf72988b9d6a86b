/**
 * The CSI setup planner: from a snapshot of what Jira holds (issue types, statuses, the CSI workflow, the
 * project's schemes) it decides, step by step, what the setup reuses, creates, adds, copies or leaves to the
 * administrator. Pure: no I/O, no clock; the application layer reads Jira into a {@link CsiSetupSnapshot}, plans,
 * executes the plan's steps and plans again (Jira is the source of truth; a step done shows up as `reuse` or
 * `nothing` in the next plan).
 *
 * Decisions where the issue leaves room:
 * - A status is reused by its German or English name (case-insensitive, trimmed). When a same-named status has
 *   another category, it is still reused (Jira refuses a second status of the same name, and the app renames
 *   nothing it did not create); the step's params carry `foundCategory` so the plan says so. Among several
 *   matches, one with the right category wins, then one in the administrator's language, then the lowest id.
 * - The Default Issue Type Scheme holds every global issue type (a new type joins it), so a project on it needs
 *   nothing. A non-default scheme only this project uses gets the type added; a shared one is copied as
 *   `<KEY>: <scheme> + CSI` with the type, and the project is assigned the copy.
 * - The Default Workflow Scheme (no id) and schemes shared with other projects are copied with every mapping plus
 *   the CSI mapping (`<KEY>: <scheme> + CSI`) and the project is switched to the copy; a scheme only this project
 *   uses gets the mapping added. Other issue types' mappings are never changed.
 * - Without the app's validator among the site's Forge workflow rules the workflow is not created: the step says
 *   so (`problem: validator-missing`) and fails when run, because the rules are part of the process.
 */
import type { CsiSetupAction, CsiSetupStepKind } from './views';
import {
  CSI_ISSUE_TYPE_NAMES,
  CSI_STATUSES,
  CSI_WORKFLOW_NAMES,
  type CsiStatusCategory,
  type CsiStatusDefinition,
  type CsiStatusKey,
} from './workflow';
import type { CsiLanguage } from './transition-rules';

export type { CsiLanguage };

/** Where something lives: `null` the whole site, else the id of a team-managed project. */
export type CsiScopeProjectId = string | null;

export interface CsiSnapshotIssueType {
  readonly id: string;
  readonly name: string;
  readonly scopeProjectId: CsiScopeProjectId;
  /** -1 for sub-task types (never adopted). */
  readonly hierarchyLevel?: number;
  readonly subtask?: boolean;
}

export interface CsiSnapshotStatus {
  readonly id: string;
  readonly name: string;
  readonly category: CsiStatusCategory;
  readonly scopeProjectId: CsiScopeProjectId;
}

export interface CsiSnapshotWorkflow {
  readonly id: string;
  readonly name: string;
  readonly scopeProjectId: CsiScopeProjectId;
}

export interface CsiSnapshotIssueTypeScheme {
  readonly id: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly defaultIssueTypeId?: string;
  readonly issueTypeIds: readonly string[];
  /** Every project using the scheme. */
  readonly projectIds: readonly string[];
}

export interface CsiSnapshotWorkflowScheme {
  /** Null: Jira's Default Workflow Scheme (it has no id). */
  readonly id: string | null;
  readonly name: string;
  /** Workflow name for issue types without a mapping. */
  readonly defaultWorkflow: string | null;
  /** Issue type id → workflow name. */
  readonly issueTypeMappings: Readonly<Record<string, string>>;
  /** Every project using the scheme (empty for the default scheme: not asked). */
  readonly projectIds: readonly string[];
}

/** What Jira holds, as far as the CSI setup of one project is concerned. */
export interface CsiSetupSnapshot {
  readonly project: {
    readonly id: string;
    readonly key: string;
    readonly name: string;
    readonly style: 'company-managed' | 'team-managed';
  };
  /** Language of the names the setup creates. */
  readonly language: CsiLanguage;
  /** Company-managed: the site's issue types; team-managed: the project's own ones. */
  readonly issueTypes: readonly CsiSnapshotIssueType[];
  /** Company-managed: the site's statuses; team-managed: the project's own ones. */
  readonly statuses: readonly CsiSnapshotStatus[];
  /** Workflows named as the CSI workflow (either language). */
  readonly workflows: readonly CsiSnapshotWorkflow[];
  /** The ARI of the app's validator among the site's Forge rules; null when the site does not offer it. */
  readonly validatorRuleId: string | null;
  /** Company-managed: the project's issue type scheme (null: team-managed, or Jira named none). */
  readonly issueTypeScheme: CsiSnapshotIssueTypeScheme | null;
  /** A copy of the issue type scheme the app made for this project earlier (by remembered id or by name). */
  readonly issueTypeSchemeCopy: CsiSnapshotIssueTypeScheme | null;
  /** The project's workflow scheme (null: Jira named none). */
  readonly workflowScheme: CsiSnapshotWorkflowScheme | null;
  /** A copy of the workflow scheme the app made for this project earlier (remembered id). */
  readonly workflowSchemeCopy: CsiSnapshotWorkflowScheme | null;
  /** Ids the app created (from its storage): shown as such, never required for planning. */
  readonly createdIds: readonly string[];
}

/** One step of the plan (the view adds its run state). */
export interface CsiPlanStep {
  /** Stable id: `issue-type`, `status:<key>`, `workflow`, `issue-type-scheme`, `workflow-scheme`, `team-managed-issue-type`. */
  readonly id: string;
  readonly kind: CsiSetupStepKind;
  readonly action: CsiSetupAction;
  readonly subject: string;
  readonly params: Readonly<Record<string, string>>;
  /** The Jira id the step reuses or found (issue type, status, workflow, scheme); null when it creates it. */
  readonly targetId: string | null;
}

export interface CsiPlan {
  readonly steps: readonly CsiPlanStep[];
  /** The CSI issue type when it exists. */
  readonly issueType: { readonly id: string; readonly name: string } | null;
  /** Every step is `reuse` or `nothing` (and no manual step is outstanding). */
  readonly complete: boolean;
}

/** Actions that change nothing in Jira. */
export const NO_CHANGE_ACTIONS: ReadonlySet<CsiSetupAction> = new Set(['reuse', 'nothing']);

/** `name` as the setup compares names: trimmed, lower-case (German rules). */
export function normalName(name: string): string {
  return name.trim().toLocaleLowerCase('de-DE');
}

/** Whether `name` is the German or the English one of `names` (trimmed, case-insensitive). */
export function nameIn(name: string, names: { readonly de: string; readonly en: string }): boolean {
  const wanted = normalName(name);
  return normalName(names.de) === wanted || normalName(names.en) === wanted;
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  const x = Number(a.id);
  const y = Number(b.id);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The scope the project's CSI things live in: the site (company-managed) or the project (team-managed). */
export function scopeOf(snapshot: CsiSetupSnapshot): CsiScopeProjectId {
  return snapshot.project.style === 'team-managed' ? snapshot.project.id : null;
}

/** The CSI issue type to adopt: a standard type in the project's scope named as the CSI type; null when none. */
export function findCsiIssueType(snapshot: CsiSetupSnapshot): CsiSnapshotIssueType | null {
  const scope = scopeOf(snapshot);
  const matches = snapshot.issueTypes
    .filter(
      (type) =>
        type.scopeProjectId === scope &&
        type.subtask !== true &&
        (type.hierarchyLevel ?? 0) >= 0 &&
        nameIn(type.name, CSI_ISSUE_TYPE_NAMES),
    )
    .sort((a, b) => {
      const lang = (t: CsiSnapshotIssueType): number =>
        normalName(t.name) === normalName(CSI_ISSUE_TYPE_NAMES[snapshot.language]) ? 0 : 1;
      return lang(a) - lang(b) || byId(a, b);
    });
  return matches[0] ?? null;
}

/** The status to adopt for a CSI status, and whether its category differs; null when none exists. */
export function findCsiStatus(
  snapshot: CsiSetupSnapshot,
  definition: CsiStatusDefinition,
): { readonly status: CsiSnapshotStatus; readonly categoryMatches: boolean } | null {
  const scope = scopeOf(snapshot);
  const preferred = normalName(definition.names[snapshot.language]);
  const matches = snapshot.statuses
    .filter((status) => status.scopeProjectId === scope && nameIn(status.name, definition.names))
    .sort((a, b) => {
      const category = (s: CsiSnapshotStatus): number => (s.category === definition.category ? 0 : 1);
      const lang = (s: CsiSnapshotStatus): number => (normalName(s.name) === preferred ? 0 : 1);
      return category(a) - category(b) || lang(a) - lang(b) || byId(a, b);
    });
  const status = matches[0];
  return status === undefined ? null : { status, categoryMatches: status.category === definition.category };
}

/** The CSI workflow to adopt (either language, in the project's scope); null when none. */
export function findCsiWorkflow(snapshot: CsiSetupSnapshot): CsiSnapshotWorkflow | null {
  const scope = scopeOf(snapshot);
  const matches = snapshot.workflows
    .filter((workflow) => workflow.scopeProjectId === scope && nameIn(workflow.name, CSI_WORKFLOW_NAMES))
    .sort((a, b) => {
      const lang = (w: CsiSnapshotWorkflow): number =>
        normalName(w.name) === normalName(CSI_WORKFLOW_NAMES[snapshot.language]) ? 0 : 1;
      return lang(a) - lang(b) || byId(a, b);
    });
  return matches[0] ?? null;
}

/** Jira's limit on scheme names. */
const SCHEME_NAME_MAX = 255;

/** The name of the project's own copy of a shared scheme: `<KEY>: <scheme> + CSI` (cut to Jira's 255). */
export function schemeCopyName(projectKey: string, schemeName: string): string {
  const prefix = `${projectKey}: `;
  const suffix = ' + CSI';
  const room = SCHEME_NAME_MAX - prefix.length - suffix.length;
  const name = schemeName.length > room ? `${schemeName.slice(0, room - 1)}…` : schemeName;
  return `${prefix}${name}${suffix}`;
}

/** The status step id of a CSI status. */
export function statusStepId(key: CsiStatusKey): string {
  return `status:${key}`;
}

function created(snapshot: CsiSetupSnapshot, id: string | null): Record<string, string> {
  return id !== null && snapshot.createdIds.includes(id) ? { createdByApp: 'true' } : {};
}

function issueTypeStep(snapshot: CsiSetupSnapshot, found: CsiSnapshotIssueType | null): CsiPlanStep {
  const teamManaged = snapshot.project.style === 'team-managed';
  const kind: CsiSetupStepKind = teamManaged ? 'team-managed-issue-type' : 'issue-type';
  const id = teamManaged ? 'team-managed-issue-type' : 'issue-type';
  if (found !== null) {
    return {
      id,
      kind,
      action: 'reuse',
      subject: found.name,
      params: { name: found.name, id: found.id, ...created(snapshot, found.id) },
      targetId: found.id,
    };
  }
  const name = CSI_ISSUE_TYPE_NAMES[snapshot.language];
  return {
    id,
    kind,
    action: teamManaged ? 'manual' : 'create',
    subject: name,
    params: teamManaged
      ? { name, projectKey: snapshot.project.key, projectName: snapshot.project.name }
      : { name, language: snapshot.language },
    targetId: null,
  };
}

function statusSteps(snapshot: CsiSetupSnapshot): CsiPlanStep[] {
  return CSI_STATUSES.map((definition) => {
    const found = findCsiStatus(snapshot, definition);
    const base = { key: definition.key, category: definition.category };
    if (found === null) {
      const name = definition.names[snapshot.language];
      return {
        id: statusStepId(definition.key),
        kind: 'status',
        action: 'create',
        subject: name,
        params: { ...base, name },
        targetId: null,
      };
    }
    const { status, categoryMatches } = found;
    return {
      id: statusStepId(definition.key),
      kind: 'status',
      action: 'reuse',
      subject: status.name,
      params: {
        ...base,
        name: status.name,
        id: status.id,
        ...(categoryMatches ? {} : { foundCategory: status.category }),
        ...created(snapshot, status.id),
      },
      targetId: status.id,
    };
  });
}

function workflowStep(snapshot: CsiSetupSnapshot, found: CsiSnapshotWorkflow | null): CsiPlanStep {
  if (found !== null) {
    return {
      id: 'workflow',
      kind: 'workflow',
      action: 'reuse',
      subject: found.name,
      params: { name: found.name, id: found.id, ...created(snapshot, found.id) },
      targetId: found.id,
    };
  }
  const name = CSI_WORKFLOW_NAMES[snapshot.language];
  return {
    id: 'workflow',
    kind: 'workflow',
    action: 'create',
    subject: name,
    params: {
      name,
      statuses: String(CSI_STATUSES.length),
      ...(snapshot.validatorRuleId === null ? { problem: 'validator-missing' } : {}),
    },
    targetId: null,
  };
}

function issueTypeSchemeStep(
  snapshot: CsiSetupSnapshot,
  issueType: CsiSnapshotIssueType | null,
): CsiPlanStep | null {
  const scheme = snapshot.issueTypeScheme;
  if (scheme === null) return null;
  const contains = issueType !== null && scheme.issueTypeIds.includes(issueType.id);
  const base = { scheme: scheme.name };
  const step = (action: CsiSetupAction, params: Record<string, string>): CsiPlanStep => ({
    id: 'issue-type-scheme',
    kind: 'issue-type-scheme',
    action,
    subject: scheme.name,
    params: { ...base, ...params, ...created(snapshot, scheme.id) },
    targetId: scheme.id,
  });
  if (scheme.isDefault) return step('nothing', { reason: 'default' });
  if (contains) return step('nothing', { reason: 'contains' });
  const others = scheme.projectIds.filter((id) => id !== snapshot.project.id);
  if (others.length === 0) return step('add', { reason: 'exclusive' });
  const copy = snapshot.issueTypeSchemeCopy?.name ?? schemeCopyName(snapshot.project.key, scheme.name);
  return step('copy-and-assign', { reason: 'shared', copy, sharedWith: String(others.length) });
}

/** Whether the scheme maps the issue type to the workflow (explicitly, or as its default for unmapped types). */
export function schemeMapsTo(
  scheme: CsiSnapshotWorkflowScheme,
  issueTypeId: string,
  workflowName: string,
): boolean {
  const mapped = scheme.issueTypeMappings[issueTypeId];
  const effective = mapped ?? scheme.defaultWorkflow;
  return effective !== null && normalName(effective) === normalName(workflowName);
}

function workflowSchemeStep(
  snapshot: CsiSetupSnapshot,
  issueType: CsiSnapshotIssueType | null,
  workflow: CsiSnapshotWorkflow | null,
): CsiPlanStep | null {
  const scheme = snapshot.workflowScheme;
  if (scheme === null) return null;
  const workflowName = workflow?.name ?? CSI_WORKFLOW_NAMES[snapshot.language];
  const base = { scheme: scheme.name, workflow: workflowName };
  const step = (action: CsiSetupAction, params: Record<string, string>): CsiPlanStep => ({
    id: 'workflow-scheme',
    kind: 'workflow-scheme',
    action,
    subject: scheme.name,
    params: { ...base, ...params, ...created(snapshot, scheme.id) },
    targetId: scheme.id,
  });
  if (issueType !== null && workflow !== null && schemeMapsTo(scheme, issueType.id, workflow.name)) {
    return step('nothing', { reason: 'mapped' });
  }
  const others = scheme.projectIds.filter((id) => id !== snapshot.project.id);
  if (scheme.id !== null && others.length === 0) return step('add', { reason: 'exclusive' });
  const copy = snapshot.workflowSchemeCopy?.name ?? schemeCopyName(snapshot.project.key, scheme.name);
  return step('copy-and-assign', {
    reason: scheme.id === null ? 'default' : 'shared',
    copy,
    ...(scheme.id === null ? {} : { sharedWith: String(others.length) }),
  });
}

/**
 * The plan for the snapshot, steps in execution order. Company-managed: issue type, the eight statuses, workflow,
 * issue type scheme, workflow scheme. Team-managed: the statuses and the workflow (project-scoped), the issue type
 * the administrator creates by hand (`manual` until it exists), the project's workflow scheme.
 */
export function planCsiSetup(snapshot: CsiSetupSnapshot): CsiPlan {
  const issueType = findCsiIssueType(snapshot);
  const workflow = findCsiWorkflow(snapshot);
  const typeStep = issueTypeStep(snapshot, issueType);
  const steps: CsiPlanStep[] =
    snapshot.project.style === 'team-managed'
      ? [...statusSteps(snapshot), workflowStep(snapshot, workflow), typeStep]
      : [typeStep, ...statusSteps(snapshot), workflowStep(snapshot, workflow)];
  const typeScheme =
    snapshot.project.style === 'team-managed' ? null : issueTypeSchemeStep(snapshot, issueType);
  if (typeScheme !== null) steps.push(typeScheme);
  const workflowScheme = workflowSchemeStep(snapshot, issueType, workflow);
  if (workflowScheme !== null) steps.push(workflowScheme);
  return {
    steps,
    issueType: issueType === null ? null : { id: issueType.id, name: issueType.name },
    complete: steps.every((step) => NO_CHANGE_ACTIONS.has(step.action)),
  };
}

/**
 * A fingerprint of a plan's steps (id, kind, action, subject): two plans with the same fingerprint make the same
 * changes to the same things. FNV-1a (two 32-bit lanes), hex; stable across processes.
 */
export function planFingerprint(
  steps: readonly Pick<CsiPlanStep, 'id' | 'kind' | 'action' | 'subject'>[],
): string {
  const text = steps.map((s) => [s.id, s.kind, s.action, s.subject].join('\u001f')).join('\u001e');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
