/**
 * The one typed contract between the Custom UI (`makeInvoke<ResolverDefs>()`) and the resolvers
 * (`makeResolver<ResolverDefs>()`). The typing is not a security boundary: every payload is validated at runtime
 * in `src/entry/resolvers/`.
 */
import type { StageKind } from '../domain/flow/types';
import type { CsiDefs } from './csi';
import type { FeedbackDefs } from './feedback';
import type { FitsmAssessmentDefs } from './fitsm-assessment';
import type { FitsmMeetingDefs } from './fitsm-meeting';
import type { FitsmPlanDefs } from './fitsm-plan';
import type { GadgetDefs } from './gadget';
import type { OkrDefs } from './okr';
import type { ProjectFlowDefs } from './project-flow';
import type { StatusMappingDefs } from './status-mapping';

/** Error codes the UI translates (locales/*.json key `error.<code>`); `detail` is an English technical detail. */
export type ResolverErrorCode =
  'invalid-payload' | 'not-found' | 'forbidden' | 'jira-unavailable' | 'internal';

/** The error codes every resolver may answer with; each area's list (CSI, OKR, status mapping) extends this one. */
export const RESOLVER_ERROR_CODES: readonly ResolverErrorCode[] = [
  'invalid-payload',
  'not-found',
  'forbidden',
  'jira-unavailable',
  'internal',
];
export type ResolverResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: ResolverErrorCode; readonly detail: string } };

export interface IssueFlowRequest {
  readonly issueKey: string;
}

export interface IssueFlowView {
  readonly issueKey: string;
  readonly asOf: string; // ISO UTC
  readonly timeZone: string; // IANA
  readonly status: string; // current status name
  readonly stage: string | null; // its stage (null: unmapped)
  readonly createdAt: string; // ISO UTC
  readonly startAt: string | null;
  readonly doneAt: string | null;
  readonly leadTimeMs: number | null; // done issues
  readonly cycleTimeMs: number | null; // done issues with a start
  readonly ageMs: number | null; // open, started issues: asOf − start
  readonly flowEfficiency: number | null; // 0..1
  readonly timeInStatus: readonly {
    readonly status: string;
    readonly stage: string | null;
    readonly kind: StageKind | null;
    readonly ms: number;
  }[];
  readonly warnings: readonly string[]; // warning codes, e.g. 'status-mismatch'
  /** Every stay in a status in time order (the timeline's bars); `leaveMs` null for the current one. */
  readonly visits: readonly IssueVisitView[];
  /** Flagged (blocked) time within [created, done or asOf), ms. */
  readonly blockedMs: number;
  /**
   * Where the mapping came from: the project's saved settings, the viewer's project view (`cached-view`: the name
   * predates issue 13's views from facts; kept for the wire), or status categories.
   */
  readonly mappingSource: 'stored' | 'cached-view' | 'status-categories';
  /** The issue against the project's cycle-time percentiles (from the viewer's project view). */
  readonly standing: IssueStanding;
}

export interface IssueVisitView {
  readonly status: string;
  readonly stage: string | null;
  readonly kind: StageKind | null;
  readonly enterMs: number; // epoch ms
  readonly leaveMs: number | null; // epoch ms; null: still there
}

/**
 * - `compared`: the issue's age (open, started) or cycle time (done) against the cycle times of the items the
 *   viewer's project view (computed from the flow facts at every read) counts as finished: `rankPercent` = share
 *   of them that took less (0..100).
 * - `no-cached-view`: no view of the project could be computed for the viewer (the name predates issue 13, when
 *   views were cached per user; kept for the wire).
 * - `computing`: the project's flow facts are being built (`jobId` names the project's backfill); the panel asks
 *   again until the standing is there.
 * - `not-comparable`: not started, or done without a cycle time.
 * - `unknown-project`: the project could not be determined.
 */
export type IssueStanding =
  | {
      readonly kind: 'compared';
      readonly projectKey: string;
      readonly measure: 'age' | 'cycle-time';
      readonly valueDays: number;
      readonly rankPercent: number;
      readonly finishedCount: number;
      readonly marks: readonly { readonly percentile: number; readonly days: number }[];
      /** When the project view was computed, epoch ms. */
      readonly computedAtMs: number;
    }
  | { readonly kind: 'no-cached-view'; readonly projectKey: string }
  | { readonly kind: 'computing'; readonly projectKey: string; readonly jobId: string }
  | { readonly kind: 'not-comparable'; readonly projectKey: string }
  | { readonly kind: 'unknown-project' };

/**
 * One typed map of every resolver: key = function name for invoke().
 * A type alias, not an interface: `makeResolver<D extends Definitions>()` / `makeInvoke<D>()` require an index
 * signature (`Record<string, …>`), which TypeScript grants type aliases implicitly but not interfaces.
 */
export type ResolverDefs = IssuePanelDefs &
  ProjectFlowDefs &
  GadgetDefs &
  StatusMappingDefs &
  CsiDefs &
  OkrDefs &
  FeedbackDefs &
  FitsmMeetingDefs &
  FitsmAssessmentDefs &
  FitsmPlanDefs;

/** The issue panel's resolvers. */
export type IssuePanelDefs = {
  getIssueFlow: (payload: IssueFlowRequest) => ResolverResult<IssueFlowView>;
};
