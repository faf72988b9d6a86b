/**
 * The OKR views through the resolvers: alignment order, the project filter with the objectives aligned to,
 * people's names, the last 30 values as history, the settings' thresholds in the status, the key result search
 * and the issue panel's key results.
 */
import type { SeedUser } from '../../dev/emulator/seed';
import {
  ADMIN,
  createObjectiveWithKeyResult,
  NOW_MS,
  OWNER,
  Q4,
  withOkrHarnessPerTest,
  valueOf,
  VIEWER,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 3 }, (started) => {
  harness = started;
});

async function objective(
  title: string,
  scope: { type: 'project'; projectKey: string } | { type: 'team'; teamId: string },
  parentObjectiveId?: string,
  owner: SeedUser = OWNER,
): Promise<string> {
  return valueOf(
    await harness.handlers.saveObjective(
      {
        objective: {
          title,
          description: '',
          period: Q4,
          ownerAccountId: owner.accountId,
          scope,
          ...(parentObjectiveId === undefined ? {} : { parentObjectiveId }),
        },
      },
      harness.contextOf(ADMIN),
    ),
  ).id;
}

describe('OKR overview', () => {
  it('lists parents before children, and a project with the objectives it aligns to', async () => {
    const child = await objective('Child of later root', { type: 'project', projectKey: 'HD' });
    const root = await objective('Team goal', { type: 'team', teamId: 'service' });
    const other = await objective('Other project', { type: 'project', projectKey: 'CSI' }, root);
    const grandChild = await objective('Grandchild', { type: 'project', projectKey: 'HD' }, child);
    // Align the first objective to the team goal created after it.
    const stored = await harness.okr.getObjective(child);
    await harness.okr.updateObjective(child, stored?.version ?? 0, { parentObjectiveId: root });

    const all = valueOf(await harness.handlers.getOkrOverview({}, harness.contextOf(VIEWER)));
    expect(all.periodKey).toBe('2026-Q4');
    expect(all.objectives.map((o) => o.objective.id)).toEqual([root, child, grandChild, other]);
    expect(all.objectives[0]?.owner).toEqual({ accountId: OWNER.accountId, displayName: OWNER.displayName });
    // From 1 October 00:00 Berlin (30 September 22:00 UTC) to 15 November 12:00 UTC: 45 days 14 hours of the
    // quarter's 92 days and the hour the clocks went back.
    expect(all.elapsed).toBeCloseTo((45 * 24 + 14) / (92 * 24 + 1), 9);

    const hd = valueOf(
      await harness.handlers.getOkrOverview({ projectKey: 'HD' }, harness.contextOf(VIEWER)),
    );
    expect(hd.objectives.map((o) => o.objective.id)).toEqual([root, child, grandChild]);
  });

  it('shows the last 30 values, and the status by the thresholds of the settings', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    for (let day = 0; day < 35; day += 1)
      await harness.okr.appendCheckIn({
        keyResultId,
        value: 10 + day / 10,
        note: '',
        author: OWNER.accountId,
        atMs: Date.UTC(2026, 9, 2 + day),
        source: 'manual',
      });
    // The last value 13.4 of 10 → 20 is progress 0.34 at 49.5 % elapsed: 0.69 of the expected.
    const view = () =>
      harness.handlers.getOkrOverview({}, harness.contextOf(VIEWER)).then((answer) => {
        const kr = valueOf(answer).objectives[0]?.keyResults[0];
        if (kr === undefined) throw new Error('no key result');
        return kr;
      });
    const before = await view();
    expect(before.history).toHaveLength(30);
    expect(before.history[0]?.value).toBeCloseTo(10.5);
    expect(before.history[29]?.value).toBeCloseTo(13.4);
    expect(before.progress).toBeCloseTo(0.34);
    expect(before.status).toBe('at-risk');
    expect(before.currentAtMs).toBeLessThanOrEqual(NOW_MS);
    valueOf(
      await harness.handlers.saveOkrSettings(
        {
          settings: { editorGroupName: null, thresholds: { onTrack: 0.6, atRisk: 0.3 } },
          expectedVersion: null,
        },
        harness.contextOf(ADMIN),
      ),
    );
    expect((await view()).status).toBe('on-track');
  });
});

describe('key results from the issue side', () => {
  it('finds key results by id and by words, and lists the key results an issue serves', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const viewer = harness.contextOf(VIEWER);
    const byId = valueOf(
      await harness.handlers.searchKeyResults({ query: keyResultId.toLowerCase() }, viewer),
    );
    expect(byId.map((hit) => hit.keyResultId)).toEqual([keyResultId]);
    const byWords = valueOf(await harness.handlers.searchKeyResults({ query: 'ANMELDEVERSUCHE 15' }, viewer));
    expect(byWords).toEqual([
      {
        keyResultId,
        title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
        objectiveTitle: 'Anmeldegeschwindigkeit erhöhen',
        periodKey: '2026-Q4',
      },
    ]);
    expect(valueOf(await harness.handlers.searchKeyResults({ query: 'Durchlaufzeit' }, viewer))).toEqual([]);
    expect(valueOf(await harness.handlers.searchKeyResults({ query: '' }, viewer))).toHaveLength(1);

    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-1', keyResultId }, viewer));
    const served = valueOf(await harness.handlers.getIssueKeyResults({ issueKey: 'HD-1' }, viewer));
    expect(served).toMatchObject({
      issueKey: 'HD-1',
      canLink: true,
      keyResults: [{ keyResultId, objectiveTitle: 'Anmeldegeschwindigkeit erhöhen', periodKey: '2026-Q4' }],
    });
  });
});
