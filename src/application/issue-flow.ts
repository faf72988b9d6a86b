import { ISSUE_ROW, type ProjectFlowAnswer, type ProjectFlowView } from '../contract/project-flow';
import type { IssueFlowView, IssueStanding } from '../contract/resolvers';
import { computeFlowFacts } from '../domain/flow/engine';
import { replayIssueVisits } from '../domain/flow/issue-visits';
import { deriveDefaultMapping } from '../domain/flow/mapping-defaults';
import { percentileRank, sortNumbers } from '../domain/flow/percentiles';
import { toIsoUtc } from '../domain/flow/timestamps';
import type { FlowFacts, JiraIssueInput, StageKind, WorkflowMapping } from '../domain/flow/types';
import { projectKeyOf } from './flow-measurement';
import type { IssueReadPort } from './ports/issue-read-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';
import type { StoredProjectSettings } from './project-settings';

export { projectKeyOf };

const DAY_MS = 86_400_000;

/**
 * Where the panel finds the project's settings and the viewer's view of the project. Without it the panel maps
 * statuses by their Jira categories and says nothing about the project.
 */
export interface IssueProjectSources {
  readonly store: StorePort;
  /**
   * The project's id for its key, used only when the issue read did not carry `fields.project.id` (costs the
   * caller's Jira request; absent or null: the standing is `unknown-project`).
   */
  readonly projectIdOf?: (projectKey: string) => Promise<string | null>;
  /**
   * The viewer's whole-project view, computed from the flow facts store at every read (issue 13: the project
   * page's use case with the default request; no view is cached): `ready` with the view, `backfilling` while the
   * project's facts are being built (the standing is then `computing`), `failed` when it could not be computed.
   * (Views cached per user by earlier versions, under `flow-cache:` / `flow-cache-user:` keys, are not read.)
   */
  readonly startProjectView: (projectKey: string) => Promise<ProjectFlowAnswer>;
}

/** The mapping a project view was computed with. */
function mappingOfView(view: ProjectFlowView): WorkflowMapping {
  return {
    stages: view.settings.stages.map((stage) => ({
      name: stage.name,
      kind: stage.kind,
      statuses: [...stage.statuses],
    })),
    startStage: view.settings.startStage,
    doneStage: view.settings.doneStage,
  };
}

/** The project id the issue read carries in `fields.project.id` (when `project` was among the fields asked). */
function projectIdOfIssue(issue: JiraIssueInput): string | null {
  const project: unknown = issue.fields?.['project'];
  if (typeof project !== 'object' || project === null) return null;
  const id = (project as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * The issue's age (open, started) or cycle time (done) in days against the cycle times of the items the project
 * view counts as finished (its scatter points), with the view's percentile marks.
 */
function standingOf(
  view: ProjectFlowView | null,
  projectKey: string,
  measure: { kind: 'age' | 'cycle-time'; ms: number } | null,
): IssueStanding {
  if (view === null) return { kind: 'no-cached-view', projectKey };
  if (measure === null) return { kind: 'not-comparable', projectKey };
  const cycleDays: number[] = [];
  for (const rowIndex of view.cycleTime.pointRows) {
    const days = view.issues.rows[rowIndex]?.[ISSUE_ROW.cycleTimeDays];
    if (typeof days === 'number') cycleDays.push(days);
  }
  const valueDays = measure.ms / DAY_MS;
  const rank = percentileRank(sortNumbers(cycleDays), valueDays);
  if (rank === null) return { kind: 'not-comparable', projectKey };
  return {
    kind: 'compared',
    projectKey,
    measure: measure.kind,
    valueDays: Math.round(valueDays * 10) / 10,
    rankPercent: Math.round(rank),
    finishedCount: cycleDays.length,
    marks: view.cycleTime.lines.flatMap((line) =>
      line.days === null ? [] : [{ percentile: line.percentile, days: line.days }],
    ),
    computedAtMs: view.computedAtMs,
  };
}

type ReportStage = FlowFacts['stages'][number];

function stageOfStatus(
  stages: readonly ReportStage[],
  status: string,
  statusId: string | undefined,
): ReportStage | null {
  const lower = status.toLowerCase();
  const id = statusId?.toLowerCase();
  return (
    stages.find((stage) =>
      stage.statuses.some((s) => s.toLowerCase() === lower || (id !== undefined && s.toLowerCase() === id)),
    ) ?? null
  );
}

/**
 * The flow facts of one issue for the issue panel: reads the issue and its changelog through `port`, computes the
 * canonical flow report (start policy `first`) as of `clock()` and maps its single issue to the resolver
 * contract's view, with the issue's visits (replayed as the engine replays them) and its standing against the
 * project's cycle-time percentiles (the viewer's project view, computed from the flow facts).
 *
 * Mapping, in this order: the project's saved settings (`mapping:<projectId>`), the mapping of the viewer's project
 * view (so panel and project page agree), else the defaults the project page derives from the project's statuses
 * (ITSM-aware, FLOW-METRICS.md §2; one more Jira request: the project's statuses). Jira requests: the port's issue
 * and changelog reads (two), the project view's (`projects.startProjectView`: id pages of the project), plus the
 * statuses only when neither settings nor a view exist, plus `projects.projectIdOf` only when the issue read lacks
 * the project id. While the project's facts are being built the standing is `computing`.
 *
 * `timeZone` (IANA) only affects day boundaries, not the millisecond durations; the view reports it back.
 * Throws the port's typed errors (`IssueNotFoundError`, …) unchanged.
 */
export async function getIssueFlow(
  port: IssueReadPort,
  issueKey: string,
  clock: () => number,
  timeZone = 'UTC',
  projects?: IssueProjectSources,
): Promise<IssueFlowView> {
  const issue = await port.getIssueWithChangelog(issueKey);
  const projectKey = projectKeyOf(issue.key ?? issueKey);
  const asOfMs = clock();
  let projectId = projectIdOfIssue(issue);
  if (projectId === null && projects?.projectIdOf !== undefined && projectKey !== null)
    projectId = await projects.projectIdOf(projectKey);
  const stored =
    projects !== undefined && projectId !== null
      ? await projects.store.get<StoredProjectSettings>(mappingStoreKey(projectId))
      : null;
  // The viewer's view of the project, from the flow facts (the panel polls while the facts are being built).
  let view: ProjectFlowView | null = null;
  let computingJobId: string | null = null;
  if (projects !== undefined && projectId !== null && projectKey !== null) {
    const answer = await projects.startProjectView(projectKey);
    if (answer.status === 'ready') view = answer.view;
    else if (answer.status === 'backfilling') computingJobId = `flow-facts-${projectId}`;
  }
  let mapping: WorkflowMapping | null = stored?.value.mapping ?? (view === null ? null : mappingOfView(view));
  const mappingSource: IssueFlowView['mappingSource'] =
    stored !== null ? 'stored' : mapping !== null ? 'cached-view' : 'status-categories';
  if (mapping === null && port.listProjectStatuses !== undefined && projectKey !== null) {
    const projectStatuses = await port.listProjectStatuses(projectKey);
    // In the project's order, as the status mapping page derives them.
    mapping = deriveDefaultMapping([
      ...projectStatuses,
      // The issue's current status carries its category too: mapped even when the project's list lacks it.
      ...(issue.fields?.status ? [issue.fields.status] : []),
    ]);
  }
  const report = computeFlowFacts([issue], {
    mode: 'canonical',
    startPolicy: 'first',
    timeZone,
    asOfMs,
    ...(mapping === null ? {} : { mapping }),
  });
  const base = toIssueFlowView(issue, report, issueKey, asOfMs, mappingSource);
  const measure =
    base.cycleTimeMs !== null
      ? { kind: 'cycle-time' as const, ms: base.cycleTimeMs }
      : base.ageMs !== null
        ? { kind: 'age' as const, ms: base.ageMs }
        : null;
  const standing: IssueStanding =
    projectKey === null || projects === undefined || projectId === null
      ? { kind: 'unknown-project' }
      : computingJobId !== null
        ? { kind: 'computing', projectKey, jobId: computingJobId }
        : standingOf(view, projectKey, measure);
  return { ...base, standing };
}

function toIssueFlowView(
  issue: JiraIssueInput,
  report: FlowFacts,
  issueKey: string,
  asOfMs: number,
  mappingSource: IssueFlowView['mappingSource'],
): Omit<IssueFlowView, 'standing'> {
  const facts = report.issues[0];
  if (facts === undefined) {
    // The engine leaves out issues created after asOf: only possible with a clock far behind Jira's.
    throw new Error(
      `The flow report has no entry for ${issueKey} (created after ${toIsoUtc(report.asOfMs)}?)`,
    );
  }
  const currentStatus = issue.fields?.status;
  const timeInStatusMs = Object.entries(facts.timeInStatusMs);
  // Jira's current status is what the user sees on the issue; the engine's replayed status only differs when the
  // changelog is inconsistent, which the `status-mismatch` warning reports.
  const status = currentStatus?.name ?? timeInStatusMs[timeInStatusMs.length - 1]?.[0] ?? '';
  const kindOf = (stage: ReportStage | null): StageKind | null => stage?.kind ?? null;
  const currentStage = stageOfStatus(report.stages, status, currentStatus?.id);
  const startMs = facts.startMs;
  const iso = (ms: number | null): string | null => (ms === null ? null : toIsoUtc(ms));
  // The resolver contract carries instants as ISO strings: converted here, at the wire.
  return {
    issueKey: facts.key === '' ? issueKey : facts.key,
    asOf: toIsoUtc(report.asOfMs),
    timeZone: report.timeZone,
    status,
    stage: currentStage?.name ?? null,
    createdAt: iso(facts.createdMs) ?? issue.fields?.created ?? '',
    startAt: iso(startMs),
    doneAt: iso(facts.doneMs),
    leadTimeMs: facts.leadTimeMs,
    cycleTimeMs: facts.cycleTimeMs,
    ageMs: facts.doneMs === null && startMs !== null ? asOfMs - startMs : null,
    flowEfficiency: facts.flowEfficiency,
    timeInStatus: timeInStatusMs.map(([name, ms]) => {
      const stage = stageOfStatus(report.stages, name, undefined);
      return { status: name, stage: stage?.name ?? null, kind: kindOf(stage), ms };
    }),
    warnings: [...new Set(facts.warnings)],
    visits: replayIssueVisits(issue, asOfMs).map((visit) => {
      const stage = stageOfStatus(report.stages, visit.status, undefined);
      return { ...visit, stage: stage?.name ?? null, kind: kindOf(stage) };
    }),
    blockedMs: facts.blockedMs ?? 0,
    mappingSource,
  };
}
