/**
 * Nordlicht's OKRs in the preview, written the way the app writes them: objectives, key results, check-ins and
 * links through the app's {@link OkrStore} into the preview's store, the previous quarter closed with its grading;
 * the issue property `three-ways-okr` on the linked sample issues (so `okrKeyResult = KR-4` finds them) and the
 * key result in the records of the improvements made toward it (`csiKeyResult = KR-2`); the e-mail service's daily
 * failed sign-ins as signed requests to the preview's real `okr-values` web trigger; the measured key results
 * through the app's own measurement.
 *
 * Two steps, because the emulator starts from the seed: {@link startSampleOkrs} before it (store, issue
 * properties), then {@link StartedSampleOkrs.finish} once the emulator runs and the web trigger server listens.
 */
import {
  OKR_VALUES_MAX_PER_HOUR,
  rotateKeyResultSecret,
  signExternalValue,
} from '../../src/application/okr-external-values';
import { OKR_ISSUE_PROPERTY_KEY } from '../../src/application/okr-linked-issues';
import { KeyResultMeasureError, measureKeyResult } from '../../src/application/okr-measure';
import { closePeriod, rememberPeriod } from '../../src/application/okr-periods';
import { DEFAULT_OKR_SETTINGS } from '../../src/application/okr-settings';
import { OKR_VALUES_WEB_TRIGGER } from '../../src/application/okr-views';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { OkrStorePort } from '../../src/application/ports/okr-store-port';
import type { StorePort } from '../../src/application/ports/store-port';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { addDays, localDate, startOfLocalDayMs } from '../../src/domain/flow/calendar';
import { periodDates } from '../../src/domain/okr/period';
import type { JiraSeed } from '../emulator/seed';
import {
  generateSampleOkrs,
  type PlannedExternalValue,
  type SampleOkrPlan,
} from '../sample-data/generate-okr';
import { SAMPLE_TIME_ZONE, user } from '../sample-data/model';

/**
 * Daily values the seed sends at most: the web trigger accepts {@link OKR_VALUES_MAX_PER_HOUR} per key result
 * and hour, and the seed leaves a few of the start hour's for the owner's own `curl` try (the limit stays as it is).
 */
export const SEED_MAX_EXTERNAL_VALUES = OKR_VALUES_MAX_PER_HOUR - 4;

/** What the seed wrote: the store's ids of the catalog's objectives and key results, and the links. */
export interface SeededOkrs {
  /** Catalog ref → `O-<n>` / `KR-<n>`. */
  readonly idsByRef: ReadonlyMap<string, string>;
  readonly links: readonly { readonly issueId: string; readonly keyResultId: string }[];
  /** Improvement issues and the key result their record names. */
  readonly improvements: readonly { readonly issueId: string; readonly keyResultId: string }[];
}

function idOf(idsByRef: ReadonlyMap<string, string>, ref: string): string {
  const id = idsByRef.get(ref);
  if (id === undefined) throw new Error(`The sample OKRs name "${ref}" before it was created.`);
  return id;
}

/**
 * Writes the plan's objectives (parents first), key results, manual check-ins and links to `okr`, in the plan's
 * order, so the ids are the same on every start (`O-1`…, `KR-1`…).
 */
export async function seedSampleOkrs(okr: OkrStorePort, plan: SampleOkrPlan): Promise<SeededOkrs> {
  const idsByRef = new Map<string, string>();
  for (const objective of plan.objectives) {
    const created = await okr.createObjective({
      ...objective.input,
      ...(objective.parentRef === undefined
        ? {}
        : { parentObjectiveId: idOf(idsByRef, objective.parentRef) }),
    });
    idsByRef.set(objective.ref, created.value.id);
  }
  for (const keyResult of plan.keyResults) {
    const created = await okr.createKeyResult({
      ...keyResult.input,
      objectiveId: idOf(idsByRef, keyResult.objectiveRef),
    });
    idsByRef.set(keyResult.ref, created.value.id);
  }
  for (const checkIn of plan.checkIns)
    await okr.appendCheckIn({ ...checkIn.input, keyResultId: idOf(idsByRef, checkIn.keyResultRef) });
  const links = plan.links.map((link) => ({
    issueId: link.issueId,
    keyResultId: idOf(idsByRef, link.keyResultRef),
  }));
  for (const link of links) await okr.linkIssue(link.issueId, link.keyResultId);
  const improvements = plan.improvements.map((entry) => ({
    issueId: entry.issueId,
    keyResultId: idOf(idsByRef, entry.keyResultRef),
  }));
  return { idsByRef, links, improvements };
}

/**
 * The seed with the issue property `three-ways-okr` (`{ keyResults: ["KR-3", …] }`) on every linked issue, as the
 * app writes it when an issue is linked, so Jira's index (and JQL `okrKeyResult = KR-3`) finds them.
 */
export function withOkrIssueProperties(
  seed: JiraSeed,
  links: readonly { readonly issueId: string; readonly keyResultId: string }[],
): JiraSeed {
  const keyResultsOf = new Map<string, string[]>();
  for (const link of links) {
    const list = keyResultsOf.get(link.issueId) ?? [];
    if (!list.includes(link.keyResultId)) list.push(link.keyResultId);
    keyResultsOf.set(link.issueId, list);
  }
  return {
    ...seed,
    issues: seed.issues.map((issue) => {
      const keyResults = keyResultsOf.get(issue.id);
      return keyResults === undefined
        ? issue
        : { ...issue, properties: { ...issue.properties, [OKR_ISSUE_PROPERTY_KEY]: { keyResults } } };
    }),
  };
}

/**
 * The seed with the sample improvement records (issue property `three-ways-csi`, as generated, before the app
 * adopts them) naming the key result they work toward in their key-result field: the key result lists them as
 * its experiments (JQL `csiKeyResult = KR-2`). A record that is not an object is left as it is.
 */
export function withImprovementKeyResults(
  seed: JiraSeed,
  improvements: readonly { readonly issueId: string; readonly keyResultId: string }[],
): JiraSeed {
  const keyResultOf = new Map(improvements.map((entry) => [entry.issueId, entry.keyResultId]));
  return {
    ...seed,
    issues: seed.issues.map((issue) => {
      const keyResultId = keyResultOf.get(issue.id);
      const record: unknown = issue.properties[CSI_RECORD_PROPERTY_KEY];
      if (keyResultId === undefined || typeof record !== 'object' || record === null) return issue;
      return {
        ...issue,
        properties: { ...issue.properties, [CSI_RECORD_PROPERTY_KEY]: { ...record, keyResultId } },
      };
    }),
  };
}

/** What {@link deliverSampleExternalValues} needs. */
export interface ExternalValueDelivery {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** The app's clock (the preview clock): the timestamp the requests are signed with. */
  readonly clock: () => number;
  /** The preview's local URL of the `okr-values` web trigger. */
  readonly webTriggerUrl: string;
  /** HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** The outcome of the delivery: how many values were recorded, and any refusal (status and the trigger's answer). */
export interface DeliveredValues {
  readonly recorded: number;
  readonly duplicates: number;
  readonly refused: readonly {
    readonly measurementId: string;
    readonly status: number;
    readonly body: string;
  }[];
}

/**
 * Gives the key result a secret (as its owner's "create secret" does) and posts each value to the web trigger
 * as the mail system's monitoring job would: one JSON body per day, signed with HMAC-SHA256 over
 * `timestamp.body`, one after another (the trigger's rate limit and the check-in pages are per key result).
 */
export async function deliverSampleExternalValues(
  delivery: ExternalValueDelivery,
  keyResultId: string,
  values: readonly PlannedExternalValue[],
): Promise<DeliveredValues> {
  const post = delivery.fetch ?? fetch;
  const { secret } = await rotateKeyResultSecret(
    { store: delivery.store, okr: delivery.okr, clock: delivery.clock },
    keyResultId,
  );
  let recorded = 0;
  let duplicates = 0;
  const refused: { measurementId: string; status: number; body: string }[] = [];
  for (const value of values) {
    const body = JSON.stringify({
      keyResultId,
      measurementId: value.measurementId,
      value: value.value,
      at: value.at,
    });
    const timestamp = String(Math.floor(delivery.clock() / 1000));
    const response = await post(delivery.webTriggerUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-ThreeWays-Timestamp': timestamp,
        'X-ThreeWays-Signature': signExternalValue(secret, timestamp, body),
      },
      body,
    });
    const text = await response.text();
    if (response.status === 201) recorded += 1;
    else if (response.status === 200) duplicates += 1;
    else refused.push({ measurementId: value.measurementId, status: response.status, body: text });
  }
  return { recorded, duplicates, refused };
}

/** What {@link startSampleOkrs} needs from the preview. */
export interface PreviewOkrSeedDeps {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** The preview clock. */
  readonly clock: () => number;
  /** Server-side log (a value the web trigger refused). */
  readonly logError: (message: string, error: unknown) => void;
}

/** What the measured key results got at start. */
export interface MeasuredAtStart {
  /** Key result id → values recorded (the flow metric's weekly history and today's value; one for the others). */
  readonly recorded: ReadonlyMap<string, number>;
  /** Measurements that gave no value (nothing finished yet in the span): not an error. */
  readonly withoutValue: number;
  /** Measurements that failed (logged). */
  readonly failed: number;
}

/** What the running preview gives the last step. */
export interface RunningPreviewParts {
  /** The local URL of each web trigger of the manifest. */
  readonly webTriggerUrls: readonly { readonly key: string; readonly url: string }[];
  /** Jira as the app (the scheduled measurement's identity). */
  readonly jiraAsApp: JiraPort;
}

/** The sample OKRs written to the store, and the step that needs the running preview. */
export interface StartedSampleOkrs {
  /**
   * The seed with the OKR issue property on the linked issues and the key result in the improvement records'
   * field (adopt the CSI records from it, then start the emulator).
   */
  readonly seed: JiraSeed;
  readonly plan: SampleOkrPlan;
  readonly seeded: SeededOkrs;
  /**
   * Once the emulator runs and the web trigger server listens: the daily failed sign-ins through the
   * `okr-values` web trigger (when the manifest has it; else `delivered` is null), and the measured key results
   * measured by the app's measurement as its daily run does.
   */
  finish(
    running: RunningPreviewParts,
  ): Promise<{ readonly delivered: DeliveredValues | null; readonly measured: MeasuredAtStart }>;
}

/** The local time of day the sample's weekly measurements are taken at (the daily run's early-morning hour). */
const WEEKLY_MEASURE_MINUTE = 6 * 60;
/**
 * Weekly values measured into the past at start. A few: each flow measurement loads the scope's issues of the
 * quarter (≈ 90 ms for HD's ≈ 530 on the emulator), and `npm start` should stay quick.
 */
export const SAMPLE_WEEKLY_MEASUREMENTS = 4;

/**
 * The instants a flow-metric key result is measured at on start: the same weekday of the last
 * {@link SAMPLE_WEEKLY_MEASUREMENTS} weeks at 06:00 Berlin time (as the daily run would have left them; only days
 * from the quarter's second week on, so each has issues to measure), then now. A flow metric is measured as of its
 * instant (the engine reads the changelog up to it), so a backdated value is the one that day had. Issue progress
 * reads today's statuses only, so it is measured at now alone.
 */
export function weeklyMeasureInstants(currentQuarter: string, nowMs: number): number[] {
  const { firstDate } = periodDates({ kind: 'quarter', quarter: currentQuarter, timeZone: SAMPLE_TIME_ZONE });
  const today = localDate(nowMs, SAMPLE_TIME_ZONE);
  const instants: number[] = [];
  for (let weeksBack = SAMPLE_WEEKLY_MEASUREMENTS; weeksBack >= 1; weeksBack -= 1) {
    const date = addDays(today, -7 * weeksBack);
    if (date >= addDays(firstDate, 7))
      instants.push(startOfLocalDayMs(date, SAMPLE_TIME_ZONE) + WEEKLY_MEASURE_MINUTE * 60_000);
  }
  instants.push(nowMs);
  return instants;
}

/**
 * Measures the plan's measured key results of the current quarter through the app's {@link measureKeyResult}
 * (as the daily run: one measurement id per day), the flow metric at {@link weeklyMeasureInstants}. A failure is
 * logged and the start goes on: a key result without a value shows as such.
 */
export async function measureSampleKeyResults(
  deps: PreviewOkrSeedDeps & { readonly jira: JiraPort },
  plan: SampleOkrPlan,
  seeded: SeededOkrs,
): Promise<MeasuredAtStart> {
  const recorded = new Map<string, number>();
  let failed = 0;
  let withoutValue = 0;
  const nowMs = deps.clock();
  const currentRefs = new Set(
    plan.keyResults
      .filter((keyResult) => {
        const objective = plan.objectives.find((entry) => entry.ref === keyResult.objectiveRef);
        return (
          objective?.input.period.kind === 'quarter' && objective.input.period.quarter === plan.currentQuarter
        );
      })
      .map((keyResult) => keyResult.ref),
  );
  const measureAt = async (keyResultId: string, atMs: number): Promise<void> => {
    try {
      const measurement = await measureKeyResult(
        { jira: deps.jira, store: deps.store, okr: deps.okr },
        keyResultId,
        atMs,
        'daily',
      );
      if (!measurement.duplicate) recorded.set(keyResultId, (recorded.get(keyResultId) ?? 0) + 1);
    } catch (error) {
      // Early in a quarter no issue may have finished yet: the key result has no value, as on a site.
      if (error instanceof KeyResultMeasureError && error.failure === 'no-value') {
        withoutValue += 1;
        return;
      }
      failed += 1;
      deps.logError(`preview: measuring the sample key result ${keyResultId} failed`, error);
    }
  };
  await Promise.all(
    plan.measuredKeyResultRefs
      .filter((ref) => currentRefs.has(ref))
      .map(async (ref) => {
        const keyResult = plan.keyResults.find((entry) => entry.ref === ref);
        const keyResultId = idOf(seeded.idsByRef, ref);
        const [first, ...rest] =
          keyResult?.input.kind.type === 'flowMetric'
            ? weeklyMeasureInstants(plan.currentQuarter, nowMs)
            : [nowMs];
        // The first measurement stores the baseline on the key result; the others then only read it.
        if (first !== undefined) await measureAt(keyResultId, first);
        for (const atMs of rest) await measureAt(keyResultId, atMs);
      }),
  );
  return { recorded, withoutValue, failed };
}

/** When the sample's admin closed the previous quarter: the third day of the current one (or now, if earlier). */
function closingInstant(plan: SampleOkrPlan, nowMs: number): number {
  const { firstDate } = periodDates({
    kind: 'quarter',
    quarter: plan.currentQuarter,
    timeZone: SAMPLE_TIME_ZONE,
  });
  return Math.min(nowMs, startOfLocalDayMs(addDays(firstDate, 2), SAMPLE_TIME_ZONE) + 10 * 3_600_000);
}

/**
 * Closes the previous quarter as the Jira admin's "close period" does, so its objectives show their grading:
 * graded from the key results' check-ins with the default status thresholds.
 */
async function closePreviousQuarter(deps: PreviewOkrSeedDeps, plan: SampleOkrPlan): Promise<void> {
  await closePeriod(
    deps,
    plan.previousQuarter,
    closingInstant(plan, deps.clock()),
    user('admin').accountId,
    DEFAULT_OKR_SETTINGS.thresholds,
  );
}

/**
 * Writes Nordlicht's OKRs of the current and previous quarter (as of the clock's now) to the store and marks the
 * linked sample issues; {@link StartedSampleOkrs.finish} then sends the e-mail service's daily values and
 * measures the measured key results.
 */
export async function startSampleOkrs(deps: PreviewOkrSeedDeps, seed: JiraSeed): Promise<StartedSampleOkrs> {
  const plan = generateSampleOkrs({
    nowMs: deps.clock(),
    issues: seed.issues,
    maxExternalValues: SEED_MAX_EXTERNAL_VALUES,
  });
  const seeded = await seedSampleOkrs(deps.okr, plan);
  for (const objective of plan.objectives) await rememberPeriod(deps.store, objective.input.period);
  await closePreviousQuarter(deps, plan);
  const deliver = async (
    webTriggerUrls: RunningPreviewParts['webTriggerUrls'],
  ): Promise<DeliveredValues | null> => {
    const url = webTriggerUrls.find((entry) => entry.key === OKR_VALUES_WEB_TRIGGER)?.url;
    if (url === undefined) return null;
    const keyResultId = idOf(seeded.idsByRef, plan.externalValues.keyResultRef);
    const delivered = await deliverSampleExternalValues(
      { store: deps.store, okr: deps.okr, clock: deps.clock, webTriggerUrl: url },
      keyResultId,
      plan.externalValues.values,
    );
    if (delivered.refused.length > 0)
      deps.logError(
        `preview: the okr-values web trigger refused ${String(delivered.refused.length)} sample values of ${keyResultId}`,
        delivered.refused,
      );
    return delivered;
  };
  return {
    seed: withImprovementKeyResults(withOkrIssueProperties(seed, seeded.links), seeded.improvements),
    plan,
    seeded,
    async finish(running) {
      // Independent: the values go to one key result through HTTP, the measurements to others through Jira.
      const [delivered, measured] = await Promise.all([
        deliver(running.webTriggerUrls),
        measureSampleKeyResults({ ...deps, jira: running.jiraAsApp }, plan, seeded),
      ]);
      return { delivered, measured };
    },
  };
}
