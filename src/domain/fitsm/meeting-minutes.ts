/**
 * The stored CSI review meeting and its minutes: who took part, the agenda as prepared, what was said, and the
 * decisions on improvements (FitSM-1 PR14.2: opportunities assessed to decide on necessary actions; FitSM-3: the
 * process owner approves improvements) with the outcome of writing each into its improvement record. Pure: dates
 * are `YYYY-MM-DD` in the cadence's time zone, instants ISO 8601 UTC, account ids Jira's.
 */
import type { CsiDecision, CsiDecisionOutcome, CsiRecord } from '../csi/record-types';
import { CSI_TEXT_LIMITS } from '../csi/record-types';
import type { Agenda } from './meeting-agenda';

/** Limits of what one meeting holds (it is one stored value). */
export const MEETING_LIMITS = {
  /** Characters of the minutes' free text. */
  minutes: 20_000,
  participants: 50,
  decisions: 50,
  /** Characters of a decision's rationale (the improvement record's own limit). */
  rationale: CSI_TEXT_LIMITS.rationale,
} as const;

export type MeetingStatus = 'planned' | 'held';

/** A decision taken in the meeting, as the minutes name it. */
export interface MeetingDecision {
  readonly issueKey: string;
  readonly outcome: CsiDecisionOutcome;
  readonly deciderAccountId: string;
  readonly rationale: string;
}

/**
 * What writing a decision into its improvement record gave:
 * - `applied`: written (the record is at `recordVersion`);
 * - `unchanged`: the record already holds exactly this decision (a rerun of the same minutes);
 * - `conflict`: the record changed since the agenda was prepared (or since this meeting last wrote it); nothing
 *   written, reload the agenda and decide again;
 * - `forbidden`: the acting user may not edit the improvement in Jira (Edit Issues);
 * - `invalid`: the decision breaks a rule of the record (approval without evaluation, dated before it);
 * - `not-found`: the issue is gone, not visible, or no longer a CSI issue;
 * - `not-on-agenda`: the improvement is not on this meeting's agenda, so there is no version to guard with;
 * - `failed`: Jira or the store failed; `detail` says how; saving the minutes again retries.
 */
export type DecisionResult =
  'applied' | 'unchanged' | 'conflict' | 'forbidden' | 'invalid' | 'not-found' | 'not-on-agenda' | 'failed';

/** A decision of the minutes with the outcome of writing it. */
export interface MeetingDecisionOutcome extends MeetingDecision {
  /** The meeting's date (the record's `decidedOn`). */
  readonly decidedOn: string;
  readonly result: DecisionResult;
  /** Why, in English (empty when applied or unchanged). */
  readonly detail: string;
  /** The record's version after writing (applied, unchanged); null otherwise. */
  readonly recordVersion: number | null;
}

/** A meeting as stored (`fitsm-meeting:<id>`). */
export interface StoredMeeting {
  readonly schemaVersion: 1;
  /** `m-<date>`: one meeting per day. */
  readonly id: string;
  /** Meeting day `YYYY-MM-DD` (cadence time zone). */
  readonly date: string;
  /** Planned start, epoch ms UTC. */
  readonly startsAtMs: number;
  readonly status: MeetingStatus;
  /** The CSI projects whose improvements the agenda covers. */
  readonly projectKeys: readonly string[];
  readonly participantAccountIds: readonly string[];
  readonly agenda: Agenda & {
    /** ISO instant UTC the agenda was prepared. */
    readonly preparedAt: string;
  };
  readonly minutes: string;
  /** The decisions with their outcomes, in the order of the minutes. */
  readonly decisions: readonly MeetingDecisionOutcome[];
  /** ISO instant UTC of the last change and who made it. */
  readonly updatedAt: string;
  readonly updatedByAccountId: string | null;
}

/** The id of the meeting of a day. */
export function meetingIdOf(date: string): string {
  return `m-${date}`;
}

/** The improvement record's decision for a meeting decision taken on `decidedOn`. */
export function recordDecisionOf(decision: MeetingDecision, decidedOn: string): CsiDecision {
  return {
    outcome: decision.outcome,
    deciderAccountId: decision.deciderAccountId,
    decidedOn,
    rationale: decision.rationale.trim(),
  };
}

/** Whether two decisions are the same (a rerun of the same minutes finds its own). */
export function sameDecision(a: CsiDecision | null, b: CsiDecision): boolean {
  return (
    a !== null &&
    a.outcome === b.outcome &&
    a.deciderAccountId === b.deciderAccountId &&
    a.decidedOn === b.decidedOn &&
    a.rationale === b.rationale
  );
}

/** What to do with one decision, given the record as stored now. */
export type DecisionPlan =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'invalid'; readonly detail: string }
  | { readonly kind: 'write'; readonly record: CsiRecord };

/**
 * Plans writing `decision` into `record` (the stored record; the empty record when none): unchanged when it holds
 * this decision already; invalid when it approves without an evaluation (FITSM-CSI.md: approval needs an
 * evaluation and a decider) or is dated before the evaluation; else the record with the decision replaced.
 */
export function planDecision(record: CsiRecord, decision: CsiDecision): DecisionPlan {
  if (sameDecision(record.decision, decision)) return { kind: 'unchanged' };
  if (decision.outcome === 'approved' && record.evaluation === null)
    return {
      kind: 'invalid',
      detail: 'an improvement is approved only after its evaluation: evaluate it in the record first',
    };
  if (record.evaluation !== null && decision.decidedOn < record.evaluation.evaluatedOn)
    return {
      kind: 'invalid',
      detail: `the decision (${decision.decidedOn}) cannot precede the evaluation (${record.evaluation.evaluatedOn})`,
    };
  return { kind: 'write', record: { ...record, decision } };
}

/** Whether two minutes say the same (participants, text, decisions in order): a rerun saves nothing new. */
export function sameMinutes(
  stored: Pick<StoredMeeting, 'participantAccountIds' | 'minutes' | 'status'> & {
    readonly decisions: readonly MeetingDecision[];
  },
  next: Pick<StoredMeeting, 'participantAccountIds' | 'minutes' | 'status'> & {
    readonly decisions: readonly MeetingDecision[];
  },
): boolean {
  const key = (d: MeetingDecision) =>
    JSON.stringify([d.issueKey, d.outcome, d.deciderAccountId, d.rationale.trim()]);
  return (
    stored.status === next.status &&
    stored.minutes === next.minutes &&
    stored.participantAccountIds.join(',') === next.participantAccountIds.join(',') &&
    stored.decisions.map(key).join('|') === next.decisions.map(key).join('|')
  );
}
