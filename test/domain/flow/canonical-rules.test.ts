/**
 * FLOW-METRICS.md §2 and §3.1–§3.6 (canonical mode), one test per rule, on hand-written histories.
 *
 * Every expected number is computed by hand from the spec's text, in the comment above the assertion; the
 * timestamps mostly use `+0000` so the arithmetic is visible, the offset rules have their own tests.
 */
import { computeFlowReport } from '../../../src/domain/flow/engine';
import { StatusRegistry } from '../../../src/domain/flow/mapping';
import { buildTimeline } from '../../../src/domain/flow/timeline';
import {
  DAY,
  HOUR,
  MINUTE,
  STANDARD_MAPPING,
  instantOf,
  issue,
  issueOf,
  reportOf,
  utc,
} from '../../support/jira-fixtures';

const AS_OF_MS = utc(2024, 3, 10);

describe('§3.4 lead and cycle time', () => {
  test('lead time is done − created and cycle time is done − start, exact in ms, across offsets', () => {
    // created 09:00+0100 = 08:00Z; In Progress 10:00+0100 = 09:00Z; Resolved 2024-03-04 12:30+0100 = 11:30Z.
    // lead = 3 d 3 h 30 min; cycle = 3 d 2 h 30 min.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T09:00:00.000+0100', [
          ['2024-03-01T10:00:00.000+0100', 'Open', 'In Progress'],
          ['2024-03-04T12:30:00.000+0100', 'In Progress', 'Resolved'],
        ]),
      ],
      { asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(instantOf(i.created)).toBe(utc(2024, 3, 1, 8));
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 9));
    expect(instantOf(i.doneAt)).toBe(utc(2024, 3, 4, 11, 30));
    expect(i.leadTimeMs).toBe(3 * DAY + 3 * HOUR + 30 * MINUTE);
    expect(i.cycleTimeMs).toBe(3 * DAY + 2 * HOUR + 30 * MINUTE);
    expect(i.warnings).toEqual([]);
  });
});

describe('§3.3 done: reopened issues', () => {
  const reopenedChanges = [
    ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
    ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'],
    ['2024-03-03T10:00:00.000+0000', 'Resolved', 'Reopened'],
    ['2024-03-04T10:00:00.000+0000', 'Reopened', 'In Progress'],
  ] as const;

  test("a reopened issue's lead time ends at its last resolution", () => {
    // created 03-01 08:00; final stay in done-kind statuses begins 03-05 10:00 (Closed).
    // lead = 4 d 2 h; cycle (first start 03-01 10:00) = 4 d.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ...reopenedChanges,
          ['2024-03-05T10:00:00.000+0000', 'In Progress', 'Closed'],
        ]),
      ],
      { asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(instantOf(i.doneAt)).toBe(utc(2024, 3, 5, 10));
    expect(i.leadTimeMs).toBe(4 * DAY + 2 * HOUR);
    expect(i.cycleTimeMs).toBe(4 * DAY);
    // §3.5 over [created, done): Open 2 h, In Progress 1 d + 1 d, Resolved (interim) 1 d, Reopened 1 d.
    expect(i.timeInStatusMs).toEqual({
      Open: 2 * HOUR,
      'In Progress': 2 * DAY,
      Resolved: DAY,
      Reopened: DAY,
    });
    // §3.6: active = In Progress 2 d of the 4 d [start, done); interim done and Reopened are not active.
    expect(i.flowEfficiency).toBe(0.5);
  });

  test('a reopened issue that is not resolved again is not done', () => {
    // asOf 03-06 10:00: still In Progress since 03-04 10:00.
    const report = reportOf([issue('HD-1', '2024-03-01T08:00:00.000+0000', [...reopenedChanges])], {
      asOfMs: utc(2024, 3, 6, 10),
    });
    const i = issueOf(report, 'HD-1');
    expect(i.doneAt).toBeNull();
    expect(i.leadTimeMs).toBeNull();
    expect(i.cycleTimeMs).toBeNull();
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 10));
    // [created, asOf): Open 2 h, In Progress 1 d + 2 d, Resolved 1 d, Reopened 1 d = 5 d 2 h = asOf − created.
    expect(i.timeInStatusMs).toEqual({
      Open: 2 * HOUR,
      'In Progress': 3 * DAY,
      Resolved: DAY,
      Reopened: DAY,
    });
    // [start, asOf) = 5 d, of which In Progress 3 d is active.
    expect(i.flowEfficiency).toBe(0.6);
  });

  test('the done instant is the beginning of the final stay in done statuses, across done statuses', () => {
    // Resolved 03-02 10:00 then Closed 03-03 10:00, both done-kind: done = 03-02 10:00, lead 1 d 2 h.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
          ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'],
          ['2024-03-03T10:00:00.000+0000', 'Resolved', 'Closed'],
        ]),
      ],
      { asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(instantOf(i.doneAt)).toBe(utc(2024, 3, 2, 10));
    expect(i.leadTimeMs).toBe(DAY + 2 * HOUR);
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': DAY });
  });
});

describe('§3.2 start (commitment point)', () => {
  test('a move back to an earlier committed stage keeps the first start', () => {
    // Open → In Progress 03-01 10:00 → Review 03-02 10:00 → In Progress 03-03 10:00 → Resolved 03-04 10:00.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
          ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Review'],
          ['2024-03-03T10:00:00.000+0000', 'Review', 'In Progress'],
          ['2024-03-04T10:00:00.000+0000', 'In Progress', 'Resolved'],
        ]),
      ],
      { asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 10));
    expect(i.cycleTimeMs).toBe(3 * DAY);
    // Two In Progress visits of 1 d each; Review (waiting) 1 d.
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 2 * DAY, Review: DAY });
    expect(i.flowEfficiency).toBeCloseTo(2 / 3, 12);
  });

  const movedBackToBacklog = issue('HD-1', '2024-03-01T08:00:00.000+0000', [
    ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
    ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Open'],
    ['2024-03-04T10:00:00.000+0000', 'Open', 'In Progress'],
    ['2024-03-05T10:00:00.000+0000', 'In Progress', 'Resolved'],
  ]);

  test('start policy first: the first entry into a committed stage is the start, even after a move back', () => {
    const i = issueOf(reportOf([movedBackToBacklog], { asOfMs: AS_OF_MS }), 'HD-1');
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 10));
    expect(i.cycleTimeMs).toBe(4 * DAY);
    // [03-01 10:00, 03-05 10:00) = 4 d; active: In Progress 1 d + 1 d; backlog after the move back is not active.
    expect(i.flowEfficiency).toBe(0.5);
  });

  test('start policy last: the first committed entry after the last move back to the backlog is the start', () => {
    const i = issueOf(reportOf([movedBackToBacklog], { asOfMs: AS_OF_MS, startPolicy: 'last' }), 'HD-1');
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 4, 10));
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.leadTimeMs).toBe(4 * DAY + 2 * HOUR);
    expect(i.flowEfficiency).toBe(1);
  });

  test('start policy last treats a reopen (done → backlog) as a move back', () => {
    // In Progress 03-01 10:00, Resolved 03-02 10:00, Reopened 03-03 10:00, In Progress 03-04 10:00, Closed 03-05 10:00.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
            ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'],
            ['2024-03-03T10:00:00.000+0000', 'Resolved', 'Reopened'],
            ['2024-03-04T10:00:00.000+0000', 'Reopened', 'In Progress'],
            ['2024-03-05T10:00:00.000+0000', 'In Progress', 'Closed'],
          ]),
        ],
        { asOfMs: AS_OF_MS, startPolicy: 'last' },
      ),
      'HD-1',
    );
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 4, 10));
    expect(i.cycleTimeMs).toBe(DAY);
  });

  test('start policy last: moved back and then closed without starting again has no start', () => {
    // Reading of §3.2 pinned here: "the first such entry after the last move back" does not exist, so the
    // issue has no start under policy last (cycle null, done-without-start), while policy first keeps 03-01.
    const history = issue('HD-1', '2024-03-01T08:00:00.000+0000', [
      ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Open'],
      ['2024-03-03T10:00:00.000+0000', 'Open', 'Closed'],
    ]);
    const last = issueOf(reportOf([history], { asOfMs: AS_OF_MS, startPolicy: 'last' }), 'HD-1');
    expect(last.startAt).toBeNull();
    expect(last.cycleTimeMs).toBeNull();
    expect(last.leadTimeMs).toBe(2 * DAY + 2 * HOUR);
    expect(last.warnings).toContain('done-without-start');
    const first = issueOf(reportOf([history], { asOfMs: AS_OF_MS }), 'HD-1');
    expect(first.cycleTimeMs).toBe(2 * DAY);
  });

  test('an issue that skips the start (backlog straight to done) is done without start: cycle null, lead not', () => {
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-02T08:00:00.000+0000', 'Open', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.startAt).toBeNull();
    expect(i.cycleTimeMs).toBeNull();
    expect(instantOf(i.doneAt)).toBe(utc(2024, 3, 2, 8));
    expect(i.leadTimeMs).toBe(DAY);
    expect(i.flowEfficiency).toBeNull();
    expect(i.warnings).toContain('done-without-start');
  });

  test('an issue created directly in a committed status starts at created', () => {
    // Initial status = fromString of the earliest change = In Progress, entered at created 03-01 08:00.
    // Review at 12:00, Resolved 03-02 08:00: cycle = lead = 1 d; active 4 h of 24 h.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T12:00:00.000+0000', 'In Progress', 'Review'],
            ['2024-03-02T08:00:00.000+0000', 'Review', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 8));
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.leadTimeMs).toBe(DAY);
    expect(i.flowEfficiency).toBeCloseTo(4 / 24, 12);
  });

  test('an issue without changes that is created in a committed status has started at created', () => {
    // No change: the initial status is the current status (In Progress), entered at created.
    const i = issueOf(
      reportOf([issue('HD-1', '2024-03-01T08:00:00.000+0000', [], { status: 'In Progress' })], {
        asOfMs: utc(2024, 3, 2, 8),
      }),
      'HD-1',
    );
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 8));
    expect(i.timeInStatusMs).toEqual({ 'In Progress': DAY });
  });

  test('entering a stage after the start stage first (skipping it) starts the issue', () => {
    // Open → Review (waiting, after In Progress) 03-01 10:00 → Testing 03-02 10:00 → Resolved 03-03 10:00.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'Review'],
            ['2024-03-02T10:00:00.000+0000', 'Review', 'Testing'],
            ['2024-03-03T10:00:00.000+0000', 'Testing', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 10));
    expect(i.cycleTimeMs).toBe(2 * DAY);
    // Active: Testing 1 d of the 2 d; Review is waiting.
    expect(i.flowEfficiency).toBe(0.5);
    expect(i.warnings).toEqual([]);
  });
});

describe('§2 unmapped statuses', () => {
  test('an unmapped status is a warning, never active, and its time is still counted in time in status', () => {
    // In Progress 03-01 10:00, Limbo (unmapped) 03-02 10:00, Resolved 03-03 10:00.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
            ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Limbo'],
            ['2024-03-03T10:00:00.000+0000', 'Limbo', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.warnings).toContain('unmapped-status');
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': DAY, Limbo: DAY });
    expect(i.cycleTimeMs).toBe(2 * DAY);
    // [start, done) = 2 d, active 1 d: Limbo time is not active.
    expect(i.flowEfficiency).toBe(0.5);
  });

  test('an unmapped status never starts an issue', () => {
    // Open → Limbo → Resolved: no committed status was entered.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'Limbo'],
            ['2024-03-02T10:00:00.000+0000', 'Limbo', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.startAt).toBeNull();
    expect(i.leadTimeMs).toBe(DAY + 2 * HOUR);
    expect(i.warnings).toEqual(expect.arrayContaining(['unmapped-status', 'done-without-start']));
  });

  test('an unmapped status never finishes an issue, even when Jira files it under the done category', () => {
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [
              ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
              ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Limbo'],
            ],
            { category: 'done' },
          ),
        ],
        { asOfMs: utc(2024, 3, 3, 10) },
      ),
      'HD-1',
    );
    expect(i.doneAt).toBeNull();
    expect(i.leadTimeMs).toBeNull();
    expect(i.warnings).toContain('unmapped-status');
    // [start, asOf) = 2 d; active only the 1 d In Progress.
    expect(i.flowEfficiency).toBe(0.5);
  });
});

describe('§1/§3.1 timeline', () => {
  const mixedOffsets = [
    // New York switches from EST (-0500) to EDT (-0400) on 2024-03-10 at 02:00 local.
    ['2024-03-10T09:00:00.000-0400', 'Open', 'In Progress'],
    ['2024-03-11T09:00:00.000-0400', 'In Progress', 'Resolved'],
  ] as const;

  test('timestamps with different offsets in one history are parsed as instants', () => {
    // created 2024-03-09 22:00-0500 = 03-10 03:00Z; start 09:00-0400 = 13:00Z; done 03-11 13:00Z.
    // lead = 1 d 10 h (a wall-clock subtraction would give 1 d 11 h); cycle exactly 1 d.
    const i = issueOf(
      reportOf([issue('HD-1', '2024-03-09T22:00:00.000-0500', mixedOffsets)], { asOfMs: utc(2024, 3, 12) }),
      'HD-1',
    );
    expect(instantOf(i.created)).toBe(utc(2024, 3, 10, 3));
    expect(i.leadTimeMs).toBe(DAY + 10 * HOUR);
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.timeInStatusMs).toEqual({ Open: 10 * HOUR, 'In Progress': DAY });
  });

  test('a changelog written newest first gives the same numbers as oldest first', () => {
    const changes = [
      ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
      ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Review'],
      ['2024-03-03T10:00:00.000+0000', 'Review', 'In Progress'],
      ['2024-03-04T10:00:00.000+0000', 'In Progress', 'Resolved'],
    ] as const;
    const oldestFirst = reportOf([issue('HD-1', '2024-03-01T08:00:00.000+0000', changes)], {
      asOfMs: AS_OF_MS,
    });
    const newestFirst = reportOf(
      [issue('HD-1', '2024-03-01T08:00:00.000+0000', changes, { newestFirst: true })],
      {
        asOfMs: AS_OF_MS,
      },
    );
    expect(newestFirst.issues).toEqual(oldestFirst.issues);
    const i = issueOf(newestFirst, 'HD-1');
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 10));
    expect(i.cycleTimeMs).toBe(3 * DAY);
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 2 * DAY, Review: DAY });
  });

  test('changes written out of instant order in mixed offsets are replayed by instant', () => {
    // Written order: the 03-11 change first. By instant: Open → In Progress (03-10 13:00Z) → Resolved (03-11 13:00Z).
    const i = issueOf(
      reportOf([issue('HD-1', '2024-03-09T22:00:00.000-0500', mixedOffsets, { newestFirst: true })], {
        asOfMs: utc(2024, 3, 12),
      }),
      'HD-1',
    );
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.warnings).toEqual([]);
  });

  test('changes with equal instants keep their order in the data', () => {
    // Two changes at the same millisecond. In data order Open → In Progress → Review: final Review, no time
    // in In Progress, start = that instant.
    const at = '2024-03-01T10:00:00.000+0000';
    const inOrder = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            [at, 'Open', 'In Progress'],
            [at, 'In Progress', 'Review'],
          ]),
        ],
        { asOfMs: utc(2024, 3, 2, 10) },
      ),
      'HD-1',
    );
    expect(inOrder.status).toBe('Review');
    expect(inOrder.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 0, Review: DAY });
    expect(instantOf(inOrder.startAt)).toBe(utc(2024, 3, 1, 10));
    expect(inOrder.warnings).toEqual([]);

    // The same two changes written the other way round are replayed in that (data) order: the initial status is
    // the fromString of the first, In Progress; then Review; then In Progress again. The replay ends in
    // In Progress although Jira says Review: status-mismatch, and the replay is kept.
    const swapped = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [
              [at, 'In Progress', 'Review'],
              [at, 'Open', 'In Progress'],
            ],
            { status: 'Review' },
          ),
        ],
        { asOfMs: utc(2024, 3, 2, 10) },
      ),
      'HD-1',
    );
    expect(swapped.status).toBe('In Progress');
    expect(instantOf(swapped.startAt)).toBe(utc(2024, 3, 1, 8));
    expect(swapped.timeInStatusMs).toEqual({ 'In Progress': 2 * HOUR + DAY, Review: 0 });
    expect(swapped.warnings).toEqual(['status-mismatch']);
  });

  test('items of one history are applied in the order written', () => {
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [], {
            status: 'Review',
            histories: [
              {
                id: 'h1',
                created: '2024-03-01T10:00:00.000+0000',
                items: [
                  { field: 'assignee', fromString: null, toString: 'Ada' },
                  { field: 'status', fieldId: 'status', fromString: 'Open', toString: 'In Progress' },
                  { field: 'status', fieldId: 'status', fromString: 'In Progress', toString: 'Review' },
                ],
              },
            ],
          }),
        ],
        { asOfMs: utc(2024, 3, 2, 10) },
      ),
      'HD-1',
    );
    expect(i.status).toBe('Review');
    expect(i.warnings).toEqual([]);
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 0, Review: DAY });
  });

  test('a status item recognised by fieldId alone moves the issue; other fields do not', () => {
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [], {
            status: 'In Progress',
            histories: [
              {
                id: 'h1',
                created: '2024-03-01T09:00:00.000+0000',
                items: [{ field: 'resolution', fromString: 'Open', toString: 'Done' }],
              },
              {
                id: 'h2',
                created: '2024-03-01T10:00:00.000+0000',
                items: [
                  {
                    field: 'Status (renamed)',
                    fieldId: 'status',
                    fromString: 'Open',
                    toString: 'In Progress',
                  },
                ],
              },
            ],
          }),
        ],
        { asOfMs: utc(2024, 3, 1, 12) },
      ),
      'HD-1',
    );
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 2 * HOUR });
    expect(i.warnings).toEqual([]);
  });

  test('a self-transition starts no new visit', () => {
    const registry = new StatusRegistry();
    const result = buildTimeline(
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
        ['2024-03-02T10:00:00.000+0000', 'In Progress', 'In Progress'],
        ['2024-03-03T10:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
      registry,
      AS_OF_MS,
    );
    if (result.timeline === null) throw new Error('timeline expected');
    const names = result.timeline.visits.map((v) => registry.statuses[v.status]?.name);
    expect(names).toEqual(['Open', 'In Progress', 'Resolved']);
    expect(result.timeline.visits.map((v) => v.enterMs)).toEqual([
      utc(2024, 3, 1, 8),
      utc(2024, 3, 1, 10),
      utc(2024, 3, 3, 10),
    ]);
  });

  test('a self-transition into the done status does not move the done instant', () => {
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
            ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'],
            ['2024-03-03T10:00:00.000+0000', 'Resolved', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(instantOf(i.doneAt)).toBe(utc(2024, 3, 2, 10));
  });

  test('an open issue accumulates time in status up to asOf', () => {
    // created 03-01 08:00, In Progress 03-02 08:00, asOf 03-05 20:00: Open 1 d, In Progress 3 d 12 h.
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-02T08:00:00.000+0000', 'Open', 'In Progress'],
        ]),
      ],
      { asOfMs: utc(2024, 3, 5, 20) },
    );
    const i = issueOf(report, 'HD-1');
    expect(i.doneAt).toBeNull();
    expect(i.leadTimeMs).toBeNull();
    expect(i.cycleTimeMs).toBeNull();
    expect(i.timeInStatusMs).toEqual({ Open: DAY, 'In Progress': 3 * DAY + 12 * HOUR });
    expect(i.flowEfficiency).toBe(1);
    // §3.9 age = asOf − start = 3 d 12 h.
    expect(report.summary.aging.map((a) => [a.key, a.ageMs])).toEqual([['HD-1', 3 * DAY + 12 * HOUR]]);
  });

  test('changes after asOf are not yet known: an issue whose first change is later is in its initial status', () => {
    // created 03-01 08:00; In Progress 03-06, Resolved 03-09; asOf 03-05 00:00. At asOf the issue is still in
    // the fromString of its earliest change (Open), not in its current status (Resolved).
    const report = reportOf(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-06T10:00:00.000+0000', 'Open', 'In Progress'],
          ['2024-03-09T10:00:00.000+0000', 'In Progress', 'Resolved'],
        ]),
        issue('HD-2', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
          ['2024-03-09T10:00:00.000+0000', 'In Progress', 'Resolved'],
        ]),
      ],
      { asOfMs: utc(2024, 3, 5) },
    );
    const later = issueOf(report, 'HD-1');
    expect(later.status).toBe('Open');
    expect(later.doneAt).toBeNull();
    expect(later.leadTimeMs).toBeNull();
    expect(later.timeInStatusMs).toEqual({ Open: 3 * DAY + 16 * HOUR });
    expect(later.warnings).toEqual([]);
    const started = issueOf(report, 'HD-2');
    expect(started.status).toBe('In Progress');
    expect(started.doneAt).toBeNull();
    expect(started.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': 3 * DAY + 14 * HOUR });
    expect(report.daily.map((d) => d.wip)).toEqual([1, 1, 1, 1, 1]);
  });

  test('a flag change after asOf does not hide a status mismatch', () => {
    // Replay ends in Review, Jira says Resolved; only a Flagged change lies after asOf, no status change.
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [['2024-03-01T10:00:00.000+0000', 'Open', 'Review']],
            {
              status: 'Resolved',
              flags: [['2024-03-09T10:00:00.000+0000', true]],
            },
          ),
        ],
        { asOfMs: utc(2024, 3, 5) },
      ),
      'HD-1',
    );
    expect(i.warnings).toEqual(['status-mismatch']);
    expect(i.blockedMs).toBe(0);
  });

  test('issues created after asOf are left out: they did not exist yet', () => {
    const report = reportOf(
      [issue('OLD', '2024-03-01T08:00:00.000+0000', []), issue('NEW', '2024-03-06T08:00:00.000+0000', [])],
      { asOfMs: utc(2024, 3, 5) },
    );
    expect(report.issues.map((i) => i.key)).toEqual(['OLD']);
    expect(report.daily.map((d) => d.date)).toEqual([
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
    ]);
  });

  test('a change dated before created is clamped to created, with a warning', () => {
    // Open → In Progress at 07:59, one minute before created (08:00): the issue starts at created.
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T07:59:00.000+0000', 'Open', 'In Progress'],
            ['2024-03-02T08:00:00.000+0000', 'In Progress', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.warnings).toContain('change-before-created');
    expect(instantOf(i.startAt)).toBe(utc(2024, 3, 1, 8));
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.leadTimeMs).toBe(DAY);
    expect(i.timeInStatusMs['In Progress']).toBe(DAY);
    expect(i.timeInStatusMs['Open'] ?? 0).toBe(0);
  });

  test('a change with an unparseable timestamp is dropped with a warning', () => {
    // The In Progress → Review change has no valid timestamp: replay Open → In Progress (03-01 10:00) → Resolved.
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [
              ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
              ['2024-03-02T10:00:00.000+0000', 'Review', 'Resolved'],
            ],
            {
              histories: [
                {
                  id: 'bad',
                  created: '2024-03-01 kurz nach zehn',
                  items: [{ field: 'status', fromString: 'In Progress', toString: 'Review' }],
                },
              ],
            },
          ),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.warnings).toContain('unparseable-timestamp');
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': DAY });
    expect(i.cycleTimeMs).toBe(DAY);
  });

  test('an issue without created is listed with a missing-created warning and no numbers', () => {
    const report = reportOf(
      [
        issue('HD-1', null, [['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress']]),
        issue('HD-2', '2024-03-01T08:00:00.000+0000', []),
      ],
      { asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(i.warnings).toEqual(['missing-created']);
    expect([i.created, i.startAt, i.doneAt, i.leadTimeMs, i.cycleTimeMs, i.flowEfficiency]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(i.timeInStatusMs).toEqual({});
    // It is not counted in the daily series: only HD-2 is there.
    expect(report.daily[0]?.byStatus['Open']).toBe(1);
    expect(report.summary.warningCounts).toEqual({ 'missing-created': 1 });
  });

  test('an issue with an unparseable created is listed with a warning and no numbers', () => {
    const i = issueOf(reportOf([issue('HD-1', '01.03.2024 08:00', [])], { asOfMs: AS_OF_MS }), 'HD-1');
    expect(i.warnings).toEqual(['unparseable-timestamp']);
    expect(i.leadTimeMs).toBeNull();
  });

  test('an issue without any status (no change, no fields.status) is listed with missing-status', () => {
    const i = issueOf(
      reportOf([issue('HD-1', '2024-03-01T08:00:00.000+0000', [], { status: null })], { asOfMs: AS_OF_MS }),
      'HD-1',
    );
    expect(i.warnings).toEqual(['missing-status']);
    expect(i.leadTimeMs).toBeNull();
    expect(i.timeInStatusMs).toEqual({});
  });

  test('a replay that ends elsewhere than fields.status warns status-mismatch and keeps the replay', () => {
    // The changelog ends in Review; Jira says Resolved. The replayed timeline wins: not done.
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [
              ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
              ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Review'],
            ],
            { status: 'Resolved' },
          ),
        ],
        { asOfMs: utc(2024, 3, 3, 10) },
      ),
      'HD-1',
    );
    expect(i.warnings).toEqual(['status-mismatch']);
    expect(i.doneAt).toBeNull();
    expect(i.status).toBe('Review');
    expect(i.timeInStatusMs).toEqual({ Open: 2 * HOUR, 'In Progress': DAY, Review: DAY });
  });
});

describe('§3.6 flow efficiency', () => {
  test('flow efficiency counts only unflagged active time over [start, done)', () => {
    // In Progress 03-01 10:00 – 03-02 10:00 (24 h) with a flag 16:00–22:00 (6 h blocked) → 18 h active;
    // Review (waiting) 03-02 10:00 – 03-03 10:00, flagged 12:00–14:00 (blocked, but not active anyway);
    // Testing 03-03 10:00 – 03-04 10:00 (24 h active). Span 72 h: efficiency = 42 / 72.
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [
              ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
              ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Review'],
              ['2024-03-03T10:00:00.000+0000', 'Review', 'Testing'],
              ['2024-03-04T10:00:00.000+0000', 'Testing', 'Resolved'],
            ],
            {
              flags: [
                ['2024-03-01T16:00:00.000+0000', true],
                ['2024-03-01T22:00:00.000+0000', false],
                ['2024-03-02T12:00:00.000+0000', true],
                ['2024-03-02T14:00:00.000+0000', false],
              ],
            },
          ),
        ],
        { asOfMs: AS_OF_MS },
      ),
      'HD-1',
    );
    expect(i.cycleTimeMs).toBe(3 * DAY);
    expect(i.flowEfficiency).toBeCloseTo(42 / 72, 12);
    expect(i.blockedMs).toBe(8 * HOUR);
  });

  test('a flag still set at asOf blocks active time until asOf', () => {
    // In Progress since 03-01 10:00, flagged since 03-02 10:00, asOf 03-03 10:00: 24 h active of 48 h.
    const i = issueOf(
      reportOf(
        [
          issue(
            'HD-1',
            '2024-03-01T08:00:00.000+0000',
            [['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress']],
            {
              flags: [['2024-03-02T10:00:00.000+0000', true]],
            },
          ),
        ],
        { asOfMs: utc(2024, 3, 3, 10) },
      ),
      'HD-1',
    );
    expect(i.flowEfficiency).toBe(0.5);
    expect(i.blockedMs).toBe(DAY);
  });

  test('an issue that has not started has no flow efficiency', () => {
    const i = issueOf(
      reportOf([issue('HD-1', '2024-03-01T08:00:00.000+0000', [])], { asOfMs: AS_OF_MS }),
      'HD-1',
    );
    expect(i.flowEfficiency).toBeNull();
    expect(i.startAt).toBeNull();
  });
});

describe('§2 workflow mapping', () => {
  test('status names match the mapping case-insensitively', () => {
    const mapping = {
      ...STANDARD_MAPPING,
      stages: STANDARD_MAPPING.stages.map((s) => ({
        ...s,
        statuses: s.statuses.map((n) => n.toUpperCase()),
      })),
    };
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'open', 'in progress'],
            ['2024-03-02T10:00:00.000+0000', 'in progress', 'resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS, mapping },
      ),
      'HD-1',
    );
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.warnings).toEqual([]);
  });

  test('a mapping may name statuses by id', () => {
    // Ids of the fixture: In Progress = 3, Resolved = 5, Closed = 6, Open = 1.
    const mapping = {
      stages: [
        { name: 'Backlog', statuses: ['1'], kind: 'backlog' as const },
        { name: 'Doing', statuses: ['3'], kind: 'active' as const },
        { name: 'Done', statuses: ['5', '6'], kind: 'done' as const },
      ],
      startStage: 'Doing',
      doneStage: 'Done',
    };
    const i = issueOf(
      reportOf(
        [
          issue('HD-1', '2024-03-01T08:00:00.000+0000', [
            ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
            ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'],
          ]),
        ],
        { asOfMs: AS_OF_MS, mapping },
      ),
      'HD-1',
    );
    expect(i.cycleTimeMs).toBe(DAY);
    expect(i.leadTimeMs).toBe(DAY + 2 * HOUR);
    expect(i.warnings).toEqual([]);
  });

  test('without a mapping, stages are derived from the Jira status categories', () => {
    // Categories come from fields.status: To Do (new) → backlog, In Progress (indeterminate) → active,
    // Done (done) → done; the start is the active stage.
    const report = computeFlowReport(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [], { status: 'To Do' }),
        issue('HD-2', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T10:00:00.000+0000', 'To Do', 'In Progress'],
        ]),
        issue('HD-3', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T12:00:00.000+0000', 'To Do', 'In Progress'],
          ['2024-03-02T12:00:00.000+0000', 'In Progress', 'Done'],
        ]),
      ],
      { mode: 'canonical', startPolicy: 'first', timeZone: 'UTC', asOfMs: AS_OF_MS },
    );
    expect(report.stages.map((s) => [s.kind, [...s.statuses]])).toEqual([
      ['backlog', ['To Do']],
      ['active', ['In Progress']],
      ['done', ['Done']],
    ]);
    expect(report.startStage).toBe(report.stages[1]?.name);
    expect(report.doneStage).toBe(report.stages[2]?.name);
    const done = issueOf(report, 'HD-3');
    expect(instantOf(done.startAt)).toBe(utc(2024, 3, 1, 12));
    expect(done.cycleTimeMs).toBe(DAY);
    expect(done.leadTimeMs).toBe(DAY + 4 * HOUR);
    expect(done.warnings).toEqual([]);
    expect(instantOf(issueOf(report, 'HD-2').startAt)).toBe(utc(2024, 3, 1, 10));
  });

  test('with a derived mapping, a status whose category the data never shows is unmapped', () => {
    // "Waiting for customer" only appears in a changelog (changelogs carry no category): reported unmapped.
    const report = computeFlowReport(
      [
        issue('HD-1', '2024-03-01T08:00:00.000+0000', [
          ['2024-03-01T10:00:00.000+0000', 'To Do', 'Waiting for customer'],
          ['2024-03-02T10:00:00.000+0000', 'Waiting for customer', 'Done'],
        ]),
        issue('HD-2', '2024-03-01T08:00:00.000+0000', [], { status: 'To Do' }),
      ],
      { mode: 'canonical', startPolicy: 'first', timeZone: 'UTC', asOfMs: AS_OF_MS },
    );
    const i = issueOf(report, 'HD-1');
    expect(i.warnings).toEqual(expect.arrayContaining(['unmapped-status', 'done-without-start']));
    expect(i.leadTimeMs).toBe(DAY + 2 * HOUR);
  });

  test('an inconsistent mapping is rejected with a message naming the problem', () => {
    expect(() =>
      reportOf([], { asOfMs: AS_OF_MS, mapping: { ...STANDARD_MAPPING, startStage: 'Coding' } }),
    ).toThrow(/startStage "Coding"/);
  });
});
