/**
 * The OKR gadget: its configuration (per dashboard and gadget from Forge's context, versioned, saved only by
 * people who may edit the dashboard) and its one answer: the overview of the configured period and project and,
 * in the detailed layout, up to 10 linked issues per key result that the viewer may browse, read with as few
 * searches as possible (`okr-linked-issues.ts`: one search per 100 key results, 100 issues per page).
 */
import type {
  OkrGadgetConfig,
  OkrGadgetConfigAnswer,
  OkrGadgetView,
  OkrLinkedIssueView,
  SaveOkrGadgetConfigAnswer,
} from '../contract/okr';
import { requireDashboardEditable, type GadgetRef } from './gadget-flow';
import { readVisibleLinkedIssues } from './okr-linked-issues';
import type { OkrSession } from './okr-session';
import { getOkrOverview } from './okr-views';
import type { JiraDashboardPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** Linked issues the gadget lists per key result. */
export const GADGET_LINKED_ISSUES = 10;

/** The store key of an OKR gadget's configuration (both ids match `[A-Za-z0-9._-]{1,100}`, checked at entry). */
export function okrGadgetConfigKey(gadget: GadgetRef): string {
  return `okr-gadget:${gadget.dashboardId}:${gadget.gadgetId}`;
}

export async function getOkrGadgetConfig(
  store: StorePort,
  gadget: GadgetRef,
): Promise<OkrGadgetConfigAnswer> {
  const stored = await store.get<OkrGadgetConfig>(okrGadgetConfigKey(gadget));
  return stored === null
    ? { config: null, version: null }
    : { config: stored.value, version: stored.version };
}

/** Saves the configuration if the user may edit the dashboard and nobody saved since `expectedVersion`. */
export async function saveOkrGadgetConfig(
  store: StorePort,
  dashboards: JiraDashboardPort,
  gadget: GadgetRef,
  config: OkrGadgetConfig,
  expectedVersion: number | null,
): Promise<SaveOkrGadgetConfigAnswer> {
  await requireDashboardEditable(dashboards, gadget);
  try {
    const { version } = await store.put<OkrGadgetConfig>(okrGadgetConfigKey(gadget), config, expectedVersion);
    return { status: 'saved', version };
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    return { status: 'conflict', current: await getOkrGadgetConfig(store, gadget) };
  }
}

/**
 * The gadget's view. `jiraRequests` is what `requestCount` reports (the requests of this client, counted by the
 * caller around the whole answer); 0 when the client cannot count.
 */
export async function getOkrGadgetView(
  session: OkrSession,
  gadget: GadgetRef,
  requestCount: () => number,
): Promise<OkrGadgetView> {
  const { config, version } = await getOkrGadgetConfig(session.store, gadget);
  if (config === null)
    return { config: null, version: null, overview: null, linkedIssues: {}, jiraRequests: requestCount() };
  const overview = await getOkrOverview(session, {
    ...(config.period.kind === 'fixed' ? { periodKey: config.period.periodKey } : {}),
    ...(config.projectKey === undefined ? {} : { projectKey: config.projectKey }),
  });
  const linkedIssues: Record<string, readonly OkrLinkedIssueView[]> = {};
  if (config.layout === 'detailed') {
    const keyResultIds = overview.objectives.flatMap((objective) =>
      objective.keyResults.map((view) => view.keyResult.id),
    );
    const links = new Map(
      await Promise.all(keyResultIds.map(async (id) => [id, await session.okr.issuesOf(id)] as const)),
    );
    const visible = await readVisibleLinkedIssues(session.jira, links, GADGET_LINKED_ISSUES);
    for (const [id, issues] of visible) linkedIssues[id] = issues;
  }
  return { config, version, overview, linkedIssues, jiraRequests: requestCount() };
}
