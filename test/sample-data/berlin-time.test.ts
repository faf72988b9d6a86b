import fc from 'fast-check';
import {
  addWorkingMinutes,
  berlinOffsetMinutes,
  formatJiraInstant,
  isOfficeTime,
  sampleHolidayDates,
} from '../../dev/sample-data/berlin-time';
import { icuBerlinOffsetMinutes, icuBerlinWallClock } from './support';

describe('Berlin time of the sample data', () => {
  it('writes instants Jira-style with +0100 in winter and +0200 in summer', () => {
    expect(formatJiraInstant(Date.UTC(2026, 2, 2, 8, 15, 7, 42))).toBe('2026-03-02T09:15:07.042+0100');
    expect(formatJiraInstant(Date.UTC(2025, 6, 15, 12, 0))).toBe('2025-07-15T14:00:00.000+0200');
  });

  it('switches to summer time at 01:00 UTC on the last Sunday of March (02:00 → 03:00 local)', () => {
    expect(formatJiraInstant(Date.UTC(2026, 2, 29, 0, 59, 59, 999))).toBe('2026-03-29T01:59:59.999+0100');
    expect(formatJiraInstant(Date.UTC(2026, 2, 29, 1, 0))).toBe('2026-03-29T03:00:00.000+0200');
  });

  it('switches back at 01:00 UTC on the last Sunday of October (03:00 → 02:00 local)', () => {
    expect(formatJiraInstant(Date.UTC(2025, 9, 26, 0, 59, 59, 999))).toBe('2025-10-26T02:59:59.999+0200');
    expect(formatJiraInstant(Date.UTC(2025, 9, 26, 1, 0))).toBe('2025-10-26T02:00:00.000+0100');
  });

  it('agrees with the ICU time-zone data for any instant 2020–2030', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }), (instantMs) => {
        expect(berlinOffsetMinutes(instantMs)).toBe(icuBerlinOffsetMinutes(instantMs));
        expect(formatJiraInstant(instantMs).slice(0, 19)).toBe(icuBerlinWallClock(instantMs).wall);
      }),
      { numRuns: 3000 },
    );
  });

  it('knows the public holidays of Schleswig-Holstein, including the movable Easter dates', () => {
    expect(sampleHolidayDates([2026])).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-10-31',
      '2026-12-25',
      '2026-12-26',
    ]);
  });
});

describe('working time (weekdays 08:00–18:00 Berlin, holidays off)', () => {
  const at = (iso: string): number => Date.parse(iso);

  it('carries work over the weekend: Friday 17:30 plus one hour is Monday 08:30', () => {
    expect(formatJiraInstant(addWorkingMinutes(at('2026-02-27T17:30:00+01:00'), 60))).toBe(
      '2026-03-02T08:30:00.000+0100',
    );
  });

  it('skips Good Friday to Easter Monday and lands in summer time after the switch', () => {
    expect(formatJiraInstant(addWorkingMinutes(at('2026-04-02T17:00:00+02:00'), 120))).toBe(
      '2026-04-07T09:00:00.000+0200',
    );
    expect(formatJiraInstant(addWorkingMinutes(at('2026-03-27T17:00:00+01:00'), 120))).toBe(
      '2026-03-30T09:00:00.000+0200',
    );
  });

  it('starts counting at 08:00 when asked in the evening', () => {
    expect(formatJiraInstant(addWorkingMinutes(at('2026-03-03T21:10:00+01:00'), 15))).toBe(
      '2026-03-04T08:15:00.000+0100',
    );
  });

  it('always ends in office hours and never before the start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (startMs, minutes) => {
          const endMs = addWorkingMinutes(startMs, minutes);
          expect(endMs).toBeGreaterThanOrEqual(startMs);
          expect(isOfficeTime(endMs)).toBe(true);
          const { wall, weekday } = icuBerlinWallClock(endMs);
          expect(['Sat', 'Sun']).not.toContain(weekday);
          expect(Number(wall.slice(11, 13))).toBeGreaterThanOrEqual(8);
          expect(Number(wall.slice(11, 13))).toBeLessThan(18);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
