import type { IssueFlowView } from '../contract/resolvers';
import { computeFlowReport } from '../domain/flow/engine';
import type { FlowReport, JiraIssueInput, StageKind } from '../domain/flow/types';
import type { IssueReadPort } from './ports/issue-read-port';
import { mappingFromStatusCategories } from './status-category-mapping';

/** Project key of an issue key (`HD-42` → `HD`); null when the key has no project part. */
export function projectKeyOf(issueKey: string): string | null {
  const dash = issueKey.lastIndexOf('-');
  return dash > 0 ? issueKey.slice(0, dash) : null;
}

type ReportStage = FlowReport['stages'][number];

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
 * canonical flow report (start policy `first`, mapping derived from Jira status categories) as of `clock()` and
 * maps its single issue to the resolver contract's view.
 *
 * `timeZone` (IANA) only affects day boundaries, not the millisecond durations; the view reports it back.
 * Throws the port's typed errors (`IssueNotFoundError`, …) unchanged.
 */
export async function getIssueFlow(
  port: IssueReadPort,
  issueKey: string,
  clock: () => number,
  timeZone = 'UTC',
): Promise<IssueFlowView> {
  const issue = await port.getIssueWithChangelog(issueKey);
  const projectKey = projectKeyOf(issue.key ?? issueKey);
  const projectStatuses =
    port.listProjectStatuses !== undefined && projectKey !== null
      ? await port.listProjectStatuses(projectKey)
      : null;
  const asOfMs = clock();
  const report = computeFlowReport([issue], {
    mode: 'canonical',
    startPolicy: 'first',
    timeZone,
    asOfMs,
    // The issue's current status carries its category too; listing it makes sure it is mapped even when the
    // project's status list is incomplete.
    ...(projectStatuses === null
      ? {}
      : {
          mapping: mappingFromStatusCategories([
            ...(issue.fields?.status ? [issue.fields.status] : []),
            ...projectStatuses,
          ]),
        }),
  });
  return toIssueFlowView(issue, report, issueKey, asOfMs);
}

function toIssueFlowView(
  issue: JiraIssueInput,
  report: FlowReport,
  issueKey: string,
  asOfMs: number,
): IssueFlowView {
  const facts = report.issues[0];
  if (facts === undefined) {
    // The engine leaves out issues created after asOf: only possible with a clock far behind Jira's.
    throw new Error(`The flow report has no entry for ${issueKey} (created after ${report.asOf}?)`);
  }
  const currentStatus = issue.fields?.status;
  const timeInStatusMs = Object.entries(facts.timeInStatusMs);
  // Jira's current status is what the user sees on the issue; the engine's replayed status only differs when the
  // changelog is inconsistent, which the `status-mismatch` warning reports.
  const status = currentStatus?.name ?? timeInStatusMs[timeInStatusMs.length - 1]?.[0] ?? '';
  const kindOf = (stage: ReportStage | null): StageKind | null => stage?.kind ?? null;
  const currentStage = stageOfStatus(report.stages, status, currentStatus?.id);
  const startMs = facts.startAt === null ? null : Date.parse(facts.startAt);
  return {
    issueKey: facts.key === '' ? issueKey : facts.key,
    asOf: report.asOf,
    timeZone: report.timeZone,
    status,
    stage: currentStage?.name ?? null,
    createdAt: facts.created ?? issue.fields?.created ?? '',
    startAt: facts.startAt,
    doneAt: facts.doneAt,
    leadTimeMs: facts.leadTimeMs,
    cycleTimeMs: facts.cycleTimeMs,
    ageMs: facts.doneAt === null && startMs !== null ? asOfMs - startMs : null,
    flowEfficiency: facts.flowEfficiency,
    timeInStatus: timeInStatusMs.map(([name, ms]) => {
      const stage = stageOfStatus(report.stages, name, undefined);
      return { status: name, stage: stage?.name ?? null, kind: kindOf(stage), ms };
    }),
    warnings: [...new Set(facts.warnings)],
  };
}
