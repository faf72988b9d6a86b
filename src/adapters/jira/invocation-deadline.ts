/**
 * One Jira deadline per Forge invocation, shared by every Jira client the invocation creates.
 *
 * Forge stops a resolver 25 s after the invocation started, not after a client was created. Clients are made
 * lazily (the issue panel reads the issue with one, and only later, when the viewer has no project view yet,
 * creates another to compute it; the workflow validator makes one per read), so a budget counted from each
 * client's creation would let the later ones wait past the platform's limit. The entry point runs the invocation
 * in {@link withInvocationDeadline}; every client created inside it takes {@link invocationDeadline}.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<number>();

/**
 * Runs `work` (one invocation) with a Jira deadline of `clock() + budgetMs`, epoch ms. Nested calls keep the outer
 * (earlier) deadline.
 *
 * @example withInvocationDeadline(RESOLVER_JIRA_BUDGET_MS, () => handler(payload, context))
 */
export function withInvocationDeadline<T>(
  budgetMs: number,
  work: () => T,
  clock: () => number = Date.now,
): T {
  const outer = current.getStore();
  const deadlineMs = clock() + budgetMs;
  return current.run(outer === undefined ? deadlineMs : Math.min(outer, deadlineMs), work);
}

/**
 * The running invocation's deadline as a client option (`{ deadlineMs }`), or no option outside one (the command
 * line, tests): spread it into `createJiraClient`'s options next to a `budgetMs`, and the earlier one counts.
 */
export function invocationDeadline(): { readonly deadlineMs?: number } {
  const deadlineMs = current.getStore();
  return deadlineMs === undefined ? {} : { deadlineMs };
}
