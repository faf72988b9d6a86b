/**
 * The register: ranking, overdue at the day boundary of the register's time zone, stuck and days in status from
 * the changelog, and the flow of improvements (lead time, time per status) through the flow engine.
 */
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import { buildCsiRegister, csiRecordAccountIds, type CsiRegisterIssue } from '../../src/domain/csi/register';
import type { JiraHistory } from '../../src/domain/flow/types';

const STATUS = {
  Erfasst: '10300',
  Bewertet: '10301',
  Genehmigt: '10302',
  'In Umsetzung': '10303',
  Abgeschlossen: '10305',
  Abgelehnt: '10306',
} as const;
type StatusName = keyof typeof STATUS;

function move(at: string, from: StatusName, to: StatusName): JiraHistory {
  return {
    id: `${at}-${to}`,
    created: at,
    items: [
      {
        field: 'status',
        fieldId: 'status',
        from: STATUS[from],
        fromString: from,
        to: STATUS[to],
        toString: to,
      },
    ],
  };
}

const CATEGORY: Record<StatusName, string> = {
  Erfasst: 'new',
  Bewertet: 'new',
  Genehmigt: 'indeterminate',
  'In Umsetzung': 'indeterminate',
  Abgeschlossen: 'done',
  Abgelehnt: 'done',
};

function issue(
  n: number,
  status: StatusName,
  created: string,
  patch: Partial<CsiRecord> = {},
  histories: JiraHistory[] = [],
  updated = created,
): CsiRegisterIssue {
  return {
    issueKey: `CSI-${n}`,
    issueId: String(20_000 + n),
    summary: `Verbesserung ${n}`,
    statusName: status,
    statusCategoryKey: CATEGORY[status],
    created,
    updated,
    record: { ...EMPTY_CSI_RECORD, ...patch },
    histories,
    linkedIssueCount: 0,
  };
}

/** 2 March 2026, 23:30 in Berlin (CET, UTC+1). */
const BERLIN_2330 = Date.UTC(2026, 2, 2, 22, 30);
/** 3 March 2026, 00:30 in Berlin. */
const BERLIN_0030 = Date.UTC(2026, 2, 2, 23, 30);

const options = (asOfMs: number, timeZone = 'Europe/Berlin') => ({
  asOfMs,
  timeZone,
  people: new Map([['acc-sabine', 'Sabine Hoffmann']]),
  language: 'de' as const,
});

describe('ranking', () => {
  it('puts open items by score (unevaluated last), then finished ones by last update', () => {
    const issues = [
      issue(
        1,
        'Abgeschlossen',
        '2026-01-02T09:00:00.000+0100',
        { score: 9.9 },
        [],
        '2026-02-01T10:00:00.000+0100',
      ),
      issue(2, 'Erfasst', '2026-01-03T09:00:00.000+0100'),
      issue(3, 'Bewertet', '2026-01-04T09:00:00.000+0100', { score: 5.5 }),
      issue(4, 'Genehmigt', '2026-01-06T09:00:00.000+0100', { score: 8 }),
      issue(
        5,
        'Abgelehnt',
        '2026-01-07T09:00:00.000+0100',
        { score: 1.4 },
        [],
        '2026-02-20T10:00:00.000+0100',
      ),
      issue(6, 'Bewertet', '2026-01-05T09:00:00.000+0100', { score: 8 }),
    ];
    const { items } = buildCsiRegister(issues, options(BERLIN_2330));
    // score 8 twice: CSI-6 was raised before CSI-4
    expect(items.map((i) => i.issueKey)).toEqual(['CSI-6', 'CSI-4', 'CSI-3', 'CSI-2', 'CSI-5', 'CSI-1']);
    expect(items[5]?.updatedAt).toBe('2026-02-01T09:00:00.000Z');
  });
});

describe('overdue', () => {
  const due = [
    issue(1, 'Genehmigt', '2026-01-05T09:00:00.000+0100', {
      baseline: { name: 'x', value: 1, unit: '', measuredOn: '2026-01-05' },
      target: { value: 2, targetDate: '2026-03-02' },
    }),
    issue(2, 'Bewertet', '2026-01-05T09:00:00.000+0100', { nextReviewOn: '2026-03-02' }),
    issue(3, 'Abgeschlossen', '2026-01-05T09:00:00.000+0100', { nextReviewOn: '2026-01-31' }),
  ];

  it('is not overdue on the due day itself, even at 23:30 Berlin time', () => {
    const { items } = buildCsiRegister(due, options(BERLIN_2330));
    expect(items.map((i) => [i.issueKey, i.overdue])).toEqual([
      ['CSI-1', false],
      ['CSI-2', false],
      ['CSI-3', false],
    ]);
  });

  it('is overdue from midnight in the register time zone (closed items never are)', () => {
    const { items } = buildCsiRegister(due, options(BERLIN_0030));
    expect(items.map((i) => [i.issueKey, i.overdue])).toEqual([
      ['CSI-1', true],
      ['CSI-2', true],
      ['CSI-3', false],
    ]);
    // the same instant is still 2 March in UTC
    expect(buildCsiRegister(due, options(BERLIN_0030, 'UTC')).items.map((i) => i.overdue)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('days in status and stuck', () => {
  it('counts calendar days since the last status change and flags more than 30 as stuck', () => {
    const issues = [
      // last change 31 January → 30 days to 2 March (2026 is no leap year): not stuck
      issue(1, 'Bewertet', '2026-01-05T09:00:00.000+0100', { score: 3 }, [
        move('2026-01-31T23:10:00.000+0100', 'Erfasst', 'Bewertet'),
      ]),
      // last change 30 January → 31 days: stuck
      issue(2, 'Genehmigt', '2026-01-05T09:00:00.000+0100', { score: 2 }, [
        move('2026-01-20T10:00:00.000+0100', 'Erfasst', 'Bewertet'),
        move('2026-01-30T10:00:00.000+0100', 'Bewertet', 'Genehmigt'),
      ]),
      // no change since it was raised on 1 March
      issue(3, 'Erfasst', '2026-03-01T09:00:00.000+0100', { score: 1 }),
      // finished long ago: never stuck
      issue(4, 'Abgelehnt', '2025-12-01T09:00:00.000+0100', {}, [
        move('2025-12-10T10:00:00.000+0100', 'Erfasst', 'Abgelehnt'),
      ]),
    ];
    const { items } = buildCsiRegister(issues, options(BERLIN_2330));
    expect(items.map((i) => [i.issueKey, i.daysInStatus, i.stuckDays])).toEqual([
      ['CSI-1', 30, null],
      ['CSI-2', 31, 31],
      ['CSI-3', 1, null],
      ['CSI-4', 82, null],
    ]);
    // a status change after the as-of instant is not known yet
    const later = buildCsiRegister(
      [
        issue(5, 'Erfasst', '2026-01-05T09:00:00.000+0100', {}, [
          move('2026-03-05T10:00:00.000+0100', 'Erfasst', 'Bewertet'),
        ]),
      ],
      { ...options(BERLIN_2330), stuckAfterDays: 50 },
    );
    expect(later.items[0]?.daysInStatus).toBe(56);
    expect(later.items[0]?.stuckDays).toBe(56);
  });
});

describe('flow', () => {
  it('computes lead times to closed/rejected and the average days per status', () => {
    const issues = [
      // created 1 Jan, assessed 5 Jan (4 days), approved 10 Jan (5 days), closed 21 Jan (11 days): lead 20 days
      issue(1, 'Abgeschlossen', '2026-01-01T09:00:00.000+0100', {}, [
        move('2026-01-05T09:00:00.000+0100', 'Erfasst', 'Bewertet'),
        move('2026-01-10T09:00:00.000+0100', 'Bewertet', 'Genehmigt'),
        move('2026-01-21T09:00:00.000+0100', 'Genehmigt', 'Abgeschlossen'),
      ]),
      // created 1 Feb, rejected 11 Feb: lead 10 days
      issue(2, 'Abgelehnt', '2026-02-01T09:00:00.000+0100', {}, [
        move('2026-02-11T09:00:00.000+0100', 'Erfasst', 'Abgelehnt'),
      ]),
      // raised 20 Feb, still Erfasst on 2 March 09:00: 10 days
      issue(3, 'Erfasst', '2026-02-20T09:00:00.000+0100'),
    ];
    const { flow } = buildCsiRegister(issues, options(Date.UTC(2026, 2, 2, 8, 0)));
    expect(flow.byStatus.map((s) => [s.statusKey, s.statusName, s.count])).toEqual([
      ['identified', 'Erfasst', 1],
      ['assessed', 'Bewertet', 0],
      ['approved', 'Genehmigt', 0],
      ['implementing', 'In Umsetzung', 0],
      ['verifying', 'Wirksamkeitsprüfung', 0],
      ['closed', 'Abgeschlossen', 1],
      ['rejected', 'Abgelehnt', 1],
      ['deferred', 'Zurückgestellt', 0],
    ]);
    // p50 of [10, 20] = 15; p85 = 10 + 0.85 · 10 = 18.5
    expect(flow.leadTimeDays).toEqual({ p50: 15, p85: 18.5, count: 2 });
    // Erfasst: (4 + 10 + 10) / 3 = 8; Bewertet 5; Genehmigt 11
    expect(flow.avgDaysInStatus).toEqual([
      { statusKey: 'identified', days: 8 },
      { statusKey: 'assessed', days: 5 },
      { statusKey: 'approved', days: 11 },
    ]);
  });

  it('has no lead time without finished items', () => {
    const { flow, capability } = buildCsiRegister([], options(BERLIN_2330));
    expect(flow.leadTimeDays).toBeNull();
    expect(flow.avgDaysInStatus).toEqual([]);
    expect(capability.level).toBe(0);
  });
});

describe('item view', () => {
  it('carries the record essentials and the owner by name', () => {
    const { items } = buildCsiRegister(
      [
        issue(7, 'In Umsetzung', '2026-01-05T09:00:00.000+0100', {
          source: 'audit',
          service: 'Service Desk',
          ownerAccountId: 'acc-sabine',
          score: 6.1,
          feedbackIssueKeys: ['HD-3', 'HD-4'],
          result: { name: 'x', value: 1, unit: '', measuredOn: '2026-02-01' },
        }),
      ],
      options(BERLIN_2330),
    );
    expect(items[0]).toMatchObject({
      issueKey: 'CSI-7',
      statusKey: 'implementing',
      createdAt: '2026-01-05T08:00:00.000Z',
      source: 'audit',
      owner: { accountId: 'acc-sabine', displayName: 'Sabine Hoffmann' },
      hasBaselineAndTarget: false,
      hasResult: true,
      feedbackIssueCount: 2,
    });
    expect(items[0]).not.toHaveProperty('open');
    // The stored record travels with the item (the audit CSV exports every field of it).
    expect(items[0]?.record).toEqual({
      ...EMPTY_CSI_RECORD,
      source: 'audit',
      service: 'Service Desk',
      ownerAccountId: 'acc-sabine',
      score: 6.1,
      feedbackIssueKeys: ['HD-3', 'HD-4'],
      result: { name: 'x', value: 1, unit: '', measuredOn: '2026-02-01' },
    });
  });
});

describe('csiRecordAccountIds', () => {
  it('names every owner, evaluator, decider and last editor once, in order of first appearance', () => {
    const evaluated: CsiRecord = {
      ...EMPTY_CSI_RECORD,
      ownerAccountId: 'acc-sabine',
      evaluation: {
        ratings: { benefit: 3, urgency: 3, effort: 3, risk: 3 },
        evaluatedByAccountId: 'acc-claudia',
        evaluatedOn: '2026-02-01',
      },
      decision: {
        outcome: 'approved',
        deciderAccountId: 'acc-jonas',
        decidedOn: '2026-02-02',
        rationale: '',
      },
      updatedAt: '2026-02-02T10:00:00.000Z',
      updatedByAccountId: 'acc-claudia',
    };
    const edited: CsiRecord = {
      ...EMPTY_CSI_RECORD,
      ownerAccountId: 'acc-jonas',
      updatedByAccountId: 'acc-mia',
    };
    expect(csiRecordAccountIds([evaluated, EMPTY_CSI_RECORD, edited])).toEqual([
      'acc-sabine',
      'acc-claudia',
      'acc-jonas',
      'acc-mia',
    ]);
    expect(csiRecordAccountIds([EMPTY_CSI_RECORD])).toEqual([]);
  });
});
