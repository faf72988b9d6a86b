/**
 * The plan of Nordlicht's sample OKRs (dev/sample-data/generate-okr.ts): quarters relative to "now" in Berlin,
 * check-ins inside the elapsed part of their period, deterministic daily values trending down, links to the
 * sample issues by summary.
 */
import { selfServiceGoLiveMs } from '../../dev/sample-data/generate-csi';
import { generateSampleOkrs, quarterOfDate } from '../../dev/sample-data/generate-okr';
import { MAIL_FAILED_SIGNINS_START_PER_DAY } from '../../dev/sample-data/okr-catalog';
import { SAMPLE_WEEKLY_MEASUREMENTS, weeklyMeasureInstants } from '../../dev/preview/okr-seed';
import { periodBounds } from '../../src/domain/okr/period';
import { validateCheckIn, validateKeyResult, validateObjective } from '../../src/domain/okr/validation';

const issues = [
  {
    id: '10001',
    key: 'MAIL-1',
    summary: 'Hohe Zahl fehlgeschlagener Anmeldeversuche am Mailsystem',
    created: '2026-08-27T09:10:00.000+0200',
  },
  {
    id: '10002',
    key: 'MAIL-2',
    summary: 'Richtlinie für bedingten Zugriff: Outlook mobil absichern',
    created: '2026-10-02T10:00:00.000+0200',
  },
  {
    id: '10004',
    key: 'CSI-17',
    summary: 'Fehlgeschlagene Anmeldeversuche am Mailsystem reduzieren',
    created: '2026-09-01T14:00:00.000+0200',
  },
  {
    id: '10003',
    key: 'HD-1',
    summary: 'Richtlinie für bedingten Zugriff: Outlook mobil absichern',
    created: '2026-10-03T10:00:00.000+0200',
  },
];

it('places objectives in the current and previous quarter of Berlin’s calendar, also across the year', () => {
  // 1 January 2027, 00:30 in Berlin is still 2026 in UTC.
  const plan = generateSampleOkrs({ nowMs: Date.parse('2026-12-31T23:30:00.000Z'), issues });
  expect(plan.currentQuarter).toBe('2027-Q1');
  expect(plan.previousQuarter).toBe('2026-Q4');
  expect(quarterOfDate('2026-04-01')).toBe('2026-Q2');
  // First day of the quarter: no day has ended yet, so nothing to send.
  expect(plan.externalValues.values).toEqual([]);
});

it('plans valid objectives, key results and check-ins, each check-in within its period and before now', () => {
  const nowMs = Date.parse('2026-12-05T09:00:00.000Z');
  const plan = generateSampleOkrs({ nowMs, issues });
  for (const [index, objective] of plan.objectives.entries())
    expect(validateObjective({ ...objective.input, id: `O-${String(index + 1)}`, archived: false }).ok).toBe(
      true,
    );
  for (const keyResult of plan.keyResults)
    expect(
      validateKeyResult({ ...keyResult.input, id: 'KR-1', objectiveId: 'O-1', archived: false }),
    ).toMatchObject({ ok: true });
  const flow = plan.keyResults.find((entry) => entry.input.title === 'Durchlaufzeit um 15 % senken');
  // The lead time compares with the 13 weeks before the self-service password reset went live (Thursday
  // 18 June 2026, 09:00 Berlin time for this "now"): 2026-Q3 already lies after it and would show no drop.
  expect(new Date(selfServiceGoLiveMs(nowMs)).toISOString()).toBe('2026-06-18T07:00:00.000Z');
  expect(flow?.input.kind).toMatchObject({
    baselinePeriod: {
      kind: 'custom',
      startDate: '2026-03-19',
      endDate: '2026-06-17',
      timeZone: 'Europe/Berlin',
    },
  });
  const hd = plan.objectives.find((entry) => entry.ref === flow?.objectiveRef);
  expect(hd?.input.description).toContain(
    'Basis: die 13 Wochen vor Einführung der Self-Service-Passwortrücksetzung.',
  );
  for (const checkIn of plan.checkIns) {
    expect(
      validateCheckIn({ ...checkIn.input, id: 'c1', keyResultId: 'KR-1', recordedAtMs: nowMs }),
    ).toMatchObject({ ok: true });
    const keyResult = plan.keyResults.find((entry) => entry.ref === checkIn.keyResultRef);
    const objective = plan.objectives.find((entry) => entry.ref === keyResult?.objectiveRef);
    if (objective === undefined) throw new Error('check-in without objective');
    const { startMs, endMs } = periodBounds(objective.input.period);
    expect(checkIn.input.atMs).toBeGreaterThanOrEqual(startMs);
    expect(checkIn.input.atMs).toBeLessThan(Math.min(endMs, nowMs + 1));
  }
  // Parents come before their children.
  const seen = new Set<string>();
  for (const objective of plan.objectives) {
    if (objective.parentRef !== undefined) expect(seen.has(objective.parentRef)).toBe(true);
    seen.add(objective.ref);
  }
});

it('sends one value per completed day, the newest at most, trending down from the start value', () => {
  const nowMs = Date.parse('2026-12-05T09:00:00.000Z');
  const all = generateSampleOkrs({ nowMs, issues });
  // 1 October to 4 December: 65 completed days.
  expect(all.externalValues.values).toHaveLength(65);
  expect(all.externalValues.values[0]).toMatchObject({
    date: '2026-10-01',
    measurementId: 'mail-failed-signins-2026-10-01',
    at: '2026-10-01T21:59:00.000Z',
  });
  const capped = generateSampleOkrs({ nowMs, issues, maxExternalValues: 56 });
  expect(capped.externalValues.values).toEqual(all.externalValues.values.slice(-56));
  expect(capped.externalValues.omittedDays).toBe(9);
  // Deterministic, and about 10 % lower at the end (weekdays compared with weekdays).
  expect(generateSampleOkrs({ nowMs, issues }).externalValues).toEqual(all.externalValues);
  const weekdays = all.externalValues.values.filter((value) => {
    const day = new Date(`${value.date}T12:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  });
  const first = weekdays.slice(0, 10).reduce((sum, value) => sum + value.value, 0) / 10;
  const last = weekdays.slice(-10).reduce((sum, value) => sum + value.value, 0) / 10;
  expect(first).toBeGreaterThan(MAIL_FAILED_SIGNINS_START_PER_DAY * 0.95);
  expect(last / first).toBeGreaterThan(0.85);
  expect(last / first).toBeLessThan(0.95);
});

it('links key results to the sample issues their selectors name, in the right project only', () => {
  const plan = generateSampleOkrs({ nowMs: Date.parse('2026-12-05T09:00:00.000Z'), issues });
  expect(plan.links).toEqual(
    expect.arrayContaining([
      { keyResultRef: 'mail-failed-signins', issueId: '10001', issueKey: 'MAIL-1' },
      { keyResultRef: 'mail-modern-auth', issueId: '10002', issueKey: 'MAIL-2' },
    ]),
  );
  expect(plan.links.some((link) => link.issueKey === 'HD-1')).toBe(false);
  // An improvement names its key result in its record instead of being linked.
  expect(plan.improvements).toEqual([
    { keyResultRef: 'mail-failed-signins', issueId: '10004', issueKey: 'CSI-17' },
  ]);
  expect(plan.links.some((link) => link.issueKey === 'CSI-17')).toBe(false);
});

it('measures the flow metric into the past only from the quarter’s second week on', () => {
  const early = Date.parse('2026-10-05T09:00:00.000Z');
  expect(weeklyMeasureInstants('2026-Q4', early)).toEqual([early]);
  const later = Date.parse('2026-10-20T09:00:00.000Z');
  expect(weeklyMeasureInstants('2026-Q4', later)).toEqual([Date.parse('2026-10-13T04:00:00.000Z'), later]);
  expect(weeklyMeasureInstants('2026-Q4', Date.parse('2026-12-05T09:00:00.000Z'))).toHaveLength(
    SAMPLE_WEEKLY_MEASUREMENTS + 1,
  );
});
