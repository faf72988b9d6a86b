/**
 * Per key result and UTC day, people may add at most 50 manual check-ins and 24 values measured on demand (every
 * view reads the whole history): past a cap the answer is `busy` naming the limit, nothing is written and Jira is
 * not asked; yesterday's check-ins and the daily measurement do not count.
 */
import { OkrStore } from '../../src/application/okr-store';
import {
  MAX_MANUAL_CHECK_INS_PER_UTC_DAY,
  MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY,
} from '../../src/domain/okr/check-in-limits';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-routes';
import {
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

const DAY_MS = 86_400_000;

async function append(
  keyResultId: string,
  count: number,
  options: { readonly recordedAtMs?: number; readonly measurementId?: (i: number) => string } = {},
): Promise<void> {
  const okr = new OkrStore(harness.store, { clock: () => options.recordedAtMs ?? NOW_MS });
  for (let i = 0; i < count; i += 1)
    await okr.appendCheckIn({
      keyResultId,
      value: i,
      note: '',
      author: options.measurementId === undefined ? OWNER.accountId : 'app',
      atMs: (options.recordedAtMs ?? NOW_MS) - 1000,
      source: options.measurementId === undefined ? 'manual' : 'measured',
      ...(options.measurementId === undefined ? {} : { measurementId: options.measurementId(i) }),
    });
}

describe('manual check-ins per day', () => {
  it(`refuses the ${String(MAX_MANUAL_CHECK_INS_PER_UTC_DAY + 1)}st of a UTC day, and yesterday's do not count`, async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    await append(keyResultId, MAX_MANUAL_CHECK_INS_PER_UTC_DAY, { recordedAtMs: NOW_MS - DAY_MS });
    await append(keyResultId, MAX_MANUAL_CHECK_INS_PER_UTC_DAY - 1);
    const owner = harness.contextOf(OWNER);
    valueOf(await harness.handlers.checkInKeyResult({ keyResultId, value: 15, note: 'die letzte' }, owner));
    const refused = await harness.handlers.checkInKeyResult(
      { keyResultId, value: 16, note: 'zu viel' },
      owner,
    );
    expect(codeOf(refused)).toBe('busy');
    if (!refused.ok) expect(refused.error.detail).toContain('50 manual check-ins today');
    expect(await harness.okr.checkIns(keyResultId)).toHaveLength(2 * MAX_MANUAL_CHECK_INS_PER_UTC_DAY);
  });
});

describe('"measure now" per day', () => {
  async function measuredKeyResult(): Promise<string> {
    const { objectiveId } = await createObjectiveWithKeyResult(harness);
    return saveMeasuredKeyResult(harness, objectiveId);
  }
  const minuteId = (i: number) =>
    `measured:2026-11-15T${String(i % 10).padStart(2, '0')}:${String(i).padStart(2, '0')}`;

  it(`refuses the ${String(MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY + 1)}th of a UTC day without asking Jira`, async () => {
    const keyResultId = await measuredKeyResult();
    await append(keyResultId, MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY, { measurementId: minuteId });
    harness.appClients.length = 0;
    const refused = await harness.handlers.measureKeyResult({ keyResultId }, harness.contextOf(OWNER));
    expect(codeOf(refused)).toBe('busy');
    if (!refused.ok) expect(refused.error.detail).toContain('measured on demand 24 times today');
    expect(await harness.okr.checkIns(keyResultId)).toHaveLength(MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY);
    const searches = harness.appClients.reduce((sum, c) => sum + c.requestCount(JIRA_ROUTES.searchJql), 0);
    expect(searches).toBe(0);
  });

  it('does not count the daily measurement or yesterday', async () => {
    const keyResultId = await measuredKeyResult();
    await append(keyResultId, MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY - 1, { measurementId: minuteId });
    await append(keyResultId, 1, { measurementId: () => 'measured:2026-11-15' });
    await append(keyResultId, 5, {
      recordedAtMs: NOW_MS - DAY_MS,
      measurementId: (i) => `measured:2026-11-14T0${String(i)}:00`,
    });
    const measured = valueOf(
      await harness.handlers.measureKeyResult({ keyResultId }, harness.contextOf(OWNER)),
    );
    expect(measured.issueCount).toBeGreaterThan(0);
    expect(await harness.okr.checkIns(keyResultId)).toHaveLength(MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY + 6);
  });
});
