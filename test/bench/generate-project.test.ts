import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  BENCH_WORKFLOW_MAPPING,
  formatJiraTimestamp,
  generateProject,
  iterateProject,
  projectEndMs,
  writeProjectFile,
} from '../../bench/generate-project';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import type { JiraChangeItem, JiraIssueInput } from '../../src/domain/flow/types';

const START_MS = Date.UTC(2022, 0, 3);
const OPTIONS = { issues: 1000, seed: 7, startMs: START_MS } as const;
const JIRA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
const DONE_STATUSES = new Set(['Resolved', 'Closed']);

const project = generateProject(OPTIONS);

interface TimedStatusChange {
  readonly atMs: number;
  readonly item: JiraChangeItem;
}

function instantOf(value: string | null | undefined): number {
  const ms = parseJiraInstant(value);
  if (ms === null) throw new Error(`unparseable timestamp ${String(value)}`);
  return ms;
}

/** Status changes in instant order (stable for equal instants), whatever order the histories are written in. */
function statusChanges(issue: JiraIssueInput): TimedStatusChange[] {
  const changes: TimedStatusChange[] = [];
  for (const history of issue.changelog?.histories ?? []) {
    for (const item of history.items ?? []) {
      if (item.field === 'status') changes.push({ atMs: instantOf(history.created), item });
    }
  }
  return changes.sort((a, b) => a.atMs - b.atMs);
}

function allItems(issues: readonly JiraIssueInput[]): JiraChangeItem[] {
  return issues.flatMap((issue) => (issue.changelog?.histories ?? []).flatMap((h) => [...(h.items ?? [])]));
}

describe('generateProject', () => {
  it('produces identical issues for the same seed and different issues for another seed', () => {
    expect(JSON.stringify(generateProject(OPTIONS))).toBe(JSON.stringify(project));
    const other = generateProject({ ...OPTIONS, seed: 8 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(project));
  });

  it('writes every timestamp Jira-style with an offset, inside the project span', () => {
    const endMs = projectEndMs(START_MS);
    const timestamps = project.flatMap((issue) => [
      issue.fields?.created,
      ...(issue.fields?.resolutiondate == null ? [] : [issue.fields.resolutiondate]),
      ...(issue.changelog?.histories ?? []).map((h) => h.created),
    ]);
    expect(timestamps.length).toBeGreaterThan(7000);
    // Collected and asserted once: thousands of single expect() calls would make the test slow.
    const bad = timestamps.filter((value) => {
      const ms = parseJiraInstant(value);
      return !JIRA_TIMESTAMP.test(value ?? '') || ms === null || ms < START_MS || ms >= endMs;
    });
    expect(bad).toEqual([]);
  });

  it('chains status changes: each fromString is the previous toString in instant order, starting at Open', () => {
    const broken: string[] = [];
    for (const issue of project) {
      let current = 'Open';
      let previousMs = instantOf(issue.fields?.created);
      for (const { atMs, item } of statusChanges(issue)) {
        if (item.fromString !== current)
          broken.push(`${issue.key ?? ''}: from ${item.fromString ?? ''} after ${current}`);
        if (atMs <= previousMs) broken.push(`${issue.key ?? ''}: change at ${atMs} not after ${previousMs}`);
        if (item.fieldtype !== 'jira' || item.fieldId !== 'status')
          broken.push(`${issue.key ?? ''}: item shape`);
        current = item.toString ?? '';
        previousMs = atMs;
      }
      if (issue.fields?.status?.name !== current) broken.push(`${issue.key ?? ''}: final ${current}`);
    }
    expect(broken).toEqual([]);
    // The check above is not vacuous.
    expect(project.filter((issue) => statusChanges(issue).length >= 3).length).toBeGreaterThan(500);
  });

  it('averages about 6 status changes per issue and leaves about a fifth of the issues open', () => {
    const changes = project.reduce((sum, issue) => sum + statusChanges(issue).length, 0);
    expect(changes / project.length).toBeGreaterThan(5.5);
    expect(changes / project.length).toBeLessThan(6.5);
    const open = project.filter((issue) => issue.fields?.status?.statusCategory?.key !== 'done').length;
    expect(open / project.length).toBeGreaterThan(0.15);
    expect(open / project.length).toBeLessThan(0.25);
  });

  it('sets resolutiondate exactly for done issues, at the entry into the final stay in done statuses', () => {
    for (const issue of project) {
      const changes = statusChanges(issue);
      const isDone = issue.fields?.status?.statusCategory?.key === 'done';
      expect(DONE_STATUSES.has(issue.fields?.status?.name ?? '')).toBe(isDone);
      if (!isDone) {
        expect(issue.fields?.resolutiondate).toBeNull();
        continue;
      }
      let k = changes.length - 1;
      while (k > 0 && DONE_STATUSES.has(changes[k]?.item.fromString ?? 'Open')) k -= 1;
      expect(instantOf(issue.fields.resolutiondate)).toBe(changes[k]?.atMs);
    }
  });

  it('contains the mess of real projects', () => {
    const items = allItems(project);
    const status = items.filter((i) => i.field === 'status');
    const order = ['Open', 'In Progress', 'Waiting for customer', 'In Review', 'Resolved', 'Closed'];
    const rank = (name: string | null | undefined): number => order.indexOf(name ?? '');
    // Backward moves (review → in progress, in progress → open), reopenings, self-transitions.
    expect(
      status.filter((i) => i.fromString === 'In Review' && i.toString === 'In Progress').length,
    ).toBeGreaterThan(50);
    expect(
      status.filter((i) => rank(i.toString) >= 0 && rank(i.toString) < rank(i.fromString)).length,
    ).toBeGreaterThan(100);
    expect(status.filter((i) => i.toString === 'Reopened').length).toBeGreaterThan(50);
    expect(status.filter((i) => i.fromString === i.toString).length).toBeGreaterThan(50);
    // Flagged on and off, the cleared flag written both as '' and as null.
    const flagged = items.filter((i) => i.field === 'Flagged');
    expect(flagged.filter((i) => i.toString === 'Impediment').length).toBeGreaterThan(50);
    expect(flagged.some((i) => i.toString === '')).toBe(true);
    expect(flagged.some((i) => i.fromString === 'Impediment' && i.toString === null)).toBe(true);
    // Unrelated fields, alone and in the same history as a status change.
    expect(items.some((i) => i.field === 'assignee')).toBe(true);
    expect(items.some((i) => i.field === 'Fix Version')).toBe(true);
    const mixed = project
      .flatMap((issue) => issue.changelog?.histories ?? [])
      .filter(
        (h) =>
          (h.items ?? []).some((i) => i.field === 'status') &&
          (h.items ?? []).some((i) => i.field === 'assignee'),
      );
    expect(mixed.length).toBeGreaterThan(50);
    // Mixed UTC offsets.
    const offsets = new Set(
      project.flatMap((issue) => (issue.changelog?.histories ?? []).map((h) => (h.created ?? '').slice(-5))),
    );
    expect([...offsets].sort()).toEqual(['+0000', '+0100', '+0200', '+0530', '-0400', '-0500']);
  });

  it('writes some changelogs newest first and most oldest first', () => {
    const withTwo = project.filter((issue) => (issue.changelog?.histories ?? []).length >= 2);
    const newestFirst = withTwo.filter((issue) => {
      const histories = issue.changelog?.histories ?? [];
      return instantOf(histories[0]?.created) > instantOf(histories[histories.length - 1]?.created);
    });
    expect(newestFirst.length / withTwo.length).toBeGreaterThan(0.05);
    expect(newestFirst.length / withTwo.length).toBeLessThan(0.2);
  });

  it('uses only statuses the benchmark mapping knows', () => {
    const mapped = new Set(BENCH_WORKFLOW_MAPPING.stages.flatMap((s) => s.statuses));
    const used = new Set(
      allItems(project)
        .filter((i) => i.field === 'status')
        .flatMap((i) => [i.fromString, i.toString]),
    );
    expect([...used].every((name) => mapped.has(name ?? ''))).toBe(true);
    expect(used.size).toBe(7);
  });

  it('counts its statistics from the data it yields', () => {
    const iterator = iterateProject({ ...OPTIONS, issues: 200 });
    const issues: JiraIssueInput[] = [];
    let step = iterator.next();
    while (step.done !== true) {
      issues.push(step.value);
      step = iterator.next();
    }
    expect(step.value.issues).toBe(200);
    expect(step.value.statusChanges).toBe(
      issues.reduce((sum, issue) => sum + statusChanges(issue).length, 0),
    );
    expect(step.value.openIssues).toBe(
      issues.filter((i) => i.fields?.status?.statusCategory?.key !== 'done').length,
    );
  });

  it('streams the same project into a JSON array file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gen-'));
    try {
      const file = path.join(dir, 'project.json');
      const stats = writeProjectFile(file, { ...OPTIONS, issues: 300 });
      const text = fs.readFileSync(file, 'utf8');
      expect(JSON.parse(text)).toEqual(generateProject({ ...OPTIONS, issues: 300 }));
      expect(stats.bytes).toBe(Buffer.byteLength(text));
      expect(fs.readdirSync(dir)).toEqual(['project.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatJiraTimestamp', () => {
  it('writes the wall clock of the offset, which parses back to the same instant', () => {
    const instantMs = Date.UTC(2024, 2, 10, 8, 15, 0, 120);
    expect(formatJiraTimestamp(instantMs, 60)).toBe('2024-03-10T09:15:00.120+0100');
    expect(formatJiraTimestamp(instantMs, -300)).toBe('2024-03-10T03:15:00.120-0500');
    expect(formatJiraTimestamp(instantMs, 330)).toBe('2024-03-10T13:45:00.120+0530');
    expect(parseJiraInstant(formatJiraTimestamp(instantMs, -300))).toBe(instantMs);
  });
});
