/**
 * One Jira deadline per invocation: a client created late in an invocation keeps the invocation's deadline
 * instead of counting a fresh budget from its own creation (Forge stops the function 25 s after it started).
 */
import { JiraUnavailableError } from '../../src/application/errors';
import { invocationDeadline, withInvocationDeadline } from '../../src/adapters/jira/invocation-deadline';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { RESOLVER_JIRA_BUDGET_MS } from '../../src/adapters/jira/retry-policy';
import { fakeClock, scriptedTransport } from './scripted-transport';

describe('withInvocationDeadline', () => {
  it('gives a client created 15 s into the invocation the invocation’s deadline, not a fresh 20 s', async () => {
    const clock = fakeClock();
    const rateLimited = scriptedTransport(() => ({ status: 429, headers: { 'Retry-After': '7' } }));

    const failure = await withInvocationDeadline(
      RESOLVER_JIRA_BUDGET_MS,
      async () => {
        // The invocation's first 15 s go elsewhere (reading the issue, the store).
        await clock.sleep(15_000);
        const late = createJiraClient(rateLimited, {
          sleep: clock.sleep,
          now: clock.now,
          budgetMs: RESOLVER_JIRA_BUDGET_MS,
          ...invocationDeadline(),
        });
        return late.getMyself().then(
          () => null,
          (error: unknown) => error,
        );
      },
      clock.now,
    );

    // Waiting 7 s would end at 22 s, past the invocation's 20 s: the call fails at once instead.
    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect((failure as Error).message).toMatch(/^Jira rate-limited the app; try again in 7 s/);
    expect(rateLimited.sent).toHaveLength(1);
    expect(clock.sleeps).toEqual([15_000]);
  });

  it('keeps the earlier deadline when nested, and gives no deadline outside an invocation', async () => {
    const clock = fakeClock(1_000_000);
    expect(invocationDeadline()).toEqual({});

    const inner = await withInvocationDeadline(
      20_000,
      () => withInvocationDeadline(850_000, () => Promise.resolve(invocationDeadline()), clock.now),
      clock.now,
    );

    expect(inner).toEqual({ deadlineMs: 1_020_000 });
    expect(invocationDeadline()).toEqual({});
  });
});
