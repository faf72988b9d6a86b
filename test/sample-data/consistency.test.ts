/**
 * Invariants every sample issue keeps, checked for two data sets: winter `now` (seed 1) and summer `now`
 * (seed 7), so both sides of the daylight-saving changes are covered. Each test collects the violations and
 * expects none, so a failure names the issues that break the rule.
 */
import { berlinDayNumber, isWorkingDay } from '../../dev/sample-data/berlin-time';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import type { JiraSeed, SeedIssue, SeedStatus } from '../../dev/emulator/seed';
import type { JiraChangeItem } from '../../src/domain/flow/types';
import { icuBerlinWallClock, instant, NOW_MS } from './support';

const JIRA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]00$/;
/** The status each project's issues are created in. */
const INITIAL_STATUS: Readonly<Record<string, string>> = {
  HD: 'Neu',
  MAIL: 'Backlog',
  CSI: 'Erfasst',
  TEAM: 'Zu erledigen',
};

const cases: readonly { name: string; nowMs: number; seedNumber: number }[] = [
  { name: 'winter now, seed 1', nowMs: NOW_MS, seedNumber: 1 },
  { name: 'summer now, seed 7', nowMs: Date.UTC(2025, 7, 15, 14, 30), seedNumber: 7 },
];

const statusItems = (issue: SeedIssue): JiraChangeItem[] =>
  issue.histories.flatMap((h) => h.items.filter((item) => item.fieldId === 'status'));

describe.each(cases)('sample data invariants ($name)', ({ nowMs, seedNumber }) => {
  let seed: JiraSeed;
  let statusById: Map<string, SeedStatus>;
  beforeAll(() => {
    seed = generateSampleSeed({ seed: seedNumber, now: nowMs });
    statusById = new Map(seed.statuses.map((s) => [s.id, s]));
  });
  const category = (statusId: string | null | undefined): string | undefined =>
    statusById.get(statusId ?? '')?.categoryKey;

  it('gives every issue a unique id (10001… in creation order) and per-project keys 1… in creation order', () => {
    expect(seed.issues.map((i) => i.id)).toEqual(seed.issues.map((_, index) => String(10_001 + index)));
    const created = seed.issues.map((i) => instant(i.created));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    for (const project of seed.projects) {
      const keys = seed.issues.filter((i) => i.projectId === project.id).map((i) => i.key);
      expect(keys).toEqual(keys.map((_, index) => `${project.key}-${index + 1}`));
    }
    const historyIds = seed.issues.flatMap((i) => i.histories.map((h) => h.id));
    const commentIds = seed.issues.flatMap((i) => i.comments.map((c) => c.id));
    expect(new Set(historyIds).size).toBe(historyIds.length);
    expect(new Set(commentIds).size).toBe(commentIds.length);
  });

  it("uses only its project's statuses and issue types, status ids matching their names", () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      const project = seed.projects.find((p) => p.id === issue.projectId);
      if (!project?.statusIds.includes(issue.statusId))
        violations.push(`${issue.key} status ${issue.statusId}`);
      if (!project?.issueTypeIds.includes(issue.issueTypeId))
        violations.push(`${issue.key} type ${issue.issueTypeId}`);
      for (const item of statusItems(issue)) {
        if (!project?.statusIds.includes(item.to ?? ''))
          violations.push(`${issue.key} change to ${String(item.to)}`);
        if (statusById.get(item.to ?? '')?.name !== item.toString)
          violations.push(`${issue.key} ${String(item.to)} named ${String(item.toString)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('chains every status change: fromString/from equal the previous toString/to, the last one is the status', () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      const project = seed.projects.find((p) => p.id === issue.projectId);
      let name = INITIAL_STATUS[project?.key ?? ''];
      let id = seed.statuses.find((s) => s.name === name && project?.statusIds.includes(s.id))?.id;
      for (const item of statusItems(issue)) {
        if (item.fromString !== name || item.from !== id)
          violations.push(`${issue.key}: from ${String(item.fromString)} after ${String(name)}`);
        name = item.toString ?? undefined;
        id = item.to ?? undefined;
      }
      if (id !== issue.statusId)
        violations.push(`${issue.key}: status ${issue.statusId}, replay ${String(id)}`);
    }
    expect(violations).toEqual([]);
  });

  it('has a resolution and resolution date exactly when the status is done, dated at the last entry into done', () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      const done = category(issue.statusId) === 'done';
      if ((issue.resolutiondate !== null) !== done || (issue.resolution !== null) !== done)
        violations.push(`${issue.key}: done ${String(done)}, resolution ${String(issue.resolution)}`);
      if (!done) continue;
      const entries = issue.histories.filter((h) =>
        h.items.some(
          (item) =>
            item.fieldId === 'status' && category(item.to) === 'done' && category(item.from) !== 'done',
        ),
      );
      const last = entries.at(-1);
      if (last?.created !== issue.resolutiondate)
        violations.push(
          `${issue.key}: resolved ${String(issue.resolutiondate)}, entered done ${String(last?.created)}`,
        );
      if (last?.items.find((item) => item.fieldId === 'resolution')?.toString !== issue.resolution)
        violations.push(`${issue.key}: resolution item differs from ${String(issue.resolution)}`);
    }
    expect(violations).toEqual([]);
  });

  it('flags with the Flagged field (Impediment / empty) alternately; flagged iff the last item sets it', () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      const flags = issue.histories.flatMap((h) => h.items.filter((item) => item.field === 'Flagged'));
      flags.forEach((item, index) => {
        if (item.fieldId !== 'customfield_10021')
          violations.push(`${issue.key}: fieldId ${String(item.fieldId)}`);
        if (item.toString !== (index % 2 === 0 ? 'Impediment' : ''))
          violations.push(`${issue.key}: flag ${index}`);
      });
      if (issue.flagged !== (flags.at(-1)?.toString === 'Impediment'))
        violations.push(`${issue.key}: flagged`);
    }
    expect(violations).toEqual([]);
  });

  it('names the current assignee in the last assignee change', () => {
    const violations = seed.issues
      .filter((issue) => {
        const last = issue.histories
          .flatMap((h) => h.items.filter((item) => item.fieldId === 'assignee'))
          .at(-1);
        return issue.assigneeAccountId !== (last?.to ?? null);
      })
      .map((issue) => issue.key);
    expect(violations).toEqual([]);
  });

  it('keeps time in order: histories oldest first, nothing before created or after now, updated = last change', () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      const createdMs = instant(issue.created);
      const historyTimes = issue.histories.map((h) => instant(h.created));
      const times = [...historyTimes, ...issue.comments.map((c) => instant(c.created))];
      if (historyTimes.some((t, i) => i > 0 && t < (historyTimes[i - 1] ?? 0)))
        violations.push(`${issue.key}: order`);
      if (createdMs > nowMs) violations.push(`${issue.key}: created after now`);
      if (times.some((t) => t <= createdMs || t > nowMs))
        violations.push(`${issue.key}: change outside [created, now]`);
      if (instant(issue.updated) !== Math.max(createdMs, ...times)) violations.push(`${issue.key}: updated`);
    }
    expect(violations).toEqual([]);
  });

  it('writes every timestamp Jira-style with the Berlin offset in effect at that instant (ICU agrees)', () => {
    const violations: string[] = [];
    const offsets = new Set<string>();
    for (const issue of seed.issues) {
      const stamps = [
        issue.created,
        issue.updated,
        ...(issue.resolutiondate === null ? [] : [issue.resolutiondate]),
        ...issue.histories.map((h) => h.created),
        ...issue.comments.flatMap((c) => [c.created, c.updated]),
      ];
      for (const stamp of stamps) {
        if (!JIRA_TIMESTAMP.test(stamp) || stamp.slice(0, 19) !== icuBerlinWallClock(instant(stamp)).wall)
          violations.push(`${issue.key}: ${stamp}`);
        offsets.add(stamp.slice(-5));
      }
    }
    expect(violations).toEqual([]);
    expect([...offsets].sort()).toEqual(['+0100', '+0200']);
  });

  it('records work only on working days between 08:00 and 18:00 Berlin time', () => {
    const violations: string[] = [];
    for (const issue of seed.issues) {
      for (const stamp of [
        ...issue.histories.map((h) => h.created),
        ...issue.comments.map((c) => c.created),
      ]) {
        const { wall, weekday } = icuBerlinWallClock(instant(stamp));
        const hour = Number(wall.slice(11, 13));
        const workingDay =
          weekday !== 'Sat' && weekday !== 'Sun' && isWorkingDay(berlinDayNumber(instant(stamp)));
        if (!workingDay || hour < 8 || hour >= 18) violations.push(`${issue.key}: ${stamp} (${weekday})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('writes descriptions and comments in ADF', () => {
    const notAdf = (node: unknown): boolean =>
      typeof node !== 'object' ||
      node === null ||
      !('type' in node) ||
      node.type !== 'doc' ||
      !('version' in node);
    const violations = seed.issues
      .filter((issue) => notAdf(issue.description) || issue.comments.some((c) => notAdf(c.body)))
      .map((issue) => issue.key);
    expect(violations).toEqual([]);
  });

  it('links only existing, distinct issues with defined link types', () => {
    const ids = new Set(seed.issues.map((i) => i.id));
    const typeIds = new Set(seed.linkTypes.map((t) => t.id));
    expect(seed.links.length).toBeGreaterThan(50);
    const violations = seed.links.filter(
      (link) =>
        !ids.has(link.outwardIssueId) ||
        !ids.has(link.inwardIssueId) ||
        link.outwardIssueId === link.inwardIssueId ||
        !typeIds.has(link.typeId),
    );
    expect(violations).toEqual([]);
    expect(new Set(seed.links.map((l) => l.id)).size).toBe(seed.links.length);
  });

  it('points every author, reporter and assignee at a seed user', () => {
    const accounts = new Set(seed.users.map((u) => u.accountId));
    const violations = seed.issues
      .filter(
        (issue) =>
          !accounts.has(issue.reporterAccountId) ||
          (issue.assigneeAccountId !== null && !accounts.has(issue.assigneeAccountId)) ||
          issue.histories.some((h) => !accounts.has(h.authorAccountId)) ||
          issue.comments.some((c) => !accounts.has(c.authorAccountId)),
      )
      .map((issue) => issue.key);
    expect(violations).toEqual([]);
  });
});
