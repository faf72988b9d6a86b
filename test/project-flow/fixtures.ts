/**
 * Five issues in March 2026 (UTC) on the standard workflow, with hand-computed numbers in the tests that use them.
 *
 * In Progress 03-03, Review 03-05, back to In Progress 03-06, Resolved 03-07 → cycle 4 d, active 3 d, rework.
 * In Progress 03-04, Testing 03-05, Resolved 03-06 → cycle 2 d, active 2 d.
 * In Progress 03-09, Resolved 03-17 → cycle 8 d, active 8 d.
 * In Progress 03-10, still open → age 10 d at 03-20.   A-5: never started.
 */
import type { FlowFacts, FlowOptions, JiraIssueInput } from '../../src/domain/flow/types';
import { computeFlowFacts } from '../../src/domain/flow/engine';
import { STANDARD_MAPPING, issue, utc } from '../support/jira-fixtures';

export const at = (day: number): string => `2026-03-${String(day).padStart(2, '0')}T00:00:00.000+0000`;

export const ISSUES: readonly JiraIssueInput[] = [
  issue('A-1', at(2), [
    [at(3), 'Open', 'In Progress'],
    [at(5), 'In Progress', 'Review'],
    [at(6), 'Review', 'In Progress'],
    [at(7), 'In Progress', 'Resolved'],
  ]),
  issue(
    'A-2',
    at(2),
    [
      [at(4), 'Open', 'In Progress'],
      [at(5), 'In Progress', 'Testing'],
      [at(6), 'Testing', 'Resolved'],
    ],
    { issueType: 'Bug' },
  ),
  issue('A-3', at(2), [
    [at(9), 'Open', 'In Progress'],
    [at(17), 'In Progress', 'Resolved'],
  ]),
  issue('A-4', at(2), [[at(10), 'Open', 'In Progress']]),
  issue('A-5', at(2), []),
];

export const AS_OF_MS = utc(2026, 3, 20);
export const CALENDAR = { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };

/** The engine's facts of {@link ISSUES} (or others) as of 2026-03-20 00:00 UTC, with the forecast asked. */
export function reportOf(
  issues: readonly JiraIssueInput[] = ISSUES,
  forecast?: FlowOptions['forecast'],
): FlowFacts {
  return computeFlowFacts(issues, {
    ...(forecast === undefined ? {} : { forecast }),
    mode: 'canonical',
    mapping: STANDARD_MAPPING,
    startPolicy: 'first',
    timeZone: 'UTC',
    asOfMs: AS_OF_MS,
    calendar: CALENDAR,
  });
}
