/**
 * The CSI register (PR14.3 "implementation of actions for improvement controlled in a consistent manner"): the
 * improvements ranked, which are overdue or stuck, how long each has been in its status, the flow of
 * improvements through the CSI workflow (flow engine) and the capability evidence. Pure: the instant of the
 * computation and the time zone are passed in.
 */
import type {
  CsiFlowView,
  CsiLoopView,
  CsiPersonView,
  CsiRegisterItemView,
  CsiCapabilityView,
} from './views';
import { effectCheckSchedule, enteredVerifyingOn, type EffectCheckConfig } from '../feedback/effect-check';
import type { EffectVerdict } from '../flow/effect';
import { localDayNumber } from '../flow/calendar';
import { computeFlowReport } from '../flow/engine';
import { percentile, sortNumbers } from '../flow/percentiles';
import { parseJiraInstant, toIsoUtc } from '../flow/timestamps';
import type { JiraHistory, JiraIssueInput, WorkflowMapping } from '../flow/types';
import { assessCsiCapability } from './capability';
import type { CsiRecord } from './record-types';
import type { CsiLanguage } from './transition-rules';
import { CSI_STATUSES, csiStatusKeyOfName, type CsiStatusKey } from './workflow';

/** Days without a status change after which an open improvement counts as stuck, unless the caller says. */
export const DEFAULT_CSI_STUCK_AFTER_DAYS = 30;

const MS_PER_DAY = 86_400_000;

/** One CSI issue as the register reads it. */
export interface CsiRegisterIssue {
  readonly issueKey: string;
  readonly issueId: string;
  readonly summary: string;
  readonly statusName: string;
  /** Jira status category key (`new`, `indeterminate`, `done`); null when unknown. */
  readonly statusCategoryKey: string | null;
  /** Jira instants (`2026-03-02T08:15:00.000+0100`). */
  readonly created: string;
  readonly updated: string;
  readonly record: CsiRecord;
  /** The issue's changelog histories (at least its status changes), any order. */
  readonly histories: readonly JiraHistory[];
  /** Issues linked to it in Jira (for the "with actions" evidence); the record's feedback keys count anyway. */
  readonly linkedIssueCount: number;
  /** The issue property does not mirror the stored record (see `record-mirror.ts`); absent: it does. */
  readonly mirrorMismatch?: boolean;
  /** Feedback issues told at Closed (replies recorded as told); absent: none. */
  readonly toldAtClosed?: number;
  /** The improvement's effect check as stored; absent: none configured and none ran. */
  readonly effectCheck?: CsiRegisterEffectCheck;
}

/** What the register needs of an improvement's effect check. */
export interface CsiRegisterEffectCheck {
  /** The configuration in force; null: removed (or never saved). */
  readonly config: EffectCheckConfig | null;
  /** The verdict of the run for the current configuration version; null: none ran for it. */
  readonly currentVerdict: EffectVerdict | null;
  /** Some run (of any configuration version) reached a verdict other than `insufficient-data`. */
  readonly anyVerdict: boolean;
}

/**
 * The loop of one improvement (issue 11): feedback issues the record lists, a decision recorded, Closed reached,
 * feedback issues told at Closed, and the effect check — `none` without a configuration, the verdict of the run
 * for the current configuration, else `due` in Verifying from entered-Verifying day + N (local days of
 * `timeZone`), `waiting` before that or while the improvement has not reached Verifying.
 */
export function csiLoopOf(
  issue: Pick<CsiRegisterIssue, 'record' | 'histories' | 'toldAtClosed' | 'effectCheck'>,
  statusKey: CsiStatusKey | null,
  asOfMs: number,
  timeZone: string,
  today: string,
): CsiLoopView {
  const { record } = issue;
  const check = issue.effectCheck;
  let effect: CsiLoopView['effect'] = 'none';
  if (check !== undefined && check.config !== null) {
    if (check.currentVerdict !== null) effect = check.currentVerdict;
    else {
      const schedule = effectCheckSchedule({
        config: check.config,
        verifyingNow: statusKey === 'verifying',
        enteredVerifyingOn: enteredVerifyingOn(issue.histories, timeZone, asOfMs),
        checkedForCurrentConfig: false,
        today,
      });
      effect = schedule.state === 'due' ? 'due' : 'waiting';
    }
  }
  return {
    feedbackIn: record.feedbackIssueKeys.length,
    decided: record.decision !== null,
    done: statusKey === 'closed',
    told: issue.toldAtClosed ?? 0,
    effect,
  };
}

export interface CsiRegisterOptions {
  /** Instant of the computation, epoch ms. */
  readonly asOfMs: number;
  /** IANA time zone whose calendar days decide "today", overdue and days in status. */
  readonly timeZone: string;
  /** Days without a status change after which an open item is stuck (default {@link DEFAULT_CSI_STUCK_AFTER_DAYS}). */
  readonly stuckAfterDays?: number;
  /** Display names by account id (the items' owners; ids without a name show as the id). */
  readonly people: ReadonlyMap<string, string>;
  /** Language of status names the data does not show (flow counts of statuses no item is in). */
  readonly language: CsiLanguage;
  /** This year's internal audit findings and how many became improvements (capability evidence); absent: none. */
  readonly auditFindings?: { readonly registered: number; readonly total: number };
}

export interface CsiRegisterComputation {
  readonly items: readonly CsiRegisterItemView[];
  readonly capability: CsiCapabilityView;
  readonly flow: CsiFlowView;
}

/** Whether a CSI status ends the improvement (closed, rejected, deferred: Jira category Done). */
function isFinishedStatusKey(key: CsiStatusKey): boolean {
  return CSI_STATUSES.find((s) => s.key === key)?.category === 'DONE';
}

/** Open = status category not done (by Jira's category; by the CSI status when the category is unknown). */
function isOpen(issue: CsiRegisterIssue, statusKey: CsiStatusKey | null): boolean {
  if (issue.statusCategoryKey !== null) return issue.statusCategoryKey !== 'done';
  return statusKey === null || !isFinishedStatusKey(statusKey);
}

function isStatusItem(item: { readonly field?: string | null; readonly fieldId?: string | null }): boolean {
  return item.fieldId === 'status' || (item.fieldId == null && item.field === 'status');
}

/** Instant of the last status change at or before `asOfMs`; the creation when there is none. */
export function lastStatusChangeMs(
  histories: readonly JiraHistory[],
  createdMs: number,
  asOfMs: number,
): number {
  let last = createdMs;
  for (const history of histories) {
    if (!(history.items ?? []).some(isStatusItem)) continue;
    const at = parseJiraInstant(history.created);
    if (at !== null && at <= asOfMs && at > last) last = at;
  }
  return last;
}

function isoOf(jiraInstant: string): string {
  const ms = parseJiraInstant(jiraInstant);
  return ms === null ? jiraInstant : toIsoUtc(ms);
}

/**
 * Whether an open improvement is overdue: its target date or its next review date lies before today (calendar
 * days in the register's time zone; due today is not overdue).
 */
export function isOverdue(record: CsiRecord, open: boolean, today: string): boolean {
  if (!open) return false;
  if (record.target !== null && record.target.targetDate < today) return true;
  return record.nextReviewOn !== null && record.nextReviewOn < today;
}

/**
 * Every account id the records name (owner, evaluator, decider, last editor), each once, in order of first
 * appearance: whose display names the register needs.
 */
export function csiRecordAccountIds(records: readonly CsiRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    for (const id of [
      record.ownerAccountId,
      record.evaluation?.evaluatedByAccountId,
      record.decision?.deciderAccountId,
      record.updatedByAccountId,
    ]) {
      if (typeof id === 'string' && id !== '') ids.add(id);
    }
  }
  return [...ids];
}

function person(accountId: string | null, people: ReadonlyMap<string, string>): CsiPersonView | null {
  if (accountId === null) return null;
  return { accountId, displayName: people.get(accountId) ?? accountId };
}

/**
 * The register order: open items by score, highest first (unevaluated last; ties: raised earlier first, then
 * key), then finished items by their last update, newest first (ties: key).
 */
export function compareRegisterItems(
  a: CsiRegisterItemView & { readonly open: boolean },
  b: CsiRegisterItemView & { readonly open: boolean },
): number {
  if (a.open !== b.open) return a.open ? -1 : 1;
  if (a.open) {
    if (a.score !== b.score) {
      if (a.score === null) return 1;
      if (b.score === null) return -1;
      return b.score - a.score;
    }
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  } else if (a.updatedAt !== b.updatedAt) {
    return a.updatedAt < b.updatedAt ? 1 : -1;
  }
  return compareKeys(a.issueKey, b.issueKey);
}

/** `CSI-2` before `CSI-10`. */
function compareKeys(a: string, b: string): number {
  const [pa = '', na = '0'] = a.split('-');
  const [pb = '', nb = '0'] = b.split('-');
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
}

/**
 * The flow engine's mapping of the CSI workflow: one stage per CSI status (German and English names), the
 * commitment point at "Approved", done = "Closed" or "Rejected" (lead time = created → closed/rejected).
 * "Deferred" is a waiting stage: a deferred improvement is parked, not finished, for the lead time.
 */
export const CSI_FLOW_MAPPING: WorkflowMapping = {
  stages: [
    ...CSI_STATUSES.filter((s) => s.key !== 'closed' && s.key !== 'rejected').map((s) => ({
      name: s.key,
      statuses: [s.names.de, s.names.en],
      kind:
        s.key === 'identified' || s.key === 'assessed'
          ? ('backlog' as const)
          : s.key === 'deferred'
            ? ('waiting' as const)
            : ('active' as const),
    })),
    {
      name: 'finished',
      statuses: CSI_STATUSES.filter((s) => s.key === 'closed' || s.key === 'rejected').flatMap((s) => [
        s.names.de,
        s.names.en,
      ]),
      kind: 'done' as const,
    },
  ],
  startStage: 'approved',
  doneStage: 'finished',
};

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The flow of improvements: items per CSI status now, lead time percentiles 50/85 (days, one decimal) over items
 * closed or rejected, and the average days per status over the items that spent time in it (final stays in
 * Closed/Rejected not counted; open items count up to `asOfMs`). Uses the flow engine with {@link CSI_FLOW_MAPPING}.
 */
export function computeCsiFlow(
  issues: readonly CsiRegisterIssue[],
  asOfMs: number,
  timeZone: string,
  language: CsiLanguage,
): CsiFlowView {
  const input: JiraIssueInput[] = issues.map((issue) => ({
    key: issue.issueKey,
    id: issue.issueId,
    fields: {
      created: issue.created,
      status: {
        name: issue.statusName,
        ...(issue.statusCategoryKey === null ? {} : { statusCategory: { key: issue.statusCategoryKey } }),
      },
    },
    changelog: { histories: issue.histories },
  }));
  const report = computeFlowReport(input, {
    mode: 'canonical',
    startPolicy: 'first',
    mapping: CSI_FLOW_MAPPING,
    timeZone,
    asOfMs,
  });

  const names = new Map<CsiStatusKey, string>();
  const counts = new Map<CsiStatusKey, number>();
  for (const issue of issues) {
    const key = csiStatusKeyOfName(issue.statusName);
    if (key === null) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!names.has(key)) names.set(key, issue.statusName);
  }
  const leadDays: number[] = [];
  const timeIn = new Map<CsiStatusKey, { ms: number; items: number }>();
  for (const row of report.issues) {
    if (row.leadTimeMs !== null) leadDays.push(row.leadTimeMs / MS_PER_DAY);
    for (const [statusName, ms] of Object.entries(row.timeInStatusMs)) {
      const key = csiStatusKeyOfName(statusName);
      if (key === null) continue;
      const entry = timeIn.get(key) ?? { ms: 0, items: 0 };
      entry.ms += ms;
      entry.items++;
      timeIn.set(key, entry);
    }
  }
  const sorted = sortNumbers(leadDays);
  const p50 = percentile(sorted, 50);
  const p85 = percentile(sorted, 85);
  return {
    byStatus: CSI_STATUSES.map((s) => ({
      statusKey: s.key,
      statusName: names.get(s.key) ?? s.names[language],
      count: counts.get(s.key) ?? 0,
    })),
    leadTimeDays:
      p50 === null || p85 === null
        ? null
        : { p50: roundTenth(p50), p85: roundTenth(p85), count: sorted.length },
    avgDaysInStatus: CSI_STATUSES.flatMap((s) => {
      const entry = timeIn.get(s.key);
      return entry === undefined || entry.items === 0
        ? []
        : [{ statusKey: s.key, days: roundTenth(entry.ms / entry.items / MS_PER_DAY) }];
    }),
  };
}

/**
 * The register of a project's CSI issues as of `options.asOfMs`:
 * - per item: CSI status, dates (ISO UTC), record essentials and the record itself, the loop ({@link csiLoopOf}),
 *   `overdue` ({@link isOverdue}), `daysInStatus` =
 *   calendar days (time zone of the options) from the day of the last status change (the creation when none)
 *   to today, `stuckDays` = that number when the item is open and it exceeds `stuckAfterDays`, else null;
 * - ranked by {@link compareRegisterItems};
 * - the capability evidence ({@link assessCsiCapability}) and the flow ({@link computeCsiFlow}).
 */
export function buildCsiRegister(
  issues: readonly CsiRegisterIssue[],
  options: CsiRegisterOptions,
): CsiRegisterComputation {
  const stuckAfterDays = options.stuckAfterDays ?? DEFAULT_CSI_STUCK_AFTER_DAYS;
  const todayNumber = localDayNumber(options.asOfMs, options.timeZone);
  const today = new Date(todayNumber * MS_PER_DAY).toISOString().slice(0, 10);
  const rows = issues.map((issue) => {
    const { record } = issue;
    const statusKey = csiStatusKeyOfName(issue.statusName);
    const open = isOpen(issue, statusKey);
    const createdMs = parseJiraInstant(issue.created) ?? options.asOfMs;
    const changedMs = lastStatusChangeMs(issue.histories, createdMs, options.asOfMs);
    const daysInStatus = Math.max(0, todayNumber - localDayNumber(changedMs, options.timeZone));
    const overdue = isOverdue(record, open, today);
    const item: CsiRegisterItemView = {
      issueKey: issue.issueKey,
      summary: issue.summary,
      statusName: issue.statusName,
      statusKey,
      createdAt: isoOf(issue.created),
      updatedAt: isoOf(issue.updated),
      source: record.source,
      service: record.service,
      owner: person(record.ownerAccountId, options.people),
      score: record.score,
      decision: record.decision,
      targetDate: record.target?.targetDate ?? null,
      nextReviewOn: record.nextReviewOn,
      hasBaselineAndTarget: record.baseline !== null && record.target !== null,
      hasResult: record.result !== null,
      overdue,
      stuckDays: open && daysInStatus > stuckAfterDays ? daysInStatus : null,
      daysInStatus,
      feedbackIssueCount: record.feedbackIssueKeys.length,
      mirrorMismatch: issue.mirrorMismatch === true,
      record,
      loop: csiLoopOf(issue, statusKey, options.asOfMs, options.timeZone, today),
    };
    return {
      item,
      open,
      capability: {
        record,
        statusKey,
        open,
        overdue,
        linkedIssueCount: issue.linkedIssueCount,
        effectChecked: issue.effectCheck?.anyVerdict === true,
      },
    };
  });
  rows.sort((a, b) => compareRegisterItems({ ...a.item, open: a.open }, { ...b.item, open: b.open }));
  return {
    items: rows.map(({ item }) => item),
    capability: assessCsiCapability(
      rows.map((r) => r.capability),
      options.auditFindings === undefined ? {} : { auditFindings: options.auditFindings },
    ),
    flow: computeCsiFlow(issues, options.asOfMs, options.timeZone, options.language),
  };
}
