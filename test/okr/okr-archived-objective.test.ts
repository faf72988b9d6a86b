/**
 * An archived objective hides its key results as archiving each would: a check-in, "measure now" and a new
 * secret are refused naming the archived objective, writing nothing, and the daily run leaves them out instead of
 * failing on each every day.
 */
import { measureOpenKeyResults } from '../../src/application/okr-measure-daily';
import {
  ADMIN,
  codeOf,
  createObjectiveWithKeyResult,
  NOW_MS,
  OWNER,
  saveMeasuredKeyResult,
  withOkrHarnessPerTest,
  valueOf,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 5 }, (started) => {
  harness = started;
});

async function archiveObjectiveOf(objectiveId: string): Promise<void> {
  const stored = await harness.okr.getObjective(objectiveId);
  if (stored === null) throw new Error(`no ${objectiveId}`);
  valueOf(
    await harness.handlers.archiveObjective(
      { id: objectiveId, expectedVersion: stored.version },
      harness.contextOf(ADMIN),
    ),
  );
}

function detailOf(result: { ok: boolean; error?: { detail: string } }): string {
  return result.error?.detail ?? '';
}

describe('key results of an archived objective', () => {
  it('refuses a check-in, writing nothing', async () => {
    const { objectiveId, keyResultId } = await createObjectiveWithKeyResult(harness);
    await archiveObjectiveOf(objectiveId);
    const refused = await harness.handlers.checkInKeyResult(
      { keyResultId, value: 12, note: '' },
      harness.contextOf(OWNER),
    );
    expect(codeOf(refused)).toBe('invalid-okr');
    expect(detailOf(refused)).toContain(`objective ${objectiveId} of ${keyResultId} is archived`);
    expect(await harness.okr.checkIns(keyResultId)).toEqual([]);
  });

  it('refuses a new secret', async () => {
    const { objectiveId, keyResultId } = await createObjectiveWithKeyResult(harness, { source: 'external' });
    await archiveObjectiveOf(objectiveId);
    const refused = await harness.handlers.rotateKeyResultSecret({ keyResultId }, harness.contextOf(OWNER));
    expect(codeOf(refused)).toBe('invalid-okr');
    expect(detailOf(refused)).toContain(`objective ${objectiveId} of ${keyResultId} is archived`);
  });

  it('refuses "measure now" naming the archived objective, and the daily run leaves the key result out', async () => {
    const { objectiveId } = await createObjectiveWithKeyResult(harness);
    const measuredId = await saveMeasuredKeyResult(harness, objectiveId);
    await archiveObjectiveOf(objectiveId);
    const refused = await harness.handlers.measureKeyResult(
      { keyResultId: measuredId },
      harness.contextOf(OWNER),
    );
    expect(codeOf(refused)).toBe('not-found');
    expect(detailOf(refused)).toContain(`objective ${objectiveId} of ${measuredId} is archived`);

    const logged: unknown[] = [];
    const summary = await measureOpenKeyResults(
      {
        store: harness.store,
        okr: harness.okr,
        jira: () => harness.jiraAs(ADMIN),
        elapsedClock: () => 0,
        logError: (_message, error) => logged.push(error),
      },
      NOW_MS,
    );
    expect(logged).toEqual([]);
    expect(summary.failed).toEqual([]);
    expect(summary.measured).toEqual([]);
    expect(await harness.okr.checkIns(measuredId)).toEqual([]);
  });
});
