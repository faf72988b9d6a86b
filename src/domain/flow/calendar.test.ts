import { TZDate } from '@date-fns/tz';
import { addDays as dateFnsAddDays, format, startOfDay } from 'date-fns';
import fc from 'fast-check';
import {
  addDays,
  buildDayGrid,
  calendarDaysInclusive,
  dayIndex,
  defaultCalendar,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  isValidTimeZone,
  localDate,
  startOfLocalDayMs,
  toDayNumber,
  workingDaysBetween,
} from './calendar';
import type { WorkingCalendar } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Day lengths of a grid in hours, to read DST days at a glance. */
function dayLengthsHours(grid: { startsMs: Float64Array }): number[] {
  const hours: number[] = [];
  for (let i = 0; i + 1 < grid.startsMs.length; i++) {
    hours.push(((grid.startsMs[i + 1] ?? 0) - (grid.startsMs[i] ?? 0)) / HOUR_MS);
  }
  return hours;
}

/** An independent oracle: date-fns' own start of day in the zone. */
function dateFnsStartOfDay(instantMs: number, timeZone: string): number {
  return +startOfDay(new TZDate(instantMs, timeZone));
}

describe('calendar dates (no time zone)', () => {
  it('adds days across month, leap-day and year boundaries', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29'); // a 23-hour day in Berlin changes nothing here
    expect(addDays('2026-01-15', 0)).toBe('2026-01-15');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('rejects malformed dates and fractional days', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-1-1', 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('numbers days from 1970-01-01 and names ISO weekdays', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(toDayNumber('2026-03-29'))).toBe('2026-03-29');
    expect(isoWeekdayOfDayNumber(0)).toBe(4); // 1970-01-01 was a Thursday
    expect(isoWeekdayOfDayNumber(toDayNumber('2026-03-29'))).toBe(7); // Sunday
    expect(isoWeekdayOfDayNumber(toDayNumber('2026-01-12'))).toBe(1); // Monday
    expect(isoWeekdayOfDayNumber(toDayNumber('1969-12-29'))).toBe(1); // Monday before day 0
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and rejects everything else', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+05:30')).toBe(false);
  });

  it('makes zone-dependent functions throw a RangeError for an unknown zone', () => {
    expect(() => localDate(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => buildDayGrid('2026-01-01', '2026-01-02', 'Nowhere')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('gives the date on the wall clock of the zone, not of the machine', () => {
    // 2026-01-01T23:30Z is 00:30 on Jan 2 in Berlin (UTC+1) and 18:30 on Jan 1 in New York (UTC−5).
    expect(localDate(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Berlin')).toBe('2026-01-02');
    expect(localDate(Date.UTC(2026, 0, 1, 23, 30), 'America/New_York')).toBe('2026-01-01');
    expect(localDate(Date.UTC(2026, 0, 1, 23, 30), 'UTC')).toBe('2026-01-01');
  });

  it('switches date at the half-hour offset of Asia/Kolkata (UTC+5:30)', () => {
    expect(localDate(Date.UTC(2026, 0, 1, 18, 29, 59, 999), 'Asia/Kolkata')).toBe('2026-01-01');
    expect(localDate(Date.UTC(2026, 0, 1, 18, 30), 'Asia/Kolkata')).toBe('2026-01-02');
  });

  it('uses summer time after the change in Berlin', () => {
    // 2026-10-24T21:59:59.999Z is 23:59:59.999 CEST (UTC+2); one ms later it is midnight of Oct 25.
    expect(localDate(Date.UTC(2026, 9, 24, 21, 59, 59, 999), 'Europe/Berlin')).toBe('2026-10-24');
    expect(localDate(Date.UTC(2026, 9, 24, 22), 'Europe/Berlin')).toBe('2026-10-25');
  });
});

describe('startOfLocalDayMs and buildDayGrid', () => {
  it('makes the Berlin spring-forward day (2026-03-29) 23 hours long', () => {
    // Midnight of Mar 29 is still CET (UTC+1): 2026-03-28T23:00Z; midnight of Mar 30 is CEST (UTC+2): 22:00Z.
    const grid = buildDayGrid('2026-03-28', '2026-03-30', 'Europe/Berlin');
    expect(grid.dates).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(Array.from(grid.startsMs)).toEqual([
      Date.UTC(2026, 2, 27, 23),
      Date.UTC(2026, 2, 28, 23),
      Date.UTC(2026, 2, 29, 22),
      Date.UTC(2026, 2, 30, 22),
    ]);
    expect(dayLengthsHours(grid)).toEqual([24, 23, 24]);
  });

  it('makes the Berlin fall-back day (2026-10-25) 25 hours long', () => {
    // Midnight of Oct 25 is CEST (UTC+2): 2026-10-24T22:00Z; midnight of Oct 26 is CET (UTC+1): 23:00Z.
    const grid = buildDayGrid('2026-10-24', '2026-10-26', 'Europe/Berlin');
    expect(Array.from(grid.startsMs)).toEqual([
      Date.UTC(2026, 9, 23, 22),
      Date.UTC(2026, 9, 24, 22),
      Date.UTC(2026, 9, 25, 23),
      Date.UTC(2026, 9, 26, 23),
    ]);
    expect(dayLengthsHours(grid)).toEqual([24, 25, 24]);
  });

  it('follows the US rules in America/New_York (2026-03-08: 23 h, 2026-11-01: 25 h)', () => {
    // EST is UTC−5 (midnight = 05:00Z), EDT is UTC−4 (midnight = 04:00Z).
    expect(startOfLocalDayMs('2026-03-08', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    expect(startOfLocalDayMs('2026-03-09', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4));
    expect(dayLengthsHours(buildDayGrid('2026-03-07', '2026-03-09', 'America/New_York'))).toEqual([
      24, 23, 24,
    ]);
    expect(dayLengthsHours(buildDayGrid('2026-10-31', '2026-11-02', 'America/New_York'))).toEqual([
      24, 25, 24,
    ]);
  });

  it('starts every UTC day at 00:00Z, leap day included', () => {
    const grid = buildDayGrid('2024-02-28', '2024-03-01', 'UTC');
    expect(grid.dates).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(Array.from(grid.startsMs)).toEqual([
      Date.UTC(2024, 1, 28),
      Date.UTC(2024, 1, 29),
      Date.UTC(2024, 2, 1),
      Date.UTC(2024, 2, 2),
    ]);
  });

  it('starts days at 18:30Z of the previous UTC day in Asia/Kolkata', () => {
    expect(startOfLocalDayMs('2026-01-02', 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 1, 18, 30));
  });

  it('starts a day whose midnight is skipped at the first existing instant (America/Sao_Paulo 2018-11-04)', () => {
    // Clocks jumped from 00:00 −03 to 01:00 −02, at 03:00Z; the day then ends at 00:00 −02 = 02:00Z of Nov 5.
    expect(startOfLocalDayMs('2018-11-04', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 10, 4, 3));
    expect(startOfLocalDayMs('2018-11-05', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 10, 5, 2));
  });

  it('lets a fall-back at midnight lengthen the previous day (America/Sao_Paulo 2018-02-17: 25 h)', () => {
    // At 00:00 −02 of Feb 18 (02:00Z) clocks went back to 23:00 −03 of Feb 17; Feb 18 began at 00:00 −03 = 03:00Z.
    const grid = buildDayGrid('2018-02-17', '2018-02-18', 'America/Sao_Paulo');
    expect(Array.from(grid.startsMs).slice(0, 2)).toEqual([
      Date.UTC(2018, 1, 17, 2),
      Date.UTC(2018, 1, 18, 3),
    ]);
    expect(dayLengthsHours(grid)[0]).toBe(25);
  });

  it('finds a summer time revoked after one week (America/Boa_Vista, October 2000)', () => {
    // DST began 2000-10-08 at 00:00 −04 (04:00Z, clocks to 01:00 −03) and ended 2000-10-15 at 00:00 −03 (03:00Z,
    // clocks back to 23:00 −04 of Oct 14): Oct 8 lasts 23 h, Oct 14 lasts 25 h. The two changes lie 6 days 23 h
    // apart, closer than any other pair in the time-zone database: a coarser offset sampling would miss both.
    const grid = buildDayGrid('2000-10-03', '2000-10-20', 'America/Boa_Vista');
    const lengths = dayLengthsHours(grid);
    expect(lengths[grid.dates.indexOf('2000-10-08')]).toBe(23);
    expect(lengths[grid.dates.indexOf('2000-10-14')]).toBe(25);
    expect(lengths.filter((hours) => hours !== 24)).toEqual([23, 25]);
  });

  it('gives a date the zone skipped entirely zero length (Pacific/Apia 2011-12-30)', () => {
    // Samoa moved from UTC−10 to UTC+14: 2011-12-29 23:59:59 was followed by 2011-12-31 00:00 (at 10:00Z).
    const grid = buildDayGrid('2011-12-29', '2011-12-31', 'Pacific/Apia');
    expect(dayLengthsHours(grid)).toEqual([24, 0, 24]);
    expect(grid.dates[dayIndex(grid, Date.UTC(2011, 11, 30, 10))]).toBe('2011-12-31');
    expect(localDate(Date.UTC(2011, 11, 30, 10), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('returns an empty grid for a reversed range', () => {
    const grid = buildDayGrid('2026-01-02', '2026-01-01', 'UTC');
    expect(grid.dates).toEqual([]);
    expect(Array.from(grid.startsMs)).toEqual([Date.UTC(2026, 0, 2)]);
    expect(dayIndex(grid, Date.UTC(2026, 0, 1))).toBe(-1);
    expect(dayIndex(grid, Date.UTC(2026, 0, 3))).toBe(0);
  });

  it.each([
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'UTC',
    'America/Santiago', // midnight skipped each September
    'Australia/Lord_Howe',
  ])('agrees with date-fns startOfDay on every day 2020–2029 in %s', (timeZone) => {
    const grid = buildDayGrid('2020-01-01', '2029-12-31', timeZone);
    expect(grid.dates).toHaveLength(3653); // 10 years, 3 of them leap years
    const mismatches: string[] = [];
    for (let i = 0; i < grid.startsMs.length; i++) {
      const startMs = grid.startsMs[i] ?? Number.NaN;
      if (dateFnsStartOfDay(startMs + 1, timeZone) !== startMs) mismatches.push(grid.dates[i] ?? 'after');
    }
    expect(mismatches).toEqual([]);
  });

  // Speed is measured by `npm run bench`, not asserted here.
  it('builds 20-year grids whose DST changes give back every hour they take', () => {
    for (const timeZone of ['Australia/Sydney', 'America/Chicago', 'Europe/London']) {
      const grid = buildDayGrid('2010-01-01', '2029-12-31', timeZone);
      expect(grid.dates).toHaveLength(7305);
      // 20 years of 24-hour days: each DST change takes an hour from one day and gives it back to another.
      expect(((grid.startsMs[7305] ?? 0) - (grid.startsMs[0] ?? 0)) / DAY_MS).toBe(7305);
    }
  });
});

describe('dayIndex', () => {
  const grid = buildDayGrid('2026-01-01', '2026-01-31', 'UTC');

  it('finds the day of an instant with half-open day intervals', () => {
    expect(dayIndex(grid, Date.UTC(2025, 11, 31, 23, 59))).toBe(-1);
    expect(dayIndex(grid, Date.UTC(2026, 0, 1))).toBe(0);
    expect(dayIndex(grid, Date.UTC(2026, 0, 3, 12))).toBe(2);
    expect(dayIndex(grid, Date.UTC(2026, 0, 4) - 1)).toBe(2);
    expect(dayIndex(grid, Date.UTC(2026, 0, 4))).toBe(3);
    expect(dayIndex(grid, Date.UTC(2026, 1, 1) - 1)).toBe(30);
    expect(dayIndex(grid, Date.UTC(2026, 1, 1))).toBe(31);
  });

  it('puts the extra hour of the Berlin fall-back day on that day', () => {
    const berlin = buildDayGrid('2026-10-24', '2026-10-26', 'Europe/Berlin');
    // 2026-10-25T23:30Z is 00:30 CET of Oct 26; 2026-10-25T22:30Z is 23:30 CET of Oct 25 (hour 25 of that day).
    expect(berlin.dates[dayIndex(berlin, Date.UTC(2026, 9, 25, 22, 30))]).toBe('2026-10-25');
    expect(berlin.dates[dayIndex(berlin, Date.UTC(2026, 9, 25, 23, 30))]).toBe('2026-10-26');
  });

  it('agrees with localDate and with date-fns for any instant (property)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'] as const;
    const grids = zones.map((timeZone) => buildDayGrid('2020-01-01', '2030-12-31', timeZone));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: zones.length - 1 }),
        fc.integer({ min: Date.UTC(2020, 0, 2), max: Date.UTC(2030, 11, 30) }),
        (zoneIndex, instantMs) => {
          const timeZone = zones[zoneIndex] ?? 'UTC';
          const zoneGrid = grids[zoneIndex] ?? grid;
          const expected = format(new TZDate(instantMs, timeZone), 'yyyy-MM-dd');
          expect(zoneGrid.dates[dayIndex(zoneGrid, instantMs)]).toBe(expected);
          expect(localDate(instantMs, timeZone)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('calendarDaysInclusive', () => {
  it('counts both the first and the last local date', () => {
    expect(calendarDaysInclusive(Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 0, 5, 17), 'UTC')).toBe(1);
    expect(calendarDaysInclusive(Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 0, 14, 8), 'UTC')).toBe(10);
  });

  it('depends on the zone: 22:00Z → 01:00Z spans two dates in UTC and Berlin, one in New York', () => {
    const startMs = Date.UTC(2026, 0, 5, 22);
    const endMs = Date.UTC(2026, 0, 6, 1);
    expect(calendarDaysInclusive(startMs, endMs, 'UTC')).toBe(2);
    expect(calendarDaysInclusive(startMs, endMs, 'Europe/Berlin')).toBe(2); // 23:00 Jan 5 → 02:00 Jan 6
    expect(calendarDaysInclusive(startMs, endMs, 'America/New_York')).toBe(1); // 17:00 → 20:00 Jan 5
  });
});

/**
 * An independent, naive oracle for workingDaysBetween: walks day by day with date-fns in the zone and adds the
 * covered share of each working day.
 */
function naiveWorkingDays(startMs: number, endMs: number, calendar: WorkingCalendar): number {
  if (endMs <= startMs) return 0;
  let total = 0;
  let dayStartMs = dateFnsStartOfDay(startMs, calendar.timeZone);
  while (dayStartMs < endMs) {
    const day = new TZDate(dayStartMs, calendar.timeZone);
    const nextStartMs = +startOfDay(dateFnsAddDays(day, 1));
    const isoWeekday = day.getDay() === 0 ? 7 : day.getDay();
    const date = format(day, 'yyyy-MM-dd');
    if (calendar.workingWeekdays.includes(isoWeekday) && !calendar.holidays.includes(date)) {
      const insideMs = Math.min(nextStartMs, endMs) - Math.max(dayStartMs, startMs);
      total += insideMs / (nextStartMs - dayStartMs);
    }
    dayStartMs = nextStartMs;
  }
  return total;
}

describe('workingDaysBetween', () => {
  const berlin = defaultCalendar('Europe/Berlin');

  it('is Monday–Friday without holidays by default', () => {
    expect(berlin).toEqual({ timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] });
  });

  it('counts Friday 16:00 → Monday 10:00 in Berlin as 8 h + 10 h = 0.75 working days', () => {
    // Fri 2026-01-09 16:00 CET = 15:00Z; Mon 2026-01-12 10:00 CET = 09:00Z. Friday: 8 of 24 h; the weekend: 0;
    // Monday: 10 of 24 h. (8 + 10) / 24 = 0.75.
    expect(workingDaysBetween(Date.UTC(2026, 0, 9, 15), Date.UTC(2026, 0, 12, 9), berlin)).toBeCloseTo(
      0.75,
      12,
    );
  });

  it('ignores the lost hour of a DST weekend: Fri 16:00 → Mon 10:00 over 2026-03-29 is still 0.75', () => {
    // Fri 2026-03-27 16:00 CET = 15:00Z; Mon 2026-03-30 10:00 CEST = 08:00Z. 65 h elapsed, 18 of them on
    // working days of 24 h each.
    expect(workingDaysBetween(Date.UTC(2026, 2, 27, 15), Date.UTC(2026, 2, 30, 8), berlin)).toBeCloseTo(
      0.75,
      12,
    );
  });

  it('weighs a 23-hour and a 25-hour working day by their own length', () => {
    const sundays: WorkingCalendar = { timeZone: 'Europe/Berlin', workingWeekdays: [7], holidays: [] };
    // 2026-03-29 00:00 CET (2026-03-28T23:00Z) → 12:00 CEST (10:00Z): 11 h elapsed of a 23-hour day.
    expect(workingDaysBetween(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 10), sundays)).toBeCloseTo(
      11 / 23,
      12,
    );
    // 2026-10-25 00:00 CEST (2026-10-24T22:00Z) → 12:00 CET (11:00Z): 13 h elapsed of a 25-hour day.
    expect(workingDaysBetween(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 11), sundays)).toBeCloseTo(
      13 / 25,
      12,
    );
    // The whole spring-forward Sunday counts as one working day, not 23/24.
    expect(workingDaysBetween(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), sundays)).toBe(1);
  });

  it('excludes holidays, counting each once and ignoring those on weekends', () => {
    const christmas: WorkingCalendar = {
      timeZone: 'Europe/Berlin',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: ['2026-12-24', '2026-12-25', '2026-12-25', '2026-12-26'],
    };
    // Mon 2026-12-21 00:00 → Mon 2026-12-28 00:00 Berlin (CET, UTC+1): Mon, Tue, Wed work; Thu 24 and Fri 25 are
    // holidays; Sat 26 is a weekend anyway. 3 working days.
    expect(workingDaysBetween(Date.UTC(2026, 11, 20, 23), Date.UTC(2026, 11, 27, 23), christmas)).toBe(3);
    // A partial holiday counts 0: Thu 24 12:00 → Fri 25 12:00.
    expect(workingDaysBetween(Date.UTC(2026, 11, 24, 11), Date.UTC(2026, 11, 25, 11), christmas)).toBe(0);
  });

  it('counts two years of weekdays without walking every day: 2024 + 2025 = 262 + 261', () => {
    // 2024 starts on a Monday and has 366 days = 52 weeks + Mon, Tue → 262 weekdays; 2025 starts on a Wednesday
    // and has 365 days = 52 weeks + Wed → 261 weekdays.
    const utc = defaultCalendar('UTC');
    expect(workingDaysBetween(Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1), utc)).toBe(523);
    const withHolidays: WorkingCalendar = {
      timeZone: 'Europe/Berlin',
      workingWeekdays: [1, 2, 3, 4, 5],
      // Wed, Thu of 2024; Thu, Fri and Sat (not a working day anyway) of 2025 → 4 fewer.
      holidays: ['2024-12-25', '2024-12-26', '2025-12-25', '2025-12-26', '2025-12-27'],
    };
    expect(workingDaysBetween(Date.UTC(2023, 11, 31, 23), Date.UTC(2025, 11, 31, 23), withHolidays)).toBe(
      519,
    );
  });

  it('counts part of a single day by its share', () => {
    // Tue 2026-01-13 09:00 → 15:00 UTC: 6 of 24 h.
    expect(
      workingDaysBetween(Date.UTC(2026, 0, 13, 9), Date.UTC(2026, 0, 13, 15), defaultCalendar('UTC')),
    ).toBe(0.25);
    // Sat 2026-01-17 09:00 → 15:00: not a working day.
    expect(
      workingDaysBetween(Date.UTC(2026, 0, 17, 9), Date.UTC(2026, 0, 17, 15), defaultCalendar('UTC')),
    ).toBe(0);
  });

  it('is 0 for an empty or reversed interval', () => {
    expect(workingDaysBetween(Date.UTC(2026, 0, 13), Date.UTC(2026, 0, 13), berlin)).toBe(0);
    expect(workingDaysBetween(Date.UTC(2026, 0, 14), Date.UTC(2026, 0, 13), berlin)).toBe(0);
  });

  it('rejects a weekday outside 1..7 and a malformed holiday', () => {
    expect(() =>
      workingDaysBetween(0, DAY_MS, { timeZone: 'UTC', workingWeekdays: [0], holidays: [] }),
    ).toThrow(RangeError);
    expect(() =>
      workingDaysBetween(0, DAY_MS, { timeZone: 'UTC', workingWeekdays: [1], holidays: ['24.12.2026'] }),
    ).toThrow(RangeError);
  });

  it('matches a naive day-by-day walk with date-fns for random intervals and calendars (property)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 60 * DAY_MS }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 62 }), { maxLength: 6 }),
        (timeZone, startMs, durationMs, workingWeekdays, holidayOffsets) => {
          const firstDate = localDate(startMs, timeZone);
          const calendar: WorkingCalendar = {
            timeZone,
            workingWeekdays,
            holidays: holidayOffsets.map((offset) => addDays(firstDate, offset)),
          };
          const endMs = startMs + durationMs;
          expect(workingDaysBetween(startMs, endMs, calendar)).toBeCloseTo(
            naiveWorkingDays(startMs, endMs, calendar),
            9,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
