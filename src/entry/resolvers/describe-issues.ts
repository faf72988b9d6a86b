import * as v from 'valibot';

/** A payload's valibot issues as one English line (`path: message; …`) for an `invalid-payload` detail. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues.map((issue) => `${v.getDotPath(issue) ?? 'payload'}: ${issue.message}`).join('; ');
}
