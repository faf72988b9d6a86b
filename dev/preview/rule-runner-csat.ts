/**
 * The preview playing a customer: `POST /__preview/requests/<key>/csat` rates a help-desk request as its reporter
 * (JSM lets only the reporter rate: `POST /rest/servicedeskapi/request/{key}/feedback`), then waits until the
 * preview's rule runner has handled what the rating set off (the emulator's issue-updated event: e.g.
 * "Kundenzufriedenheit ≤ 2" registering an improvement) and answers the rule runs it caused.
 */
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { PreviewRequestError } from './backend';
import type { PreviewCsatResult } from './preview-api';
import type { RuleRunner } from './rule-runner';

/** How long the answer waits for the runs and deliveries the rating caused. */
export const CSAT_SETTLE_MS = 20_000;

export interface CsatSubmitDeps {
  /** Jira as the page's selected user (who must see the request). */
  readonly jira: JiraPort;
  /** Jira's REST API as a sample user; null for one the preview has no credentials of. */
  readonly jiraTransportFor: (accountId: string) => JiraTransport | null;
  readonly rules: Pick<RuleRunner, 'idle' | 'view' | 'nextRunId'>;
}

/** The rating from a request body: an integer 1..5. */
export function ratingOf(body: unknown): number {
  const rating =
    typeof body === 'object' && body !== null ? (body as { rating?: unknown }).rating : undefined;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5)
    throw new PreviewRequestError(400, 'the body needs "rating": a whole number from 1 to 5');
  return rating;
}

/** Pause between looks at the rule runner while waiting for what a rating set off, ms. */
const SETTLE_POLL_MS = 50;

/**
 * Waits until the rule runner is quiet: the emulator sends an event just after its answer, a run's action causes
 * more events (the new improvement, its link), so it waits until a look finds no new run and nothing pending. The
 * app's own deliveries are not waited for: a trigger that asked to be delivered again later (the feedback link
 * trigger defers an improvement still being registered) would hold the answer for its retry delay.
 */
async function settle(deps: CsatSubmitDeps): Promise<boolean> {
  const deadline = Date.now() + CSAT_SETTLE_MS;
  let seen = -1;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    await deps.rules.idle();
    const next = deps.rules.nextRunId();
    if (next === seen) return true;
    seen = next;
  }
  return false;
}

/**
 * Rates `issueKey` with `rating` as its reporter and answers the rule runs it caused.
 *
 * @throws PreviewRequestError: 404 when the selected user cannot see the request, 409 when its reporter is no
 *   sample user the preview can act as, JSM's status and message when JSM refuses (not a request, a bad rating).
 */
export async function submitCsatRating(
  deps: CsatSubmitDeps,
  issueKey: string,
  rating: number,
): Promise<PreviewCsatResult> {
  const issue = await deps.jira.getIssue(issueKey, ['reporter']);
  const reporter = issue.fields?.['reporter'] as { accountId?: unknown } | null | undefined;
  const reporterAccountId = typeof reporter?.accountId === 'string' ? reporter.accountId : null;
  const transport = reporterAccountId === null ? null : deps.jiraTransportFor(reporterAccountId);
  if (reporterAccountId === null || transport === null)
    throw new PreviewRequestError(
      409,
      `${issueKey} has no reporter the preview can act as: only the reporter may rate a request in JSM`,
    );
  const firstRun = deps.rules.nextRunId();
  const response = await transport.send({
    method: 'POST',
    path: `/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/feedback`,
    body: { type: 'csat', rating },
  });
  const text = await response.text();
  if (response.status !== 200) {
    const message = (() => {
      try {
        const parsed = JSON.parse(text) as { errorMessage?: unknown };
        return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : text;
      } catch {
        return text;
      }
    })();
    throw new PreviewRequestError(response.status, `JSM refused the rating: ${message}`);
  }
  const settled = await settle(deps);
  const runs = deps.rules.view().runs.filter((run) => run.id >= firstRun);
  return { issueKey, rating, reporterAccountId, runs, settled };
}
