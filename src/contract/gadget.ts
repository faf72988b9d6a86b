/**
 * Contract of the flow gadget (`jira:dashboardGadget`, view + edit). Types (and one type guard); payloads are validated at runtime
 * in `src/entry/resolvers/gadget-handlers.ts`. The gadget UI depends only on these types, not on the module, so
 * it can also be registered as a dashboard widget later.
 *
 * Units: durations in days (2 decimals), instants epoch ms, dates `YYYY-MM-DD` in the scope's time zone.
 */
import type { GadgetMetric, GadgetTrend } from '../domain/flow/gadget-metric';
import type { FlowFactsBackfillProgress } from './project-flow';
import type { ResolverResult } from './resolvers';

export type { GadgetMetric, GadgetTrend } from '../domain/flow/gadget-metric';

/** Where the gadget's issues come from. */
export type GadgetScope =
  /** A project's issues with the project's status mapping and calendar (`^[A-Z][A-Z0-9_]{0,49}$`). */
  | { readonly kind: 'project'; readonly projectKey: string }
  /**
   * A saved/own JQL (≤ 1,000 chars, no `ORDER BY`); stages derived from Jira's status categories, Monday–Friday in
   * the user's time zone — unless `projectKey` is given: then the JQL is limited to that project and its mapping
   * and calendar are used.
   */
  | { readonly kind: 'jql'; readonly jql: string; readonly projectKey?: string };

export interface GadgetConfig {
  readonly scope: GadgetScope;
  readonly metric: GadgetMetric;
  /** 50..95 (used by cycleTime, leadTime, aging). */
  readonly percentile: number;
  /** Length of the period and of the previous period it is compared with, days (7..365). */
  readonly periodDays: number;
  /** Minutes between refreshes in the view (0 = only on load; 5..1440). */
  readonly refreshMinutes: number;
  /** Optional title shown instead of the metric's name (≤ 80 chars). */
  readonly title?: string;
}

/**
 * Every gadget resolver acts on the gadget of its invocation: Forge's context names it (`extension.dashboard.id`,
 * `extension.gadget.id`). No payload names a gadget (one that tries, with `gadgetId`, is refused).
 */
export type GadgetConfigRequest = Readonly<Record<string, never>>;

export interface GadgetConfigAnswer {
  /** null: not configured yet (the UI shows the edit view). */
  readonly config: GadgetConfig | null;
  /** Store version to send back with `saveGadgetConfig`; null when never saved. */
  readonly version: number | null;
}

/** Saved only when the acting user may edit the gadget's dashboard (Jira's `isWritable`; else `forbidden`). */
export interface SaveGadgetConfigRequest {
  readonly config: GadgetConfig;
  /** The version read with `getGadgetConfig` (null: first save). */
  readonly expectedVersion: number | null;
}

/** `conflict`: someone saved in between; `current` is what is stored now (reload or overwrite with its version). */
export type SaveGadgetConfigAnswer =
  | { readonly status: 'saved'; readonly version: number }
  | { readonly status: 'conflict'; readonly current: GadgetConfigAnswer };

export interface GadgetFlowRequest {
  /** Config to show (edit preview); absent: the stored config (`not-found` when none). */
  readonly config?: GadgetConfig;
}

export interface GadgetFlowView {
  /** The gadget's id from Forge's context. */
  readonly gadgetId: string;
  readonly config: GadgetConfig;
  /** `days` for lead/cycle time, `items` for throughput, WIP and aging. */
  readonly unit: 'days' | 'items';
  /** Value in the current period (ending asOf); null without data (e.g. nothing finished). */
  readonly current: number | null;
  /** Value in the previous period of the same length. */
  readonly previous: number | null;
  /** Direction of current vs previous (`flat`: within ±5 %); `none` when either is null. */
  readonly trend: GadgetTrend;
  /** Whether the trend is an improvement: lower is better for times, WIP and aging, higher for throughput. */
  readonly improving: boolean | null;
  /** (current − previous) ÷ previous, null when previous is 0 or null. */
  readonly change: number | null;
  /** Number of items the value is computed from (finished items, or WIP items), current and previous. */
  readonly sampleSize: { readonly current: number; readonly previous: number };
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly previousFrom: string;
    readonly previousTo: string;
  };
  /** Value per sub-period (periodDays ÷ 7 weeks or daily for ≤ 14 days) across both periods, oldest first. */
  readonly spark: readonly (number | null)[];
  readonly timeZone: string;
  readonly asOfMs: number;
  readonly computedAtMs: number;
  readonly issuesLoaded: number;
}

/**
 * The gadget's project has no flow facts yet (issue 13): its backfill runs; the gadget shows the progress and
 * asks again every 2 s until the view comes.
 */
export interface GadgetFlowBackfilling {
  readonly status: 'backfilling';
  readonly gadgetId: string;
  readonly config: GadgetConfig;
  readonly progress: FlowFactsBackfillProgress;
}

/** What `getGadgetFlow` answers: the view, or the backfill's progress. */
export type GadgetFlowAnswer = GadgetFlowView | GadgetFlowBackfilling;

/** Whether the answer is the backfill's progress rather than a view. */
export function isGadgetBackfilling(answer: GadgetFlowAnswer): answer is GadgetFlowBackfilling {
  // Only the backfill answer has a status: a view never does.
  return 'status' in answer;
}

/** Resolver definitions of the gadget (composed by the lead into `ResolverDefs`). */
export type GadgetDefs = {
  getGadgetFlow: (payload: GadgetFlowRequest) => ResolverResult<GadgetFlowAnswer>;
  getGadgetConfig: (payload: GadgetConfigRequest) => ResolverResult<GadgetConfigAnswer>;
  saveGadgetConfig: (payload: SaveGadgetConfigRequest) => ResolverResult<SaveGadgetConfigAnswer>;
};
