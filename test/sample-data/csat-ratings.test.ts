/**
 * The sample help desk as a JSM project: one service desk with the portal's request types, and CSAT ratings on
 * about 35 % of the resolved HD requests, worse before the self-service go-live (mean ≈ 3.2) than after (≈ 4.2),
 * deterministic per issue id.
 */
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { selfServiceGoLiveMs } from '../../dev/sample-data/generate-csi';
import {
  CSAT_RESPONSE_SHARE,
  HD_SERVICE_DESK_ID,
  generateCsatRatings,
  requestTypeOf,
} from '../../dev/sample-data/generate-jsm';
import { PROJECT_IDS } from '../../dev/sample-data/model';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import { NOW_MS } from './support';

const seed = generateSampleSeed({ now: NOW_MS });
const goLiveMs = selfServiceGoLiveMs(NOW_MS);
const issuesById = new Map(seed.issues.map((issue) => [issue.id, issue]));
const resolvedMs = (id: string): number => parseJiraInstant(issuesById.get(id)?.resolutiondate) ?? Number.NaN;

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('sample help desk as a JSM project', () => {
  it('has one service desk for HD with the request types of its topics', () => {
    expect(seed.serviceDesks).toHaveLength(1);
    const desk = seed.serviceDesks?.[0];
    expect(desk).toMatchObject({ id: HD_SERVICE_DESK_ID, projectId: PROJECT_IDS.hd });
    expect(desk?.requestTypes.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Passwort zurücksetzen', 'Zugang beantragen', 'Störung melden']),
    );
    // Every HD issue maps to a request type of the desk with the issue's own issue type.
    const hd = seed.issues.filter((issue) => issue.projectId === PROJECT_IDS.hd);
    for (const issue of hd) {
      const type = requestTypeOf(issue);
      expect(desk?.requestTypes).toContain(type);
      expect(type.issueTypeId).toBe(issue.issueTypeId);
    }
    expect(
      hd.filter((issue) => requestTypeOf(issue).name === 'Passwort zurücksetzen').length,
    ).toBeGreaterThan(50);
  });

  it('rates about 35 % of the resolved HD requests, only those, at most once each', () => {
    const ratings = seed.requestFeedback ?? [];
    const resolvedHd = seed.issues.filter((i) => i.projectId === PROJECT_IDS.hd && i.resolutiondate !== null);
    expect(new Set(ratings.map((r) => r.issueId)).size).toBe(ratings.length);
    for (const rating of ratings) {
      const issue = issuesById.get(rating.issueId);
      expect(issue?.projectId).toBe(PROJECT_IDS.hd);
      expect(issue?.resolutiondate).not.toBeNull();
      expect([1, 2, 3, 4, 5]).toContain(rating.rating);
    }
    const share = ratings.length / resolvedHd.length;
    expect(Math.abs(share - CSAT_RESPONSE_SHARE)).toBeLessThan(0.04);
  });

  it('is rated worse before the self-service go-live (≈ 3.2) than after (≈ 4.2)', () => {
    const ratings = seed.requestFeedback ?? [];
    const before = ratings.filter((r) => resolvedMs(r.issueId) < goLiveMs).map((r) => r.rating);
    const after = ratings.filter((r) => resolvedMs(r.issueId) >= goLiveMs).map((r) => r.rating);
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);
    expect(Math.abs(mean(before) - 3.2)).toBeLessThan(0.2);
    expect(Math.abs(mean(after) - 4.2)).toBeLessThan(0.2);
  });

  it('draws each rating from a stream of its own issue: the same seed gives the same ratings, another seed others', () => {
    expect(generateSampleSeed({ now: NOW_MS }).requestFeedback).toEqual(seed.requestFeedback);
    const hd = seed.issues.filter((i) => i.projectId === PROJECT_IDS.hd);
    const resolvedOf = (issue: (typeof hd)[number]) => parseJiraInstant(issue.resolutiondate);
    // Rating a subset gives each issue the rating it has in the whole: no rating depends on another issue.
    const whole = generateCsatRatings(1, hd, goLiveMs, resolvedOf);
    const half = generateCsatRatings(1, hd.slice(hd.length / 2), goLiveMs, resolvedOf);
    expect(whole.slice(whole.length - half.length)).toEqual(half);
    expect(generateCsatRatings(2, hd, goLiveMs, resolvedOf)).not.toEqual(whole);
  });
});
