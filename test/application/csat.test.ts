/**
 * CSAT of a scope per period (`measureCsat`) against the local Jira emulator: the sample help desk's customers are
 * happier after the self-service go-live; a user reads no rating of a request they may not browse; requests
 * without a rating are left out of the mean; ratings are read at most 8 at a time.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { selfServiceGoLiveMs } from '../../dev/sample-data/generate-csi';
import { CSAT_READ_CONCURRENCY, measureCsat } from '../../src/application/csat';
import type { RequestFeedback } from '../../src/application/ports/service-desk-port';
import { addDays, localDate, startOfLocalDayMs } from '../../src/domain/flow/calendar';
import { analyseSamples } from '../../src/domain/flow/effect';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import { ADMIN, AGENT } from '../emulator/seed-builder';
import { serviceDeskSeed } from '../emulator/service-desk-seed';
import { emulatorClient } from '../integration/support/emulator-client';

const NOW = Date.UTC(2026, 2, 2, 11);
const FEEDBACK_ROUTE = 'GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback';

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('the sample help desk around the self-service go-live', () => {
  const seed = generateSampleSeed({ now: NOW });
  const admin = seed.users[0];
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed, now: () => NOW });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  /** The ratings of HD requests resolved on the local days [first, last], straight from the seed. */
  function oracle(firstDate: string, lastDate: string): number[] {
    const startMs = startOfLocalDayMs(firstDate, SAMPLE_TIME_ZONE);
    const endMs = startOfLocalDayMs(addDays(lastDate, 1), SAMPLE_TIME_ZONE);
    const byId = new Map(seed.issues.map((issue) => [issue.id, issue]));
    return (seed.requestFeedback ?? [])
      .filter((r) => {
        const resolvedMs = parseJiraInstant(byId.get(r.issueId)?.resolutiondate) ?? Number.NaN;
        return resolvedMs >= startMs && resolvedMs < endMs;
      })
      .map((r) => r.rating);
  }

  it('measures a higher mean in the 13 weeks after the go-live than in the 13 weeks before, as the seed holds', async () => {
    if (admin === undefined) throw new Error('sample data has no users');
    const { client } = emulatorClient(emulator, admin);
    const goLive = localDate(selfServiceGoLiveMs(NOW), SAMPLE_TIME_ZONE);
    const periods = {
      before: { firstDate: addDays(goLive, -91), lastDate: addDays(goLive, -1) },
      after: { firstDate: goLive, lastDate: addDays(goLive, 90) },
    };
    const before = await measureCsat(client, client, {
      jql: 'project = HD',
      ...periods.before,
      timeZone: SAMPLE_TIME_ZONE,
    });
    const after = await measureCsat(client, client, {
      jql: 'project = HD',
      ...periods.after,
      timeZone: SAMPLE_TIME_ZONE,
    });

    for (const [measured, period] of [
      [before, periods.before],
      [after, periods.after],
    ] as const) {
      const expected = oracle(period.firstDate, period.lastDate);
      expect(measured.n).toBe(expected.length);
      expect(measured.mean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 3);
      expect(measured.distribution.reduce((a, b) => a + b, 0)).toBe(measured.n);
      // Roughly a third of the resolved requests is rated; the others are skipped, not counted as 0.
      expect(measured.n / measured.resolved).toBeGreaterThan(0.25);
      expect(measured.n / measured.resolved).toBeLessThan(0.45);
      expect(measured.truncated).toBe(false);
    }
    // FLOW-METRICS.md §6 on the ratings (higher is better): the rise is significant.
    const effect = analyseSamples(before.ratings, after.ratings, {
      metric: 'csat',
      timeZone: SAMPLE_TIME_ZONE,
      changeDate: goLive,
      beforeDays: 91,
      afterDays: 91,
      alpha: 0.05,
      better: 'higher',
      seed: 1,
      resamples: 2000,
    });
    expect(effect.verdict).toBe('improved');
    expect(effect.before.n).toBe(before.n);
    expect(effect.after.n).toBe(after.n);
    expect(before.mean).toBeLessThan(3.5);
    expect(after.mean).toBeGreaterThan(3.9);
    expect((after.mean ?? 0) - (before.mean ?? 0)).toBeGreaterThan(0.7);
  }, 30_000);
});

describe('access and missing ratings', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: serviceDeskSeed(), now: () => Date.UTC(2026, 1, 1) });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  // Incidents and service requests of both desks, resolved in January 2026 (HD-1, 3, 5, 7, 9 and SEC-1…3).
  const request = {
    jql: 'issuetype in (Incident, "Service Request")',
    firstDate: '2026-01-01',
    lastDate: '2026-01-31',
    timeZone: 'Europe/Berlin',
  };

  it('reads no rating of a request the user may not browse: the agent gets HD’s, the admin HD’s and SEC’s', async () => {
    const agent = emulatorClient(emulator, AGENT).client;
    emulator.requests.reset();
    const seenByAgent = await measureCsat(agent, agent, request);
    // HD-1 (5), HD-3 (4), HD-5 (2) rated; HD-7 and HD-9 unrated; SEC's three 1-ratings are hidden from the agent.
    expect(seenByAgent).toEqual({
      n: 3,
      mean: 3.667,
      distribution: [0, 1, 0, 1, 1],
      resolved: 5,
      truncated: false,
      ratings: expect.any(Array) as unknown,
    });
    expect(sorted(seenByAgent.ratings)).toEqual([2, 4, 5]);
    // One feedback read per request the agent's search found, none of SEC's.
    expect(emulator.requests.count(FEEDBACK_ROUTE)).toBe(5);

    const admin = emulatorClient(emulator, ADMIN).client;
    const seenByAdmin = await measureCsat(admin, admin, request);
    expect(seenByAdmin).toEqual({
      n: 6,
      mean: 2.333,
      distribution: [3, 1, 0, 1, 1],
      resolved: 8,
      truncated: false,
      ratings: expect.any(Array) as unknown,
    });
    expect(sorted(seenByAdmin.ratings)).toEqual([1, 1, 1, 2, 4, 5]);
  });

  it('has no mean when no resolved request of the period was rated', async () => {
    const admin = emulatorClient(emulator, ADMIN).client;
    expect(
      await measureCsat(admin, admin, { ...request, firstDate: '2025-01-01', lastDate: '2025-12-31' }),
    ).toEqual({
      n: 0,
      mean: null,
      distribution: [0, 0, 0, 0, 0],
      resolved: 0,
      truncated: false,
      ratings: [],
    });
  });
});

describe('bounded concurrency', () => {
  it(`reads the ratings ${CSAT_READ_CONCURRENCY} at a time and keeps every one`, async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(1000 + i));
    let inFlight = 0;
    let maxInFlight = 0;
    const searched: string[] = [];
    const jira = {
      searchIssueIds: (jql: string) => {
        searched.push(jql);
        return Promise.resolve(ids);
      },
      getMyself: () => Promise.reject(new Error('not asked: the searcher zone is given')),
    };
    const serviceDesk = {
      async getRequestFeedback(id: string): Promise<RequestFeedback | null> {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        // Every third request is unrated.
        return Number(id) % 3 === 0 ? null : { rating: 4, comment: null };
      },
    };
    const result = await measureCsat(jira, serviceDesk, {
      jql: 'project = HD',
      firstDate: '2026-01-01',
      lastDate: '2026-01-31',
      timeZone: 'Europe/Berlin',
      searcherTimeZone: 'UTC',
    });
    expect(maxInFlight).toBe(CSAT_READ_CONCURRENCY);
    expect(result).toEqual({
      n: 20,
      mean: 4,
      distribution: [0, 0, 0, 20, 0],
      resolved: 30,
      truncated: false,
      ratings: Array.from({ length: 20 }, () => 4),
    });
    expect(searched).toEqual([
      '(project = HD) AND resolved >= "2025-12-31 23:00" AND resolved < "2026-01-31 23:00"',
    ]);
  });
});
