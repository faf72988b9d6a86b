/**
 * CSAT as a measurement: count, mean and distribution of ratings 1–5, and the JQL of the requests a scope
 * resolved on a period's local days, written in the searcher's zone.
 */
import { isCsatRating, resolvedWithinJql, summarizeCsat } from '../../../src/domain/feedback/csat';
import type { CsatRating } from '../../../src/domain/feedback/csat';
import { JqlRefinementError } from '../../../src/domain/flow/jql-scope';

describe('summarizeCsat', () => {
  it('counts, averages (3 decimals) and distributes the ratings', () => {
    expect(summarizeCsat([5, 4, 4, 1])).toEqual({ n: 4, mean: 3.5, distribution: [1, 0, 0, 2, 1] });
    expect(summarizeCsat([5, 4, 4])).toEqual({ n: 3, mean: 4.333, distribution: [0, 0, 0, 2, 1] });
  });

  it('has no mean without ratings (not 0: nobody rated)', () => {
    expect(summarizeCsat([])).toEqual({ n: 0, mean: null, distribution: [0, 0, 0, 0, 0] });
  });

  it('refuses a value that is no rating', () => {
    expect(() => summarizeCsat([0 as CsatRating])).toThrow(RangeError);
    expect(() => summarizeCsat([4.5 as CsatRating])).toThrow(RangeError);
    expect([0, 1, 5, 6, 2.5, '3'].map(isCsatRating)).toEqual([false, true, true, false, false, false]);
  });
});

describe('resolvedWithinJql', () => {
  it('bounds the scope by the start of the first day and of the day after the last, in the period’s zone', () => {
    expect(
      resolvedWithinJql('project = HD', '2026-01-01', '2026-01-31', 'Europe/Berlin', 'Europe/Berlin'),
    ).toBe('(project = HD) AND resolved >= "2026-01-01 00:00" AND resolved < "2026-02-01 00:00"');
  });

  it('writes the bounds as wall-clock minutes of the searcher’s zone (JQL dates are read in it)', () => {
    expect(resolvedWithinJql('project = HD', '2026-01-01', '2026-01-31', 'Europe/Berlin', 'UTC')).toBe(
      '(project = HD) AND resolved >= "2025-12-31 23:00" AND resolved < "2026-01-31 23:00"',
    );
    // March starts in winter time (+01:00), 1 April in summer time (+02:00): the bounds are an hour apart in UTC.
    expect(resolvedWithinJql('project = HD', '2026-03-01', '2026-03-31', 'Europe/Berlin', 'UTC')).toBe(
      '(project = HD) AND resolved >= "2026-02-28 23:00" AND resolved < "2026-03-31 22:00"',
    );
  });

  it('refuses an empty scope and a period that ends before it starts', () => {
    expect(() => resolvedWithinJql('  ', '2026-01-01', '2026-01-31', 'UTC', 'UTC')).toThrow(
      JqlRefinementError,
    );
    expect(() => resolvedWithinJql('project = HD', '2026-02-01', '2026-01-01', 'UTC', 'UTC')).toThrow(
      RangeError,
    );
  });
});
