/**
 * The per-day caps of manual check-ins and on-demand measurements of one key result
 * (`domain/okr/check-in-limits.ts`), checked against its history before a value is written. Concurrent writes
 * may pass a cap by a few: it bounds a flood, it is no quota.
 */
import {
  isOnDemandMeasurement,
  MAX_MANUAL_CHECK_INS_PER_UTC_DAY,
  MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY,
  recordedOnUtcDay,
} from '../domain/okr/check-in-limits';
import type { OkrStorePort } from './ports/okr-store-port';

/** The key result took today's most values of this kind; the message names the limit and when it resets. */
export class OkrDailyLimitError extends Error {
  override readonly name = 'OkrDailyLimitError';
}

/** Refuses a manual check-in once the key result has {@link MAX_MANUAL_CHECK_INS_PER_UTC_DAY} of today (UTC). */
export async function requireManualCheckInAllowed(
  okr: Pick<OkrStorePort, 'checkIns'>,
  keyResultId: string,
  nowMs: number,
): Promise<void> {
  const today = recordedOnUtcDay(await okr.checkIns(keyResultId), nowMs, (c) => c.source === 'manual');
  if (today >= MAX_MANUAL_CHECK_INS_PER_UTC_DAY)
    throw new OkrDailyLimitError(
      `${keyResultId} has ${String(MAX_MANUAL_CHECK_INS_PER_UTC_DAY)} manual check-ins today, the most a key result takes per day (UTC): check in again tomorrow, or correct the value with today's last check-in in mind.`,
    );
}

/** Refuses "measure now" once the key result has {@link MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY} such values today. */
export async function requireOnDemandMeasurementAllowed(
  okr: Pick<OkrStorePort, 'checkIns'>,
  keyResultId: string,
  nowMs: number,
): Promise<void> {
  const today = recordedOnUtcDay(await okr.checkIns(keyResultId), nowMs, isOnDemandMeasurement);
  if (today >= MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY)
    throw new OkrDailyLimitError(
      `${keyResultId} was measured on demand ${String(MAX_ON_DEMAND_MEASUREMENTS_PER_UTC_DAY)} times today, the most per key result and day (UTC): the daily run still measures it, or measure it again tomorrow.`,
    );
}
