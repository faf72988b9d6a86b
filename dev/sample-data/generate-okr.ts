/**
 * Nordlicht's OKRs for a given "now": the catalog's objectives placed in the current and the previous quarter
 * (read in Europe/Berlin), the owners' check-ins at their instants, the sample issues each key result serves, and
 * the daily failed sign-ins the mail system's monitoring job sends for the current quarter. Pure and
 * deterministic (the same `nowMs`, seed and issues give the same plan); the preview writes it (`okr-seed.ts`).
 */
import { addDays, localDate, startOfLocalDayMs, toDayNumber } from '../../src/domain/flow/calendar';
import { periodBounds, periodDates, previousQuarter } from '../../src/domain/okr/period';
import type { CustomPeriod, KeyResultKind, QuarterPeriod } from '../../src/domain/okr/types';
import type { NewCheckIn, NewKeyResult, NewObjective } from '../../src/application/ports/okr-store-port';
import type { SeedIssue } from '../emulator/seed';
import { berlinDayNumber, dayNumberToDate } from './berlin-time';
import { selfServiceGoLiveMs } from './generate-csi';
import { SAMPLE_TIME_ZONE, user } from './model';
import {
  MAIL_FAILED_SIGNINS_KR_REF,
  MAIL_FAILED_SIGNINS_START_PER_DAY,
  MAIL_FAILED_SIGNINS_TREND_SHARE,
  SAMPLE_OBJECTIVES,
  SELF_SERVICE_BASELINE_WEEKS,
  type SampleIssueSelector,
  type SampleKeyResultKind,
  type SampleObjective,
  type SampleQuarter,
} from './okr-catalog';
import { createRng } from './prng';

/** An objective to create; `parentRef` names an objective created before it. */
export interface PlannedObjective {
  readonly ref: string;
  readonly parentRef?: string;
  readonly input: Omit<NewObjective, 'parentObjectiveId'>;
}

export interface PlannedKeyResult {
  readonly ref: string;
  readonly objectiveRef: string;
  readonly input: Omit<NewKeyResult, 'objectiveId'>;
}

export interface PlannedCheckIn {
  readonly keyResultRef: string;
  readonly input: Omit<NewCheckIn, 'keyResultId'>;
}

/** A sample issue serving a key result. */
export interface PlannedLink {
  readonly keyResultRef: string;
  readonly issueId: string;
  readonly issueKey: string;
}

/** One day's value as the monitoring job sends it to the web trigger. */
export interface PlannedExternalValue {
  /** The Berlin calendar day the value counts, `YYYY-MM-DD`. */
  readonly date: string;
  /** The sender's id of the measurement: one per day, so a resent day is recorded once. */
  readonly measurementId: string;
  readonly value: number;
  /** When the value held: the last minute of the day, ISO 8601 UTC. */
  readonly at: string;
}

export interface SampleOkrPlan {
  /** e.g. `2026-Q4`: the quarter of `nowMs` in Berlin. */
  readonly currentQuarter: string;
  readonly previousQuarter: string;
  readonly objectives: readonly PlannedObjective[];
  readonly keyResults: readonly PlannedKeyResult[];
  /** Manual check-ins, oldest first. */
  readonly checkIns: readonly PlannedCheckIn[];
  readonly links: readonly PlannedLink[];
  /** Sample improvements (CSI issues) whose record names a key result (the experiments made toward it). */
  readonly improvements: readonly PlannedLink[];
  /** The failed sign-ins key result's daily values (the newest {@link SampleOkrOptions.maxExternalValues}). */
  readonly externalValues: {
    readonly keyResultRef: string;
    readonly values: readonly PlannedExternalValue[];
    /** Days of the quarter so far that have a value but are left out (beyond the maximum). */
    readonly omittedDays: number;
  };
  /** Key results the app measures (flow metric, issue progress). */
  readonly measuredKeyResultRefs: readonly string[];
}

export interface SampleOkrOptions {
  /** The sample's "today", epoch ms. */
  readonly nowMs: number;
  /** The sample Jira's issues (links are made to them). */
  readonly issues: readonly Pick<SeedIssue, 'id' | 'key' | 'summary' | 'created'>[];
  /** PRNG seed of the daily values (default 1). */
  readonly seed?: number;
  /** Most daily values to send (the newest days); default all days of the quarter so far. */
  readonly maxExternalValues?: number;
}

/** The quarter `YYYY-Qn` a Berlin calendar date falls in. */
export function quarterOfDate(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${String(Math.ceil(month / 3))}`;
}

function quarterPeriod(quarter: string): QuarterPeriod {
  return { kind: 'quarter', quarter, timeZone: SAMPLE_TIME_ZONE };
}

/**
 * The 13 weeks ({@link SELF_SERVICE_BASELINE_WEEKS}) before the Berlin day the self-service password reset went
 * live (`selfServiceGoLiveMs`, the same instant the HD generator lets the password tickets drop from): the last
 * day is the day before the go-live.
 */
export function beforeSelfServiceGoLivePeriod(nowMs: number): CustomPeriod {
  const goLiveDay = berlinDayNumber(selfServiceGoLiveMs(nowMs));
  return {
    kind: 'custom',
    startDate: dayNumberToDate(goLiveDay - SELF_SERVICE_BASELINE_WEEKS * 7),
    endDate: dayNumberToDate(goLiveDay - 1),
    timeZone: SAMPLE_TIME_ZONE,
  };
}

function kindOf(kind: SampleKeyResultKind, baseline: QuarterPeriod, nowMs: number): KeyResultKind {
  switch (kind.type) {
    case 'metric':
    case 'threshold':
    case 'binary':
      return kind;
    case 'issueProgressLinked':
      return { type: 'issueProgress', issues: { type: 'linked' } };
    case 'issueProgressJql':
      return { type: 'issueProgress', issues: { type: 'jql', jql: kind.jql } };
    case 'flowMetric':
      return {
        type: 'flowMetric',
        scope: { type: 'project', projectKey: kind.projectKey },
        metric: kind.metric,
        baselinePeriod:
          kind.baseline === 'beforeSelfServiceGoLive' ? beforeSelfServiceGoLivePeriod(nowMs) : baseline,
        targetChangePercent: kind.targetChangePercent,
      };
  }
}

/** The latest issues (by creation) of a project whose summary contains the text. */
function selectIssues(
  issues: SampleOkrOptions['issues'],
  projectKey: string,
  summaryIncludes: string,
  max: number,
): SampleOkrOptions['issues'] {
  const needle = summaryIncludes.toLowerCase();
  return issues
    .filter((issue) => issue.key.startsWith(`${projectKey}-`) && issue.summary.toLowerCase().includes(needle))
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
    .slice(0, max);
}

/**
 * The failed sign-ins of each completed day of the current quarter: from the key result's start value down by
 * about {@link MAIL_FAILED_SIGNINS_TREND_SHARE} over the days so far, fewer at weekends, with day-to-day noise
 * from a seeded stream per day (a day's value does not depend on which days are sent).
 */
function dailyFailedSignIns(firstDate: string, nowMs: number, seed: number): PlannedExternalValue[] {
  const today = localDate(nowMs, SAMPLE_TIME_ZONE);
  const days = toDayNumber(today) - toDayNumber(firstDate);
  const values: PlannedExternalValue[] = [];
  for (let index = 0; index < days; index += 1) {
    const date = addDays(firstDate, index);
    const trend = 1 - MAIL_FAILED_SIGNINS_TREND_SHARE * (days === 1 ? 1 : index / (days - 1));
    // ISO weekday from the day number: 1970-01-01 was a Thursday.
    const weekday = (((toDayNumber(date) + 3) % 7) + 7) % 7;
    const weekend = weekday >= 5 ? 0.8 : 1;
    const noise = 1 + 0.03 * createRng(seed, `okr-failed-signins:${date}`).normal();
    const value = Math.max(0, Math.round(MAIL_FAILED_SIGNINS_START_PER_DAY * trend * weekend * noise));
    const lastMinuteMs = startOfLocalDayMs(addDays(date, 1), SAMPLE_TIME_ZONE) - 60_000;
    values.push({
      date,
      measurementId: `mail-failed-signins-${date}`,
      value,
      at: new Date(lastMinuteMs).toISOString(),
    });
  }
  return values;
}

/** The instant at `share` of the part of `period` that has passed at `nowMs`. */
function instantInElapsed(period: QuarterPeriod, nowMs: number, share: number): number {
  const { startMs, endMs } = periodBounds(period);
  const elapsedEndMs = Math.min(endMs - 1, Math.max(startMs, nowMs));
  return Math.round(startMs + share * (elapsedEndMs - startMs));
}

/**
 * Plans Nordlicht's OKRs as of `nowMs` (see the file comment).
 *
 * @example generateSampleOkrs({ nowMs: Date.UTC(2026, 11, 5), issues: seed.issues }).currentQuarter // '2026-Q4'
 */
export function generateSampleOkrs(options: SampleOkrOptions): SampleOkrPlan {
  const { nowMs } = options;
  const currentQuarter = quarterOfDate(localDate(nowMs, SAMPLE_TIME_ZONE));
  const lastQuarter = previousQuarter(currentQuarter);
  const periods: Record<SampleQuarter, QuarterPeriod> = {
    current: quarterPeriod(currentQuarter),
    previous: quarterPeriod(lastQuarter),
  };
  const baselines: Record<SampleQuarter, QuarterPeriod> = {
    current: periods.previous,
    previous: quarterPeriod(previousQuarter(lastQuarter)),
  };

  const objectives: PlannedObjective[] = [];
  const keyResults: PlannedKeyResult[] = [];
  const checkIns: PlannedCheckIn[] = [];
  const links: PlannedLink[] = [];
  const improvements: PlannedLink[] = [];
  const measuredKeyResultRefs: string[] = [];
  for (const objective of SAMPLE_OBJECTIVES) {
    objectives.push(planObjective(objective, periods[objective.quarter]));
    for (const keyResult of objective.keyResults) {
      keyResults.push({
        ref: keyResult.ref,
        objectiveRef: objective.ref,
        input: {
          title: keyResult.title,
          ownerAccountId: user(keyResult.owner).accountId,
          weight: keyResult.weight,
          unit: keyResult.unit,
          direction: keyResult.direction,
          kind: kindOf(keyResult.kind, baselines[objective.quarter], nowMs),
          source: keyResult.source,
        },
      });
      if (keyResult.source === 'measured') measuredKeyResultRefs.push(keyResult.ref);
      for (const checkIn of keyResult.checkIns ?? [])
        checkIns.push({
          keyResultRef: keyResult.ref,
          input: {
            value: checkIn.value,
            confidence: checkIn.confidence,
            note: checkIn.note,
            author: user(checkIn.author).accountId,
            atMs: instantInElapsed(periods[objective.quarter], nowMs, checkIn.atShare),
            source: 'manual',
          },
        });
      const select = (selectors: readonly SampleIssueSelector[] | undefined): PlannedLink[] =>
        (selectors ?? []).flatMap((selector) =>
          selectIssues(options.issues, selector.projectKey, selector.summaryIncludes, selector.max).map(
            (issue) => ({ keyResultRef: keyResult.ref, issueId: issue.id, issueKey: issue.key }),
          ),
        );
      links.push(...select(keyResult.linkedIssues));
      improvements.push(...select(keyResult.improvements));
    }
  }
  checkIns.sort((a, b) => a.input.atMs - b.input.atMs);

  const allValues = dailyFailedSignIns(periodDates(periods.current).firstDate, nowMs, options.seed ?? 1);
  const max = options.maxExternalValues ?? allValues.length;
  const values = allValues.slice(Math.max(0, allValues.length - max));
  return {
    currentQuarter,
    previousQuarter: lastQuarter,
    objectives,
    keyResults,
    checkIns,
    links,
    improvements,
    externalValues: {
      keyResultRef: MAIL_FAILED_SIGNINS_KR_REF,
      values,
      omittedDays: allValues.length - values.length,
    },
    measuredKeyResultRefs,
  };
}

function planObjective(objective: SampleObjective, period: QuarterPeriod): PlannedObjective {
  return {
    ref: objective.ref,
    ...(objective.parentRef === undefined ? {} : { parentRef: objective.parentRef }),
    input: {
      title: objective.title,
      description: objective.description,
      period,
      ownerAccountId: user(objective.owner).accountId,
      scope: { type: 'project', projectKey: objective.projectKey },
    },
  };
}
