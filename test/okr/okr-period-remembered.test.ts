/**
 * A custom period is remembered before its first objective is written: an invocation that stops right after the
 * objective's write (simulated by a store that fails once the objective is in) leaves the period known to the
 * picker and the daily run, not an objective in a period nobody lists.
 */
import { PERIOD_KEYS_KEY } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { createOkrHandlers } from '../../src/entry/resolvers/okr-handlers';
import { ADMIN, NOW_MS, OWNER, startOkrHarness, TIME_ZONE, type OkrHarness } from './okr-handlers-support';

let harness: OkrHarness;
beforeEach(async () => {
  harness = await startOkrHarness({ issues: 2 });
});
afterEach(() => harness.stop());

const SPRINT: OkrPeriod = {
  kind: 'custom',
  startDate: '2026-11-01',
  endDate: '2026-12-20',
  timeZone: TIME_ZONE,
};

it('remembers a custom period even when the invocation stops right after the objective is written', async () => {
  class StoppingStore extends OkrStore {
    override async createObjective(
      ...args: Parameters<OkrStore['createObjective']>
    ): ReturnType<OkrStore['createObjective']> {
      await super.createObjective(...args);
      throw new Error('the invocation stopped here');
    }
  }
  const okr = new StoppingStore(harness.store, { clock: () => NOW_MS });
  const logged: unknown[] = [];
  const handlers = createOkrHandlers({
    jira: () => harness.jiraAs(ADMIN),
    store: harness.store,
    okr,
    clock: () => NOW_MS,
    logError: (_message, error) => logged.push(error),
  });
  const answer = await handlers.saveObjective(
    {
      objective: {
        title: 'Winterrelease',
        description: '',
        period: SPRINT,
        ownerAccountId: OWNER.accountId,
        scope: { type: 'project', projectKey: 'HD' },
      },
    },
    harness.contextOf(ADMIN),
  );
  expect(answer.ok).toBe(false);
  expect(logged).toHaveLength(1);
  const periods = (await harness.store.get<{ periods: { periodKey: string }[] }>(PERIOD_KEYS_KEY))?.value
    .periods;
  expect(periods?.map((entry) => entry.periodKey)).toContain('2026-11-01..2026-12-20');
});
