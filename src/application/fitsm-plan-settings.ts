/**
 * Settings of the audit plan and the implementation schedule, stored versioned under `fitsm-plan-settings`: the
 * time zone whose calendar days decide "today" and overdue audits (null: the viewer's), the schedule's first
 * quarter (null: the current quarter) and its capacity (items per quarter).
 */

import * as v from 'valibot';
import type { FitsmPlanSettings } from '../contract/fitsm-plan';
import { isValidTimeZone } from '../domain/flow/calendar';
import { calendarDayIn } from '../domain/fitsm/audit';
import { QUARTER_PATTERN, quarterOfDay, SCHEDULE_CAPACITY_RANGE } from '../domain/fitsm/schedule';
import { StoreConflictError, type StorePort } from './ports/store-port';

export const FITSM_PLAN_SETTINGS_KEY = 'fitsm-plan-settings';

/** Three improvements per quarter: what a small team carries beside its daily work (the talk's Nordlicht). */
export const DEFAULT_FITSM_PLAN_SETTINGS: FitsmPlanSettings = {
  timeZone: null,
  startQuarter: null,
  capacityPerQuarter: 3,
};

export const FitsmPlanSettingsSchema = v.strictObject(
  {
    timeZone: v.nullable(
      v.pipe(
        v.string('timeZone must be an IANA time zone or null'),
        v.maxLength(64, 'timeZone is at most 64 characters'),
        v.check(isValidTimeZone, 'timeZone must be an IANA time zone such as Europe/Berlin'),
      ),
    ),
    startQuarter: v.nullable(
      v.pipe(
        v.string('startQuarter must be a quarter or null'),
        v.regex(QUARTER_PATTERN, 'startQuarter looks like 2026-Q1'),
      ),
    ),
    capacityPerQuarter: v.pipe(
      v.number('capacityPerQuarter must be a number'),
      v.integer('capacityPerQuarter must be a whole number'),
      v.minValue(SCHEDULE_CAPACITY_RANGE.min, 'capacityPerQuarter is at least 1'),
      v.maxValue(SCHEDULE_CAPACITY_RANGE.max, 'capacityPerQuarter is at most 50'),
    ),
  },
  'settings must be { timeZone, startQuarter, capacityPerQuarter }',
);

/** The settings were saved by someone else since they were loaded. */
export class FitsmPlanConflictError extends Error {
  override readonly name = 'FitsmPlanConflictError';
}

/** The settings and their version (defaults and null when never saved or unreadable). */
export async function readFitsmPlanSettings(
  store: StorePort,
): Promise<{ readonly settings: FitsmPlanSettings; readonly version: number | null }> {
  const stored = await store.get<FitsmPlanSettings>(FITSM_PLAN_SETTINGS_KEY);
  if (stored === null) return { settings: DEFAULT_FITSM_PLAN_SETTINGS, version: null };
  const parsed = v.safeParse(FitsmPlanSettingsSchema, stored.value);
  return { settings: parsed.success ? parsed.output : DEFAULT_FITSM_PLAN_SETTINGS, version: stored.version };
}

/**
 * Saves validated settings when they are still at `expectedVersion` (null: never saved).
 *
 * @throws FitsmPlanConflictError when someone saved in between.
 */
export async function saveFitsmPlanSettings(
  store: StorePort,
  settings: FitsmPlanSettings,
  expectedVersion: number | null,
): Promise<{ readonly version: number }> {
  try {
    return await store.put<FitsmPlanSettings>(FITSM_PLAN_SETTINGS_KEY, settings, expectedVersion);
  } catch (error) {
    if (error instanceof StoreConflictError)
      throw new FitsmPlanConflictError(
        'The plan settings were saved by someone else after you loaded them: reload and save again.',
      );
    throw error;
  }
}

/** The plan's time zone: the configured one, else the viewer's (when valid), else UTC. */
export function planTimeZone(settings: FitsmPlanSettings, viewerTimeZone: string): string {
  if (settings.timeZone !== null) return settings.timeZone;
  return isValidTimeZone(viewerTimeZone) ? viewerTimeZone : 'UTC';
}

/** The schedule's first quarter: the configured one, else the quarter of today in `timeZone`. */
export function planStartQuarter(settings: FitsmPlanSettings, asOfMs: number, timeZone: string): string {
  return settings.startQuarter ?? quarterOfDay(calendarDayIn(asOfMs, timeZone));
}
