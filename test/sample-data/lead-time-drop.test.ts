/**
 * The story the sample data tells: once "Self-Service-Passwortrücksetzung einführen" is live, the help desk
 * gets fewer and faster password tickets and its lead time drops; the improvement stays in its effectiveness check
 * (open at `now`) for the app's effect check to confirm. Measured with the app's own flow engine.
 */
import {
  generateSampleSeed,
  HD_WORKFLOW_MAPPING,
  SELF_SERVICE_SUMMARY,
} from '../../dev/sample-data/generate';
import { computeFlowReport } from '../../src/domain/flow/engine';
import type { DurationSummary } from '../../src/domain/flow/types';
import type { JiraSeed, SeedIssue } from '../../dev/emulator/seed';
import { instant, NOW_MS, projectIssues, toEngineInput } from './support';

const MS_PER_DAY = 86_400_000;
const WINDOW_MS = 90 * MS_PER_DAY;

interface Window {
  readonly leadTime: DurationSummary;
  readonly passwordTickets: number;
  readonly passwordLeadTime: DurationSummary;
}

/** Lead time (engine, HD mapping, Berlin, as of `asOfMs`) of the help-desk tickets created in [fromMs, toMs). */
function measure(seed: JiraSeed, fromMs: number, toMs: number, asOfMs: number): Window {
  const tickets = projectIssues(seed, 'HD').filter((i) => {
    const createdMs = instant(i.created);
    return createdMs >= fromMs && createdMs < toMs;
  });
  const report = (issues: readonly SeedIssue[]): DurationSummary =>
    computeFlowReport(
      issues.map((i) => toEngineInput(seed, i)),
      {
        mode: 'canonical',
        mapping: HD_WORKFLOW_MAPPING,
        startPolicy: 'first',
        timeZone: 'Europe/Berlin',
        asOfMs,
      },
    ).summary.leadTime;
  const password = tickets.filter((i) => i.labels.includes('passwort'));
  return { leadTime: report(tickets), passwordTickets: password.length, passwordLeadTime: report(password) };
}

const cases: readonly { seedNumber: number; nowMs: number; label: string }[] = [
  { seedNumber: 1, nowMs: NOW_MS, label: 'seed 1, now March 2026' },
  { seedNumber: 2, nowMs: NOW_MS, label: 'seed 2, now March 2026' },
  { seedNumber: 3, nowMs: Date.UTC(2025, 7, 15, 14, 30), label: 'seed 3, now August 2025' },
];

describe.each(cases)(
  'help-desk lead time around the self-service password reset ($label)',
  ({ seedNumber, nowMs }) => {
    let seed: JiraSeed;
    let improvement: SeedIssue | undefined;
    let goLiveMs: number;
    /** The CSI meeting that reviewed it two weeks after go-live (and kept it in its effectiveness check). */
    let reviewedMs: number;
    beforeAll(() => {
      seed = generateSampleSeed({ seed: seedNumber, now: nowMs });
      improvement = seed.issues.find((i) => i.summary === SELF_SERVICE_SUMMARY);
      const goLive = improvement?.histories.find((h) =>
        h.items.some((x) => x.toString === 'Wirksamkeitsprüfung'),
      );
      goLiveMs = instant(goLive?.created ?? null);
      reviewedMs = instant(improvement?.comments.at(-1)?.created ?? null);
    });

    it('keeps the improvement in Wirksamkeitsprüfung since its go-live about 5½ months before now, reviewed two weeks after go-live', () => {
      const status = seed.statuses.find((s) => s.id === improvement?.statusId);
      expect(status?.name).toBe('Wirksamkeitsprüfung');
      expect(improvement?.resolutiondate).toBeNull();
      const reviewedDaysAgo = (nowMs - reviewedMs) / MS_PER_DAY;
      expect(reviewedDaysAgo).toBeGreaterThan(140);
      expect(reviewedDaysAgo).toBeLessThan(165);
      expect((reviewedMs - goLiveMs) / MS_PER_DAY).toBeGreaterThan(12);
      expect((reviewedMs - goLiveMs) / MS_PER_DAY).toBeLessThan(16);
      expect(JSON.stringify(improvement?.comments.at(-1)?.body)).toContain(
        'Wirksamkeitsprüfung läuft weiter',
      );
    });

    it('drops lead time p50 and p85 by 15 % or more from the 3 months before go-live to the 3 months from the review', () => {
      const before = measure(seed, goLiveMs - WINDOW_MS, goLiveMs, nowMs);
      const after = measure(seed, reviewedMs, reviewedMs + WINDOW_MS, nowMs);
      expect(before.leadTime.count).toBeGreaterThan(350);
      expect(after.leadTime.count).toBeGreaterThan(350);
      expect(after.leadTime.p85 ?? Infinity).toBeLessThanOrEqual(0.85 * (before.leadTime.p85 ?? 0));
      expect(after.leadTime.p50 ?? Infinity).toBeLessThanOrEqual(0.85 * (before.leadTime.p50 ?? 0));
    });

    it('makes password tickets fewer and faster', () => {
      const before = measure(seed, goLiveMs - WINDOW_MS, goLiveMs, nowMs);
      const after = measure(seed, reviewedMs, reviewedMs + WINDOW_MS, nowMs);
      expect(after.passwordTickets).toBeLessThan(0.4 * before.passwordTickets);
      expect(after.passwordLeadTime.p50 ?? Infinity).toBeLessThan(before.passwordLeadTime.p50 ?? 0);
    });
  },
);
