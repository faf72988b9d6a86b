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

/**
 * One issue of the CLI's report. Built as object literals, not spreads: for 100,000 issues a spread per issue costs
 * more than the whole engine's finish.
 */
export function reportIssueOf(f: IssueFacts): IssueReport {
  const created = f.createdMs === null ? null : toIsoUtc(f.createdMs);
  const startAt = f.startMs === null ? null : toIsoUtc(f.startMs);
  const doneAt = f.doneMs === null ? null : toIsoUtc(f.doneMs);
  if (f.status === undefined)
    return {
      key: f.key,
      created,
      startAt,
      doneAt,
      leadTimeMs: f.leadTimeMs,
      cycleTimeMs: f.cycleTimeMs,
      flowEfficiency: f.flowEfficiency,
      timeInStatusMs: f.timeInStatusMs,
      warnings: f.warnings,
    };
  if (f.stageDates === undefined)
    return {
      key: f.key,
      created,
      startAt,
      doneAt,
      leadTimeMs: f.leadTimeMs,
      cycleTimeMs: f.cycleTimeMs,
      flowEfficiency: f.flowEfficiency,
      timeInStatusMs: f.timeInStatusMs,
      warnings: f.warnings,
      status: f.status,
      stage: f.stage ?? null,
      issueType: f.issueType ?? null,
      blockedMs: f.blockedMs ?? 0,
      cycleTimeCalendarDays: f.cycleTimeCalendarDays ?? null,
      cycleTimeWorkingDays: f.cycleTimeWorkingDays ?? null,
    };
  return {
    key: f.key,
    created,
    startAt,
    doneAt,
    leadTimeMs: f.leadTimeMs,
    cycleTimeMs: f.cycleTimeMs,
    flowEfficiency: f.flowEfficiency,
    timeInStatusMs: f.timeInStatusMs,
    warnings: f.warnings,
    status: f.status,
    stage: f.stage ?? null,
    issueType: f.issueType ?? null,
    blockedMs: f.blockedMs ?? 0,
    cycleTimeCalendarDays: f.cycleTimeCalendarDays ?? null,
    cycleTimeWorkingDays: f.cycleTimeWorkingDays ?? null,
    stageDates: f.stageDates,
    startDate: f.startDate ?? null,
    doneDate: f.doneDate ?? null,
    cycleTimeDays: f.cycleTimeDays ?? null,
  };
}
