/**
 * The project flow page's view: computed from one flow measurement of a plan over the flow facts store (issue 13),
 * every time it is asked for (no per-user cache).
 */
import type { ProjectFlowView } from '../contract/project-flow';
import { DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import { buildProjectFlowView } from '../domain/flow/project-view';
import { fitProjectFlowView } from '../domain/flow/project-view-fit';
import { measureFlow } from './flow-measurement';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';
import type { FlowPlan } from './project-flow-plan';
import type { ProjectFlowSettings } from './project-settings';

/**
 * Measures the plan's JQL from the flow facts (ids searched as the user, their stored facts read; issues without
 * ready facts loaded live) and computes the view from one engine report (canonical mode, start policy `first`, the
 * project's mapping and calendar), fitted into one resolver answer ({@link fitProjectFlowView}).
 */
export async function computeProjectFlowView(
  jira: JiraPort,
  settings: ProjectFlowSettings,
  plan: FlowPlan,
  computedAtMs: number,
  factsReader: FlowFactsReader,
  options: { readonly forecastTrials?: number } = {},
): Promise<ProjectFlowView> {
  const { forecast } = plan.request;
  const { facts, summaries } = await measureFlow(jira, {
    scope: { kind: 'jql', jql: plan.jql },
    // The plan's JQL is bounded already (and hashed as it is).
    period: null,
    mapping: settings.mapping,
    calendar: settings.calendar,
    asOfMs: plan.asOfMs,
    windowDays: DEFAULT_WINDOW_DAYS,
    forecast: {
      ...(forecast?.byDate === undefined ? {} : { byDate: forecast.byDate }),
      ...(forecast?.items === undefined ? {} : { items: forecast.items }),
      ...(options.forecastTrials === undefined ? {} : { trials: options.forecastTrials }),
    },
    includeSummaries: plan.request.includeSummaries ?? true,
    facts: factsReader,
  });
  // One resolver answer holds at most 5 MB: a view over tens of thousands of issues gives up summaries, then rows.
  return fitProjectFlowView(
    buildProjectFlowView({
      facts,
      projectKey: plan.projectKey,
      from: plan.from,
      to: plan.to,
      percentiles: plan.percentiles,
      calendar: settings.calendar,
      windowDays: DEFAULT_WINDOW_DAYS,
      summaries,
      issueTypes: plan.request.issueTypes ?? [],
      jql: plan.request.jql ?? null,
      mappingVersion: settings.version,
      mappingDerived: settings.derived,
      computedAtMs,
    }),
  );
}
