/**
 * The baseline of a relative key result (flow metric, issue count, CSAT) belongs to its measurement definition: the
 * app measures it once over the baseline period and keeps it on the key result. An edit that changes what is
 * measured (flow metric: scope, metric, baseline period; issue count: JQL, interval, baseline period; CSAT: scope,
 * baseline period) makes the
 * stored baseline wrong, so it is dropped and the next measurement measures the new one. Pure: no store, no Jira.
 */
import type { KeyResultKind, MeasurementScope, OkrPeriod, RelativeKeyResultKind } from './types';

/** Whether a kind is measured against a baseline (flow metric, issue count, CSAT). */
export function isRelativeKind(kind: KeyResultKind): kind is RelativeKeyResultKind {
  return kind.type === 'flowMetric' || kind.type === 'issueCount' || kind.type === 'csat';
}

function samePeriod(a: OkrPeriod, b: OkrPeriod): boolean {
  if (a.timeZone !== b.timeZone) return false;
  if (a.kind === 'quarter') return b.kind === 'quarter' && a.quarter === b.quarter;
  return b.kind === 'custom' && a.startDate === b.startDate && a.endDate === b.endDate;
}

function sameScope(a: MeasurementScope, b: MeasurementScope): boolean {
  if (a.type === 'project') return b.type === 'project' && a.projectKey === b.projectKey;
  return b.type === 'jql' && a.jql.trim() === b.jql.trim();
}

/**
 * True when `a` and `b` measure the same baseline: both flow metrics of the same scope, metric and baseline
 * period, or both issue counts of the same JQL, interval and baseline period. The target change and the baseline
 * value itself do not matter (the target is computed from the baseline, not part of it); other kinds have no
 * baseline and never match.
 */
export function sameBaselineDefinition(a: KeyResultKind, b: KeyResultKind): boolean {
  if (a.type === 'flowMetric')
    return (
      b.type === 'flowMetric' &&
      a.metric === b.metric &&
      sameScope(a.scope, b.scope) &&
      samePeriod(a.baselinePeriod, b.baselinePeriod)
    );
  if (a.type === 'issueCount')
    return (
      b.type === 'issueCount' &&
      a.per === b.per &&
      a.jql.trim() === b.jql.trim() &&
      samePeriod(a.baselinePeriod, b.baselinePeriod)
    );
  if (a.type === 'csat')
    return b.type === 'csat' && sameScope(a.scope, b.scope) && samePeriod(a.baselinePeriod, b.baselinePeriod);
  return false;
}

/**
 * The kind to store when an edit replaces `stored` by `edited`: with the stored baseline when the measurement
 * definition is unchanged ({@link sameBaselineDefinition}), without any baseline otherwise. A baseline in the edit
 * itself is never taken: it is measured by the app (an editor's form would otherwise carry the old definition's
 * baseline over, or drop a good one by leaving it out).
 */
export function kindAfterEdit(stored: KeyResultKind, edited: KeyResultKind): KeyResultKind {
  if (!isRelativeKind(edited)) return edited;
  const withoutBaseline: KeyResultKind = { ...edited };
  delete (withoutBaseline as { baselineValue?: number }).baselineValue;
  const kept =
    isRelativeKind(stored) && sameBaselineDefinition(stored, edited) ? stored.baselineValue : undefined;
  return kept === undefined ? withoutBaseline : { ...withoutBaseline, baselineValue: kept };
}
