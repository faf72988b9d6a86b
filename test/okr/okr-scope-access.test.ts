/**
 * A measured key result's scope may hold only issues its author may browse (the app measures as itself, so a
 * hidden issue's aggregates would leak through repeated edits and "measure now"): over the emulator, the outsider
 * (browses only CSI) owns an objective and may not define a scope over HD, writing nothing; a Jira admin may; the
 * owner who browses everything may; a title-only edit of a measured key result searches nothing.
 */
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-routes';
import type { KeyResultKind } from '../../src/domain/okr/types';
import {
  ADMIN,
  codeOf,
  OUTSIDER,
  OWNER,
  Q3,
  Q4,
  withOkrHarnessPerTest,
  valueOf,
  type OkrHarness,
} from './okr-handlers-support';
import type { SeedUser } from '../../dev/emulator/seed';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 5 }, (started) => {
  harness = started;
});

const HD_COUNT: KeyResultKind = {
  type: 'issueCount',
  jql: 'project = HD AND statusCategory = Done',
  per: 'week',
  baselinePeriod: Q3,
  targetChangePercent: -10,
};
const HD_FLOW: KeyResultKind = {
  type: 'flowMetric',
  scope: { type: 'project', projectKey: 'HD' },
  metric: 'throughputPerWeek',
  baselinePeriod: Q3,
  targetChangePercent: -10,
};
const HD_PROGRESS: KeyResultKind = { type: 'issueProgress', issues: { type: 'jql', jql: 'project = HD' } };

async function objectiveOwnedBy(owner: SeedUser): Promise<string> {
  return valueOf(
    await harness.handlers.saveObjective(
      {
        objective: {
          title: 'Anmeldungen beschleunigen',
          description: '',
          period: Q4,
          ownerAccountId: owner.accountId,
          scope: { type: 'project', projectKey: 'HD' },
        },
      },
      harness.contextOf(ADMIN),
    ),
  ).id;
}

function keyResult(objectiveId: string, kind: KeyResultKind, owner: SeedUser, title = 'Weniger Tickets') {
  return {
    objectiveId,
    title,
    ownerAccountId: owner.accountId,
    weight: 1,
    unit: 'issues',
    direction: kind.type === 'issueProgress' ? ('increase' as const) : ('decrease' as const),
    kind,
    source: 'measured' as const,
  };
}

async function keyResultIdsOf(objectiveId: string): Promise<string[]> {
  const overview = valueOf(await harness.handlers.getOkrOverview({}, harness.contextOf(ADMIN)));
  const objective = overview.objectives.find((entry) => entry.objective.id === objectiveId);
  return (objective?.keyResults ?? []).map((kr) => kr.keyResult.id);
}

const searches = (clients: { requestCount(routeKey?: string): number }[]) =>
  clients.reduce((sum, client) => sum + client.requestCount(JIRA_ROUTES.searchJql), 0);

describe('who may define a measured scope', () => {
  it.each([
    ['an issue count over HD', HD_COUNT],
    ['a flow metric of the project HD', HD_FLOW],
    ['the issue progress of a JQL over HD', HD_PROGRESS],
  ])('refuses %s to an objective owner who may not browse HD, writing nothing', async (_name, kind) => {
    const objectiveId = await objectiveOwnedBy(OUTSIDER);
    const refused = await harness.handlers.saveKeyResult(
      { keyResult: keyResult(objectiveId, kind, OUTSIDER) },
      harness.contextOf(OUTSIDER),
    );
    expect(codeOf(refused)).toBe('forbidden');
    if (!refused.ok) {
      expect(refused.error.detail).toContain('contains issues you may not browse');
      expect(refused.error.detail).toContain("ask a Jira administrator to define this key result's scope");
    }
    expect(await keyResultIdsOf(objectiveId)).toEqual([]);
  });

  it('lets a Jira admin define the scope, and refuses the outsider changing it, keeping the stored one', async () => {
    const objectiveId = await objectiveOwnedBy(OUTSIDER);
    const saved = valueOf(
      await harness.handlers.saveKeyResult(
        { keyResult: keyResult(objectiveId, HD_COUNT, OUTSIDER) },
        harness.contextOf(ADMIN),
      ),
    );
    const probe = { ...HD_COUNT, jql: 'project = HD AND created >= "2026-01-01"' };
    const refused = await harness.handlers.saveKeyResult(
      { id: saved.id, expectedVersion: saved.version, keyResult: keyResult(objectiveId, probe, OUTSIDER) },
      harness.contextOf(OUTSIDER),
    );
    expect(codeOf(refused)).toBe('forbidden');
    const stored = await harness.okr.getKeyResult(saved.id);
    expect(stored?.value.kind).toEqual(HD_COUNT);
    expect(stored?.version).toBe(saved.version);
  });

  it('lets an owner who browses every issue of the scope define it', async () => {
    const objectiveId = await objectiveOwnedBy(OWNER);
    const saved = valueOf(
      await harness.handlers.saveKeyResult(
        { keyResult: keyResult(objectiveId, HD_FLOW, OWNER) },
        harness.contextOf(OWNER),
      ),
    );
    expect(await keyResultIdsOf(objectiveId)).toEqual([saved.id]);
    // The check did search, as the app and as the user.
    expect(searches(harness.appClients)).toBeGreaterThan(0);
  });

  it('searches nothing for a title-only edit of a measured key result', async () => {
    const objectiveId = await objectiveOwnedBy(OUTSIDER);
    const saved = valueOf(
      await harness.handlers.saveKeyResult(
        { keyResult: keyResult(objectiveId, HD_FLOW, OUTSIDER) },
        harness.contextOf(ADMIN),
      ),
    );
    harness.clients.length = 0;
    harness.appClients.length = 0;
    const edited = valueOf(
      await harness.handlers.saveKeyResult(
        {
          id: saved.id,
          expectedVersion: saved.version,
          keyResult: keyResult(objectiveId, HD_FLOW, OUTSIDER, 'Mehr Durchsatz'),
        },
        harness.contextOf(OUTSIDER),
      ),
    );
    expect(edited.version).toBeGreaterThan(saved.version);
    expect(searches(harness.clients)).toBe(0);
    expect(searches(harness.appClients)).toBe(0);
    expect((await harness.okr.getKeyResult(saved.id))?.value.title).toBe('Mehr Durchsatz');
  });

  it('reads at most 4 ids-only pages per side and refuses a larger scope to a non-admin', async () => {
    const { requireVisibleScope, SCOPE_CHECK_MAX_IDS } =
      await import('../../src/application/okr-scope-access');
    const asked: { jql: string; maxIds: number | undefined }[] = [];
    const big = {
      searchIssueIds: (jql: string, options?: { maxIds?: number }) => {
        asked.push({ jql, maxIds: options?.maxIds });
        return Promise.resolve(Array.from({ length: SCOPE_CHECK_MAX_IDS }, (_, i) => String(i + 1)));
      },
    };
    await expect(
      requireVisibleScope({ userJira: big, appJira: big, isJiraAdmin: false }, 'KR-1', null, HD_FLOW),
    ).rejects.toThrow('20000 issues or more');
    expect(SCOPE_CHECK_MAX_IDS).toBe(4 * 5_000);
    expect(asked).toEqual([{ jql: '(project = "HD")', maxIds: SCOPE_CHECK_MAX_IDS }]);
  });

  it('compares the ids: one issue the app sees and the user does not is refused, a superset passes', async () => {
    const { requireVisibleScope } = await import('../../src/application/okr-scope-access');
    const jiraOf = (ids: string[]) => ({ searchIssueIds: () => Promise.resolve(ids) });
    const app = jiraOf(['1', '2', '3']);
    await expect(
      requireVisibleScope(
        { userJira: jiraOf(['1', '3']), appJira: app, isJiraAdmin: false },
        'KR-1',
        null,
        HD_COUNT,
      ),
    ).rejects.toThrow('contains issues you may not browse');
    await expect(
      requireVisibleScope(
        { userJira: jiraOf(['4', '3', '2', '1']), appJira: app, isJiraAdmin: false },
        'KR-1',
        null,
        HD_COUNT,
      ),
    ).resolves.toBeUndefined();
  });
});

describe('a scope Jira cannot search', () => {
  it('answers invalid-okr naming the JQL for a JQL Jira refuses for the app too', async () => {
    const objectiveId = await objectiveOwnedBy(OWNER);
    const refused = await harness.handlers.saveKeyResult(
      { keyResult: keyResult(objectiveId, { ...HD_COUNT, jql: 'project = HD AND summary ~ "x"' }, OWNER) },
      harness.contextOf(OWNER),
    );
    expect(codeOf(refused)).toBe('invalid-okr');
    if (!refused.ok) expect(refused.error.detail).toContain('Jira cannot search the scope');
    expect(await keyResultIdsOf(objectiveId)).toEqual([]);
  });

  it('checks the fields before Jira is searched', async () => {
    const objectiveId = await objectiveOwnedBy(OWNER);
    harness.appClients.length = 0;
    const refused = await harness.handlers.saveKeyResult(
      { keyResult: { ...keyResult(objectiveId, HD_FLOW, OWNER), title: '' } },
      harness.contextOf(OWNER),
    );
    expect(codeOf(refused)).toBe('invalid-okr');
    expect(searches(harness.appClients)).toBe(0);
  });
});
