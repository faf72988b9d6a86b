/**
 * Who may do what with OKRs, over the emulator as each user: reading is for everyone; a viewer who owns nothing
 * may not create, edit, check in, close, change settings, import or rotate; the owner of a key result may check
 * in on it but not edit its objective; the OKR editor group may create once configured. Plus stale versions
 * (`conflict`), check-in rules and a closed period (`period-closed`).
 */
import {
  ADMIN,
  codeOf,
  createObjectiveWithKeyResult,
  EDITOR,
  EDITOR_GROUP,
  NOW_MS,
  OWNER,
  Q3,
  Q4,
  withOkrHarnessPerTest,
  valueOf,
  VIEWER,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 5 }, (started) => {
  harness = started;
});

const newObjective = (ownerAccountId: string) => ({
  objective: {
    title: 'Kundenzufriedenheit erhöhen',
    description: '',
    period: Q4,
    ownerAccountId,
    scope: { type: 'project', projectKey: 'HD' },
  },
});

describe('OKR permissions', () => {
  it('lets everyone read, and refuses every change to a viewer who owns nothing', async () => {
    const { objectiveId, keyResultId } = await createObjectiveWithKeyResult(harness, { source: 'external' });
    const viewer = harness.contextOf(VIEWER);
    const overview = valueOf(await harness.handlers.getOkrOverview({}, viewer));
    expect(overview.objectives.map((o) => o.objective.id)).toEqual([objectiveId]);
    expect(overview.canCreate).toBe(false);
    expect(overview.canAdminister).toBe(false);
    expect(overview.objectives[0]?.canEdit).toBe(false);
    expect(overview.objectives[0]?.keyResults[0]?.canEdit).toBe(false);
    const detail = valueOf(await harness.handlers.getKeyResultDetail({ keyResultId }, viewer));
    // The web trigger URL is for those who may edit the key result.
    expect(detail.webTriggerUrl).toBeNull();

    const objective = overview.objectives[0];
    if (objective === undefined) throw new Error('no objective');
    const keyResult = objective.keyResults[0];
    if (keyResult === undefined) throw new Error('no key result');
    const refusals = [
      await harness.handlers.saveObjective(newObjective(VIEWER.accountId), viewer),
      await harness.handlers.saveObjective(
        {
          id: objectiveId,
          expectedVersion: objective.version,
          objective: { ...newObjective(VIEWER.accountId).objective },
        },
        viewer,
      ),
      await harness.handlers.archiveObjective(
        { id: objectiveId, expectedVersion: objective.version },
        viewer,
      ),
      await harness.handlers.saveKeyResult(
        {
          keyResult: {
            objectiveId,
            title: 'x',
            ownerAccountId: VIEWER.accountId,
            weight: 1,
            unit: '',
            direction: 'increase',
            kind: { type: 'binary' },
            source: 'manual',
          },
        },
        viewer,
      ),
      await harness.handlers.archiveKeyResult(
        { id: keyResultId, expectedVersion: keyResult.version },
        viewer,
      ),
      await harness.handlers.checkInKeyResult({ keyResultId, value: 12, note: '' }, viewer),
      await harness.handlers.closeOkrPeriod({ periodKey: '2026-Q3' }, viewer),
      await harness.handlers.saveOkrSettings(
        {
          settings: { editorGroupName: null, thresholds: { onTrack: 0.8, atRisk: 0.5 } },
          expectedVersion: null,
        },
        viewer,
      ),
      await harness.handlers.importOkrPeriod({ data: {} }, viewer),
      await harness.handlers.exportOkrPeriod({ periodKey: '2026-Q4' }, viewer),
      await harness.handlers.rotateKeyResultSecret({ keyResultId }, viewer),
    ];
    expect(refusals.map(codeOf)).toEqual(Array.from({ length: refusals.length }, () => 'forbidden'));
    // Nothing was written: the key result still has no check-ins, the objective its version.
    expect(await harness.okr.checkIns(keyResultId)).toEqual([]);
    expect((await harness.okr.getObjective(objectiveId))?.version).toBe(objective.version);
  });

  it('lets the owner of a key result check in on it but not edit its objective', async () => {
    const { objectiveId, keyResultId } = await createObjectiveWithKeyResult(harness, {
      owner: ADMIN,
      krOwner: VIEWER,
    });
    const viewer = harness.contextOf(VIEWER);
    const answer = valueOf(
      await harness.handlers.checkInKeyResult(
        { keyResultId, value: 15, confidence: 7, note: 'halfway' },
        viewer,
      ),
    );
    expect(answer.view.currentValue).toBe(15);
    expect(answer.view.progress).toBeCloseTo(0.5);
    expect(answer.view.confidence).toBe(7);
    const detail = valueOf(await harness.handlers.getKeyResultDetail({ keyResultId }, viewer));
    expect(detail.checkIns).toEqual([
      expect.objectContaining({
        value: 15,
        author: { accountId: VIEWER.accountId, displayName: VIEWER.displayName },
        source: 'manual',
        atMs: NOW_MS,
      }),
    ]);
    const objective = await harness.okr.getObjective(objectiveId);
    expect(
      codeOf(
        await harness.handlers.archiveObjective(
          { id: objectiveId, expectedVersion: objective?.version ?? 0 },
          viewer,
        ),
      ),
    ).toBe('forbidden');
  });

  it('lets the configured OKR editor group create objectives, and only admins change the settings', async () => {
    const editor = harness.contextOf(EDITOR);
    expect(codeOf(await harness.handlers.saveObjective(newObjective(EDITOR.accountId), editor))).toBe(
      'forbidden',
    );
    const settings = { editorGroupName: EDITOR_GROUP, thresholds: { onTrack: 0.7, atRisk: 0.4 } };
    expect(codeOf(await harness.handlers.saveOkrSettings({ settings, expectedVersion: null }, editor))).toBe(
      'forbidden',
    );
    const saved = valueOf(
      await harness.handlers.saveOkrSettings({ settings, expectedVersion: null }, harness.contextOf(ADMIN)),
    );
    expect(saved.version).toBe(1);
    const created = valueOf(await harness.handlers.saveObjective(newObjective(OWNER.accountId), editor));
    expect(created.id).toMatch(/^O-\d+$/);
    expect(valueOf(await harness.handlers.getOkrSettings({}, editor))).toEqual({ settings, version: 1 });
    // A stale settings save is a conflict.
    expect(
      codeOf(
        await harness.handlers.saveOkrSettings({ settings, expectedVersion: null }, harness.contextOf(ADMIN)),
      ),
    ).toBe('conflict');
  });
});

describe('OKR writes', () => {
  it('refuses a save on a stale version with conflict', async () => {
    const { objectiveId } = await createObjectiveWithKeyResult(harness);
    const owner = harness.contextOf(OWNER);
    const first = valueOf(
      await harness.handlers.saveObjective(
        {
          id: objectiveId,
          expectedVersion: 1,
          objective: { ...newObjective(OWNER.accountId).objective, title: 'A' },
        },
        owner,
      ),
    );
    expect(first.version).toBe(2);
    const stale = await harness.handlers.saveObjective(
      {
        id: objectiveId,
        expectedVersion: 1,
        objective: { ...newObjective(OWNER.accountId).objective, title: 'B' },
      },
      owner,
    );
    expect(codeOf(stale)).toBe('conflict');
    expect((await harness.okr.getObjective(objectiveId))?.value.title).toBe('A');
  });

  it('refuses check-ins in the future, before the period, with confidence outside 0..10, on archived key results', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const owner = harness.contextOf(OWNER);
    const checkIn = (extra: object) =>
      harness.handlers.checkInKeyResult({ keyResultId, value: 12, note: '', ...extra }, owner);
    const future = await checkIn({ atMs: NOW_MS + 60_000 });
    const early = await checkIn({ atMs: Date.UTC(2026, 8, 30, 21) });
    const unsure = await checkIn({ confidence: 11 });
    expect([future, early, unsure].map(codeOf)).toEqual(['invalid-okr', 'invalid-okr', 'invalid-okr']);
    if (!future.ok) expect(future.error.detail).toContain('atMs');
    if (!unsure.ok) expect(unsure.error.detail).toContain('confidence');
    // Backdating within the period is fine (Berlin's 1 October begins 30 September 22:00 UTC).
    valueOf(await checkIn({ atMs: Date.UTC(2026, 8, 30, 22) }));
    valueOf(await harness.handlers.archiveKeyResult({ id: keyResultId, expectedVersion: 1 }, owner));
    expect(codeOf(await checkIn({}))).toBe('invalid-okr');
    expect(await harness.okr.checkIns(keyResultId)).toHaveLength(1);
  });

  it('closes an ended period once with grades; afterwards it refuses edits and check-ins', async () => {
    const { objectiveId, keyResultId } = await createObjectiveWithKeyResult(harness, { period: Q3 });
    const owner = harness.contextOf(OWNER);
    const admin = harness.contextOf(ADMIN);
    valueOf(
      await harness.handlers.checkInKeyResult(
        { keyResultId, value: 17, note: '', atMs: Date.UTC(2026, 8, 1) },
        owner,
      ),
    );
    // The current quarter has not ended: grading it would be premature.
    await createObjectiveWithKeyResult(harness);
    expect(codeOf(await harness.handlers.closeOkrPeriod({ periodKey: '2026-Q4' }, admin))).toBe(
      'invalid-okr',
    );

    const closed = valueOf(await harness.handlers.closeOkrPeriod({ periodKey: '2026-Q3' }, admin));
    expect(closed.closed).toBe(true);
    expect(closed.objectives[0]?.grading).toEqual({
      objectiveGrade: 0.7,
      keyResults: [{ keyResultId, grade: 0.7 }],
    });
    expect(codeOf(await harness.handlers.closeOkrPeriod({ periodKey: '2026-Q3' }, admin))).toBe(
      'period-closed',
    );
    expect(
      codeOf(
        await harness.handlers.checkInKeyResult(
          { keyResultId, value: 20, note: '', atMs: Date.UTC(2026, 8, 2) },
          owner,
        ),
      ),
    ).toBe('period-closed');
    expect(
      codeOf(
        await harness.handlers.saveObjective(
          {
            id: objectiveId,
            expectedVersion: 1,
            objective: { ...newObjective(OWNER.accountId).objective, period: Q3 },
          },
          owner,
        ),
      ),
    ).toBe('period-closed');
    expect(
      codeOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-1', keyResultId }, owner)),
    ).toBe('period-closed');
    const periods = valueOf(await harness.handlers.getOkrOverview({}, owner)).periods;
    expect(periods.map((p) => [p.periodKey, p.closed, p.objectiveCount])).toEqual([
      ['2026-Q4', false, 1],
      ['2026-Q3', true, 1],
    ]);
  });

  it('exports a period for admins and imports it only for admins', async () => {
    await createObjectiveWithKeyResult(harness);
    const exported = valueOf(
      await harness.handlers.exportOkrPeriod({ periodKey: '2026-Q4' }, harness.contextOf(ADMIN)),
    );
    expect(exported).toMatchObject({ format: 'three-ways-for-jira/okr-period', periodKey: '2026-Q4' });
    // Importing what exists already is refused by the store (invalid-okr), not half-written.
    const again = await harness.handlers.importOkrPeriod({ data: exported }, harness.contextOf(ADMIN));
    expect(codeOf(again)).toBe('invalid-okr');
  });
});
