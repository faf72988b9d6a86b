/**
 * The agenda of the CSI review meeting, prepared from the data (FitSM-1 PR14.2 "opportunities assessed to decide
 * on actions", PR14.3 "implementation controlled in a consistent manner"; FITSM-CSI.md "the review meeting":
 * evaluate new opportunities, decide, check progress and effects, close loops). Pure: the register's items, the
 * key results and the instants are passed in.
 *
 * What lands on the agenda, and why (each item carries its reason):
 * - `evaluate`: an improvement in Identified without an evaluation (a new opportunity to evaluate);
 * - `decide`: an improvement in Assessed without a decision (a decision is due);
 * - `overdue`: open and its target date or next review date lies before today (the register's `overdue`);
 * - `stuck`: open and without a status change for longer than the project's threshold (the register's
 *   `stuckDays`);
 * - `key-result-at-risk`: a key result of the current period whose status is at risk or off track, with the
 *   improvements of these projects that serve it;
 * - `effect-check-due`: the effect check of an improvement in Verifying is due (the loop's `effect` is `due`);
 * - `effect-check-finished`: an effect check ran since the last held meeting (any run, when none was held);
 * - `loop-open`: closed, but not every feedback giver was told, or the effect is not verified (no measured result
 *   and no effect-check verdict).
 * An improvement may stand in several sections (overdue and stuck, say); each entry names one reason.
 */
import type { CsiDecision } from '../csi/record-types';
import type { CsiLoopView } from '../csi/views';
import type { CsiStatusKey } from '../csi/workflow';

/** The agenda's sections, in the order the meeting takes them. */
export const AGENDA_KINDS = [
  'evaluate',
  'decide',
  'overdue',
  'stuck',
  'key-result-at-risk',
  'effect-check-due',
  'effect-check-finished',
  'loop-open',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** Most items one agenda holds (it is stored whole with the meeting); the rest is counted in `omitted`. */
export const MAX_AGENDA_ITEMS = 150;

/** An improvement as the agenda reads it (a register item plus what the agenda needs beyond it). */
export interface AgendaImprovement {
  readonly projectKey: string;
  readonly issueKey: string;
  readonly summary: string;
  readonly statusKey: CsiStatusKey | null;
  /** Open = Jira status category not done. */
  readonly open: boolean;
  readonly score: number | null;
  readonly hasEvaluation: boolean;
  readonly evaluatedOn: string | null;
  readonly decision: CsiDecision | null;
  readonly targetDate: string | null;
  readonly nextReviewOn: string | null;
  readonly hasResult: boolean;
  readonly keyResultId: string | null;
  /** The register's flags (project time zone). */
  readonly overdue: boolean;
  readonly stuckDays: number | null;
  readonly daysInStatus: number;
  readonly loop: CsiLoopView;
  /** Version of the stored improvement record (null: never saved): what a decision is saved against. */
  readonly recordVersion: number | null;
  /** ISO instant UTC of the latest effect-check run; null when none ran. */
  readonly latestEffectRunAt: string | null;
}

/** A key result of the current period as the agenda reads it. */
export interface AgendaKeyResult {
  readonly keyResultId: string;
  readonly title: string;
  readonly objectiveId: string;
  readonly objectiveTitle: string;
  readonly status: 'on-track' | 'at-risk' | 'off-track';
  /** Progress and expected progress, shares 0..1. */
  readonly progress: number;
  readonly expected: number;
}

/** Why an item is on the agenda (the UI words it; dates `YYYY-MM-DD`, instants ISO UTC). */
export type AgendaReason =
  | { readonly code: 'no-evaluation'; readonly daysInStatus: number }
  | { readonly code: 'no-decision'; readonly score: number | null; readonly evaluatedOn: string | null }
  | {
      readonly code: 'overdue';
      /** The dates that lie before today (null: that one does not). */
      readonly targetDate: string | null;
      readonly nextReviewOn: string | null;
    }
  | { readonly code: 'stuck'; readonly daysWithoutChange: number; readonly thresholdDays: number }
  | {
      readonly code: 'key-result-status';
      readonly status: 'at-risk' | 'off-track';
      readonly progress: number;
      readonly expected: number;
      /** Improvements of the meeting's projects that serve the key result. */
      readonly improvementKeys: readonly string[];
    }
  | { readonly code: 'effect-check-due' }
  | {
      readonly code: 'effect-check-finished';
      readonly verdict: 'improved' | 'worse' | 'no-detectable-change' | 'insufficient-data';
      readonly ranAt: string;
    }
  | {
      readonly code: 'loop-open';
      readonly feedbackIn: number;
      readonly told: number;
      readonly effectVerified: boolean;
    };

/** One item of the agenda. */
export interface AgendaItem {
  readonly kind: AgendaKind;
  /** The CSI project of the improvement; null for a key result. */
  readonly projectKey: string | null;
  /** The improvement's issue key; null for a key result. */
  readonly issueKey: string | null;
  /** The key result's id (`key-result-at-risk`); null otherwise. */
  readonly keyResultId: string | null;
  /** Summary of the improvement or title of the key result (with its objective's). */
  readonly title: string;
  readonly statusKey: CsiStatusKey | null;
  readonly reason: AgendaReason;
  /** The record version a decision on this improvement is saved against (the lost-update guard). */
  readonly recordVersion: number | null;
}

/** The agenda: its items in section order, and how many did not fit. */
export interface Agenda {
  readonly items: readonly AgendaItem[];
  /** Items left off beyond {@link MAX_AGENDA_ITEMS}. */
  readonly omitted: number;
}

export interface AgendaInput {
  readonly improvements: readonly AgendaImprovement[];
  /** Key results of the current period (any status; the agenda takes those at risk or off track). */
  readonly keyResults: readonly AgendaKeyResult[];
  /** Start of the last held meeting, epoch ms UTC; null when none was held. */
  readonly lastHeldAtMs: number | null;
  /** The projects' stuck thresholds, days (by project key; the register's `stuckAfterDays`). */
  readonly stuckAfterDays: ReadonlyMap<string, number>;
}

const VERDICTS = new Set(['improved', 'worse', 'no-detectable-change', 'insufficient-data']);
const VERIFIED = new Set(['improved', 'worse', 'no-detectable-change']);

/** An entry with the score it is ranked by within its section (not part of the stored item). */
interface Ranked {
  readonly item: AgendaItem;
  readonly score: number | null;
}

function improvementItem(kind: AgendaKind, i: AgendaImprovement, reason: AgendaReason): Ranked {
  return {
    item: {
      kind,
      projectKey: i.projectKey,
      issueKey: i.issueKey,
      keyResultId: null,
      title: i.summary,
      statusKey: i.statusKey,
      reason,
      recordVersion: i.recordVersion,
    },
    score: i.score,
  };
}

/** `CSI-2` before `CSI-10`, projects by key. */
function compareIssueKeys(a: string, b: string): number {
  const [pa = '', na = '0'] = a.split('-');
  const [pb = '', nb = '0'] = b.split('-');
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
}

/** The entries an improvement contributes, one per section it belongs to. */
function entriesOf(i: AgendaImprovement, input: AgendaInput): Ranked[] {
  const entries: Ranked[] = [];
  if (i.statusKey === 'identified' && !i.hasEvaluation)
    entries.push(improvementItem('evaluate', i, { code: 'no-evaluation', daysInStatus: i.daysInStatus }));
  if (i.statusKey === 'assessed' && i.decision === null)
    entries.push(
      improvementItem('decide', i, { code: 'no-decision', score: i.score, evaluatedOn: i.evaluatedOn }),
    );
  if (i.open && i.overdue) {
    // Which dates are past is the register's rule; the item carries both so the meeting sees the cause.
    entries.push(
      improvementItem('overdue', i, {
        code: 'overdue',
        targetDate: i.targetDate,
        nextReviewOn: i.nextReviewOn,
      }),
    );
  }
  if (i.open && i.stuckDays !== null)
    entries.push(
      improvementItem('stuck', i, {
        code: 'stuck',
        daysWithoutChange: i.stuckDays,
        thresholdDays: input.stuckAfterDays.get(i.projectKey) ?? 0,
      }),
    );
  if (i.loop.effect === 'due')
    entries.push(improvementItem('effect-check-due', i, { code: 'effect-check-due' }));
  if (
    VERDICTS.has(i.loop.effect) &&
    i.latestEffectRunAt !== null &&
    (input.lastHeldAtMs === null || Date.parse(i.latestEffectRunAt) > input.lastHeldAtMs)
  )
    entries.push(
      improvementItem('effect-check-finished', i, {
        code: 'effect-check-finished',
        verdict: i.loop.effect as 'improved' | 'worse' | 'no-detectable-change' | 'insufficient-data',
        ranAt: i.latestEffectRunAt,
      }),
    );
  if (i.loop.done) {
    const effectVerified = i.hasResult || VERIFIED.has(i.loop.effect);
    if (i.loop.told < i.loop.feedbackIn || !effectVerified)
      entries.push(
        improvementItem('loop-open', i, {
          code: 'loop-open',
          feedbackIn: i.loop.feedbackIn,
          told: i.loop.told,
          effectVerified,
        }),
      );
  }
  return entries;
}

/**
 * The agenda from the data: every entry the rules above give, in section order ({@link AGENDA_KINDS}); within a
 * section improvements by score, highest first (unevaluated after, then by key), key results off track before at
 * risk, then by the gap between expected and actual progress, largest first. At most {@link MAX_AGENDA_ITEMS}
 * items; `omitted` counts the rest (the last sections lose first).
 */
export function buildAgenda(input: AgendaInput): Agenda {
  const entries = input.improvements.flatMap((i) => entriesOf(i, input));
  const served = new Map<string, string[]>();
  for (const i of input.improvements) {
    if (i.keyResultId === null) continue;
    served.set(i.keyResultId, [...(served.get(i.keyResultId) ?? []), i.issueKey]);
  }
  const keyResultItems: AgendaItem[] = input.keyResults
    .filter((kr) => kr.status !== 'on-track')
    .sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === 'off-track' ? -1 : 1) ||
        b.expected - b.progress - (a.expected - a.progress) ||
        a.keyResultId.localeCompare(b.keyResultId, 'en', { numeric: true }),
    )
    .map((kr) => ({
      kind: 'key-result-at-risk',
      projectKey: null,
      issueKey: null,
      keyResultId: kr.keyResultId,
      title: `${kr.objectiveTitle} – ${kr.title}`,
      statusKey: null,
      reason: {
        code: 'key-result-status',
        status: kr.status === 'off-track' ? 'off-track' : 'at-risk',
        progress: kr.progress,
        expected: kr.expected,
        improvementKeys: [...(served.get(kr.keyResultId) ?? [])].sort(compareIssueKeys),
      },
      recordVersion: null,
    }));
  const rank = new Map(AGENDA_KINDS.map((kind, index) => [kind, index]));
  const improvementItems = entries
    .sort((a, b) => {
      const bySection = (rank.get(a.item.kind) ?? 0) - (rank.get(b.item.kind) ?? 0);
      if (bySection !== 0) return bySection;
      if (a.score !== b.score) {
        if (a.score === null) return 1;
        if (b.score === null) return -1;
        return b.score - a.score;
      }
      return compareIssueKeys(a.item.issueKey ?? '', b.item.issueKey ?? '');
    })
    .map((entry) => entry.item);
  // Stable: key results go between the improvement sections before and after theirs.
  const all = [...improvementItems, ...keyResultItems]
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (rank.get(a.item.kind) ?? 0) - (rank.get(b.item.kind) ?? 0) || a.index - b.index)
    .map(({ item }) => item);
  return { items: all.slice(0, MAX_AGENDA_ITEMS), omitted: Math.max(0, all.length - MAX_AGENDA_ITEMS) };
}
