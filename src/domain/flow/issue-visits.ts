/**
 * The status visits of one issue for the issue panel, replayed with the engine's own timeline rules.
 */
import { StatusRegistry } from './mapping';
import { buildTimeline } from './timeline';
import type { JiraIssueInput } from './types';

/** One stay in a status: `[enterMs, leaveMs)`, epoch ms (UTC); `leaveMs` null while the issue is still there. */
export interface IssueVisit {
  readonly status: string;
  readonly enterMs: number;
  readonly leaveMs: number | null;
}

/**
 * The visits of one issue as of `asOfMs` (epoch ms, UTC; time zones do not matter: instants only), replayed by
 * {@link buildTimeline} exactly as the flow engine replays them (same clamping, ordering and self-transition
 * rules), so the panel's bars add up to the engine's time in status. Empty when the issue has no usable
 * `created` instant.
 *
 * @example
 * replayIssueVisits(issue, Date.UTC(2024, 0, 10))
 * // [{ status: 'Open', enterMs: …01-01, leaveMs: …01-02 }, { status: 'In Progress', enterMs: …01-02, leaveMs: null }]
 */
export function replayIssueVisits(issue: JiraIssueInput, asOfMs: number): IssueVisit[] {
  const registry = new StatusRegistry();
  const built = buildTimeline(issue, registry, asOfMs, false);
  if (built.timeline === null) return [];
  const visits = built.timeline.visits;
  return visits.map((visit, i) => ({
    status: registry.statuses[visit.status]?.name ?? '',
    enterMs: visit.enterMs,
    leaveMs: visits[i + 1]?.enterMs ?? null,
  }));
}
