/**
 * Resolver contract of the feedback loops (issue 11): on the improvement-record panel the loop of one improvement
 * (who was told, opt-out, the feedback issues' CSAT) and its effect check ("did we get there?"); on the project
 * settings page's "Feedback" subpage the reply templates and the feedback web trigger. Types only: every payload is
 * validated at run time in `src/entry/resolvers/` (valibot), whatever these types say.
 *
 * Units: instants ISO 8601 UTC strings; calendar dates `YYYY-MM-DD` in the project's IANA time zone; metric values
 * in days (flow times), issues per day or week (issue counts), rating 1..5 (CSAT) or the key result's unit.
 */
import type { CsiKpiValue } from '../domain/csi/record-types';
import type { CsatRating } from '../domain/feedback/csat';
import type { FeedbackReplyStep, ReplyLanguage, ReplyTemplates } from '../domain/feedback/replies';
import type { EffectResult } from '../domain/flow/effect';
import type { CsiPersonView, CsiRecordView } from './csi';
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from './resolvers';

export type { CsatRating } from '../domain/feedback/csat';
export type { FeedbackReplyStep, ReplyLanguage, ReplyTemplates } from '../domain/feedback/replies';
export type { EffectResult, EffectVerdict } from '../domain/flow/effect';

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the settings or effect-check configuration changed since they were loaded; reload;
 * - `invalid-settings`: templates, intake settings or an effect-check configuration break a rule; `detail` names
 *   the field and rule in English;
 * - `not-csi-issue`: the issue is not of the CSI issue type;
 * - `effect-check-failed`: measuring the effect failed; `detail` says why (e.g. the JQL is invalid) and what to do.
 */
export type FeedbackErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-settings' | 'not-csi-issue' | 'effect-check-failed';

export const FEEDBACK_ERROR_CODES: readonly FeedbackErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-settings',
  'not-csi-issue',
  'effect-check-failed',
];

export type FeedbackResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: FeedbackErrorCode; readonly detail: string } };

export interface FeedbackIssueRequest {
  /** The improvement (CSI issue). */
  readonly issueKey: string;
}

export interface FeedbackProjectRequest {
  readonly projectKey: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The loop of one improvement (record panel)

/** One feedback issue of the improvement: what came in, and who was told. */
export interface FeedbackIssueLoopView {
  readonly issueKey: string;
  /** Summary and status as the viewer sees them; null when the viewer may not browse the issue (key only). */
  readonly summary: string | null;
  readonly statusName: string | null;
  readonly reporter: CsiPersonView | null;
  /** The request's CSAT rating (Jira Service Management); null: none, not a request, or not readable. */
  readonly csat: CsatRating | null;
  /** The replies of each step that was told (or is being told). */
  readonly replies: readonly {
    readonly step: FeedbackReplyStep;
    readonly state: 'reserved' | 'told';
    /** ISO instant UTC; null while reserved. */
    readonly toldAt: string | null;
    readonly commentId: string | null;
    readonly language: ReplyLanguage | null;
  }[];
}

export interface FeedbackLoopView {
  readonly issueKey: string;
  readonly issueId: string;
  readonly projectKey: string;
  /** This improvement tells nobody (set on the panel). */
  readonly optOut: boolean;
  /** Whether the project replies when an improvement enters In Implementation (else only at Closed). */
  readonly replyOnImplementation: boolean;
  /** Whether the viewer may change the opt-out (Edit Issues on the improvement). */
  readonly canEdit: boolean;
  readonly feedbackIssues: readonly FeedbackIssueLoopView[];
  /** Mean CSAT of the rated feedback issues; null when none is rated. */
  readonly csatAverage: number | null;
}

export interface SetFeedbackOptOutRequest {
  readonly issueKey: string;
  readonly optOut: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Effect check ("did we get there?")

/**
 * What the effect check measures. `flow`: lead or cycle time of the issues a JQL finds (FLOW-METRICS.md §6 samples);
 * `issue-count`: the number of issues a JQL finds created per local day (samples: one count per day); `csat`: the CSAT
 * ratings of the requests a JQL finds, by the day they were resolved; `key-result`: the values of an OKR key result
 * (check-ins, measured or external) by the day they were taken.
 */
export type EffectTarget =
  | { readonly kind: 'flow'; readonly metric: 'lead-time' | 'cycle-time'; readonly jql: string }
  | { readonly kind: 'issue-count'; readonly jql: string }
  | { readonly kind: 'csat'; readonly jql: string }
  | { readonly kind: 'key-result'; readonly keyResultId: string };

export type EffectTargetKind = EffectTarget['kind'];

/** An improvement's effect-check configuration (stored by the app, versioned). */
export interface EffectCheckConfig {
  readonly target: EffectTarget;
  /** Which way is better: `lower` for times and counts of problems, `higher` for CSAT and most key results. */
  readonly better: 'lower' | 'higher';
  /** D: the first local day with the change in place; null: the day the improvement entered Verifying. */
  readonly changeDate: string | null;
  /** N: days in Verifying before the daily check runs; also the after window A (default 30, 7..365). */
  readonly verifyAfterDays: number;
  /** B: days before D in the before window (default 90, 7..365). */
  readonly beforeDays: number;
}

/** The default configuration values (the panel pre-fills them). */
export const EFFECT_CHECK_DEFAULTS = { verifyAfterDays: 30, beforeDays: 90 } as const;

/** One run of the effect check. */
export interface EffectCheckRunView {
  /** Stable id of the run (the store key's suffix); `adoptEffectResult` names it. */
  readonly runId: string;
  /** ISO instant UTC. */
  readonly ranAt: string;
  readonly trigger: 'schedule' | 'manual' | 'automation';
  /** The configuration the run used, with the change date resolved. */
  readonly target: EffectTarget;
  readonly better: 'lower' | 'higher';
  /** The §6 result: windows, n, p50/p85, median change, Mann–Whitney, bootstrap, verdict, warnings. */
  readonly result: EffectResult;
  /** Unit of the sample values (`days`, `issues per day`, `rating`, or the key result's unit). */
  readonly unit: string;
  /**
   * The sample values for the before/after chart, each sorted ascending; at most 200 per window (evenly spaced
   * order statistics of larger samples, so the shape stays and the view stays small).
   */
  readonly chart: { readonly before: readonly number[]; readonly after: readonly number[] };
  /** The measured result the run proposes for the record (p50 after, measured on the run's day). */
  readonly proposedResult: CsiKpiValue | null;
  /** The comment the run posted on the improvement; null when none was posted (e.g. a manual re-run). */
  readonly commentId: string | null;
  /** The linked key result the run gave a value; null when none. */
  readonly keyResultUpdate: { readonly keyResultId: string; readonly value: number } | null;
}

export interface EffectCheckView {
  readonly issueKey: string;
  readonly issueId: string;
  readonly projectKey: string;
  readonly timeZone: string;
  readonly config: EffectCheckConfig | null;
  /** Send back as `expectedVersion` when saving the configuration; null when never saved. */
  readonly version: number | null;
  /**
   * - `not-configured`: no target metric;
   * - `not-verifying`: configured, but the improvement has not reached Verifying;
   * - `waiting`: in Verifying for fewer than N days (`dueOn` says when the daily check runs);
   * - `due`: the next daily run checks it (or run it now);
   * - `checked`: a run exists for the current configuration (`latest`).
   */
  readonly state: 'not-configured' | 'not-verifying' | 'waiting' | 'due' | 'checked';
  /** Local day the improvement entered Verifying (last time); null when it never did. */
  readonly enteredVerifyingOn: string | null;
  /** The change date in force (the configured one, or the day it entered Verifying); null when unknown. */
  readonly changeDate: string | null;
  /** Local day the daily check runs; null when not configured or not verifying. */
  readonly dueOn: string | null;
  readonly latest: EffectCheckRunView | null;
  /** Earlier runs, newest first (at most 10), without their charts. */
  readonly history: readonly Omit<EffectCheckRunView, 'chart'>[];
  /** Whether the viewer may configure, run and adopt (Edit Issues on the improvement). */
  readonly canEdit: boolean;
}

export interface SaveEffectCheckConfigRequest {
  readonly issueKey: string;
  /** null removes the configuration. */
  readonly config: EffectCheckConfig | null;
  readonly expectedVersion: number | null;
}

export interface AdoptEffectResultRequest {
  readonly issueKey: string;
  readonly runId: string;
  /** The record version the panel holds (`CsiRecordView.version`): the record's result is written only from it. */
  readonly expectedRecordVersion: number | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Project settings: reply templates and the feedback web trigger

export interface FeedbackReplySettingsView {
  readonly projectKey: string;
  readonly projectId: string;
  readonly replyOnImplementation: boolean;
  /** The templates in force (defaults filled in). */
  readonly templates: ReplyTemplates;
  /** The built-in templates (the page's "reset" restores them). */
  readonly defaults: ReplyTemplates;
  /** Placeholders a template may use, e.g. `reporter` for `{reporter}`. */
  readonly placeholders: readonly string[];
  readonly version: number | null;
  /** Jira admins and project admins edit; others read. */
  readonly canEdit: boolean;
}

export interface SaveFeedbackReplySettingsRequest {
  readonly projectKey: string;
  readonly replyOnImplementation: boolean;
  readonly templates: ReplyTemplates;
  readonly expectedVersion: number | null;
}

/**
 * The feedback web trigger of a project: external tools (a survey, a monitoring alert) POST signed feedback; it
 * creates a feedback issue (or links an existing one by key) and, by rule, registers an improvement opportunity.
 */
export interface FeedbackIntakeSettings {
  readonly enabled: boolean;
  /** Issue type id of the feedback issues the trigger creates in this project. */
  readonly issueTypeId: string | null;
  /** Feedback with a rating at or below this (1..5) also registers an improvement; null: never by rating. */
  readonly improvementAtRatingOrBelow: number | null;
  /** Feedback whose labels include one of these also registers an improvement (e.g. `monitoring-alert`). */
  readonly improvementOnLabels: readonly string[];
  /**
   * Key of the project whose CSI issue type the improvements get (e.g. `CSI` for the help desk's feedback);
   * null: this project. Absent when saving: unchanged. Saving a rule checks the project has the CSI issue type.
   */
  readonly improvementProjectKey?: string | null;
}

export interface FeedbackIntakeView {
  readonly projectKey: string;
  readonly projectId: string;
  readonly settings: FeedbackIntakeSettings;
  readonly version: number | null;
  /** The web trigger URL (one for all projects: the payload names the project). */
  readonly url: string | null;
  /** Whether a secret exists (it is shown only once, when rotated); ISO instant of the last rotation. */
  readonly secretRotatedAt: string | null;
  /** The project's issue types to choose from. */
  readonly issueTypes: readonly { readonly id: string; readonly name: string }[];
  /** Today's accepted requests and the daily limit. */
  readonly usage: { readonly today: number; readonly dailyLimit: number };
  readonly canEdit: boolean;
}

export interface SaveFeedbackIntakeRequest {
  readonly projectKey: string;
  readonly settings: FeedbackIntakeSettings;
  readonly expectedVersion: number | null;
}

/** A new secret, shown once, with a signed `curl` example. */
export interface FeedbackIntakeSecretView {
  readonly url: string;
  readonly secret: string;
  readonly curlExample: string;
  readonly rotatedAt: string;
}

/** Every resolver of the feedback loops. */
export type FeedbackDefs = {
  getFeedbackLoop: (payload: FeedbackIssueRequest) => FeedbackResult<FeedbackLoopView>;
  setFeedbackOptOut: (payload: SetFeedbackOptOutRequest) => FeedbackResult<FeedbackLoopView>;
  getEffectCheck: (payload: FeedbackIssueRequest) => FeedbackResult<EffectCheckView>;
  saveEffectCheckConfig: (payload: SaveEffectCheckConfigRequest) => FeedbackResult<EffectCheckView>;
  /** Runs the check now as the app (posts no comment when the latest run for this configuration already did). */
  runEffectCheck: (payload: FeedbackIssueRequest) => FeedbackResult<EffectCheckView>;
  /** Writes the run's proposed result into the record's measured result (guarded by the record's version). */
  adoptEffectResult: (payload: AdoptEffectResultRequest) => FeedbackResult<CsiRecordView>;
  getFeedbackReplySettings: (payload: FeedbackProjectRequest) => FeedbackResult<FeedbackReplySettingsView>;
  saveFeedbackReplySettings: (
    payload: SaveFeedbackReplySettingsRequest,
  ) => FeedbackResult<FeedbackReplySettingsView>;
  getFeedbackIntake: (payload: FeedbackProjectRequest) => FeedbackResult<FeedbackIntakeView>;
  saveFeedbackIntake: (payload: SaveFeedbackIntakeRequest) => FeedbackResult<FeedbackIntakeView>;
  rotateFeedbackIntakeSecret: (payload: FeedbackProjectRequest) => FeedbackResult<FeedbackIntakeSecretView>;
};
