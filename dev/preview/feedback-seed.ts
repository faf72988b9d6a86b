/**
 * The feedback loop's starting state in `npm start`: the sample improvement "Self-Service-Passwortrücksetzung
 * einführen" (in Wirksamkeitsprüfung since its go-live ≈ 5½ months ago) has its effect check configured as the
 * process owner would configure it on the record panel — the help desk's lead time (`project = HD`), lower is
 * better, the go-live as change date, N = 30 days in Verifying (also the after window), 90 days before — through
 * the app's own save (`saveEffectCheckConfig`, with Jira's permission check), so the check is due at start: the
 * daily scheduled trigger `effect-check-daily` (or "Jetzt prüfen" on the panel) finds the lead-time drop.
 */
import { saveEffectCheckConfig } from '../../src/application/effect-check';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { StorePort } from '../../src/application/ports/store-port';
import type { EffectCheckConfig } from '../../src/contract/feedback';
import { localDate } from '../../src/domain/flow/calendar';
import type { JiraSeed } from '../emulator/seed';
import { SAMPLE_TIME_ZONE, SELF_SERVICE_SUMMARY } from '../sample-data/generate';
import { selfServiceGoLiveMs } from '../sample-data/generate-csi';
import { user } from '../sample-data/model';

/** The sample's effect check of the self-service password reset, as of `nowMs`. */
export function sampleSelfServiceEffectCheck(nowMs: number): EffectCheckConfig {
  return {
    target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' },
    better: 'lower',
    changeDate: localDate(selfServiceGoLiveMs(nowMs), SAMPLE_TIME_ZONE),
    verifyAfterDays: 30,
    beforeDays: 90,
  };
}

/** The process owner who configures it (Claudia Neumann, CSI). */
export const EFFECT_CHECK_SEED_USER = user('claudia');

/**
 * Saves the sample effect check as the process owner (`jiraAsOwner`: Jira as Claudia). Answers the improvement's
 * key; throws when the sample has no self-service improvement or the save is refused (the preview then fails to
 * start, naming why, instead of opening without the loop it is meant to show).
 */
export async function seedSampleEffectCheck(deps: {
  readonly store: StorePort;
  readonly jiraAsOwner: JiraPort;
  /** Jira as the app: the save checks that the owner sees every issue the check's JQL finds for the app. */
  readonly jiraAsApp: JiraPort;
  readonly seed: JiraSeed;
  readonly nowMs: number;
}): Promise<string> {
  const improvement = deps.seed.issues.find((issue) => issue.summary === SELF_SERVICE_SUMMARY);
  if (improvement === undefined)
    throw new Error(
      `The sample data has no improvement "${SELF_SERVICE_SUMMARY}" to configure an effect check on`,
    );
  await saveEffectCheckConfig(
    deps.store,
    deps.jiraAsOwner,
    improvement.key,
    sampleSelfServiceEffectCheck(deps.nowMs),
    null,
    {
      nowMs: deps.nowMs,
      userTimeZone: SAMPLE_TIME_ZONE,
      accountId: EFFECT_CHECK_SEED_USER.accountId,
      appJira: deps.jiraAsApp,
    },
  );
  return improvement.key;
}
