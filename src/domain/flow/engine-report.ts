/**
 * The flow engine's wire form: the CLI's report (FLOW-METRICS.md §5) of the engine's facts. Pure.
 */
import type { FactsWithIssues } from './engine-finish';
import { toIsoUtc } from './timestamps';
import type { FlowFacts, FlowReport, IssueFacts, IssueReport } from './types';

/**
 * The CLI's report (FLOW-METRICS.md §5) of the engine's facts: instants as ISO-8601 UTC strings, the fields in the
 * contract's order, rework left out (it is no part of the contract).
 */
export function reportOfFacts(facts: FlowFacts): FlowReport {
  return wireReport({ ...facts, issues: facts.issues.map(reportIssueOf) });
}

/** The report around issues already in the wire form: asOf and the aging items' starts as ISO strings. */
export function wireReport(facts: FactsWithIssues<IssueReport>): FlowReport {
  return {
    mode: facts.mode,
    timeZone: facts.timeZone,
    asOf: toIsoUtc(facts.asOfMs),
    startPolicy: facts.startPolicy,
    stages: facts.stages,
    startStage: facts.startStage,
    doneStage: facts.doneStage,
    issues: facts.issues,
    daily: facts.daily,
    summary: {
      ...facts.summary,
      aging: facts.summary.aging.map(({ startMs, ...item }) => ({
        key: item.key,
        status: item.status,
        stage: item.stage,
        startAt: toIsoUtc(startMs),
        ageMs: item.ageMs,
        percentileRank: item.percentileRank,
      })),
    },
  };
}

/** An issue report while {@link reportIssueOf} fills it in. */
type IssueReportDraft = { -readonly [K in keyof IssueReport]: IssueReport[K] };

/**
 * One issue of the CLI's report. Built as one object literal that later fields are assigned to, not spreads: for
 * 100,000 issues a spread per issue costs more than the whole engine's finish. The assignments keep the
 * contract's field order.
 */
export function reportIssueOf(f: IssueFacts): IssueReport {
  const report: IssueReportDraft = {
    key: f.key,
    created: f.createdMs === null ? null : toIsoUtc(f.createdMs),
    startAt: f.startMs === null ? null : toIsoUtc(f.startMs),
    doneAt: f.doneMs === null ? null : toIsoUtc(f.doneMs),
    leadTimeMs: f.leadTimeMs,
    cycleTimeMs: f.cycleTimeMs,
    flowEfficiency: f.flowEfficiency,
    timeInStatusMs: f.timeInStatusMs,
    warnings: f.warnings,
  };
  if (f.status === undefined) return report;
  report.status = f.status;
  report.stage = f.stage ?? null;
  report.issueType = f.issueType ?? null;
  report.blockedMs = f.blockedMs ?? 0;
  report.cycleTimeCalendarDays = f.cycleTimeCalendarDays ?? null;
  report.cycleTimeWorkingDays = f.cycleTimeWorkingDays ?? null;
  if (f.stageDates === undefined) return report;
  report.stageDates = f.stageDates;
  report.startDate = f.startDate ?? null;
  report.doneDate = f.doneDate ?? null;
  report.cycleTimeDays = f.cycleTimeDays ?? null;
  return report;
}
