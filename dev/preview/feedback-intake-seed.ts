/**
 * The help desk's feedback web trigger in `npm start`, set up as its admin would set it up on the project settings
 * page "Feedback": enabled, new feedback as "Serviceanfrage" issues in HD, a rating of 2 or below registers an
 * improvement in CSI (HD has no CSI issue type), and a secret issued, so `npm start` prints a signed `curl` example
 * that works against the local web trigger at once. Written through the app's own use cases
 * (`saveIntakeSettings`, `rotateIntakeSecret`, with Jira's permission check as the admin), not into the store.
 */
import {
  rotateIntakeSecret,
  saveIntakeSettings,
  type IntakeSettingsDeps,
} from '../../src/application/feedback-intake-settings';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { StorePort } from '../../src/application/ports/store-port';
import type { FeedbackIntakeSecretView, FeedbackIntakeSettings } from '../../src/contract/feedback';
import { ISSUE_TYPE, PROJECT_KEYS, user } from '../sample-data/model';

/** The help desk's settings: survey answers rated 2 or below become improvement opportunities in CSI. */
export const SAMPLE_HELP_DESK_INTAKE: FeedbackIntakeSettings = {
  enabled: true,
  issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  improvementAtRatingOrBelow: 2,
  improvementOnLabels: [],
  improvementProjectKey: PROJECT_KEYS.csi,
};

/** The admin who sets it up (Sabine Hoffmann, lead and admin of the help desk). */
export const INTAKE_SEED_USER = user('sabine');

/**
 * Saves the help desk's web trigger settings and issues its secret as the help desk's admin (`jiraAsAdmin`: Jira
 * as Sabine). Answers the secret with its `curl` example (shown once, as on the settings page); throws when the
 * save or the rotation is refused (the preview then fails to start, naming why).
 */
export async function seedHelpDeskIntake(deps: {
  readonly store: StorePort;
  readonly jiraAsAdmin: JiraPort;
  /** Epoch ms now (the preview's clock). */
  readonly clock: () => number;
  /** The local URL of the `feedback-intake` web trigger. */
  readonly webTriggerUrl: string;
}): Promise<FeedbackIntakeSecretView> {
  const intake: IntakeSettingsDeps = {
    store: deps.store,
    jira: deps.jiraAsAdmin,
    clock: deps.clock,
    webTriggerUrl: () => Promise.resolve(deps.webTriggerUrl),
  };
  await saveIntakeSettings(intake, PROJECT_KEYS.hd, SAMPLE_HELP_DESK_INTAKE, null);
  return rotateIntakeSecret(intake, PROJECT_KEYS.hd);
}
