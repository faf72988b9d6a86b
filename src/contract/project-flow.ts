/**
 * Contract of the project flow page (`jira:projectPage`): the request the UI sends, the view the resolver
 * answers and the job protocol for large projects. Types only; every payload is validated at runtime in
 * `src/entry/resolvers/project-flow-handlers.ts`.
 *
 * Units and conventions (everything in the view):
 * - Instants are epoch milliseconds (UTC) named `…Ms`; calendar dates are `YYYY-MM-DD` in `settings.timeZone`.
 * - Durations are days (`…Days`, elapsed time ÷ 86,400,000 ms, fractional), rounded to 2 decimals.
 * - Shares and efficiencies are fractions 0..1 rounded to 3 decimals; percentile ranks are 0..100 (1 decimal).
 * - Every number is computed from ONE engine report (`computeFlowReport` semantics), so the numbers on screen
 *   equal the engine's for the same issues and settings.
 * - Large lists are columnar or tuples (see {@link ProjectFlowIssueRow}) so 20,000 issues stay well under the
 *   resolver's 5 MB answer limit (about 2.5 MB with 80-character summaries). A larger view (a range over 50,000
 *   issues is about 5.6 MB with short summaries) leaves out the summaries and then the least needed issue rows to
 *   stay within 4.5 MB, and says so in `issues.summariesOmitted` / `issues.rowsOmitted` (`project-view-fit.ts`).
 *
 * CSV export: the UI builds it from `view.issues` (no extra resolver) in `static/src/project-page/issues-csv.ts`
 * (UTF-8 BOM, `;` and decimal comma for German, formula-injection guard).
 */
import type { ProjectFlowView } from '../domain/flow/project-view-types';
import type { ResolverResult } from './resolvers';

export type {
  AgingWipItem,
  DailySeries,
  ForecastConfidence,
  Histogram,
  LittlesLawVerdict,
  PercentileLine,
  ProjectFlowForecast,
  ProjectFlowIssueRow,
  ProjectFlowView,
  ValueStream,
  ValueStreamStage,
  WeeklyPoint,
} from '../domain/flow/project-view-types';

/** What the page asks for. Every field but `projectKey` is optional; absent fields take the project's settings. */
export interface ProjectFlowRequest {
  /** Jira project key, e.g. `HD` (validated: `^[A-Z][A-Z0-9_]{0,49}$`). */
  readonly projectKey: string;
  /**
   * First day of the range shown (`YYYY-MM-DD`, in the project's time zone). Absent: 180 days before `to`.
   * Series (CFD, WIP, throughput) and finished-item charts start here. Items already finished (Jira status
   * category Done) and not updated since the earlier of `from` and the 90-day window before asOf are not loaded:
   * they change no number except the height of the CFD's done band. At most 3 years before `to`.
   */
  readonly from?: string;
  /** Last day of the range (`YYYY-MM-DD`, inclusive). Absent: today. The report is computed as of the end of it. */
  readonly to?: string;
  /** Issue type names to include (max 20, each ≤ 60 chars). Absent or empty: all types. */
  readonly issueTypes?: readonly string[];
  /**
   * JQL refinement ANDed with the project scope (≤ 1,000 chars, no `ORDER BY`, balanced quotes and parentheses).
   * Jira validates it further; a bad query answers `invalid-payload` with Jira's message as detail.
   */
  readonly jql?: string;
  /** Percentiles for the cycle-time lines (1..99, max 5, e.g. `[50, 85, 95]`). Absent: the project's settings. */
  readonly percentiles?: readonly number[];
  /** Monte Carlo inputs. Absent: by = `to` + 30 days, items = current WIP. */
  readonly forecast?: {
    /** "How many items by <date>" (`YYYY-MM-DD`, after `to`, at most 3 years ahead). */
    readonly byDate?: string;
    /** "When will <N> items be done" (1..100,000). */
    readonly items?: number;
  };
  /** Include issue summaries in `issues.rows` (default true; false makes the answer ~40 % smaller). */
  readonly includeSummaries?: boolean;
  /**
   * Asked by the page's refresh button (default false). Views are computed from the flow facts at every request
   * (no cache), so it changes nothing on the server; kept so the button's request stays valid.
   */
  readonly refresh?: boolean;
}

/**
 * Progress of a project's flow facts backfill (issue 13): the page shows it until the project's facts are ready.
 * Only a share, never issue counts: the backfill counts every issue of the project as the app sees it, and a viewer
 * hidden from some issues by issue security must not learn how many exist.
 */
export interface FlowFactsBackfillProgress {
  readonly phase: 'queued' | 'listing' | 'loading';
  /** Share of the project's issues loaded, a whole number 0–100; null while the ids are still being listed. */
  readonly percent: number | null;
  /** Queue consumer runs so far. */
  readonly runs: number;
  /** Instant of the last progress, epoch ms. */
  readonly updatedAtMs: number;
}

/**
 * What `getProjectFlow` answers: the view (computed from the flow facts at every request); while the project's
 * flow facts are first built, `backfilling` with its progress (the UI asks `getProjectFlow` again every 2 s until
 * it is `ready`); `failed` when the facts could not be built (`jobId` names the project's backfill).
 */
export type ProjectFlowAnswer =
  | { readonly status: 'ready'; readonly view: ProjectFlowView }
  | { readonly status: 'backfilling'; readonly progress: FlowFactsBackfillProgress }
  | {
      readonly status: 'failed';
      readonly jobId: string;
      /** Error code as in `ResolverErrorCode`, with an English technical detail. */
      readonly error: { readonly code: string; readonly detail: string };
    };

/** Column positions of {@link ProjectFlowIssueRow}, so the UI does not use bare numbers. */
export const ISSUE_ROW = {
  key: 0,
  summary: 1,
  typeIndex: 2,
  stageIndex: 3,
  createdMs: 4,
  startMs: 5,
  doneMs: 6,
  cycleTimeDays: 7,
  leadTimeDays: 8,
  flowEfficiency: 9,
  blockedDays: 10,
  warningCount: 11,
} as const;

/** Resolver definitions of the project page (composed by the lead into `ResolverDefs`). */
export type ProjectFlowDefs = {
  getProjectFlow: (payload: ProjectFlowRequest) => ResolverResult<ProjectFlowAnswer>;
};
