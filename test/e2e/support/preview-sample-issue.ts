/**
 * What the preview's issue panel must show for a sample help-desk issue, worked out here from the sample data
 * itself (the seed's changelog), independently of the flow engine: a closed issue that went straight through
 * (never reopened), whose lead time runs from creation to its first done status and whose cycle time from its
 * first "In Progress"-category status to done.
 */
import type { JiraSeed, SeedIssue } from '../../../dev/emulator/seed';

export interface ExpectedSampleIssue {
  readonly key: string;
  readonly summary: string;
  readonly leadTimeMs: number;
  readonly cycleTimeMs: number;
  /** The statuses before done in the order the issue first reached them (the panel's time-in-status rows). */
  readonly statusesBeforeDone: readonly string[];
}

/** Epoch ms of a Jira instant (`…+0100`: ISO needs the offset's colon). */
function instantMs(instant: string): number {
  return Date.parse(instant.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

const DAY_MS = 86_400_000;

function expectationOf(seed: JiraSeed, issue: SeedIssue): ExpectedSampleIssue | null {
  const categoryOf = new Map(seed.statuses.map((status) => [status.id, status.categoryKey]));
  const nameOf = new Map(seed.statuses.map((status) => [status.id, status.name]));
  const changes = issue.histories.flatMap((history) =>
    history.items
      .filter((item) => item.fieldId === 'status' || item.field === 'status')
      .map((item) => ({ atMs: instantMs(history.created), from: item.from ?? '', to: item.to ?? '' })),
  );
  const first = changes[0];
  if (first === undefined) return null;
  const visited = [first.from, ...changes.map((change) => change.to)];
  const firstDone = visited.findIndex((id) => categoryOf.get(id) === 'done');
  // Straight through: once done, never back to work (a reopened issue's lead time ends at its last resolution).
  if (firstDone < 0 || visited.slice(firstDone).some((id) => categoryOf.get(id) !== 'done')) return null;
  const firstActive = visited.findIndex((id) => categoryOf.get(id) === 'indeterminate');
  if (firstActive < 1 || firstActive > firstDone) return null;
  const createdMs = instantMs(issue.created);
  const doneMs = changes[firstDone - 1]?.atMs;
  const startMs = changes[firstActive - 1]?.atMs;
  if (doneMs === undefined || startMs === undefined) return null;
  const statusesBeforeDone = [...new Set(visited.slice(0, firstDone))].map((id) => nameOf.get(id) ?? id);
  return {
    key: issue.key,
    summary: issue.summary,
    leadTimeMs: doneMs - createdMs,
    cycleTimeMs: doneMs - startMs,
    statusesBeforeDone,
  };
}

/**
 * The newest closed help-desk issue that went straight through with a waiting time and took 3 to 30 days
 * (so the panel shows several rows and plural "days"/"Tage").
 */
export function pickClosedHelpDeskIssue(seed: JiraSeed): ExpectedSampleIssue {
  const helpDesk = seed.projects.find((project) => project.key === 'HD');
  const closed = seed.statuses.find((status) => status.name === 'Geschlossen');
  const candidates = seed.issues
    .filter((issue) => issue.projectId === helpDesk?.id && issue.statusId === closed?.id)
    .map((issue) => expectationOf(seed, issue))
    .filter((expected): expected is ExpectedSampleIssue => expected !== null)
    .filter(
      (expected) =>
        expected.statusesBeforeDone.length >= 3 &&
        expected.leadTimeMs >= 3 * DAY_MS &&
        expected.leadTimeMs <= 30 * DAY_MS,
    );
  const picked = candidates.at(-1);
  if (picked === undefined) throw new Error('The sample data has no closed help-desk issue to show');
  return picked;
}
