/**
 * The linked key result of an improvement (`CsiRecord.keyResultId`) gets the effect check's measured value as a
 * check-in — only where that is the key result's own kind of value:
 *
 * - the key result takes values by hand (`source: 'manual'`) and is a `metric` or `threshold` key result: a
 *   measured or external key result has its own source of truth (the daily measurement, the sender), and a
 *   binary or issue-progress one has no value the check could give;
 * - in the same unit as the check's values (`days` also matches `Tage`/`d`, `rating` matches `CSAT`): a value
 *   in another unit would be a wrong number on the OKR page;
 * - not the key result the check itself measured (its own check-ins are the samples);
 * - once per improvement and configuration version: measurement id `effect-check:<issueId>:v<version>` (the OKR
 *   store records one measurement id once, so a repeated run adds nothing);
 * - only where the configuration's saver may check in on it themselves (`canEditKeyResult`: Jira administrators,
 *   the OKR editor group, the owners of the key result or its objective): the check-in is made as the app, and
 *   Edit Issues on an improvement must not let anyone write values into a key result they may not edit;
 * - only while its objective's period runs (begun, not ended, not closed) and the objective is not archived: a
 *   check-in is history of its period, which a late or early check must not rewrite (the daily measurement and
 *   the OKR editor keep the same rule).
 *
 * The check-in: the p50 after the change at the run's instant, source `measured`, author `app`, the run's
 * headline as its note.
 */
import type { EffectCheckRunView } from '../contract/feedback';
import type { EffectTarget } from '../domain/feedback/effect-check';
import { periodBounds, periodKey } from '../domain/okr/period';
import { readStoredCsiRecord } from './csi-record';
import { readClosure } from './okr-periods';
import { canEditKeyResult, type OkrAccess } from './okr-permissions';
import type { OkrStorePort } from './ports/okr-store-port';
import type { StorePort } from './ports/store-port';

/** The author of the check-ins the effect check records. */
export const EFFECT_CHECK_IN_AUTHOR = 'app';

const UNIT_ALIASES: readonly (readonly string[])[] = [
  ['days', 'day', 'tage', 'tag', 'd'],
  ['issues per day', 'issues/day', 'vorgänge pro tag', 'vorgänge/tag'],
  ['rating', 'csat', 'bewertung'],
];

/** Whether a key result's unit is the check's unit (trimmed, case-insensitive, the aliases above). */
export function sameEffectUnit(keyResultUnit: string, checkUnit: string): boolean {
  const a = keyResultUnit.trim().toLocaleLowerCase('de-DE');
  const b = checkUnit.trim().toLocaleLowerCase('de-DE');
  if (a === b) return true;
  return UNIT_ALIASES.some((group) => group.includes(a) && group.includes(b));
}

/** The measurement id of an improvement's configuration version. */
export function effectMeasurementId(issueId: string, configVersion: number): string {
  return `effect-check:${issueId}:v${String(configVersion)}`;
}

/**
 * Records the value on the improvement's linked key result when the rules above allow; null when they do not
 * (or there is no linked key result).
 */
export async function updateLinkedKeyResult(
  deps: { readonly store: StorePort; readonly okr: OkrStorePort },
  run: {
    readonly issueId: string;
    readonly issueKey: string;
    readonly configVersion: number;
    readonly target: EffectTarget;
    readonly unit: string;
    readonly value: number;
    readonly note: string;
    readonly nowMs: number;
    /** The configuration saver's OKR rights; null: unknown, so no check-in. */
    readonly checkInAccess: OkrAccess | null;
  },
): Promise<EffectCheckRunView['keyResultUpdate']> {
  const { stored } = await readStoredCsiRecord(deps.store, run.issueId);
  const keyResultId = stored?.record.keyResultId ?? null;
  if (keyResultId === null) return null;
  if (run.target.kind === 'key-result' && run.target.keyResultId === keyResultId) return null;
  const keyResult = await deps.okr.getKeyResult(keyResultId);
  if (keyResult === null || keyResult.value.archived) return null;
  const kr = keyResult.value;
  if (kr.source !== 'manual') return null;
  if (kr.kind.type !== 'metric' && kr.kind.type !== 'threshold') return null;
  if (!sameEffectUnit(kr.unit, run.unit)) return null;
  const objective = await deps.okr.getObjective(kr.objectiveId);
  if (objective === null || objective.value.archived) return null;
  if (run.checkInAccess === null || !canEditKeyResult(run.checkInAccess, objective.value, kr)) return null;
  const { startMs, endMs } = periodBounds(objective.value.period);
  if (run.nowMs < startMs || run.nowMs >= endMs) return null;
  if ((await readClosure(deps.store, periodKey(objective.value.period))) !== null) return null;
  await deps.okr.appendCheckIn({
    keyResultId,
    value: run.value,
    note: `${run.issueKey}: ${run.note}`.slice(0, 2000),
    author: EFFECT_CHECK_IN_AUTHOR,
    atMs: run.nowMs,
    source: 'measured',
    measurementId: effectMeasurementId(run.issueId, run.configVersion),
  });
  return { keyResultId, value: run.value };
}
