/**
 * The emulator's Jira configuration: workflows (with transitions and their validators), workflow schemes, issue
 * type schemes, which scheme each project uses, and the asynchronous tasks scheme switches run.
 *
 * Like Jira Cloud:
 * - the Default Issue Type Scheme (id `10000`) holds every global issue type and is used by every
 *   company-managed project without an own scheme; new global issue types join it;
 * - the Default Workflow Scheme (id `10000`, default workflow `jira` unless the seed gives another) is used by
 *   every project without an own workflow scheme; it cannot be edited;
 * - team-managed projects have project-scoped issue types, statuses, workflows and a project-scoped workflow scheme,
 *   and no issue type scheme.
 *
 * When the seed lists no workflows, every project gets one derived from its `statusIds` (named `<KEY>: Workflow`:
 * every status, an INITIAL transition `0` to the first status and a GLOBAL transition to each status whose id is
 * the status id) in a workflow scheme of its own (`<KEY>: Workflow Scheme`), so seeds written before workflows
 * existed keep their behaviour. Likewise, without issue type schemes every company-managed project gets
 * `<KEY>: Issue Type Scheme` with its `issueTypeIds`.
 */
import type {
  JiraSeed,
  SeedIssueType,
  SeedProject,
  SeedStatus,
  SeedWorkflowRule,
  SeedWorkflowTransition,
} from './seed';

export const DEFAULT_SCHEME_ID = '10000';
export const DEFAULT_WORKFLOW_SCHEME_NAME = 'Default Workflow Scheme';
export const DEFAULT_ISSUE_TYPE_SCHEME_NAME = 'Default Issue Type Scheme';
export const SYSTEM_WORKFLOW_NAME = 'jira';

export interface StoredTransition {
  id: string;
  name: string;
  description: string;
  type: 'INITIAL' | 'DIRECTED' | 'GLOBAL';
  toStatusId: string;
  fromStatusIds: string[];
  validators: SeedWorkflowRule[];
}

export interface StoredWorkflow {
  readonly id: string;
  name: string;
  description: string;
  readonly projectId?: string;
  statusIds: string[];
  transitions: StoredTransition[];
  /** The system workflow `jira` cannot be edited. */
  readonly editable: boolean;
  readonly createdMs: number;
  updatedMs: number;
  readonly versionId: string;
  versionNumber: number;
}

export interface StoredWorkflowScheme {
  readonly id: string;
  name: string;
  description: string;
  /** Workflow name. */
  defaultWorkflow: string;
  /** Issue type id → workflow name. */
  issueTypeMappings: Record<string, string>;
  readonly projectId?: string;
  readonly versionId: string;
  versionNumber: number;
  lastModifiedMs: number;
}

export interface StoredIssueTypeScheme {
  readonly id: string;
  name: string;
  description: string;
  defaultIssueTypeId?: string;
  issueTypeIds: string[];
}

export type TaskStatus = 'ENQUEUED' | 'RUNNING' | 'COMPLETE' | 'FAILED';

export interface StoredTask {
  readonly id: string;
  readonly description: string;
  readonly submittedMs: number;
  readonly projectId?: string;
  /** The account that submitted the task: it may read the task without being a Jira administrator. */
  readonly submittedByAccountId?: string;
  /** The workflow scheme the task changes or assigns. */
  readonly schemeId?: string;
  /** How often the task was asked about; ENQUEUED → RUNNING → COMPLETE over successive polls. */
  polls: number;
  status: TaskStatus;
  startedMs?: number;
  finishedMs?: number;
  message?: string;
  result?: unknown;
  /** The change (scheme and status migration); runs when the task completes, at `nowMs`. */
  readonly run: (nowMs: number) => unknown;
}

/** What the configuration reads of the store. */
export interface ConfigHost {
  readonly projects: readonly SeedProject[];
  readonly issueTypes: readonly SeedIssueType[];
  readonly statuses: readonly SeedStatus[];
  status(id: string): SeedStatus | undefined;
  issueType(id: string): SeedIssueType | undefined;
}

/** A deterministic UUID-shaped id (Jira's workflow ids and versions are UUIDs). */
export function uuidFor(kind: number, n: number): string {
  return `00000000-0000-4000-8${String(kind).padStart(3, '0')}-${String(n).padStart(12, '0')}`;
}

export function isInitial(t: StoredTransition): boolean {
  return t.type === 'INITIAL';
}

export class JiraConfiguration {
  readonly workflows: StoredWorkflow[] = [];
  readonly workflowSchemes: StoredWorkflowScheme[] = [];
  readonly issueTypeSchemes: StoredIssueTypeScheme[] = [];
  readonly tasks = new Map<string, StoredTask>();
  /** Company-managed project id → issue type scheme id. */
  readonly projectIssueTypeScheme = new Map<string, string>();
  /** Project id → workflow scheme id. */
  readonly projectWorkflowScheme = new Map<string, string>();
  /** Team-managed project id → its issue type ids (project-scoped types). */
  readonly teamIssueTypes = new Map<string, string[]>();
  private nextUuid = 1;
  private nextSchemeId = 10_001;
  private nextTaskId = 10_000;

  constructor(
    private readonly host: ConfigHost,
    seed: JiraSeed,
    seedMs: number,
  ) {
    this.initIssueTypeSchemes(seed);
    this.initWorkflows(seed, seedMs);
  }

  private readonly statusName = (id: string): string => this.host.status(id)?.name ?? id;

  newUuid(): string {
    return uuidFor(1, this.nextUuid++);
  }

  newSchemeId(): string {
    return String(this.nextSchemeId++);
  }

  newTaskId(): string {
    return String(this.nextTaskId++);
  }

  private initIssueTypeSchemes(seed: JiraSeed): void {
    const globalTypeIds = this.host.issueTypes.filter((t) => t.projectId === undefined).map((t) => t.id);
    const given = seed.issueTypeSchemes ?? [];
    const defaultGiven = given.find((s) => s.id === DEFAULT_SCHEME_ID);
    const defaultTypes = [...(defaultGiven?.issueTypeIds ?? [])];
    for (const id of globalTypeIds) if (!defaultTypes.includes(id)) defaultTypes.push(id);
    this.issueTypeSchemes.push({
      id: DEFAULT_SCHEME_ID,
      name: defaultGiven?.name ?? DEFAULT_ISSUE_TYPE_SCHEME_NAME,
      description:
        defaultGiven?.description ??
        'Default issue type scheme is the list of global issue types. All newly created issue types will automatically be added to this scheme.',
      ...(defaultGiven?.defaultIssueTypeId === undefined
        ? {}
        : { defaultIssueTypeId: defaultGiven.defaultIssueTypeId }),
      issueTypeIds: defaultTypes,
    });
    for (const scheme of given) {
      if (scheme.id === DEFAULT_SCHEME_ID) continue;
      this.issueTypeSchemes.push({
        id: scheme.id,
        name: scheme.name,
        description: scheme.description,
        ...(scheme.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: scheme.defaultIssueTypeId }),
        issueTypeIds: [...scheme.issueTypeIds],
      });
    }
    this.nextSchemeId = Math.max(
      this.nextSchemeId,
      ...given.map((s) => Number(s.id) + 1).filter(Number.isFinite),
    );
    for (const project of this.host.projects) {
      if (project.style === 'next-gen') {
        this.teamIssueTypes.set(project.id, [...project.issueTypeIds]);
        continue;
      }
      if (project.issueTypeSchemeId !== undefined) {
        this.projectIssueTypeScheme.set(project.id, project.issueTypeSchemeId);
      } else if (seed.issueTypeSchemes !== undefined) {
        this.projectIssueTypeScheme.set(project.id, DEFAULT_SCHEME_ID);
      } else {
        const id = this.newSchemeId();
        this.issueTypeSchemes.push({
          id,
          name: `${project.key}: Issue Type Scheme`,
          description: '',
          ...(project.issueTypeIds[0] === undefined ? {} : { defaultIssueTypeId: project.issueTypeIds[0] }),
          issueTypeIds: [...project.issueTypeIds],
        });
        this.projectIssueTypeScheme.set(project.id, id);
      }
    }
  }

  private initWorkflows(seed: JiraSeed, seedMs: number): void {
    const given = seed.workflowSchemes ?? [];
    const defaultGiven = given.find((s) => s.id === DEFAULT_SCHEME_ID);
    for (const wf of seed.workflows ?? []) {
      this.workflows.push({
        id: wf.id,
        name: wf.name,
        description: wf.description,
        ...(wf.projectId === undefined ? {} : { projectId: wf.projectId }),
        statusIds: [...wf.statusIds],
        transitions: wf.transitions.map(copyTransition),
        editable: true,
        createdMs: seedMs,
        updatedMs: seedMs,
        versionId: this.newUuid(),
        versionNumber: 0,
      });
    }
    const defaultWorkflow = defaultGiven?.defaultWorkflow ?? SYSTEM_WORKFLOW_NAME;
    if (this.workflowByName(defaultWorkflow) === undefined) {
      // Jira's read-only system workflow: one global status of each category (when the seed has them).
      const statusIds = (['new', 'indeterminate', 'done'] as const).flatMap((category) => {
        const status = this.host.statuses.find(
          (s) => s.projectId === undefined && s.categoryKey === category,
        );
        return status === undefined ? [] : [status.id];
      });
      this.workflows.push(
        derivedWorkflow(
          this.newUuid(),
          defaultWorkflow,
          statusIds,
          undefined,
          false,
          seedMs,
          this.newUuid(),
          this.statusName,
        ),
      );
    }
    this.workflowSchemes.push({
      id: DEFAULT_SCHEME_ID,
      name: defaultGiven?.name ?? DEFAULT_WORKFLOW_SCHEME_NAME,
      description:
        defaultGiven?.description ??
        'This is the default Workflow Scheme. Any new projects that are created will be assigned this scheme.',
      defaultWorkflow,
      issueTypeMappings: { ...(defaultGiven?.issueTypeMappings ?? {}) },
      versionId: this.newUuid(),
      versionNumber: 1,
      lastModifiedMs: seedMs,
    });
    for (const scheme of given) {
      if (scheme.id === DEFAULT_SCHEME_ID) continue;
      this.workflowSchemes.push({
        id: scheme.id,
        name: scheme.name,
        description: scheme.description,
        defaultWorkflow: scheme.defaultWorkflow,
        issueTypeMappings: { ...scheme.issueTypeMappings },
        ...(scheme.projectId === undefined ? {} : { projectId: scheme.projectId }),
        versionId: this.newUuid(),
        versionNumber: 1,
        lastModifiedMs: seedMs,
      });
    }
    this.nextSchemeId = Math.max(
      this.nextSchemeId,
      ...given.map((s) => Number(s.id) + 1).filter(Number.isFinite),
    );
    for (const project of this.host.projects) {
      if (project.workflowSchemeId !== undefined) {
        this.projectWorkflowScheme.set(project.id, project.workflowSchemeId);
      } else if (seed.workflows !== undefined) {
        this.projectWorkflowScheme.set(project.id, DEFAULT_SCHEME_ID);
      } else {
        const teamManaged = project.style === 'next-gen';
        const workflow = derivedWorkflow(
          this.newUuid(),
          `${project.key}: Workflow`,
          [...project.statusIds],
          teamManaged ? project.id : undefined,
          true,
          seedMs,
          this.newUuid(),
          this.statusName,
        );
        this.workflows.push(workflow);
        const id = this.newSchemeId();
        this.workflowSchemes.push({
          id,
          name: `${project.key}: Workflow Scheme`,
          description: '',
          defaultWorkflow: workflow.name,
          issueTypeMappings: {},
          ...(teamManaged ? { projectId: project.id } : {}),
          versionId: this.newUuid(),
          versionNumber: 1,
          lastModifiedMs: seedMs,
        });
        this.projectWorkflowScheme.set(project.id, id);
      }
    }
  }

  // ---- lookups ------------------------------------------------------------------------------------------------

  workflowByName(name: string): StoredWorkflow | undefined {
    return this.workflows.find((w) => w.name === name);
  }

  workflowById(id: string): StoredWorkflow | undefined {
    return this.workflows.find((w) => w.id === id);
  }

  workflowScheme(id: string): StoredWorkflowScheme | undefined {
    return this.workflowSchemes.find((s) => s.id === id);
  }

  issueTypeScheme(id: string): StoredIssueTypeScheme | undefined {
    return this.issueTypeSchemes.find((s) => s.id === id);
  }

  workflowSchemeOf(project: SeedProject): StoredWorkflowScheme | undefined {
    return this.workflowScheme(this.projectWorkflowScheme.get(project.id) ?? DEFAULT_SCHEME_ID);
  }

  issueTypeSchemeOf(project: SeedProject): StoredIssueTypeScheme | undefined {
    if (project.style === 'next-gen') return undefined;
    return this.issueTypeScheme(this.projectIssueTypeScheme.get(project.id) ?? DEFAULT_SCHEME_ID);
  }

  /** Issue type ids of a project: its issue type scheme's (company-managed) or its own (team-managed). */
  issueTypeIdsOf(project: SeedProject): readonly string[] {
    if (project.style === 'next-gen') return this.teamIssueTypes.get(project.id) ?? [];
    return this.issueTypeSchemeOf(project)?.issueTypeIds ?? [];
  }

  /** The workflow name a scheme gives an issue type. */
  static workflowNameFor(scheme: StoredWorkflowScheme, issueTypeId: string): string {
    return scheme.issueTypeMappings[issueTypeId] ?? scheme.defaultWorkflow;
  }

  workflowOf(project: SeedProject, issueTypeId: string): StoredWorkflow | undefined {
    const scheme = this.workflowSchemeOf(project);
    return scheme === undefined
      ? undefined
      : this.workflowByName(JiraConfiguration.workflowNameFor(scheme, issueTypeId));
  }

  /** The workflows a project uses (for its issue types, then the scheme's default), without repeats. */
  workflowsOfProject(project: SeedProject): StoredWorkflow[] {
    const out: StoredWorkflow[] = [];
    for (const typeId of this.issueTypeIdsOf(project)) {
      const wf = this.workflowOf(project, typeId);
      if (wf !== undefined && !out.includes(wf)) out.push(wf);
    }
    if (out.length === 0) {
      const scheme = this.workflowSchemeOf(project);
      const wf = scheme === undefined ? undefined : this.workflowByName(scheme.defaultWorkflow);
      if (wf !== undefined) out.push(wf);
    }
    return out;
  }

  /** Projects that use a workflow scheme (explicitly or, for the default, by having none of their own). */
  projectsUsingWorkflowScheme(schemeId: string): SeedProject[] {
    return this.host.projects.filter(
      (p) => (this.projectWorkflowScheme.get(p.id) ?? DEFAULT_SCHEME_ID) === schemeId,
    );
  }

  projectsUsingIssueTypeScheme(schemeId: string): SeedProject[] {
    return this.host.projects.filter(
      (p) =>
        p.style !== 'next-gen' && (this.projectIssueTypeScheme.get(p.id) ?? DEFAULT_SCHEME_ID) === schemeId,
    );
  }

  /** The status a new issue of the workflow starts in: the INITIAL transition's target, else the first status. */
  static initialStatusId(workflow: StoredWorkflow): string | undefined {
    return workflow.transitions.find(isInitial)?.toStatusId ?? workflow.statusIds[0];
  }

  addTask(input: Omit<StoredTask, 'id' | 'polls' | 'status'>): StoredTask {
    const task: StoredTask = { ...input, id: this.newTaskId(), polls: 0, status: 'ENQUEUED' };
    this.tasks.set(task.id, task);
    return task;
  }

  /** An unfinished task of a project (Jira allows one scheme switch per project at a time). */
  runningTaskOf(projectId: string): StoredTask | undefined {
    return [...this.tasks.values()].find(
      (t) => t.projectId === projectId && (t.status === 'ENQUEUED' || t.status === 'RUNNING'),
    );
  }
}

function copyTransition(t: SeedWorkflowTransition): StoredTransition {
  return {
    id: t.id,
    name: t.name,
    description: t.description ?? '',
    type: t.type,
    toStatusId: t.toStatusId,
    fromStatusIds: [...t.fromStatusIds],
    validators: t.validators.map((v) => ({ ...v, parameters: { ...v.parameters } })),
  };
}

function derivedWorkflow(
  id: string,
  name: string,
  statusIds: string[],
  projectId: string | undefined,
  editable: boolean,
  nowMs: number,
  versionId: string,
  nameOf: (statusId: string) => string,
): StoredWorkflow {
  const first = statusIds[0];
  return {
    id,
    name,
    description: '',
    ...(projectId === undefined ? {} : { projectId }),
    statusIds,
    transitions: [
      ...(first === undefined
        ? []
        : [
            {
              id: '0',
              name: 'Create',
              description: '',
              type: 'INITIAL' as const,
              toStatusId: first,
              fromStatusIds: [],
              validators: [],
            },
          ]),
      ...statusIds.map((statusId) => ({
        id: statusId,
        name: nameOf(statusId),
        description: '',
        type: 'GLOBAL' as const,
        toStatusId: statusId,
        fromStatusIds: [],
        validators: [],
      })),
    ],
    editable,
    createdMs: nowMs,
    updatedMs: nowMs,
    versionId,
    versionNumber: 0,
  };
}
