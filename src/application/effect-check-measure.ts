/**
 * The before and after samples of an effect check from Jira and the OKR store, per target kind, in the windows of
 * FLOW-METRICS.md §6 (`domain/feedback/effect-check.ts`), and their analysis (`analyseSamples`). Reads as whoever
 * `jira` acts as: the app, so a check's figures do not depend on who asked.
 */
import { addDays, defaultCalendar, localDate, startOfLocalDayMs } from '../domain/flow/calendar';
import { analyseSamples, EFFECT_DEFAULTS, effectSamples, type EffectResult } from '../domain/flow/effect';
import { JqlRefinementError } from '../domain/flow/jql-scope';
import { parseJiraInstant } from '../domain/flow/timestamps';
import { createdWithinJql } from '../domain/okr/measure';
import {
  betterForKeyResult,
  checkInSamples,
  dailyCountSamples,
  effectUnit,
  type EffectCheckConfig,
  type EffectRunWindows,
} from '../domain/feedback/effect-check';
import { CSAT_MAX_REQUESTS, measureCsat } from './csat';
import { JiraBadRequestError, JiraNotFoundError } from './errors';
import { measureFlow } from './flow-measurement';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';
import type { OkrStorePort } from './ports/okr-store-port';
import type { JiraServiceDeskPort } from './ports/service-desk-port';

/** Most issues a flow check loads (as a flow-metric key result). */
export const EFFECT_MAX_FLOW_ISSUES = 5_000;
/** Most issues an issue-count check reads the creation instants of (pages of 100). */
export const EFFECT_MAX_COUNTED_ISSUES = 20_000;

/** Measuring failed; the message names the cause and what to do (English). */
export class EffectCheckFailedError extends Error {
  override readonly name = 'EffectCheckFailedError';
}

/** What measuring needs. */
export interface EffectMeasureDeps {
  /** Jira as the app. */
  readonly jira: JiraPort;
  /** Jira Service Management as the app; null where the runtime offers none (CSAT targets then fail). */
  readonly serviceDesk: Pick<JiraServiceDeskPort, 'getRequestFeedback'> | null;
  readonly okr: OkrStorePort;
  /**
   * The flow facts store (issue 13): `flow` targets are measured from the stored facts of the ids the JQL finds,
   * issues without facts loaded live. Absent: everything loaded from Jira.
   */
  readonly facts?: FlowFactsReader;
}

/** The samples, their analysis and what they are. */
export interface EffectMeasurement {
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly result: EffectResult;
  /** `lower`/`higher` as applied (a key result's direction wins over the configuration's). */
  readonly better: 'lower' | 'higher';
  readonly unit: string;
  /** The key result's title for a key-result target; null otherwise. */
  readonly keyResultTitle: string | null;
}

/**
 * Measures `config`'s target around `windows.changeDate` in `timeZone` as of `nowMs` (epoch ms) and analyses
 * it (§6: Mann–Whitney, seeded bootstrap of 10,000 resamples, α 0.05):
 * - `flow`: the engine's lead or cycle times of the JQL's issues done in each window (default mapping of their
 *   projects' workflows, calendar days of `timeZone`), at most {@link EFFECT_MAX_FLOW_ISSUES} issues;
 * - `issue-count`: issues the JQL finds created per local day (days before today only);
 * - `csat`: the ratings of the JQL's requests resolved in each window, at most {@link CSAT_MAX_REQUESTS} each;
 * - `key-result`: the key result's check-ins, the last of each local day.
 *
 * @throws EffectCheckFailedError naming the cause (invalid JQL, too many issues, no service desk, no key result).
 */
export async function measureEffect(
  deps: EffectMeasureDeps,
  config: EffectCheckConfig,
  windows: EffectRunWindows,
  timeZone: string,
  nowMs: number,
): Promise<EffectMeasurement> {
  const options = {
    timeZone,
    changeDate: windows.changeDate,
    beforeDays: config.beforeDays,
    afterDays: config.verifyAfterDays,
    alpha: EFFECT_DEFAULTS.alpha,
    seed: EFFECT_DEFAULTS.seed,
    asOfMs: nowMs,
  };
  const target = config.target;
  return withCauses(async (): Promise<EffectMeasurement> => {
    switch (target.kind) {
      case 'flow': {
        const measured = await measureFlow(deps.jira, {
          scope: { kind: 'jql', jql: target.jql },
          // A day's margin each side: Jira reads JQL dates in the searcher's zone, the engine decides exactly.
          period: { activeSince: addDays(windows.before.from, -1), to: windows.after.to },
          mapping: null,
          calendar: defaultCalendar(timeZone),
          asOfMs: nowMs,
          maxIssues: EFFECT_MAX_FLOW_ISSUES,
          ...(deps.facts === undefined ? {} : { facts: deps.facts }),
        });
        if (measured.truncated)
          throw new EffectCheckFailedError(
            `The JQL finds more than ${String(EFFECT_MAX_FLOW_ISSUES)} issues active from ${windows.before.from} to ${windows.after.to}: narrow it (e.g. one project or issue type).`,
          );
        const flowOptions = { ...options, metric: target.metric, better: config.better };
        const { before, after } = effectSamples(measured.facts.issues, flowOptions);
        const result = analyseSamples(before, after, flowOptions);
        return { before, after, result, better: config.better, unit: 'days', keyResultTitle: null };
      }
      case 'issue-count': {
        const today = localDate(nowMs, timeZone);
        const end = windows.after.to < today ? windows.after.to : today;
        const searcherTimeZone = (await deps.jira.getMyself()).timeZone ?? 'UTC';
        const jql = createdWithinJql(
          target.jql,
          startOfLocalDayMs(windows.before.from, timeZone),
          startOfLocalDayMs(end, timeZone),
          searcherTimeZone,
        );
        const created: number[] = [];
        for await (const page of deps.jira.searchIssues(jql, ['created'])) {
          for (const issue of page) {
            const ms = parseJiraInstant(issue.fields?.created);
            if (ms !== null) created.push(ms);
          }
          if (created.length > EFFECT_MAX_COUNTED_ISSUES)
            throw new EffectCheckFailedError(
              `The JQL finds more than ${String(EFFECT_MAX_COUNTED_ISSUES)} issues created from ${windows.before.from} on: narrow it.`,
            );
        }
        const { before, after } = dailyCountSamples(created, windows, timeZone, today);
        const result = analyseSamples(before, after, {
          ...options,
          metric: 'issue-count',
          better: config.better,
        });
        return {
          before,
          after,
          result,
          better: config.better,
          unit: effectUnit(target),
          keyResultTitle: null,
        };
      }
      case 'csat': {
        if (deps.serviceDesk === null)
          throw new EffectCheckFailedError(
            'CSAT cannot be read here (no Jira Service Management access): choose another target metric.',
          );
        const period = (from: string, to: string) => ({
          jql: target.jql,
          firstDate: from,
          lastDate: addDays(to, -1),
          timeZone,
        });
        const beforeCsat = await measureCsat(
          deps.jira,
          deps.serviceDesk,
          period(windows.before.from, windows.before.to),
        );
        const afterCsat = await measureCsat(
          deps.jira,
          deps.serviceDesk,
          period(windows.after.from, windows.after.to),
        );
        // A partial sample (Jira found more requests than are read) would be analysed as if it were the window.
        if (beforeCsat.truncated || afterCsat.truncated)
          throw new EffectCheckFailedError(
            `The JQL finds more than ${String(CSAT_MAX_REQUESTS)} requests resolved in one window (${windows.before.from} to ${windows.after.to}): narrow it (e.g. one request type or service desk).`,
          );
        const before = [...beforeCsat.ratings];
        const after = [...afterCsat.ratings];
        const result = analyseSamples(before, after, { ...options, metric: 'csat', better: config.better });
        return {
          before,
          after,
          result,
          better: config.better,
          unit: effectUnit(target),
          keyResultTitle: null,
        };
      }
      case 'key-result': {
        const keyResult = await deps.okr.getKeyResult(target.keyResultId);
        if (keyResult === null || keyResult.value.archived)
          throw new EffectCheckFailedError(
            `The key result ${target.keyResultId} does not exist or is archived: choose another one.`,
          );
        const checkIns = await deps.okr.checkIns(target.keyResultId);
        const { before, after } = checkInSamples(checkIns, windows, timeZone);
        const better = betterForKeyResult(keyResult.value.direction, config.better);
        const result = analyseSamples(before, after, { ...options, metric: 'key-result', better });
        return {
          before,
          after,
          result,
          better,
          unit: effectUnit(target, keyResult.value.unit),
          keyResultTitle: keyResult.value.title,
        };
      }
    }
  });
}

/** Turns what Jira or the app says about a JQL into an {@link EffectCheckFailedError} naming it. */
async function withCauses<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JqlRefinementError)
      throw new EffectCheckFailedError(`The JQL is invalid: ${error.message} Correct the target's JQL.`);
    if (error instanceof JiraBadRequestError)
      throw new EffectCheckFailedError(
        `Jira refused the JQL: ${error.jiraMessages.length > 0 ? error.jiraMessages.join('; ') : error.message}. Correct the target's JQL.`,
      );
    if (error instanceof JiraNotFoundError)
      throw new EffectCheckFailedError(
        `Something the check reads does not exist or is not visible to the app: ${error.message}`,
      );
    throw error;
  }
}
