/**
 * The issues a measured key result reads, as one JQL condition, and whether an edit changes what it measures. The
 * app measures as itself (a value is a shared aggregate), so whoever defines a scope could learn aggregates of
 * issues they may not browse: the save checks the scope against the user's visibility when the definition is new
 * or changed (`application/okr-scope-access.ts`). Pure: no store, no Jira.
 */
import { jqlString } from '../flow/jql-scope';
import { sameBaselineDefinition } from './baseline';
import type { KeyResultKind, MeasurementScope } from './types';

function conditionOf(scope: MeasurementScope): string {
  return scope.type === 'project' ? `project = ${jqlString(scope.projectKey)}` : scope.jql.trim();
}

/**
 * The JQL condition of the issues a key result of this kind measures (a project as `project = "KEY"`), or null
 * when it reads no Jira scope (metric, threshold, binary, issue progress of the linked issues: those are linked by
 * someone who may edit each issue).
 */
export function measuredScopeCondition(kind: KeyResultKind): string | null {
  if (kind.type === 'flowMetric' || kind.type === 'csat') return conditionOf(kind.scope);
  if (kind.type === 'issueCount') return kind.jql.trim();
  if (kind.type === 'issueProgress' && kind.issues.type !== 'linked') return conditionOf(kind.issues);
  return null;
}

/**
 * True when saving `edited` over `stored` (null: a new key result) defines a measurement anew: it reads a Jira
 * scope and it is new, or it measures something else than the stored one (flow metric and issue count: another
 * scope, metric, JQL, interval or baseline period, as {@link sameBaselineDefinition} decides; issue progress:
 * another scope). A title, owner or target edit of an unchanged definition is not.
 */
export function measurementDefinitionChanged(stored: KeyResultKind | null, edited: KeyResultKind): boolean {
  const condition = measuredScopeCondition(edited);
  if (condition === null) return false;
  if (stored === null) return true;
  if (edited.type === 'issueProgress')
    return stored.type !== 'issueProgress' || measuredScopeCondition(stored) !== condition;
  return !sameBaselineDefinition(stored, edited);
}
