/**
 * FLOW-METRICS.md §3.7 (status at a day's end, byStatus, byStage, WIP, throughput) and the calendar-day parts of
 * §3.4, in non-UTC zones and across the Europe/Berlin DST changes of 2024 (31 March: a 23-hour day; 27 October:
 * a 25-hour day). Expected values are worked out by hand in the comments.
 */
import type { DailyRow } from '../../../src/domain/flow/types';
import { DAY, HOUR, issue, issueOf, nonZero, reportOf, utc } from '../../support/jira-fixtures';

/** A daily row without zero counts, for exact comparison with the hand-computed counts. */
function compact(row: DailyRow | undefined): unknown {
  if (row === undefined) return undefined;
  return {
    date: row.date,
    byStatus: nonZero(row.byStatus),
    byStage: nonZero(row.byStage),
    wip: row.wip,
    throughput: row.throughput,
  };
}

/**
 * Three days in Berlin (CET, +01:00), 2024-01-15 … 2024-01-17; local midnights are 23:00Z the day before.
 * - A: created 15th 09:00, In Progress 15th 15:00, Review 16th 23:30 (22:30Z), Resolved 17th 10:00.
 * - B: created 15th 23:30Z = 16th 00:30 Berlin; In Progress at 16th 23:00Z = exactly midnight of the 17th.
 * - C: created 16th 10:00 directly In Progress, no changes.
 * - D: created 15th 10:00, moved to the unmapped Limbo at 11:00.
 */
const threeDays = [
  issue('A', '2024-01-15T09:00:00.000+0100', [
    ['2024-01-15T15:00:00.000+0100', 'Open', 'In Progress'],
    ['2024-01-16T23:30:00.000+0100', 'In Progress', 'Review'],
    ['2024-01-17T10:00:00.000+0100', 'Review', 'Resolved'],
  ]),
  issue('B', '2024-01-15T23:30:00.000+0000', [['2024-01-16T23:00:00.000+0000', 'Open', 'In Progress']]),
  issue('C', '2024-01-16T10:00:00.000+0100', [], { status: 'In Progress' }),
  issue('D', '2024-01-15T10:00:00.000+0100', [['2024-01-15T11:00:00.000+0100', 'Open', 'Limbo']]),
];
const threeDaysAsOfMs = utc(2024, 1, 17, 11); // 12:00 in Berlin

test('the daily series counts status, stage, WIP and throughput at each local day end in the chosen zone', () => {
  const report = reportOf(threeDays, { asOfMs: threeDaysAsOfMs, timeZone: 'Europe/Berlin' });
  expect(report.daily.map(compact)).toEqual([
    // End of the 15th (2024-01-15T23:00Z): A In Progress, D Limbo; B was created after that midnight.
    // Limbo is unmapped: counted by status, in no stage, not WIP.
    {
      date: '2024-01-15',
      byStatus: { 'In Progress': 1, Limbo: 1 },
      byStage: { 'In Progress': 1 },
      wip: 1,
      throughput: 0,
    },
    // End of the 16th (23:00Z): A Review (22:30Z < 23:00Z); B still Open (its change is at, not before,
    // midnight); C In Progress; D Limbo. WIP = In Progress + Review (stages from start up to, not incl., Done).
    {
      date: '2024-01-16',
      byStatus: { Open: 1, 'In Progress': 1, Review: 1, Limbo: 1 },
      byStage: { Backlog: 1, 'In Progress': 1, Review: 1 },
      wip: 2,
      throughput: 0,
    },
    // The 17th (asOf's day): A Resolved (done instant on the 17th → throughput 1), B and C In Progress, D Limbo.
    {
      date: '2024-01-17',
      byStatus: { 'In Progress': 2, Resolved: 1, Limbo: 1 },
      byStage: { 'In Progress': 2, Done: 1 },
      wip: 2,
      throughput: 1,
    },
  ]);
});

test('the same data in UTC puts the day boundaries at UTC midnight', () => {
  const report = reportOf(threeDays, { asOfMs: threeDaysAsOfMs, timeZone: 'UTC' });
  expect(report.daily.map(compact)).toEqual([
    // End of the 15th (16th 00:00Z): A In Progress, B Open (created 23:30Z), D Limbo.
    {
      date: '2024-01-15',
      byStatus: { Open: 1, 'In Progress': 1, Limbo: 1 },
      byStage: { Backlog: 1, 'In Progress': 1 },
      wip: 1,
      throughput: 0,
    },
    // End of the 16th (17th 00:00Z): A Review (22:30Z), B In Progress (23:00Z), C In Progress, D Limbo.
    {
      date: '2024-01-16',
      byStatus: { 'In Progress': 2, Review: 1, Limbo: 1 },
      byStage: { 'In Progress': 2, Review: 1 },
      wip: 3,
      throughput: 0,
    },
    {
      date: '2024-01-17',
      byStatus: { 'In Progress': 2, Resolved: 1, Limbo: 1 },
      byStage: { 'In Progress': 2, Done: 1 },
      wip: 2,
      throughput: 1,
    },
  ]);
});

test('the daily series runs from the local day of the earliest created to the local day of asOf', () => {
  // Earliest created: B at 2024-01-15T23:30Z, which is the 16th in Tokyo (+09:00); asOf 17th 11:00Z = 20:00 JST.
  const report = reportOf(
    [threeDays[1], threeDays[2]].flatMap((i) => (i === undefined ? [] : [i])),
    {
      asOfMs: threeDaysAsOfMs,
      timeZone: 'Asia/Tokyo',
    },
  );
  expect(report.daily.map((d) => d.date)).toEqual(['2024-01-16', '2024-01-17']);
});

describe('DST in Europe/Berlin', () => {
  // 2024-03-31: clocks jump from 02:00 CET to 03:00 CEST; the local day lasts from 03-30T23:00Z to 03-31T22:00Z.
  // - S1: created 03-30 12:00+0100, In Progress 03-31T21:30Z (23:30 CEST), Review 03-31T22:30Z (04-01 00:30 CEST).
  // - S2: created 03-31 01:30+0100 (00:30Z) In Progress, Resolved 03-31 23:30+0200 (21:30Z).
  // - S3: created 03-30 23:30+0100 (22:30Z) In Progress, Resolved 04-01 00:30+0200 (03-31T22:30Z).
  const spring = [
    issue('S1', '2024-03-30T12:00:00.000+0100', [
      ['2024-03-31T21:30:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-31T22:30:00.000+0000', 'In Progress', 'Review'],
    ]),
    issue('S2', '2024-03-31T01:30:00.000+0100', [
      ['2024-03-31T23:30:00.000+0200', 'In Progress', 'Resolved'],
    ]),
    issue('S3', '2024-03-30T23:30:00.000+0100', [
      ['2024-04-01T00:30:00.000+0200', 'In Progress', 'Resolved'],
    ]),
  ];

  test('the 23-hour day of 31 March 2024 ends at 22:00Z: status, WIP and throughput', () => {
    const report = reportOf(spring, { asOfMs: utc(2024, 4, 1, 10), timeZone: 'Europe/Berlin' });
    expect(report.daily.map(compact)).toEqual([
      // End of 03-30 (23:00Z): S1 Open, S3 In Progress; S2 not yet created.
      {
        date: '2024-03-30',
        byStatus: { Open: 1, 'In Progress': 1 },
        byStage: { Backlog: 1, 'In Progress': 1 },
        wip: 1,
        throughput: 0,
      },
      // End of 03-31 (22:00Z, a 23 h day): S1 In Progress (21:30Z), S2 Resolved (21:30Z), S3 still In Progress
      // (its 22:30Z resolution is already 1 April). A 24 h day would wrongly end at 23:00Z.
      {
        date: '2024-03-31',
        byStatus: { 'In Progress': 2, Resolved: 1 },
        byStage: { 'In Progress': 2, Done: 1 },
        wip: 2,
        throughput: 1,
      },
      {
        date: '2024-04-01',
        byStatus: { Review: 1, Resolved: 2 },
        byStage: { Review: 1, Done: 2 },
        wip: 1,
        throughput: 1,
      },
    ]);
  });

  test('cycle times across the spring change are exact ms and calendar days inclusive are local dates', () => {
    const report = reportOf(spring, { asOfMs: utc(2024, 4, 1, 10), timeZone: 'Europe/Berlin' });
    // S2: 00:30Z → 21:30Z = 21 h (22 h of wall clock, one of which does not exist); one local date → 1 day.
    expect(issueOf(report, 'S2').cycleTimeMs).toBe(21 * HOUR);
    expect(issueOf(report, 'S2').cycleTimeCalendarDays).toBe(1);
    // S3: 03-30T22:30Z → 03-31T22:30Z = 24 h, local dates 03-30 → 04-01: 04-01 − 03-30 + 1 = 3 days.
    expect(issueOf(report, 'S3').cycleTimeMs).toBe(DAY);
    expect(issueOf(report, 'S3').cycleTimeCalendarDays).toBe(3);
  });

  // 2024-10-27: clocks fall back from 03:00 CEST to 02:00 CET; the day lasts from 10-26T22:00Z to 10-27T23:00Z.
  // - F1: created 10-26 12:00+0200, In Progress 10-27 23:30+0100 (22:30Z, still the 27th locally).
  // - F2: created 10-27 00:30+0200 (10-26T22:30Z) In Progress, Resolved 10-27 23:30+0100 (22:30Z).
  // - F3: created 10-26 23:30+0200 (21:30Z) In Progress, Resolved 10-27 00:30+0200 (22:30Z).
  const autumn = [
    issue('F1', '2024-10-26T12:00:00.000+0200', [['2024-10-27T23:30:00.000+0100', 'Open', 'In Progress']]),
    issue('F2', '2024-10-27T00:30:00.000+0200', [
      ['2024-10-27T23:30:00.000+0100', 'In Progress', 'Resolved'],
    ]),
    issue('F3', '2024-10-26T23:30:00.000+0200', [
      ['2024-10-27T00:30:00.000+0200', 'In Progress', 'Resolved'],
    ]),
  ];

  test('the 25-hour day of 27 October 2024 ends at 23:00Z: status, WIP and throughput', () => {
    const report = reportOf(autumn, { asOfMs: utc(2024, 10, 28, 12), timeZone: 'Europe/Berlin' });
    expect(report.daily.map(compact)).toEqual([
      // End of 10-26 (22:00Z): F1 Open, F3 In Progress (created 21:30Z); F2 created at 22:30Z, after it.
      {
        date: '2024-10-26',
        byStatus: { Open: 1, 'In Progress': 1 },
        byStage: { Backlog: 1, 'In Progress': 1 },
        wip: 1,
        throughput: 0,
      },
      // End of 10-27 (23:00Z, a 25 h day): F1 In Progress (22:30Z), F2 and F3 Resolved: throughput 2.
      {
        date: '2024-10-27',
        byStatus: { 'In Progress': 1, Resolved: 2 },
        byStage: { 'In Progress': 1, Done: 2 },
        wip: 1,
        throughput: 2,
      },
      {
        date: '2024-10-28',
        byStatus: { 'In Progress': 1, Resolved: 2 },
        byStage: { 'In Progress': 1, Done: 2 },
        wip: 1,
        throughput: 0,
      },
    ]);
  });

  test('cycle times across the autumn change are exact ms and calendar days inclusive are local dates', () => {
    const report = reportOf(autumn, { asOfMs: utc(2024, 10, 28, 12), timeZone: 'Europe/Berlin' });
    // F2: 24 h exactly, both ends on the local date 10-27 → 1 calendar day.
    expect(issueOf(report, 'F2').cycleTimeMs).toBe(DAY);
    expect(issueOf(report, 'F2').cycleTimeCalendarDays).toBe(1);
    // F3: 1 h, local dates 10-26 → 10-27 → 2 calendar days.
    expect(issueOf(report, 'F3').cycleTimeMs).toBe(HOUR);
    expect(issueOf(report, 'F3').cycleTimeCalendarDays).toBe(2);
  });
});

describe('§3.4 working days', () => {
  const workWeek = [1, 2, 3, 4, 5];

  test('working days count the share of each working local day between start and done', () => {
    // Friday 2024-03-01 16:00 → Monday 03-04 10:00 in Berlin: 8 h of Friday (8/24) + 10 h of Monday (10/24)
    // = 0.75 working days (reading pinned: a working day counts whole, 24 h, no office hours).
    // Calendar days inclusive: 03-04 − 03-01 + 1 = 4.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T09:00:00.000+0100', [
          ['2024-03-01T16:00:00.000+0100', 'Open', 'In Progress'],
          ['2024-03-04T10:00:00.000+0100', 'In Progress', 'Resolved'],
        ]),
      ],
      { asOfMs: utc(2024, 3, 5), timeZone: 'Europe/Berlin' },
    );
    expect(issueOf(report, 'HD-1').cycleTimeWorkingDays).toBeCloseTo(0.75, 12);
    expect(issueOf(report, 'HD-1').cycleTimeCalendarDays).toBe(4);
  });

  test('working days skip holidays and weigh a day by its own length across DST', () => {
    // Friday 2024-03-29 12:00+0100 → Monday 04-01 12:00+0200 (the weekend has the 23 h Sunday):
    // Friday 12/24 + Monday 12/24 = 1; with Monday a holiday only Friday's 0.5 remains.
    const history = [
      issue('HD-1', '2024-03-29T09:00:00.000+0100', [
        ['2024-03-29T12:00:00.000+0100', 'Open', 'In Progress'],
        ['2024-04-01T12:00:00.000+0200', 'In Progress', 'Resolved'],
      ]),
    ];
    const plain = reportOf(history, { asOfMs: utc(2024, 4, 2), timeZone: 'Europe/Berlin' });
    expect(issueOf(plain, 'HD-1').cycleTimeWorkingDays).toBeCloseTo(1, 12);
    const easter = reportOf(history, {
      asOfMs: utc(2024, 4, 2),
      timeZone: 'Europe/Berlin',
      calendar: { timeZone: 'Europe/Berlin', workingWeekdays: workWeek, holidays: ['2024-04-01'] },
    });
    expect(issueOf(easter, 'HD-1').cycleTimeWorkingDays).toBeCloseTo(0.5, 12);
  });
});
