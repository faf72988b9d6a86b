/**
 * The central property of issue 13's flow facts: the engine gives the same per-issue facts and aggregates
 * (canonical mode) for issues rebuilt from stored facts (`jiraIssueOfFacts(decodeFacts(encodeFacts(
 * factsOfJiraIssue(issue))), names)`) as for the issues read from Jira — on random issues (fast-check) and on the
 * help desk sample the preview serves. Also: the project view is the same with the stored (cut) summaries.
 */
import fc from 'fast-check';

import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../../dev/sample-data/generate';
import { FLAGGED_FIELD_ID } from '../../../dev/sample-data/issue-builder';
import { flowHistoryOf } from '../../../src/application/load-flow-issues';
import { createFlowAccumulator } from '../../../src/domain/flow/engine';
import {
  decodeFacts,
  encodeFacts,
  FACTS_SUMMARY_MAX_CHARS,
  factsOfJiraIssue,
  jiraIssueOfFacts,
  mergeFactsNames,
  namesOfJiraIssue,
} from '../../../src/domain/flow/issue-facts';
import type { FactsNames, IssueFactsRecord } from '../../../src/domain/flow/issue-facts';
import { buildProjectFlowView, MAX_SUMMARY_CHARS } from '../../../src/domain/flow/project-view';
import type {
  FlowFacts,
  FlowOptions,
  JiraChangeItem,
  JiraHistory,
  JiraIssueInput,
  JiraStatusRef,
  WorkflowMapping,
} from '../../../src/domain/flow/types';
import { NOW_MS, projectIssues, toEngineInput } from '../../sample-data/support';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Records of the issues through their stored form (JSON), and the names dictionary the store would hold. */
function throughFacts(issues: readonly JiraIssueInput[]): {
  records: IssueFactsRecord[];
  names: FactsNames;
} {
  let names: FactsNames = { statuses: {}, types: {} };
  const records = issues.map((issue) => {
    names = mergeFactsNames(names, namesOfJiraIssue(issue));
    const record = factsOfJiraIssue(issue);
    if (record === null) throw new Error(`no facts for ${issue.key ?? '?'}`);
    const decoded = decodeFacts(JSON.parse(JSON.stringify(encodeFacts(record))));
    if (decoded === null) throw new Error(`stored facts of ${issue.key ?? '?'} do not decode`);
    return decoded;
  });
  return { records, names };
}

function engineFacts(
  issues: readonly JiraIssueInput[],
  options: FlowOptions,
  known: readonly JiraStatusRef[] | null,
): FlowFacts {
  const accumulator = createFlowAccumulator(options);
  if (known !== null) accumulator.addKnownStatuses(known);
  for (const issue of issues) accumulator.add(issue);
  return accumulator.finishFacts();
}

function rebuilt(issues: readonly JiraIssueInput[]): JiraIssueInput[] {
  const { records, names } = throughFacts(issues);
  return records.map((record) => jiraIssueOfFacts(record, names));
}

// ---------------------------------------------------------------------------------------------------------------
// Random issues

interface PoolStatus {
  readonly id: string | null;
  readonly name: string;
  readonly category: string | null;
}

/**
 * Statuses as a site shows them: ids with one name each (two of them equal but for case, one per workflow, as the
 * engine merges them by name), and statuses of old exports without ids (one spelled like an id'd status).
 */
const POOL: readonly PoolStatus[] = [
  { id: '1', name: 'Open', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10000', name: 'Review', category: 'indeterminate' },
  { id: '10001', name: 'Waiting for customer', category: 'indeterminate' },
  { id: '10002', name: 'Done', category: 'done' },
  { id: '10003', name: 'Closed', category: 'done' },
  { id: '10010', name: 'in progress', category: 'indeterminate' },
  { id: '10011', name: 'Backlog', category: 'new' },
  { id: null, name: 'Limbo', category: null },
  { id: null, name: 'DONE', category: null },
];
const TYPES: readonly ({ readonly id?: string; readonly name: string } | undefined)[] = [
  { id: '10100', name: 'Bug' },
  { id: '10101', name: 'Task' },
  { name: 'Story' },
  undefined,
];
const OFFSETS_MIN = [0, 60, 120, -300, 330] as const;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York'] as const;
const BASE_MS = Date.UTC(2024, 2, 28);

/** An explicit mapping by names and ids; `In Progress` only by the id of one of its two spellings. */
const MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Backlog', statuses: ['Open', 'Backlog', 'Limbo'], kind: 'backlog' },
    { name: 'Doing', statuses: ['3', 'review'], kind: 'active' },
    { name: 'Waiting', statuses: ['Waiting for customer'], kind: 'waiting' },
    { name: 'Done', statuses: ['Done', '10003'], kind: 'done' },
  ],
  startStage: 'Doing',
  doneStage: 'Done',
};

function jiraTimestamp(instantMs: number, offsetMin: number): string {
  const wall = new Date(instantMs + offsetMin * MINUTE_MS).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${offsetMin < 0 ? '-' : '+'}${hh}${mm}`;
}

const statusAt = (index: number): PoolStatus =>
  POOL[index % POOL.length] ?? { id: null, name: 'X', category: null };

interface GeneratedChange {
  readonly deltaMin: number;
  readonly ms: number;
  readonly offset: number;
  readonly to: number;
  /** How the item names where it came from: as Jira does, not at all, or a status it was not in. */
  readonly from: 'chain' | 'missing' | number;
  readonly noTargetName: boolean;
  /** A Flagged item in the same history (Jira writes both when a transition screen sets the flag). */
  readonly flagInHistory: 'Impediment' | '' | null;
  /** An item the engine does not read (assignee) before the status item. */
  readonly otherItem: boolean;
  /** The Flagged item before the status item. */
  readonly flagFirst: boolean;
  /** A second status change in the same history (old exports), to this status. */
  readonly then: number | null;
}

interface GeneratedIssue {
  readonly createdMin: number;
  readonly createdMs: number;
  readonly offset: number;
  readonly initial: number;
  readonly changes: readonly GeneratedChange[];
  readonly flags: readonly { readonly minutes: number; readonly value: string | null }[];
  /** -1: the current status is the replay's; otherwise another one (Jira's status beats a broken changelog). */
  readonly current: number;
  readonly withCategory: boolean;
  readonly type: number;
  readonly reversed: boolean;
}

const issueArb: fc.Arbitrary<GeneratedIssue> = fc.record({
  createdMin: fc.integer({ min: 0, max: 5 * 24 * 60 }),
  createdMs: fc.integer({ min: 0, max: 999 }),
  offset: fc.integer({ min: 0, max: OFFSETS_MIN.length - 1 }),
  initial: fc.nat(POOL.length - 1),
  changes: fc.array(
    fc.record({
      // 0 gives equal instants, negatives changes out of order and before created.
      deltaMin: fc.oneof(fc.constant(0), fc.integer({ min: -120, max: 3 * 24 * 60 })),
      ms: fc.integer({ min: 0, max: 999 }),
      offset: fc.integer({ min: 0, max: OFFSETS_MIN.length - 1 }),
      to: fc.nat(POOL.length - 1),
      from: fc.oneof(
        { weight: 6, arbitrary: fc.constant('chain' as const) },
        { weight: 1, arbitrary: fc.constant('missing' as const) },
        { weight: 1, arbitrary: fc.nat(POOL.length - 1) },
      ),
      noTargetName: fc.oneof(
        { weight: 5, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      flagInHistory: fc.constantFrom('Impediment' as const, '' as const, null, null, null),
      otherItem: fc.boolean(),
      flagFirst: fc.boolean(),
      then: fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.nat(POOL.length - 1) },
      ),
    }),
    { maxLength: 8 },
  ),
  flags: fc.array(
    fc.record({
      minutes: fc.integer({ min: -60, max: 10 * 24 * 60 }),
      value: fc.constantFrom('Impediment', '', ' ', null),
    }),
    { maxLength: 4 },
  ),
  current: fc.oneof(
    { weight: 4, arbitrary: fc.constant(-1) },
    { weight: 1, arbitrary: fc.nat(POOL.length - 1) },
  ),
  withCategory: fc.boolean(),
  type: fc.nat(TYPES.length - 1),
  reversed: fc.boolean(),
});

function statusItemOf(from: PoolStatus | null, to: PoolStatus, noTargetName: boolean): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: from?.id ?? null,
    fromString: from?.name ?? null,
    to: to.id,
    toString: noTargetName ? null : to.name,
  };
}

function toJiraIssue(g: GeneratedIssue, index: number): JiraIssueInput {
  const createdMs = BASE_MS + g.createdMin * MINUTE_MS + g.createdMs;
  const offsetOf = (o: number): number => OFFSETS_MIN[o] ?? 0;
  let atMs = createdMs;
  let current = statusAt(g.initial);
  const histories: JiraHistory[] = g.changes.map((c, i) => {
    atMs += c.deltaMin * MINUTE_MS + c.ms;
    const to = statusAt(c.to);
    const from = c.from === 'chain' ? current : c.from === 'missing' ? null : statusAt(c.from);
    const items: JiraChangeItem[] = [];
    const flag: JiraChangeItem[] =
      c.flagInHistory === null ? [] : [{ field: 'Flagged', toString: c.flagInHistory }];
    if (c.otherItem) items.push({ field: 'assignee', fieldId: 'assignee', toString: 'Anna' });
    if (c.flagFirst) items.push(...flag);
    items.push(statusItemOf(from, to, c.noTargetName));
    if (!c.noTargetName) current = to;
    if (c.then !== null) {
      items.push(statusItemOf(current, statusAt(c.then), false));
      current = statusAt(c.then);
    }
    if (!c.flagFirst) items.push(...flag);
    return { id: `${index}-${i}`, created: jiraTimestamp(atMs, offsetOf(c.offset)), items };
  });
  g.flags.forEach((flag, i) => {
    histories.push({
      id: `${index}-f${i}`,
      created: jiraTimestamp(createdMs + flag.minutes * MINUTE_MS, offsetOf(g.offset)),
      items: [{ field: 'Flagged', fieldtype: 'custom', toString: flag.value }],
    });
  });
  if (g.reversed) histories.reverse();
  const status = g.current < 0 ? current : statusAt(g.current);
  const type = TYPES[g.type];
  return {
    id: String(20_000 + index),
    key: `P-${index + 1}`,
    fields: {
      created: jiraTimestamp(createdMs, offsetOf(g.offset)),
      updated: jiraTimestamp(atMs + DAY_MS, 0),
      project: { id: '10000' },
      status: {
        ...(status.id === null ? {} : { id: status.id }),
        name: status.name,
        ...(g.withCategory && status.category !== null ? { statusCategory: { key: status.category } } : {}),
      },
      ...(type === undefined ? {} : { issuetype: type }),
      resolutiondate: null,
      summary: `Issue ${index}`,
    },
    changelog: { histories },
  };
}

interface Scenario {
  readonly issues: readonly JiraIssueInput[];
  readonly options: FlowOptions;
  readonly known: readonly JiraStatusRef[] | null;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    generated: fc.array(issueArb, { minLength: 1, maxLength: 8 }),
    // Often before some changes and some issues' created.
    asOfMin: fc.integer({ min: 2 * 24 * 60, max: 14 * 24 * 60 }),
    timeZone: fc.constantFrom(...ZONES),
    startPolicy: fc.constantFrom('first' as const, 'last' as const),
    explicit: fc.boolean(),
    known: fc.option(fc.subarray(POOL.filter((s) => s.id !== null))),
  })
  .map(({ generated, asOfMin, timeZone, startPolicy, explicit, known }) => ({
    issues: generated.map(toJiraIssue),
    options: {
      mode: 'canonical' as const,
      timeZone,
      startPolicy,
      asOfMs: BASE_MS + asOfMin * MINUTE_MS,
      ...(explicit ? { mapping: MAPPING } : {}),
    },
    known:
      known === null
        ? null
        : known.map((s) => ({
            id: s.id ?? '',
            name: s.name,
            statusCategory: { key: s.category ?? 'new' },
          })),
  }));

describe('flow facts give the engine the same facts as Jira (canonical mode)', () => {
  it('for random issues: ids and names, equal instants, changes before created and after asOf, flags', () => {
    fc.assert(
      fc.property(scenarioArb, ({ issues, options, known }) => {
        expect(engineFacts(rebuilt(issues), options, known)).toEqual(engineFacts(issues, options, known));
        // A rebuilt issue has the very facts it was rebuilt from (reading facts back changes nothing).
        const { records, names } = throughFacts(issues);
        for (const record of records)
          expect(factsOfJiraIssue(jiraIssueOfFacts(record, names))).toEqual(record);
      }),
      { numRuns: 200 },
    );
  });

  it('for the help desk sample the preview serves (saved mapping, and default mapping over its workflow)', () => {
    const seed = generateSampleSeed({ now: NOW_MS });
    const project = seed.projects.find((p) => p.key === 'HD');
    if (project === undefined) throw new Error('no HD project');
    // As loadFlowIssues delivers them: the flow changelog only, with project and updated.
    const issues = projectIssues(seed, 'HD').map((seedIssue): JiraIssueInput => {
      const input = toEngineInput(seed, seedIssue);
      return {
        ...input,
        fields: { ...input.fields, project: { id: seedIssue.projectId }, updated: seedIssue.updated },
        changelog: {
          histories: (input.changelog?.histories ?? []).flatMap(
            (history) => flowHistoryOf(history, FLAGGED_FIELD_ID) ?? [],
          ),
        },
      };
    });
    expect(issues.length).toBeGreaterThan(500);
    expect(
      issues.some((issue) => issue.changelog?.histories?.some((h) => h.items?.[0]?.field === 'Flagged')),
    ).toBe(true);
    const workflow: JiraStatusRef[] = seed.statuses
      .filter((s) => project.statusIds.includes(s.id))
      .map((s) => ({ id: s.id, name: s.name, statusCategory: { key: s.categoryKey } }));
    const fromFacts = rebuilt(issues);
    for (const asOfMs of [NOW_MS, NOW_MS - 45 * DAY_MS]) {
      const base = {
        mode: 'canonical' as const,
        timeZone: SAMPLE_TIME_ZONE,
        startPolicy: 'first' as const,
        asOfMs,
      };
      const saved = { ...base, mapping: HD_WORKFLOW_MAPPING };
      const original = engineFacts(issues, saved, null);
      expect(original.summary.cycleTime.count).toBeGreaterThan(100);
      expect(engineFacts(fromFacts, saved, null)).toEqual(original);
      expect(engineFacts(fromFacts, base, workflow)).toEqual(engineFacts(issues, base, workflow));
    }
    // The stored form stays within the store's plan: on average at most 150 bytes an issue without its summary.
    const { records } = throughFacts(issues);
    const bytes = records.reduce(
      (sum, record) => sum + JSON.stringify(encodeFacts({ ...record, summary: '' })).length,
      0,
    );
    expect(bytes / records.length).toBeLessThanOrEqual(150);
  });

  it('gives the project view the same rows although stored summaries are cut', () => {
    // The view cuts summaries shorter than the store, so a stored summary shows as the full one would.
    expect(FACTS_SUMMARY_MAX_CHARS).toBeGreaterThanOrEqual(MAX_SUMMARY_CHARS);
    const seed = generateSampleSeed({ now: NOW_MS });
    const issues = projectIssues(seed, 'HD')
      .slice(0, 300)
      .map((seedIssue, i): JiraIssueInput => {
        const input = toEngineInput(seed, seedIssue);
        const long = `${seedIssue.summary} — ${'Details '.repeat(i % 30)}`;
        return { ...input, fields: { ...input.fields, project: { id: seedIssue.projectId }, summary: long } };
      });
    const options: FlowOptions = {
      mode: 'canonical',
      timeZone: SAMPLE_TIME_ZONE,
      startPolicy: 'first',
      asOfMs: NOW_MS,
      mapping: HD_WORKFLOW_MAPPING,
    };
    const { records, names } = throughFacts(issues);
    const viewOf = (facts: FlowFacts, summaries: ReadonlyMap<string, string>): unknown =>
      buildProjectFlowView({
        facts,
        projectKey: 'HD',
        from: '2025-12-01',
        to: '2026-03-02',
        percentiles: [50, 85, 95],
        calendar: { timeZone: SAMPLE_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
        windowDays: 90,
        summaries,
        issueTypes: [],
        jql: null,
        mappingVersion: 1,
        mappingDerived: false,
        computedAtMs: NOW_MS,
      });
    const fromJira = viewOf(
      engineFacts(issues, options, null),
      new Map(issues.map((issue) => [issue.key ?? '', issue.fields?.summary ?? ''])),
    );
    const fromFacts = viewOf(
      engineFacts(
        records.map((record) => jiraIssueOfFacts(record, names)),
        options,
        null,
      ),
      new Map(records.map((record) => [record.key, record.summary])),
    );
    expect(records.some((record) => record.summary.length === FACTS_SUMMARY_MAX_CHARS)).toBe(true);
    expect(fromFacts).toEqual(fromJira);
  });
});
