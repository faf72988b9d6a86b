/**
 * The review meeting's cadence: worked examples across month ends, leap years and DST (Europe/Berlin, where the
 * clocks went forward on 29 March 2026 and go back on 25 October 2026), and the cadence's own rules.
 */
import {
  findCadenceProblems,
  isMeetingDay,
  localTimeToInstantMs,
  nextMeeting,
  nextMeetings,
  type MeetingCadence,
} from '../../src/domain/fitsm/meeting-cadence';

const BERLIN = 'Europe/Berlin';

function cadence(
  frequency: MeetingCadence['frequency'],
  anchorDate: string,
  timeZone = BERLIN,
): MeetingCadence {
  return { frequency, anchorDate, startTime: '10:00', durationMinutes: 60, timeZone };
}

/** Noon UTC of a date. */
const noon = (date: string) => Date.parse(`${date}T12:00:00Z`);

describe('monthly cadence', () => {
  it('holds an anchor on the 31st on the last day of shorter months and returns to the 31st', () => {
    const dates = nextMeetings(cadence('monthly', '2026-01-31'), noon('2026-02-10'), 4).map((m) => m.date);
    expect(dates).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('meets on 29 February in a leap year and on the 28th in the year after', () => {
    const monthly = cadence('monthly', '2027-12-29');
    expect(nextMeetings(monthly, noon('2028-02-01'), 2).map((m) => m.date)).toEqual([
      '2028-02-29',
      '2028-03-29',
    ]);
    expect(nextMeeting(monthly, noon('2029-02-01')).date).toBe('2029-02-28');
  });

  it('crosses the year end', () => {
    expect(nextMeetings(cadence('monthly', '2026-01-15'), noon('2026-12-16'), 2).map((m) => m.date)).toEqual([
      '2027-01-15',
      '2027-02-15',
    ]);
  });

  it('begins at the anchor: before it, the anchor is the next meeting', () => {
    expect(nextMeeting(cadence('monthly', '2026-05-20'), noon('2026-03-02')).date).toBe('2026-05-20');
  });
});

describe('fortnightly cadence', () => {
  it('keeps 10:00 local across the spring DST change: 09:00 UTC in CET, 08:00 UTC in CEST', () => {
    const fortnightly = cadence('fortnightly', '2026-03-19');
    const [anchor] = nextMeetings(fortnightly, noon('2026-03-01'), 1);
    expect(anchor).toEqual({
      date: '2026-03-19',
      startsAtMs: Date.UTC(2026, 2, 19, 9, 0),
      endsAtMs: Date.UTC(2026, 2, 19, 10, 0),
    });
    expect(nextMeeting(fortnightly, noon('2026-03-20'))).toEqual({
      date: '2026-04-02',
      startsAtMs: Date.UTC(2026, 3, 2, 8, 0),
      endsAtMs: Date.UTC(2026, 3, 2, 9, 0),
    });
  });

  it('keeps 10:00 local across the autumn DST change', () => {
    const fortnightly = cadence('fortnightly', '2026-10-15');
    const [before, after] = nextMeetings(fortnightly, noon('2026-10-15'), 2);
    expect(before?.startsAtMs).toBe(Date.UTC(2026, 9, 15, 8, 0)); // CEST
    expect(after).toMatchObject({ date: '2026-10-29', startsAtMs: Date.UTC(2026, 9, 29, 9, 0) }); // CET
  });

  it('counts 29 February in a leap year', () => {
    expect(nextMeetings(cadence('fortnightly', '2028-02-17'), noon('2028-02-18'), 1)[0]?.date).toBe(
      '2028-03-02',
    );
    expect(nextMeetings(cadence('fortnightly', '2027-02-17'), noon('2027-02-18'), 1)[0]?.date).toBe(
      '2027-03-03',
    );
  });

  it("keeps today's meeting as the next one all day, in the cadence's time zone", () => {
    const fortnightly = cadence('fortnightly', '2026-03-05');
    // 22:30 UTC on 5 March is 23:30 in Berlin: still the meeting day.
    expect(nextMeeting(fortnightly, Date.UTC(2026, 2, 5, 22, 30)).date).toBe('2026-03-05');
    // 23:30 UTC is already 6 March in Berlin: the next one is a fortnight later.
    expect(nextMeeting(fortnightly, Date.UTC(2026, 2, 5, 23, 30)).date).toBe('2026-03-19');
    // In New York it is still 5 March at 23:30 UTC.
    expect(
      nextMeeting({ ...fortnightly, timeZone: 'America/New_York' }, Date.UTC(2026, 2, 5, 23, 30)).date,
    ).toBe('2026-03-05');
  });

  it('knows its meeting days', () => {
    const fortnightly = cadence('fortnightly', '2026-03-05');
    expect(isMeetingDay(fortnightly, '2026-03-19')).toBe(true);
    expect(isMeetingDay(fortnightly, '2026-03-12')).toBe(false);
    expect(isMeetingDay(fortnightly, '2026-02-19')).toBe(false); // before the anchor
  });
});

describe('local time to instant', () => {
  it('moves a wall time the spring jump skips forward by the jump, takes the later of a repeated one', () => {
    expect(localTimeToInstantMs('2026-03-29', '02:30', BERLIN)).toBe(Date.UTC(2026, 2, 29, 1, 30)); // 03:30 CEST
    expect(localTimeToInstantMs('2026-10-25', '02:30', BERLIN)).toBe(Date.UTC(2026, 9, 25, 1, 30)); // 02:30 CET
    expect(localTimeToInstantMs('2026-07-01', '09:15', 'America/New_York')).toBe(
      Date.UTC(2026, 6, 1, 13, 15),
    );
  });
});

describe('cadence rules', () => {
  it('names every broken member', () => {
    expect(
      findCadenceProblems({
        frequency: 'weekly' as MeetingCadence['frequency'],
        anchorDate: '2026-02-30',
        startTime: '24:00',
        durationMinutes: 5,
        timeZone: 'Mars/Olympus',
      }).map((p) => p.path),
    ).toEqual(['frequency', 'anchorDate', 'startTime', 'durationMinutes', 'timeZone']);
    expect(findCadenceProblems(cadence('fortnightly', '2026-03-05'))).toEqual([]);
  });
});
