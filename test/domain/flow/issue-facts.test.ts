/**
 * Per-issue flow facts (issue 13): what a record keeps of a Jira issue, the names dictionary, the stored form
 * (round trip and junk) and the issue property's values. The equality of views from facts and from Jira is in
 * `issue-facts-equivalence.test.ts`.
 */
import fc from 'fast-check';

import {
  decodeFacts,
  encodeFacts,
  FACTS_SUMMARY_MAX_CHARS,
  factsOfJiraIssue,
  flowPropertyOf,
  jiraIssueOfFacts,
  mergeFactsNames,
  namesOfJiraIssue,
  sameFacts,
} from '../../../src/domain/flow/issue-facts';
import type { FactsStatusRef, IssueFactsRecord } from '../../../src/domain/flow/issue-facts';
import { computeFlowFacts } from '../../../src/domain/flow/engine';
import type { IssueFacts, JiraChangeItem, JiraIssueInput } from '../../../src/domain/flow/types';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function statusChange(
  from: readonly [string | null, string] | null,
  to: readonly [string | null, string | null],
): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: from?.[0] ?? null,
    fromString: from?.[1] ?? null,
    to: to[0],
    toString: to[1],
  };
}

const flagged = (toString: string | null): JiraChangeItem => ({ field: 'Flagged', toString });

/** A help desk issue as `loadFlowIssues` delivers it (Berlin offsets, as Jira writes them for a Berlin user). */
const HD_1: JiraIssueInput = {
  id: '10001',
  key: 'HD-1',
  fields: {
    created: '2026-03-02T08:15:00.000+0100',
    updated: '2026-03-05T09:00:00.123+0100',
    project: { id: '10000' },
    status: { id: '10003', name: 'Erledigt', statusCategory: { key: 'done' } },
    issuetype: { id: '10010', name: 'Service Request' },
    resolutiondate: '2026-03-04T16:00:00.000+0100',
    summary: 'Drucker im 2. OG druckt nicht',
  },
  changelog: {
    histories: [
      {
        created: '2026-03-02T09:00:00.000+0100',
        items: [statusChange(['10001', 'Neu'], ['10002', 'In Arbeit'])],
      },
      {
        created: '2026-03-03T10:00:00.000+0100',
        items: [
          flagged('Impediment'),
          statusChange(['10002', 'In Arbeit'], ['10004', 'Wartet auf Lieferant']),
        ],
      },
      // An item the engine does not read (not a flow field) and a status item without a target name.
      {
        created: '2026-03-03T11:00:00.000+0100',
        items: [{ field: 'assignee', toString: 'Anna' }, statusChange(null, [null, null])],
      },
      {
        created: '2026-03-04T12:00:00.000+0100',
        items: [flagged(''), statusChange(['10004', 'Wartet auf Lieferant'], ['10002', 'In Arbeit'])],
      },
      {
        created: '2026-03-04T16:00:00.000+0100',
        items: [statusChange(['10002', 'In Arbeit'], ['10003', 'Erledigt'])],
      },
    ],
  },
};

const at = (iso: string): number => Date.parse(iso);

/** A copy without one property (absent, not undefined: the types are exact about optional properties). */
function without<T extends object>(value: T, key: keyof T): T {
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key)) as T;
}

describe('factsOfJiraIssue', () => {
  it('keeps exactly what the engine reads: status changes by id in data order, flags on/off, instants in ms', () => {
    expect(factsOfJiraIssue(HD_1)).toEqual({
      id: '10001',
      key: 'HD-1',
      projectId: '10000',
      typeId: '10010',
      created: '2026-03-02T08:15:00.000+0100',
      status: '10003',
      resolvedMs: at('2026-03-04T15:00:00.000Z'),
      summary: 'Drucker im 2. OG druckt nicht',
      updatedMs: at('2026-03-05T08:00:00.123Z'),
      changes: [
        [at('2026-03-02T08:00:00.000Z'), '10001', '10002'],
        [at('2026-03-03T09:00:00.000Z'), '10002', '10004'],
        [at('2026-03-04T11:00:00.000Z'), '10004', '10002'],
        [at('2026-03-04T15:00:00.000Z'), '10002', '10003'],
      ],
      flags: [
        [at('2026-03-03T09:00:00.000Z'), 1],
        [at('2026-03-04T11:00:00.000Z'), 0],
      ],
    });
  });

  it('refers to a status without an id by its name, keeps a missing fromString as null and out-of-order changes in data order', () => {
    const record = factsOfJiraIssue({
      id: '7',
      key: 'OLD-7',
      fields: {
        created: '2020-01-01T00:00:00.000Z',
        project: { id: '3' },
        status: { name: 'Closed' },
        issuetype: { name: 'Bug' },
      },
      changelog: {
        histories: [
          { created: '2020-01-03T00:00:00.000Z', items: [statusChange(null, [null, 'Closed'])] },
          // Non-digit ids count as none; an earlier change after a later one stays where it is.
          { created: '2020-01-02T00:00:00.000Z', items: [statusChange(['x1', 'Open'], ['x2', 'Review'])] },
          { created: '2020-01-02T00:00:00.000Z', items: [flagged('  ')] },
        ],
      },
    });
    expect(record).toMatchObject({
      status: '=Closed',
      typeId: '=Bug',
      resolvedMs: null,
      summary: '',
      changes: [
        [at('2020-01-03T00:00:00.000Z'), null, '=Closed'],
        [at('2020-01-02T00:00:00.000Z'), '=Open', '=Review'],
      ],
      // A blank Flagged value clears the flag, as the engine reads it.
      flags: [[at('2020-01-02T00:00:00.000Z'), 0]],
      // Without `updated`: the latest instant the record knows.
      updatedMs: at('2020-01-03T00:00:00.000Z'),
    });
  });

  it('gives null without an id, a created string or a project id', () => {
    const fields = HD_1.fields ?? {};
    expect(factsOfJiraIssue(without(HD_1, 'id'))).toBeNull();
    expect(factsOfJiraIssue({ ...HD_1, id: 'HD-1' })).toBeNull();
    expect(factsOfJiraIssue({ ...HD_1, fields: without(fields, 'created') })).toBeNull();
    expect(factsOfJiraIssue({ ...HD_1, fields: without(fields, 'project') })).toBeNull();
    expect(factsOfJiraIssue({ ...HD_1, fields: { ...fields, project: { key: 'HD' } } })).toBeNull();
  });

  it('keeps an unparseable created as written, so the engine lists the issue with the same warning', () => {
    const fields = HD_1.fields ?? {};
    const broken: JiraIssueInput = { ...HD_1, fields: { ...fields, created: 'yesterday' } };
    const record = factsOfJiraIssue(broken);
    expect(record?.created).toBe('yesterday');
    const options = { mode: 'canonical' as const, startPolicy: 'first' as const, timeZone: 'UTC', asOfMs: 0 };
    const rebuilt = jiraIssueOfFacts(record as IssueFactsRecord, namesOfJiraIssue(broken));
    expect(computeFlowFacts([rebuilt], options).issues).toEqual(computeFlowFacts([broken], options).issues);
    expect(computeFlowFacts([rebuilt], options).issues[0]?.warnings).toEqual(['unparseable-timestamp']);
  });

  it('leaves out a history whose instant does not parse, as the engine drops it (only its warning is lost)', () => {
    const issue: JiraIssueInput = {
      ...HD_1,
      changelog: {
        histories: [
          ...(HD_1.changelog?.histories ?? []),
          { created: 'not a time', items: [statusChange(['10003', 'Erledigt'], ['10002', 'In Arbeit'])] },
        ],
      },
    };
    const record = factsOfJiraIssue(issue);
    expect(record?.changes).toHaveLength(4);
    const options = {
      mode: 'canonical' as const,
      startPolicy: 'first' as const,
      timeZone: 'Europe/Berlin',
      asOfMs: at('2026-03-06T00:00:00.000Z'),
    };
    const fromJira = computeFlowFacts([issue], options).issues[0];
    const fromFacts = computeFlowFacts(
      [jiraIssueOfFacts(record as IssueFactsRecord, namesOfJiraIssue(issue))],
      options,
    ).issues[0];
    expect(fromJira?.warnings).toContain('unparseable-timestamp');
    expect({ ...fromFacts, warnings: [] }).toEqual({ ...fromJira, warnings: [] });
    expect(fromFacts?.warnings).toEqual(
      fromJira?.warnings.filter((warning) => warning !== 'unparseable-timestamp'),
    );
  });

  it(`cuts summaries to ${FACTS_SUMMARY_MAX_CHARS} characters with "…", never inside a surrogate pair`, () => {
    const fields = HD_1.fields ?? {};
    const long = 'x'.repeat(200);
    expect(factsOfJiraIssue({ ...HD_1, fields: { ...fields, summary: long } })?.summary).toBe(
      `${'x'.repeat(FACTS_SUMMARY_MAX_CHARS - 1)}…`,
    );
    const exact = 'y'.repeat(FACTS_SUMMARY_MAX_CHARS);
    expect(factsOfJiraIssue({ ...HD_1, fields: { ...fields, summary: exact } })?.summary).toBe(exact);
    // An emoji (two UTF-16 units) across the cut is dropped whole.
    const emoji = `${'z'.repeat(FACTS_SUMMARY_MAX_CHARS - 2)}😀😀`;
    const cut = factsOfJiraIssue({ ...HD_1, fields: { ...fields, summary: emoji } })?.summary ?? '';
    expect(cut).toBe(`${'z'.repeat(FACTS_SUMMARY_MAX_CHARS - 2)}…`);
    expect(cut.length).toBeLessThanOrEqual(FACTS_SUMMARY_MAX_CHARS);
  });
});

describe('the names dictionary', () => {
  it('learns statuses from the changelog and the current status with its category, and the issue type', () => {
    expect(namesOfJiraIssue(HD_1)).toEqual({
      statuses: {
        '10001': ['Neu', null],
        '10002': ['In Arbeit', null],
        '10003': ['Erledigt', 'done'],
        '10004': ['Wartet auf Lieferant', null],
      },
      types: { '10010': 'Service Request' },
    });
  });

  it("lets the current status's name beat the changelog's old spelling of the same id", () => {
    const renamed: JiraIssueInput = {
      ...HD_1,
      fields: { ...HD_1.fields, status: { id: '10003', name: 'Gelöst', statusCategory: { key: 'done' } } },
    };
    expect(namesOfJiraIssue(renamed).statuses['10003']).toEqual(['Gelöst', 'done']);
  });

  it('merges with the newer dictionary winning, but a changelog spelling never replaces a current name', () => {
    const a = {
      statuses: { '1': ['Open', 'new'], '2': ['Doing', 'indeterminate'], '3': ['Old', null] },
      types: { '9': 'Bug' },
    } as const;
    const b = {
      statuses: { '1': ['Offen', 'new'], '2': ['Doing (old name)', null], '3': ['Newer', null] },
      types: { '9': 'Fehler', '8': 'Task' },
    } as const;
    expect(mergeFactsNames(a, b)).toEqual({
      statuses: { '1': ['Offen', 'new'], '2': ['Doing', 'indeterminate'], '3': ['Newer', null] },
      types: { '9': 'Fehler', '8': 'Task' },
    });
  });

  it('names a status the dictionary does not know by its id, so the view still shows and maps it', () => {
    const record = factsOfJiraIssue(HD_1) as IssueFactsRecord;
    const rebuilt = jiraIssueOfFacts(record, { statuses: {}, types: {} });
    expect(rebuilt.fields?.status).toEqual({ id: '10003', name: '10003' });
    expect(rebuilt.fields?.issuetype).toEqual({ id: '10010', name: '10010' });
  });
});

describe('jiraIssueOfFacts', () => {
  it('rebuilds the fields and one history per change, instants as ISO UTC', () => {
    const record = factsOfJiraIssue(HD_1) as IssueFactsRecord;
    const rebuilt = jiraIssueOfFacts(record, namesOfJiraIssue(HD_1));
    expect(rebuilt.fields).toEqual({
      created: '2026-03-02T08:15:00.000+0100',
      updated: '2026-03-05T08:00:00.123Z',
      project: { id: '10000' },
      status: { id: '10003', name: 'Erledigt', statusCategory: { key: 'done' } },
      issuetype: { id: '10010', name: 'Service Request' },
      resolutiondate: '2026-03-04T15:00:00.000Z',
      summary: 'Drucker im 2. OG druckt nicht',
    });
    expect(rebuilt.changelog?.histories?.map((h) => [h.created, h.items?.[0]?.toString])).toEqual([
      ['2026-03-02T08:00:00.000Z', 'In Arbeit'],
      ['2026-03-03T09:00:00.000Z', 'Wartet auf Lieferant'],
      ['2026-03-04T11:00:00.000Z', 'In Arbeit'],
      ['2026-03-04T15:00:00.000Z', 'Erledigt'],
      ['2026-03-03T09:00:00.000Z', 'Impediment'],
      ['2026-03-04T11:00:00.000Z', ''],
    ]);
    // Facts of the rebuilt issue are the record itself.
    expect(factsOfJiraIssue(rebuilt)).toEqual(record);
  });
});

/** Records as `factsOfJiraIssue` makes them: digit ids, `=Name` refs, whole ms, any strings. */
const refArb: fc.Arbitrary<FactsStatusRef> = fc.oneof(
  fc.constantFrom('1', '3', '10000', '10001', '0', '007', '123456789012345', '1234567890123456789'),
  fc.string().map((name) => `=${name}`),
);
const msArb = fc.integer({ min: 0, max: 4_102_444_800_000 });
const recordArb: fc.Arbitrary<IssueFactsRecord> = fc.record({
  id: fc.constantFrom('1', '10001', '99999999', '0', '0012', '98765432109876543210'),
  key: fc.string(),
  projectId: fc.constantFrom('10000', '1', '0'),
  typeId: fc.oneof(fc.constant(''), refArb),
  created: fc.oneof(
    msArb.chain((ms) =>
      fc.integer({ min: -12 * 60, max: 14 * 60 }).map((offsetMin) => jiraTimestamp(ms, offsetMin)),
    ),
    fc.constantFrom('2026-03-02T08:15:00Z', '2026-03-02T08:15:00.000+01:00', 'nonsense', ''),
  ),
  status: refArb,
  resolvedMs: fc.option(msArb),
  summary: fc.string({ maxLength: FACTS_SUMMARY_MAX_CHARS }),
  updatedMs: msArb,
  changes: fc.array(fc.tuple(msArb, fc.option(refArb, { nil: null }), refArb)),
  flags: fc.array(fc.tuple(msArb, fc.constantFrom(0 as const, 1 as const))),
});

function jiraTimestamp(instantMs: number, offsetMin: number): string {
  const wall = new Date(instantMs + offsetMin * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${offsetMin < 0 ? '-' : '+'}${hh}${mm}`;
}

describe('encodeFacts / decodeFacts', () => {
  it('round-trips any record through JSON', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const stored: unknown = JSON.parse(JSON.stringify(encodeFacts(record)));
        const decoded = decodeFacts(stored);
        expect(decoded).toEqual(record);
        expect(sameFacts(decoded as IssueFactsRecord, record)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('chains a change from the previous target, numbers ids and keeps instants as differences', () => {
    const record = factsOfJiraIssue(HD_1) as IssueFactsRecord;
    const stored = encodeFacts(record);
    expect(stored).toEqual([
      1,
      10001,
      'HD-1',
      10000,
      10010,
      at('2026-03-02T07:15:00.000Z'),
      60,
      10003,
      0, // resolved by the last change
      'Drucker im 2. OG druckt nicht',
      17 * HOUR_MS + 123, // updated, after the last change
      [
        45 * 60_000,
        10001,
        10002,
        DAY_MS + HOUR_MS,
        0,
        10004,
        DAY_MS + 2 * HOUR_MS,
        0,
        10002,
        4 * HOUR_MS,
        0,
        10003,
      ],
      [2 * (DAY_MS + 105 * 60_000) + 1, 2 * (DAY_MS + 2 * HOUR_MS)],
    ]);
    // 4 status changes and 2 flags in 160 bytes without the summary (the store plans with ~150 per issue).
    expect(JSON.stringify([...stored.slice(0, 9), '', ...stored.slice(10)]).length).toBeLessThanOrEqual(160);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an object', { id: '1' }],
    ['an empty array', []],
    ['another version', [2, ...encodeFacts(factsOfJiraIssue(HD_1) as IssueFactsRecord).slice(1)]],
  ])('gives null for %s', (_name, raw) => {
    expect(decodeFacts(raw)).toBeNull();
  });

  it('gives null when any single element is junk', () => {
    const good = encodeFacts(factsOfJiraIssue(HD_1) as IssueFactsRecord);
    const junk: readonly (readonly [number, unknown])[] = [
      [1, 'HD-1'],
      [1, -5],
      [1, 1.5],
      [2, 7],
      [3, '10x'],
      [4, 'Task'],
      [5, '1772435700000'],
      [5, Number.NaN],
      [6, 'x'],
      [6, 5000],
      [7, null],
      [7, 'Done'],
      [8, 'soon'],
      [8, 1.25],
      [9, null],
      [10, Number.POSITIVE_INFINITY],
      [10, null],
      [11, 'changes'],
      [11, [1, 2]],
      [11, [1, 0, 10002]],
      [11, [1, null, '=x', 2, 'y', 3]],
      [11, [Number.MAX_SAFE_INTEGER, null, 1]],
      [12, [true]],
      [12, [0.5]],
      [12, {}],
    ];
    for (const [index, value] of junk) {
      const raw = [...good];
      raw[index] = value;
      expect({ index, value, decoded: decodeFacts(raw) }).toEqual({ index, value, decoded: null });
    }
    expect(decodeFacts([...good, 'extra'])).toBeNull();
    expect(decodeFacts(good.slice(0, -1))).toBeNull();
    expect(decodeFacts(good)).toEqual(factsOfJiraIssue(HD_1));
  });
});

describe('sameFacts', () => {
  it('tells every field and every change apart', () => {
    const record = factsOfJiraIssue(HD_1) as IssueFactsRecord;
    expect(sameFacts(record, { ...record, changes: record.changes.map((c) => [...c] as const) })).toBe(true);
    const variants: IssueFactsRecord[] = [
      { ...record, key: 'HD-2' },
      { ...record, projectId: '10001' },
      { ...record, typeId: '1' },
      { ...record, created: '2026-03-02T08:15:00.000+0000' },
      { ...record, status: '10002' },
      { ...record, resolvedMs: null },
      { ...record, summary: 'x' },
      { ...record, updatedMs: record.updatedMs + 1 },
      { ...record, changes: record.changes.slice(1) },
      { ...record, changes: record.changes.map((c, i) => (i === 2 ? [c[0], null, c[2]] : c)) },
      { ...record, flags: record.flags.map(([t, on]) => [t, on === 1 ? 0 : 1]) },
      { ...record, flags: [] },
      { ...record, id: '10002' },
    ];
    for (const variant of variants) expect(sameFacts(record, variant)).toBe(false);
  });
});

function facts(partial: Partial<IssueFacts>): IssueFacts {
  return {
    key: 'HD-1',
    createdMs: Date.UTC(2026, 2, 1, 9),
    startMs: null,
    doneMs: null,
    leadTimeMs: null,
    cycleTimeMs: null,
    flowEfficiency: null,
    timeInStatusMs: {},
    warnings: [],
    blockedMs: 0,
    ...partial,
  };
}

describe('flowPropertyOf', () => {
  const asOfMs = Date.UTC(2026, 2, 5, 21);

  it('gives a done issue lead and cycle time, efficiency and blocked days, and no age', () => {
    const createdMs = Date.UTC(2026, 2, 1, 9);
    const startMs = Date.UTC(2026, 2, 2, 9);
    const doneMs = Date.UTC(2026, 2, 4, 17);
    expect(
      flowPropertyOf(
        facts({
          createdMs,
          startMs,
          doneMs,
          leadTimeMs: doneMs - createdMs,
          cycleTimeMs: doneMs - startMs,
          flowEfficiency: 0.61234,
          blockedMs: 5 * HOUR_MS,
        }),
        asOfMs,
      ),
    ).toEqual({
      leadTimeDays: 3.33, // 3 d 8 h
      cycleTimeDays: 2.33, // 2 d 8 h
      efficiency: 0.612,
      blockedDays: 0.21, // 5 h
      asOfMs,
    });
  });

  it('gives work in progress its age asOf − start (FLOW-METRICS.md §3.9)', () => {
    const value = flowPropertyOf(
      facts({ startMs: Date.UTC(2026, 2, 2, 9), flowEfficiency: 1 / 3, blockedMs: 0 }),
      asOfMs,
    );
    expect(value).toEqual({ ageDays: 3.5, efficiency: 0.333, blockedDays: 0, asOfMs });
    expect(JSON.stringify(value)).not.toContain('leadTime');
  });

  it('gives an issue not started only its blocked days, and a done issue that never started no cycle time', () => {
    expect(flowPropertyOf(facts({ blockedMs: DAY_MS }), asOfMs)).toEqual({ blockedDays: 1, asOfMs });
    const doneMs = Date.UTC(2026, 2, 3, 9);
    expect(flowPropertyOf(without(facts({ doneMs, leadTimeMs: 2 * DAY_MS }), 'blockedMs'), asOfMs)).toEqual({
      leadTimeDays: 2,
      blockedDays: 0,
      asOfMs,
    });
  });

  it('gives an issue without a timeline (no created) blocked days 0 only', () => {
    expect(
      flowPropertyOf(
        {
          key: 'HD-9',
          createdMs: null,
          startMs: null,
          doneMs: null,
          leadTimeMs: null,
          cycleTimeMs: null,
          flowEfficiency: null,
          timeInStatusMs: {},
          warnings: ['missing-created'],
        },
        asOfMs,
      ),
    ).toEqual({ blockedDays: 0, asOfMs });
  });
});
