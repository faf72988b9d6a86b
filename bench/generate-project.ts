/**
 * Deterministic generator of a synthetic Jira project for the engine benchmark.
 *
 * The issues have the exact Jira REST shape the flow engine reads (`/rest/api/3/search/jql` + changelog) and the
 * mess real service desks produce: backward moves, reopenings, self-transitions, Flagged (impediment) on/off,
 * timestamps in mixed UTC offsets written Jira-style (`2024-03-10T09:15:00.000+0100`), histories mostly oldest
 * first but some newest first, unrelated items (assignee, Fix Version) between status changes, and about a fifth
 * of the issues still open.
 *
 * Determinism: every random choice comes from one seeded PRNG (mulberry32), consumed in a fixed order; the
 * generator reads no clock. Same options → byte-identical output.
 *
 * Memory: {@link iterateProject} yields one issue at a time and {@link writeProjectFile} streams them into a JSON
 * array file in chunks, so a 100,000-issue project never exists as one array or one string in the generator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { JiraChangeItem, JiraHistory, JiraIssueInput, WorkflowMapping } from '../src/domain/flow/types';

/** Bump when the generated data changes, so cached files in `bench/out/` are regenerated. */
export const GENERATOR_VERSION = 1;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** All issues are created, and every change happens, within this span after `startMs` (about 3 years). */
export const PROJECT_SPAN_MS = 3 * 365 * DAY_MS;

export interface GenerateProjectOptions {
  /** Number of issues. */
  readonly issues: number;
  /** PRNG seed (any 32-bit integer). */
  readonly seed: number;
  /** Epoch ms of the earliest possible `created`. */
  readonly startMs: number;
}

/** Statistics of a generated project, counted while generating. */
export interface ProjectStats {
  readonly issues: number;
  /** Changelog items with `field: 'status'`, self-transitions included. */
  readonly statusChanges: number;
  readonly selfTransitions: number;
  readonly histories: number;
  /** Issues whose final status is not of the done category. */
  readonly openIssues: number;
  readonly reopenedIssues: number;
  readonly flaggedIssues: number;
  /** Issues whose histories are written newest first. */
  readonly newestFirstIssues: number;
}

/** The exclusive upper bound of every instant in the project generated from `startMs` (epoch ms). */
export function projectEndMs(startMs: number): number {
  return startMs + PROJECT_SPAN_MS;
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow of the synthetic service desk.

type StatusName =
  'Open' | 'In Progress' | 'Waiting for customer' | 'In Review' | 'Resolved' | 'Closed' | 'Reopened';

interface StatusDef {
  readonly id: string;
  readonly name: StatusName;
  readonly categoryKey: 'new' | 'indeterminate' | 'done';
  readonly categoryName: 'To Do' | 'In Progress' | 'Done';
  /** Mean dwell time in the status before the next change (ms), exponential with a heavy-tail mixture. */
  readonly meanDwellMs: number;
}

const STATUSES: Readonly<Record<StatusName, StatusDef>> = {
  Open: { id: '1', name: 'Open', categoryKey: 'new', categoryName: 'To Do', meanDwellMs: 2 * DAY_MS },
  'In Progress': {
    id: '3',
    name: 'In Progress',
    categoryKey: 'indeterminate',
    categoryName: 'In Progress',
    meanDwellMs: 1.5 * DAY_MS,
  },
  'Waiting for customer': {
    id: '10001',
    name: 'Waiting for customer',
    categoryKey: 'indeterminate',
    categoryName: 'In Progress',
    meanDwellMs: 2.5 * DAY_MS,
  },
  'In Review': {
    id: '10002',
    name: 'In Review',
    categoryKey: 'indeterminate',
    categoryName: 'In Progress',
    meanDwellMs: 0.8 * DAY_MS,
  },
  Resolved: { id: '5', name: 'Resolved', categoryKey: 'done', categoryName: 'Done', meanDwellMs: 3 * DAY_MS },
  Closed: { id: '6', name: 'Closed', categoryKey: 'done', categoryName: 'Done', meanDwellMs: 20 * DAY_MS },
  Reopened: {
    id: '4',
    name: 'Reopened',
    categoryKey: 'new',
    categoryName: 'To Do',
    meanDwellMs: 0.5 * DAY_MS,
  },
};

/** `null` ends the walk (the issue stays in a done status). */
type Next = StatusName | null;

/**
 * Transition probabilities. Tuned so the average issue has about 6 status changes: most go
 * Open → In Progress → (Waiting ↔ In Progress)* → In Review → Resolved → Closed, with backward moves from review,
 * back to the backlog, done without start, and reopenings after resolution or closure.
 */
const TRANSITIONS: Readonly<Record<StatusName, readonly (readonly [Next, number])[]>> = {
  Open: [
    ['In Progress', 0.86],
    ['Waiting for customer', 0.04],
    ['Resolved', 0.05],
    ['Closed', 0.05],
  ],
  'In Progress': [
    ['In Review', 0.5],
    ['Waiting for customer', 0.3],
    ['Resolved', 0.12],
    ['Open', 0.08],
  ],
  'Waiting for customer': [
    ['In Progress', 0.8],
    ['Open', 0.04],
    ['Resolved', 0.16],
  ],
  'In Review': [
    ['Resolved', 0.55],
    ['In Progress', 0.4],
    ['Waiting for customer', 0.05],
  ],
  Resolved: [
    ['Closed', 0.72],
    ['Reopened', 0.12],
    [null, 0.16],
  ],
  Closed: [
    ['Reopened', 0.04],
    [null, 0.96],
  ],
  Reopened: [
    ['In Progress', 0.9],
    ['Closed', 0.1],
  ],
};

const ISSUE_TYPES = [
  { id: '10001', name: 'Service Request' },
  { id: '10002', name: 'Incident' },
  { id: '10003', name: 'Task' },
  { id: '10004', name: 'Bug' },
] as const;

const PEOPLE = [
  { id: '5b10a2844c20165700ede21g', name: 'Anna Schmidt' },
  { id: '5b10ac8d82e05b22cc7d4ef5', name: 'Ben Okafor' },
  { id: '5c4f1e2a9b3d7a0012345678', name: 'Chiara Rossi' },
  { id: '5d2e7f8a1c9b4e0012abcdef', name: 'Deniz Yilmaz' },
  { id: '6012ab34cd56ef7890123456', name: 'Emma Larsen' },
] as const;

const FIX_VERSIONS = [
  { id: '10100', name: '2024.1' },
  { id: '10101', name: '2024.2' },
  { id: '10102', name: '2025.1' },
] as const;

/** UTC offsets (minutes) of the people writing histories, with weights: Berlin winter/summer dominates. */
const OFFSETS_MINUTES: readonly (readonly [number, number])[] = [
  [60, 0.35],
  [120, 0.3],
  [-300, 0.12],
  [-240, 0.1],
  [0, 0.08],
  [330, 0.05],
];

/**
 * The workflow mapping of the generator's statuses (FLOW-METRICS.md §2): commitment at In Progress, waiting for
 * the customer and review are waiting stages, Resolved and Closed are done.
 */
export const BENCH_WORKFLOW_MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Open', statuses: ['Open', 'Reopened'], kind: 'backlog' },
    { name: 'In Progress', statuses: ['In Progress'], kind: 'active' },
    { name: 'Waiting', statuses: ['Waiting for customer'], kind: 'waiting' },
    { name: 'Review', statuses: ['In Review'], kind: 'waiting' },
    { name: 'Done', statuses: ['Resolved', 'Closed'], kind: 'done' },
  ],
  startStage: 'In Progress',
  doneStage: 'Done',
};

// ---------------------------------------------------------------------------------------------------------------
// PRNG and helpers.

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickWeighted<T>(rng: () => number, options: readonly (readonly [T, number])[]): T {
  let u = rng();
  for (const [value, weight] of options) {
    u -= weight;
    if (u < 0) return value;
  }
  // Rounding of the weights: the last option takes the remainder.
  const last = options[options.length - 1];
  if (last === undefined) throw new Error('pickWeighted: no options');
  return last[0];
}

function pick<T>(rng: () => number, values: readonly T[]): T {
  const value = values[Math.floor(rng() * values.length)];
  if (value === undefined) throw new Error('pick: no values');
  return value;
}

/** Dwell time: exponential around the mean, one in ten ×6 (the long tail every service desk has), ≥ 1 minute. */
function dwellMs(rng: () => number, meanMs: number): number {
  const exponential = -Math.log(1 - rng()) * meanMs;
  const tail = rng() < 0.1 ? 6 : 1;
  return Math.max(MINUTE_MS, Math.floor(exponential * tail));
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Jira-style timestamp of an instant written in a UTC offset: `2024-03-10T09:15:00.000+0100`. */
export function formatJiraTimestamp(instantMs: number, offsetMinutes: number): string {
  const wallClock = new Date(instantMs + offsetMinutes * MINUTE_MS).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wallClock}${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// One issue.

interface StatusChange {
  readonly atMs: number;
  readonly from: StatusName;
  readonly to: StatusName;
}

interface TimedHistory {
  readonly atMs: number;
  readonly items: JiraChangeItem[];
}

function statusItem(from: StatusName, to: StatusName): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: STATUSES[from].id,
    fromString: from,
    to: STATUSES[to].id,
    toString: to,
  };
}

function isDone(status: StatusName): boolean {
  return STATUSES[status].categoryKey === 'done';
}

/** Random walk through the workflow from Open at `createdMs`, ending in a done status or at `endMs`. */
function walkStatuses(rng: () => number, createdMs: number, endMs: number): StatusChange[] {
  const changes: StatusChange[] = [];
  let status: StatusName = 'Open';
  let atMs = createdMs;
  for (;;) {
    const next: Next = pickWeighted(rng, TRANSITIONS[status]);
    if (next === null) break;
    atMs += dwellMs(rng, STATUSES[status].meanDwellMs);
    if (atMs >= endMs) break;
    // Self-transition: a workflow loop ("Start progress" on an item already in progress) writes from == to.
    if (rng() < 0.03) {
      changes.push({ atMs, from: status, to: status });
      atMs += dwellMs(rng, HOUR_MS);
      if (atMs >= endMs) break;
    }
    changes.push({ atMs, from: status, to: next });
    status = next;
  }
  return changes;
}

/** Cuts the walk after a random change that leaves the issue in a non-done status (an issue still in work). */
function truncateToOpen(rng: () => number, changes: StatusChange[]): StatusChange[] {
  const openPrefixes: number[] = [0];
  changes.forEach((change, index) => {
    if (!isDone(change.to)) openPrefixes.push(index + 1);
  });
  // Prefer the later cut points: open items usually have made some progress.
  const position = Math.floor(Math.sqrt(rng()) * openPrefixes.length);
  const length = openPrefixes[Math.min(position, openPrefixes.length - 1)] ?? 0;
  return changes.slice(0, length);
}

interface MutableStats {
  issues: number;
  statusChanges: number;
  selfTransitions: number;
  histories: number;
  openIssues: number;
  reopenedIssues: number;
  flaggedIssues: number;
  newestFirstIssues: number;
}

function emptyStats(): MutableStats {
  return {
    issues: 0,
    statusChanges: 0,
    selfTransitions: 0,
    histories: 0,
    openIssues: 0,
    reopenedIssues: 0,
    flaggedIssues: 0,
    newestFirstIssues: 0,
  };
}

function generateIssue(
  rng: () => number,
  index: number,
  options: GenerateProjectOptions,
  nextHistoryId: () => number,
  stats: MutableStats,
): JiraIssueInput {
  const endMs = projectEndMs(options.startMs);
  const slotMs = PROJECT_SPAN_MS / options.issues;
  // Keys grow with `created`, as in Jira; jitter within the issue's slot.
  const createdMs = Math.floor(options.startMs + (index + rng()) * slotMs);
  const issueOffset = pickWeighted(rng, OFFSETS_MINUTES);

  let changes = walkStatuses(rng, createdMs, endMs);
  if (rng() < 0.19) changes = truncateToOpen(rng, changes);

  const histories: TimedHistory[] = [];
  const assignee = pick(rng, PEOPLE);
  for (const change of changes) {
    const items: JiraChangeItem[] = [statusItem(change.from, change.to)];
    // Taking an item into work often assigns it in the same history, sometimes written before the status item.
    if (change.to === 'In Progress' && change.from !== 'In Progress' && rng() < 0.35) {
      const person = pick(rng, PEOPLE);
      const assigneeItem: JiraChangeItem = {
        field: 'assignee',
        fieldtype: 'jira',
        fieldId: 'assignee',
        from: null,
        fromString: null,
        to: person.id,
        toString: person.name,
      };
      if (rng() < 0.5) items.unshift(assigneeItem);
      else items.push(assigneeItem);
    }
    histories.push({ atMs: change.atMs, items });
  }

  const lastChangeMs = changes.length > 0 ? (changes[changes.length - 1]?.atMs ?? createdMs) : createdMs;

  // Unrelated histories: reassignments and Fix Version changes anywhere in the issue's life.
  const unrelated = Math.floor(rng() * 3);
  for (let k = 0; k < unrelated; k += 1) {
    const atMs = Math.min(
      endMs - 1,
      createdMs + Math.floor(rng() * (lastChangeMs - createdMs + 2 * HOUR_MS)),
    );
    if (rng() < 0.6) {
      const person = pick(rng, PEOPLE);
      histories.push({
        atMs,
        items: [
          {
            field: 'assignee',
            fieldtype: 'jira',
            fieldId: 'assignee',
            from: assignee.id,
            fromString: assignee.name,
            to: person.id,
            toString: person.name,
          },
        ],
      });
    } else {
      const version = pick(rng, FIX_VERSIONS);
      histories.push({
        atMs,
        items: [
          {
            field: 'Fix Version',
            fieldtype: 'jira',
            fieldId: 'fixVersions',
            from: null,
            fromString: null,
            to: version.id,
            toString: version.name,
          },
        ],
      });
    }
  }

  // Flagged: an impediment raised while the item sits in a work or waiting status, mostly cleared later.
  const flagCandidates = changes
    .map((change, k) => ({ change, k }))
    .filter(({ change }) => change.to === 'In Progress' || change.to === 'Waiting for customer');
  if (flagCandidates.length > 0 && rng() < 0.12) {
    const { change, k } = pick(rng, flagCandidates);
    const stayEndMs = changes[k + 1]?.atMs ?? endMs - 1;
    const onMs = change.atMs + 1 + Math.floor(rng() * 0.5 * (stayEndMs - change.atMs - 1));
    histories.push({
      atMs: onMs,
      items: [
        {
          field: 'Flagged',
          fieldtype: 'custom',
          fieldId: 'customfield_10021',
          from: null,
          fromString: null,
          to: '[10019]',
          toString: 'Impediment',
        },
      ],
    });
    // Some impediments outlive the stay (cleared after the next move), a few are never cleared.
    const clearRoll = rng();
    if (clearRoll < 0.95) {
      const offMs = Math.min(
        endMs - 1,
        onMs + 1 + Math.floor(rng() * (stayEndMs - onMs) * (clearRoll < 0.8 ? 1 : 2)),
      );
      histories.push({
        atMs: offMs,
        items: [
          {
            field: 'Flagged',
            fieldtype: 'custom',
            fieldId: 'customfield_10021',
            from: '[10019]',
            fromString: 'Impediment',
            to: null,
            // Jira writes both forms for a cleared flag.
            toString: rng() < 0.5 ? '' : null,
          },
        ],
      });
    }
    stats.flaggedIssues += 1;
  }

  // Stable sort: a status change and an unrelated change at the same instant keep their generated order.
  histories.sort((a, b) => a.atMs - b.atMs);
  const jiraHistories: JiraHistory[] = histories.map((h) => ({
    id: String(nextHistoryId()),
    // Each author writes in their own offset; the issue's reporter zone dominates.
    created: formatJiraTimestamp(h.atMs, rng() < 0.6 ? issueOffset : pickWeighted(rng, OFFSETS_MINUTES)),
    items: h.items,
  }));
  // `expand=changelog` returns newest first; bulkfetch oldest first. Both occur in exports.
  if (rng() < 0.1) {
    jiraHistories.reverse();
    stats.newestFirstIssues += 1;
  }

  const finalStatus = STATUSES[changes.length > 0 ? (changes[changes.length - 1]?.to ?? 'Open') : 'Open'];
  // resolutiondate: the beginning of the final uninterrupted stay in done statuses.
  let resolutionMs: number | null = null;
  if (finalStatus.categoryKey === 'done') {
    // Walk back over moves between done statuses (Resolved → Closed, self-transitions) to the entry into done.
    let k = changes.length - 1;
    while (k > 0 && isDone(changes[k]?.from ?? 'Open')) k -= 1;
    resolutionMs = changes[k]?.atMs ?? createdMs;
  } else {
    stats.openIssues += 1;
  }
  if (changes.some((c) => c.to === 'Reopened')) stats.reopenedIssues += 1;
  stats.selfTransitions += changes.filter((c) => c.from === c.to).length;

  stats.issues += 1;
  stats.statusChanges += changes.length;
  stats.histories += jiraHistories.length;

  const issueType = pickWeighted<(typeof ISSUE_TYPES)[number]>(rng, [
    [ISSUE_TYPES[0], 0.45],
    [ISSUE_TYPES[1], 0.3],
    [ISSUE_TYPES[2], 0.15],
    [ISSUE_TYPES[3], 0.1],
  ]);
  const numericId = 100_000 + index;
  return {
    key: `SD-${index + 1}`,
    id: String(numericId),
    fields: {
      summary: `Synthetic request ${index + 1}`,
      created: formatJiraTimestamp(createdMs, issueOffset),
      status: {
        id: finalStatus.id,
        name: finalStatus.name,
        statusCategory: { key: finalStatus.categoryKey, name: finalStatus.categoryName },
      },
      issuetype: { id: issueType.id, name: issueType.name },
      resolutiondate: resolutionMs === null ? null : formatJiraTimestamp(resolutionMs, issueOffset),
    },
    changelog: { histories: jiraHistories },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API.

/**
 * Yields the issues of the project one at a time (deterministic for the options), then returns the statistics.
 *
 * @example for (const issue of iterateProject({ issues: 10, seed: 1, startMs: Date.UTC(2022, 0, 3) })) { … }
 */
export function* iterateProject(options: GenerateProjectOptions): Generator<JiraIssueInput, ProjectStats> {
  if (!Number.isInteger(options.issues) || options.issues < 1) {
    throw new Error(`issues must be a positive integer, got ${options.issues}`);
  }
  const rng = mulberry32(options.seed);
  const stats = emptyStats();
  let historyId = 1_000_000;
  const nextHistoryId = (): number => {
    historyId += 1;
    return historyId;
  };
  for (let index = 0; index < options.issues; index += 1) {
    yield generateIssue(rng, index, options, nextHistoryId, stats);
  }
  return { ...stats };
}

/**
 * Generates the whole project as an array (for tests and small sizes; use {@link writeProjectFile} for 100k).
 *
 * @example generateProject({ issues: 1000, seed: 42, startMs: Date.UTC(2022, 0, 3) }).length === 1000
 */
export function generateProject(options: GenerateProjectOptions): JiraIssueInput[] {
  const issues: JiraIssueInput[] = [];
  const iterator = iterateProject(options);
  for (let step = iterator.next(); step.done !== true; step = iterator.next()) issues.push(step.value);
  return issues;
}

/** Bytes buffered before each write: large enough for few syscalls, small enough to stay memory-light. */
const WRITE_CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * Streams the project into `filePath` as one JSON array (compact, one issue per line), writing to a temporary
 * file first and renaming it, so an interrupted run never leaves a truncated file that a later run would reuse.
 *
 * @returns the statistics of the generated project and the file size in bytes.
 */
export function writeProjectFile(
  filePath: string,
  options: GenerateProjectOptions,
): ProjectStats & { readonly bytes: number } {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const tmpPath = `${filePath}.tmp-${process.pid}`;
  const fd = fs.openSync(tmpPath, 'w');
  let bytes = 0;
  let stats: ProjectStats = emptyStats();
  try {
    let buffer = '[\n';
    let first = true;
    const iterator = iterateProject(options);
    for (let step = iterator.next(); ; step = iterator.next()) {
      if (step.done === true) {
        stats = step.value;
        break;
      }
      buffer += (first ? '' : ',\n') + JSON.stringify(step.value);
      first = false;
      if (buffer.length >= WRITE_CHUNK_CHARS) {
        bytes += fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    buffer += '\n]\n';
    bytes += fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmpPath, filePath);
  return { ...stats, bytes };
}
