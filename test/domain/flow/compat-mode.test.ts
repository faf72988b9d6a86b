/**
 * FLOW-METRICS.md §4, compatibility mode `jira-agile-metrics`: stage dates by the wall clock written in the
 * timestamps, first entry kept, a move back erases later stages, unmapped statuses ignored, empty stages
 * backfilled from the next later stage, cycleTimeDays without +1, cumulative daily counts.
 */
import type { FlowReport } from '../../../src/domain/flow/types';
import { DAY, HOUR, issue, issueOf, reportOf, utc } from '../../support/jira-fixtures';
import type { ReportOptions } from '../../support/jira-fixtures';

const asOfMs = utc(2024, 3, 10);

function compat(issues: Parameters<typeof reportOf>[0], options: Partial<ReportOptions> = {}): FlowReport {
  return reportOf(issues, { asOfMs, mode: 'jira-agile-metrics', ...options });
}

test('stage dates are the wall-clock dates written in the timestamps, offsets ignored', () => {
  // created 03-01 23:30-0500 (03-02 04:30Z); In Progress 03-02 23:30-0500 (03-03 04:30Z);
  // Resolved 03-05 00:30+0200 (03-04 22:30Z). Wall dates 03-01 / 03-02 / 03-05; UTC dates would be 02 / 03 / 04.
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T23:30:00.000-0500', [
        ['2024-03-02T23:30:00.000-0500', 'Open', 'In Progress'],
        ['2024-03-05T00:30:00.000+0200', 'In Progress', 'Resolved'],
      ]),
    ]),
    'HD-1',
  );
  // Review and Test were never entered: backfilled from the next later non-empty stage, Done.
  expect(i.stageDates).toEqual({
    Backlog: '2024-03-01',
    'In Progress': '2024-03-02',
    Review: '2024-03-05',
    Test: '2024-03-05',
    Done: '2024-03-05',
  });
  expect(i.startDate).toBe('2024-03-02');
  expect(i.doneDate).toBe('2024-03-05');
  expect(i.cycleTimeDays).toBe(3);
  // The canonical fields stay instants: 03-03 04:30Z → 03-04 22:30Z = 1 d 18 h.
  expect(i.cycleTimeMs).toBe(DAY + 18 * HOUR);
});

test('the first entry into a stage keeps its date; a move back erases later stages, which are backfilled', () => {
  // Open 03-01 → In Progress 03-02 → Review 03-03 → In Progress 03-04 (back: erases Review) → Resolved 03-06.
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
        ['2024-03-03T08:00:00.000+0000', 'In Progress', 'Review'],
        ['2024-03-04T08:00:00.000+0000', 'Review', 'In Progress'],
        ['2024-03-06T08:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
    ]),
    'HD-1',
  );
  expect(i.stageDates).toEqual({
    Backlog: '2024-03-01',
    'In Progress': '2024-03-02',
    Review: '2024-03-06',
    Test: '2024-03-06',
    Done: '2024-03-06',
  });
  expect(i.cycleTimeDays).toBe(4);
});

test('a reopened issue moved back to the backlog loses its later stage dates', () => {
  // ... Resolved 03-04, Reopened (Backlog) 03-05: erases In Progress…Done; In Progress again 03-07.
  // Backlog keeps its first date 03-01; Review, Test, Done have no later non-empty stage: null.
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
        ['2024-03-03T08:00:00.000+0000', 'In Progress', 'Review'],
        ['2024-03-04T08:00:00.000+0000', 'Review', 'Resolved'],
        ['2024-03-05T08:00:00.000+0000', 'Resolved', 'Reopened'],
        ['2024-03-07T08:00:00.000+0000', 'Reopened', 'In Progress'],
      ]),
    ]),
    'HD-1',
  );
  expect(i.stageDates).toEqual({
    Backlog: '2024-03-01',
    'In Progress': '2024-03-07',
    Review: null,
    Test: null,
    Done: null,
  });
  expect(i.startDate).toBe('2024-03-07');
  expect(i.doneDate).toBeNull();
  expect(i.cycleTimeDays).toBeNull();
});

test('unmapped statuses are ignored in compatibility mode', () => {
  // U1: In Progress 03-02, Limbo 03-03 (ignored, erases nothing), Resolved 03-04.
  // U2: created in Limbo 03-01 (ignored), In Progress 03-03, so Backlog is backfilled from In Progress.
  const report = compat([
    issue('U1', '2024-03-01T08:00:00.000+0000', [
      ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-03T08:00:00.000+0000', 'In Progress', 'Limbo'],
      ['2024-03-04T08:00:00.000+0000', 'Limbo', 'Resolved'],
    ]),
    issue('U2', '2024-03-01T08:00:00.000+0000', [['2024-03-03T08:00:00.000+0000', 'Limbo', 'In Progress']]),
  ]);
  const u1 = issueOf(report, 'U1');
  expect(u1.stageDates).toEqual({
    Backlog: '2024-03-01',
    'In Progress': '2024-03-02',
    Review: '2024-03-04',
    Test: '2024-03-04',
    Done: '2024-03-04',
  });
  expect(u1.cycleTimeDays).toBe(2);
  expect(issueOf(report, 'U2').stageDates).toEqual({
    Backlog: '2024-03-03',
    'In Progress': '2024-03-03',
    Review: null,
    Test: null,
    Done: null,
  });
});

test('an issue that skips the start stage gets the start date backfilled from done', () => {
  // Open 03-01 → Resolved 03-04: In Progress, Review, Test take Done's date; cycleTimeDays 0.
  // (Canonical mode calls the same issue done-without-start with a null cycle time.)
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [['2024-03-04T08:00:00.000+0000', 'Open', 'Resolved']]),
    ]),
    'HD-1',
  );
  expect(i.stageDates).toEqual({
    Backlog: '2024-03-01',
    'In Progress': '2024-03-04',
    Review: '2024-03-04',
    Test: '2024-03-04',
    Done: '2024-03-04',
  });
  expect(i.cycleTimeDays).toBe(0);
  expect(i.cycleTimeMs).toBeNull();
});

test('cycleTimeDays counts whole days between the dates, without +1', () => {
  const report = compat([
    // Same date: 0 days.
    issue('SAME', '2024-03-01T08:00:00.000+0000', [
      ['2024-03-02T10:00:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-02T18:00:00.000+0000', 'In Progress', 'Resolved'],
    ]),
    // Two hours across midnight: 1 day.
    issue('NEXT', '2024-03-01T08:00:00.000+0000', [
      ['2024-03-02T23:00:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-03T01:00:00.000+0000', 'In Progress', 'Resolved'],
    ]),
  ]);
  expect(issueOf(report, 'SAME').cycleTimeDays).toBe(0);
  expect(issueOf(report, 'NEXT').cycleTimeDays).toBe(1);
});

test('an issue created in a committed status has the start stage dated at created', () => {
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T22:00:00.000-0300', [
        ['2024-03-04T08:00:00.000-0300', 'In Progress', 'Closed'],
      ]),
    ]),
    'HD-1',
  );
  // created wall date 03-01 (01:00Z on 03-02): In Progress 03-01; Backlog backfilled from it.
  expect(i.stageDates?.['Backlog']).toBe('2024-03-01');
  expect(i.startDate).toBe('2024-03-01');
  expect(i.doneDate).toBe('2024-03-04');
  expect(i.cycleTimeDays).toBe(3);
});

test('compatibility mode takes changes in instant order whatever order the data has', () => {
  const changes = [
    ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
    ['2024-03-03T08:00:00.000+0000', 'In Progress', 'Review'],
    ['2024-03-04T08:00:00.000+0000', 'Review', 'In Progress'],
    ['2024-03-06T08:00:00.000+0000', 'In Progress', 'Resolved'],
  ] as const;
  const oldest = issueOf(compat([issue('HD-1', '2024-03-01T08:00:00.000+0000', changes)]), 'HD-1');
  const newest = issueOf(
    compat([issue('HD-1', '2024-03-01T08:00:00.000+0000', changes, { newestFirst: true })]),
    'HD-1',
  );
  expect(newest.stageDates).toEqual(oldest.stageDates);
  expect(newest.cycleTimeDays).toBe(4);
});

test('with mixed offsets, instant order and wall-clock dates can disagree (pinned literal reading)', () => {
  // In Progress at 03-02 01:00+0500 (= 03-01 20:00Z), Resolved at 03-01 22:00-0500 (= 03-02 03:00Z).
  // Instant order puts In Progress first; its wall date (03-02) is after Done's wall date (03-01): the spec's
  // rules give cycleTimeDays = −1, as jira-agile-metrics would.
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-02T01:00:00.000+0500', 'Open', 'In Progress'],
        ['2024-03-01T22:00:00.000-0500', 'In Progress', 'Resolved'],
      ]),
    ]),
    'HD-1',
  );
  expect(i.startDate).toBe('2024-03-02');
  expect(i.doneDate).toBe('2024-03-01');
  expect(i.cycleTimeDays).toBe(-1);
  // Canonical cycle time of the same issue: 03-01 20:00Z → 03-02 03:00Z = 7 h.
  expect(i.cycleTimeMs).toBe(7 * HOUR);
});

test('a change before created keeps its own date in compatibility mode (no clamping; pinned reading)', () => {
  // created 03-02 08:00, In Progress written 03-01 20:00: §4 dates each entry by its own timestamp; the clamp
  // of §3.1 is a canonical-mode rule. Backlog (initial status at created) 03-02, In Progress 03-01.
  const i = issueOf(
    compat([
      issue('HD-1', '2024-03-02T08:00:00.000+0000', [
        ['2024-03-01T20:00:00.000+0000', 'Open', 'In Progress'],
        ['2024-03-04T08:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
    ]),
    'HD-1',
  );
  expect(i.stageDates?.['Backlog']).toBe('2024-03-02');
  expect(i.startDate).toBe('2024-03-01');
  expect(i.cycleTimeDays).toBe(3);
  expect(i.warnings).toContain('change-before-created');
});

test('the compatibility daily series is cumulative per stage and WIP = count(start) − count(done)', () => {
  // I1: created 03-01, In Progress 03-02, Resolved 03-04 → Backlog 01, In Progress 02, Review/Test/Done 04.
  // I2: created 03-02, In Progress 03-03 → Backlog 02, In Progress 03.
  // I3: created 03-03 → Backlog 03.
  const report = compat(
    [
      issue('I1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
        ['2024-03-04T08:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
      issue('I2', '2024-03-02T08:00:00.000+0000', [['2024-03-03T08:00:00.000+0000', 'Open', 'In Progress']]),
      issue('I3', '2024-03-03T08:00:00.000+0000', []),
    ],
    { asOfMs: utc(2024, 3, 5, 12) },
  );
  expect(report.daily.map((d) => d.date)).toEqual([
    '2024-03-01',
    '2024-03-02',
    '2024-03-03',
    '2024-03-04',
    '2024-03-05',
  ]);
  // Cumulative counts of stage date ≤ day.
  expect(report.daily.map((d) => d.byStage)).toEqual([
    { Backlog: 1, 'In Progress': 0, Review: 0, Test: 0, Done: 0 },
    { Backlog: 2, 'In Progress': 1, Review: 0, Test: 0, Done: 0 },
    { Backlog: 3, 'In Progress': 2, Review: 0, Test: 0, Done: 0 },
    { Backlog: 3, 'In Progress': 2, Review: 1, Test: 1, Done: 1 },
    { Backlog: 3, 'In Progress': 2, Review: 1, Test: 1, Done: 1 },
  ]);
  // WIP = In Progress − Done: 0, 1, 2, 1, 1.
  expect(report.daily.map((d) => d.wip)).toEqual([0, 1, 2, 1, 1]);
  expect(report.mode).toBe('jira-agile-metrics');
});

test('compatibility daily series dates come from wall-clock dates, not from the report zone', () => {
  // Created 03-01 23:30-0500 = 03-02 04:30Z; resolved 03-02 23:30-0500 = 03-03 04:30Z; report in UTC.
  // Wall dates: Backlog… 03-01, Done 03-02. The cumulative Done count rises on 03-02, not on 03-03.
  const report = compat(
    [
      issue('HD-1', '2024-03-01T23:30:00.000-0500', [
        ['2024-03-02T23:30:00.000-0500', 'In Progress', 'Resolved'],
      ]),
    ],
    { asOfMs: utc(2024, 3, 4, 12) },
  );
  expect(report.daily.map((d) => [d.date, d.byStage['In Progress'], d.byStage['Done'], d.wip])).toEqual([
    ['2024-03-01', 1, 0, 1],
    ['2024-03-02', 1, 1, 0],
    ['2024-03-03', 1, 1, 0],
    ['2024-03-04', 1, 1, 0],
  ]);
});
