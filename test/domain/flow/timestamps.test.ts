/**
 * FLOW-METRICS.md §1: timestamps carry their own UTC offset and are parsed as instants; a malformed one is
 * rejected (the engine turns that into a warning, never a wrong number).
 */
import { parseJiraInstant, toIsoUtc, wallClockDate } from '../../../src/domain/flow/timestamps';
import { utc } from '../../support/jira-fixtures';

test.each([
  // Jira Cloud's own form: offset without colon; 10:29:01 at −05:00 is 15:29:01Z.
  ['2012-01-10T10:29:01.000-0500', utc(2012, 1, 10, 15, 29, 1)],
  ['2024-03-01T09:00:00.000+0100', utc(2024, 3, 1, 8)],
  ['2024-03-01T09:00:00.000+05:30', utc(2024, 3, 1, 3, 30)],
  ['2024-03-01T09:00:00.000Z', utc(2024, 3, 1, 9)],
  ['2024-03-01T09:00:00.123+0000', utc(2024, 3, 1, 9) + 123],
  ['2024-03-01T09:00:00+0000', utc(2024, 3, 1, 9)],
  // Crossing a date and a leap day.
  ['2024-02-29T23:30:00.000-0100', utc(2024, 3, 1, 0, 30)],
])('%s is the instant written with its own offset', (text, expectedMs) => {
  expect(parseJiraInstant(text)).toBe(expectedMs);
});

test.each([
  ['no offset', '2024-03-01T09:00:00.000'],
  ['no such day', '2023-02-29T09:00:00.000+0000'],
  ['no such month', '2024-13-01T09:00:00.000+0000'],
  ['hour 24', '2024-03-01T24:00:00.000+0000'],
  ['a German date', '01.03.2024 09:00'],
  ['empty', ''],
  ['not a string', 1709283600000],
  ['null', null],
])('a timestamp with %s is rejected', (_label, value) => {
  expect(parseJiraInstant(value)).toBeNull();
});

test('the wall-clock date is the date written, whatever the offset', () => {
  expect(wallClockDate('2012-01-10T23:30:00.000-0500')).toBe('2012-01-10');
  expect(wallClockDate('2012-01-10T00:30:00.000+1400')).toBe('2012-01-10');
  expect(wallClockDate('garbage')).toBeNull();
});

test('instants are written as ISO-8601 UTC', () => {
  expect(toIsoUtc(utc(2020, 1, 3, 15))).toBe('2020-01-03T15:00:00.000Z');
});
