/**
 * The flow gadget's logic without rendering: loading its value, the trend's words, validating an edited
 * configuration. Independent of the Forge module (no bridge imports): the same component can later back a
 * Forge dashboard widget.
 */
import {
  isGadgetBackfilling,
  type GadgetConfig,
  type GadgetFlowAnswer,
  type GadgetFlowBackfilling,
  type GadgetFlowView,
  type GadgetMetric,
  type GadgetScope,
} from '../../../src/contract/gadget';
import type { ResolverErrorCode, ResolverResult } from '../../../src/contract/resolvers';

/** The resolver calls the gadget needs, as plain functions (the module passes the bridge, tests a fake). */
export interface GadgetApi {
  readonly getFlow: (config?: GadgetConfig) => Promise<ResolverResult<GadgetFlowAnswer>>;
}

export type GadgetState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'unconfigured' }
  | { readonly phase: 'error'; readonly code: ResolverErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: GadgetFlowView }
  /** The scope's project has no flow facts yet: the gadget shows the backfill's progress and asks again. */
  | { readonly phase: 'backfilling'; readonly answer: GadgetFlowBackfilling };

/** How long the gadget waits before asking again while its project's flow facts are built, ms. */
export const BACKFILL_POLL_MS = 2000;

/**
 * Loads the gadget's value once; a gadget without stored configuration is `unconfigured`, not an error, and one
 * whose project's flow facts are still being built is `backfilling` (the component asks again after
 * {@link BACKFILL_POLL_MS}).
 */
export async function loadGadgetFlow(api: GadgetApi, config?: GadgetConfig): Promise<GadgetState> {
  // The invoke never rejects: a failed bridge call arrives as an `internal` error like a resolver's own.
  const result = await api.getFlow(config);
  if (result.ok)
    return isGadgetBackfilling(result.value)
      ? { phase: 'backfilling', answer: result.value }
      : { phase: 'loaded', view: result.value };
  if (result.error.code === 'not-found' && config === undefined) return { phase: 'unconfigured' };
  return { phase: 'error', ...result.error };
}

export const gadgetMetrics: readonly GadgetMetric[] = ['cycleTime', 'leadTime', 'throughput', 'wip', 'aging'];
export const gadgetPercentiles: readonly number[] = [50, 70, 85, 95];
export const gadgetPeriods: readonly number[] = [7, 14, 30, 90, 180, 365];
export const gadgetRefreshMinutes: readonly number[] = [0, 5, 15, 30, 60, 240, 1440];

/** Whether a metric uses the percentile setting. */
export function usesPercentile(metric: GadgetMetric): boolean {
  return metric === 'cycleTime' || metric === 'leadTime' || metric === 'aging';
}

/** The default configuration of a new gadget (a project scope when the dashboard knows a project). */
export function defaultGadgetConfig(projectKey: string | null): GadgetConfig {
  return {
    scope: { kind: 'project', projectKey: projectKey ?? '' },
    metric: 'cycleTime',
    percentile: 85,
    periodDays: 30,
    refreshMinutes: 60,
  };
}

/** The form's fields as typed in. */
export interface GadgetForm {
  readonly scopeKind: GadgetScope['kind'];
  readonly projectKey: string;
  readonly jql: string;
  readonly metric: GadgetMetric;
  readonly percentile: number;
  readonly periodDays: number;
  readonly refreshMinutes: number;
  readonly title: string;
}

export function formOf(config: GadgetConfig): GadgetForm {
  return {
    scopeKind: config.scope.kind,
    projectKey: config.scope.projectKey ?? '',
    jql: config.scope.kind === 'jql' ? config.scope.jql : '',
    metric: config.metric,
    percentile: config.percentile,
    periodDays: config.periodDays,
    refreshMinutes: config.refreshMinutes,
    title: config.title ?? '',
  };
}

export type GadgetFormError = 'projectKey' | 'jql' | 'title';

/** The configuration of a valid form, or the fields that are wrong (checked again by the resolver). */
export function configOf(form: GadgetForm): { config: GadgetConfig } | { errors: GadgetFormError[] } {
  const errors: GadgetFormError[] = [];
  const projectKey = form.projectKey.trim().toUpperCase();
  const jql = form.jql.trim();
  const validKey = /^[A-Z][A-Z0-9_]{0,49}$/.test(projectKey);
  if (form.scopeKind === 'project' && !validKey) errors.push('projectKey');
  if (form.scopeKind === 'jql' && projectKey !== '' && !validKey) errors.push('projectKey');
  if (form.scopeKind === 'jql' && (jql === '' || jql.length > 1000 || /\border\s+by\b/i.test(jql)))
    errors.push('jql');
  const title = form.title.trim();
  if (title.length > 80) errors.push('title');
  if (errors.length > 0) return { errors };
  const scope: GadgetScope =
    form.scopeKind === 'project'
      ? { kind: 'project', projectKey }
      : projectKey === ''
        ? { kind: 'jql', jql }
        : { kind: 'jql', jql, projectKey };
  return {
    config: {
      scope,
      metric: form.metric,
      percentile: form.percentile,
      periodDays: form.periodDays,
      refreshMinutes: form.refreshMinutes,
      ...(title === '' ? {} : { title }),
    },
  };
}
