/**
 * Helpers for the sample-data tests: an independent Berlin-time oracle (ICU via Intl, not the generator's own
 * arithmetic) and the projection of a seed issue into the flow engine's input shape.
 */
import type { JiraIssueInput } from '../../src/domain/flow/types';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import type { JiraSeed, SeedIssue } from '../../dev/emulator/seed';

/** The data's "today" in most tests: Monday 2 March 2026, 12:00 Berlin time (winter time, DST change ahead). */
export const NOW_MS = Date.UTC(2026, 2, 2, 11, 0);

const berlinFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

/** Berlin wall clock of an instant according to ICU: `YYYY-MM-DDTHH:mm:ss` and the weekday (`Mon` …). */
export function icuBerlinWallClock(instantMs: number): { wall: string; weekday: string } {
  const parts: Record<string, string> = {};
  for (const part of berlinFormat.formatToParts(new Date(instantMs))) parts[part.type] = part.value;
  return {
    wall: `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}T${parts.hour ?? ''}:${parts.minute ?? ''}:${parts.second ?? ''}`,
    weekday: parts.weekday ?? '',
  };
}

/** Berlin UTC offset in minutes according to ICU. */
export function icuBerlinOffsetMinutes(instantMs: number): number {
  const wall = icuBerlinWallClock(instantMs).wall;
  const wallAsUtcMs = Date.parse(`${wall}Z`);
  return Math.round((wallAsUtcMs - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** Epoch ms of a Jira timestamp; throws (failing the test) when it does not parse. */
export function instant(value: string | null): number {
  const ms = parseJiraInstant(value);
  if (ms === null) throw new Error(`not a Jira timestamp: ${String(value)}`);
  return ms;
}

/** The issue as `/rest/api/3/search/jql` with changelog would return it, in the engine's input shape. */
export function toEngineInput(seed: JiraSeed, issue: SeedIssue): JiraIssueInput {
  const status = seed.statuses.find((s) => s.id === issue.statusId);
  const issueType = seed.issueTypes.find((t) => t.id === issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      created: issue.created,
      resolutiondate: issue.resolutiondate,
      summary: issue.summary,
      status: {
        id: issue.statusId,
        name: status?.name ?? '',
        statusCategory: { key: status?.categoryKey ?? '' },
      },
      issuetype: { id: issue.issueTypeId, name: issueType?.name ?? '' },
    },
    changelog: { histories: issue.histories },
  };
}

export function projectIssues(seed: JiraSeed, projectKey: string): SeedIssue[] {
  const project = seed.projects.find((p) => p.key === projectKey);
  if (project === undefined) throw new Error(`no project ${projectKey}`);
  return seed.issues.filter((i) => i.projectId === project.id);
}
