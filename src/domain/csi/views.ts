/**
 * The CSI views the domain computes (setup steps' kinds and actions, the register's items, capability and flow).
 * They are the domain's output, so they live here; `src/contract/csi.ts` re-exports them as the resolvers'
 * answer shapes (the contract depends on the domain, never the reverse).
 */
import type { CsiRecord, CsiSource } from './record-types';
import type { CsiStatusKey } from './workflow';

/** What one step does to Jira. */
export type CsiSetupAction =
  | 'reuse' // exists already (by name): adopted, nothing changes
  | 'create' // created by the app
  | 'add' // added to an existing scheme only this project uses
  | 'copy-and-assign' // the shared scheme is copied for this project and the project is switched to the copy
  | 'nothing' // already as needed
  | 'manual'; // the admin does it in Jira's UI (team-managed issue type), guided step by step

export type CsiSetupStepKind =
  'issue-type' | 'status' | 'workflow' | 'issue-type-scheme' | 'workflow-scheme' | 'team-managed-issue-type';

/** A user the UI shows by name. */
export interface CsiPersonView {
  readonly accountId: string;
  readonly displayName: string;
}

export interface CsiRegisterItemView {
  readonly issueKey: string;
  readonly summary: string;
  readonly statusName: string;
  readonly statusKey: CsiStatusKey | null;
  /** ISO instant UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly source: CsiSource | null;
  readonly service: string;
  readonly owner: CsiPersonView | null;
  readonly score: number | null;
  readonly decision: CsiRecord['decision'];
  readonly targetDate: string | null;
  readonly nextReviewOn: string | null;
  readonly hasBaselineAndTarget: boolean;
  readonly hasResult: boolean;
  /** Open and its target date or review date lies before today (project time zone). */
  readonly overdue: boolean;
  /** Open and without a status change for longer than the stuck threshold; the days since the last change. */
  readonly stuckDays: number | null;
  /** Days the item has been in its current status. */
  readonly daysInStatus: number;
  readonly feedbackIssueCount: number;
  /**
   * The issue property `three-ways-csi` does not mirror the stored record (changed outside the app, a late write,
   * or a record the app never saved): the register shows the stored record; the panel repairs the mirror, or asks
   * for the record to be entered and saved when the app stores none.
   */
  readonly mirrorMismatch: boolean;
  /**
   * The improvement record as the app stores it (never the issue property, which only mirrors it); an empty
   * record when none was saved. The audit CSV exports every field of it; names of the account ids it holds are in
   * {@link CsiRegisterView.people}.
   */
  readonly record: CsiRecord;
  /** The feedback loop: feedback in → decided → done → people told → effect verified (issue 11). */
  readonly loop: CsiLoopView;
}

/**
 * The feedback loop of one improvement as the register shows it (issue 11): feedback in → decided → done → people
 * told → effect verified.
 */
export interface CsiLoopView {
  /** Feedback issues the record lists. */
  readonly feedbackIn: number;
  /** A decision is recorded (approved, rejected or deferred). */
  readonly decided: boolean;
  /** The improvement reached Closed. */
  readonly done: boolean;
  /** Feedback issues told at Closed (replies recorded as told). */
  readonly told: number;
  /**
   * The effect check: `none` (no target metric configured), `waiting` (configured, not yet due), `due`, or the
   * verdict of the latest run (FLOW-METRICS.md §6).
   */
  readonly effect:
    'none' | 'waiting' | 'due' | 'improved' | 'worse' | 'no-detectable-change' | 'insufficient-data';
}

/** One piece of evidence for the CSI process's capability level (FITSM-CSI.md "capability levels"). */
export interface CsiEvidenceView {
  /** `with-source`, `evaluated`, `decision-recorded`, `with-owner`, `with-actions`, `reviewed-on-time`, `effect-verified`. */
  readonly id: string;
  /** Items that show it / items it applies to. */
  readonly count: number;
  readonly total: number;
  /** count / total (0..1); null when total is 0. */
  readonly share: number | null;
  /** The level (1..3) this evidence supports. */
  readonly level: 1 | 2 | 3;
  /** Whether the share meets the level's threshold. */
  readonly met: boolean;
}

export interface CsiCapabilityView {
  /** The level the data supports (0 when even level 1 lacks evidence, e.g. no improvements registered). */
  readonly level: 0 | 1 | 2 | 3;
  readonly evidence: readonly CsiEvidenceView[];
  /** Evidence ids not met for the next level (empty at level 3). */
  readonly missingForNext: readonly string[];
}

/** Flow of improvements through the CSI workflow (from the flow engine over the CSI issues' histories). */
export interface CsiFlowView {
  /** Items per CSI status now, in workflow order. */
  readonly byStatus: readonly {
    readonly statusKey: CsiStatusKey;
    readonly statusName: string;
    readonly count: number;
  }[];
  /** Days from created to closed/rejected: percentiles 50/85 over finished items; null without any. */
  readonly leadTimeDays: { readonly p50: number; readonly p85: number; readonly count: number } | null;
  /** Average days spent per CSI status over all items (where improvements wait). */
  readonly avgDaysInStatus: readonly { readonly statusKey: CsiStatusKey; readonly days: number }[];
}
