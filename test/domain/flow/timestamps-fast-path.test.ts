import fc from 'fast-check';
import { parseJiraInstant, toIsoUtc } from '../../../src/domain/flow/timestamps';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('parseJiraInstant fast path for Jira Cloud timestamps', () => {
  it('agrees with the ISO parser of the JavaScript runtime on every valid YYYY-MM-DDTHH:mm:ss.SSS±hhmm', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1970, max: 2099 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
          ms: fc.integer({ min: 0, max: 999 }),
          negative: fc.boolean(),
          offH: fc.integer({ min: 0, max: 14 }),
          offM: fc.constantFrom(0, 15, 30, 45),
        }),
        (t) => {
          const body = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.ms, 3)}`;
          const sign = t.negative ? '-' : '+';
          const jira = `${body}${sign}${pad(t.offH, 2)}${pad(t.offM, 2)}`;
          const iso = `${body}${sign}${pad(t.offH, 2)}:${pad(t.offM, 2)}`;
          expect(jira).toHaveLength(28);
          expect(parseJiraInstant(jira)).toBe(Date.parse(iso));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects 28-character strings that only look like timestamps', () => {
    expect(parseJiraInstant('2024-02-30T10:00:00.000+0100')).toBeNull(); // no 30 February
    expect(parseJiraInstant('2024-13-01T10:00:00.000+0100')).toBeNull();
    expect(parseJiraInstant('2024-01-01T24:00:00.000+0100')).toBeNull();
    expect(parseJiraInstant('2024-01-01T10:60:00.000+0100')).toBeNull();
    expect(parseJiraInstant('2024-01-01T10:00:00.000*0100')).toBeNull();
    expect(parseJiraInstant('2024-01-01T10:00:00.0a0+0100')).toBeNull();
    expect(parseJiraInstant('2024-01-01T10:00:00.000+0160')).toBeNull();
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseJiraInstant('2024-02-29T00:00:00.000+0000')).toBe(Date.UTC(2024, 1, 29));
    expect(parseJiraInstant('2023-02-29T00:00:00.000+0000')).toBeNull();
  });
});

describe('toIsoUtc', () => {
  it('formats every instant exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_135_596_800_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        (ms) => {
          expect(toIsoUtc(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
    for (const ms of [
      0,
      -1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 0, 1),
      Date.UTC(1900, 2, 1),
    ]) {
      expect(toIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
