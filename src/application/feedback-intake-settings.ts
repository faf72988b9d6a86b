/**
 * The feedback web trigger's per-project settings and secret (issue 11): read, saved by compare-and-set, the
 * secret rotated and shown once with a signed `curl` example. The requests themselves: `feedback-intake.ts`.
 *
 * Store keys:
 * - `feedback-intake:<projectId>`: the settings (versioned; each save names the version it read);
 * - `feedback-intake-project:<projectKey>`: the project id of a key (written on save and rotation), so the web
 *   trigger finds a project's settings without calling Jira for requests nobody authenticated yet;
 * - `feedback-intake-secret:<projectId>`: the secret (hex) and when it was rotated, replaced whole on rotation.
 *
 * The secret is stored as it is, not hashed: HMAC verification needs the key itself (a hash of it would be the
 * key then, as good to a thief). It lives in app storage only, which no user and no other app can read; it leaves
 * the app once, in the rotation's answer to the admin who rotated it, and is never logged.
 */
import { randomBytes } from 'node:crypto';
import type {
  FeedbackIntakeSecretView,
  FeedbackIntakeSettings,
  FeedbackIntakeView,
} from '../contract/feedback';
import { findIntakeSettingsProblems } from '../domain/feedback/intake';
import { isCsiIssueTypeName } from './csi-record';
import { JiraBadRequestError, JiraNotFoundError } from './errors';
import type { JiraPort } from './ports/jira-port';
import type { StorePort } from './ports/store-port';
import { shellQuoted, SIGNED_CURL_LINES, rateCount } from './signed-webhook';
import { SETTINGS_ADMIN_PERMISSIONS } from './status-mapping';

/** The web trigger module (manifest `webtrigger` key) the settings page shows the URL of. */
export const FEEDBACK_INTAKE_WEB_TRIGGER = 'feedback-intake';
/** Bytes of a generated secret (hex-encoded: twice as many characters). */
export const FEEDBACK_INTAKE_SECRET_BYTES = 32;
/** Most feedback one project accepts per clock hour and per UTC day. */
export const FEEDBACK_INTAKE_MAX_PER_HOUR = 60;
export const FEEDBACK_INTAKE_MAX_PER_DAY = 500;

const DAY_MS = 24 * 3_600_000;

export const intakeSettingsKey = (projectId: string) => `feedback-intake:${projectId}`;
export const intakeProjectKey = (projectKey: string) => `feedback-intake-project:${projectKey}`;
export const intakeSecretKey = (projectId: string) => `feedback-intake-secret:${projectId}`;
export const intakeHourKey = (projectId: string, hourIndex: number) =>
  `feedback-intake-rate:${projectId}:${String(hourIndex)}`;
export const intakeDayKey = (projectId: string, dayIndex: number) =>
  `feedback-intake-rate-day:${projectId}:${String(dayIndex)}`;

/** What `feedback-intake:<projectId>` holds. */
export interface StoredIntakeSettings {
  readonly projectKey: string;
  readonly settings: FeedbackIntakeSettings;
}
/** What `feedback-intake-secret:<projectId>` holds. */
export interface StoredIntakeSecret {
  readonly secretHex: string;
  readonly rotatedAtMs: number;
}
/** What `feedback-intake-project:<projectKey>` holds. */
export interface StoredIntakeProject {
  readonly projectId: string;
}

/** The settings of a project that never saved any: off. */
export const DEFAULT_INTAKE_SETTINGS: FeedbackIntakeSettings = {
  enabled: false,
  issueTypeId: null,
  improvementAtRatingOrBelow: null,
  improvementOnLabels: [],
  improvementProjectKey: null,
};

/** The acting user may not change the project's intake (Jira admins and project admins may). */
export class IntakeForbiddenError extends Error {
  override readonly name = 'IntakeForbiddenError';
}

/** The settings break a rule; the message names the field and the rule. */
export class InvalidIntakeSettingsError extends Error {
  override readonly name = 'InvalidIntakeSettingsError';
}

/** What the use cases need. */
export interface IntakeSettingsDeps {
  readonly store: StorePort;
  /** Jira as the acting user. */
  readonly jira: Pick<JiraPort, 'getProject' | 'listIssueTypesForProject' | 'getMyPermissions'>;
  /** Epoch ms now. */
  readonly clock: () => number;
  /** The public URL of a web trigger module; absent: the view shows none. */
  readonly webTriggerUrl?: (moduleKey: string) => Promise<string>;
  /** Random bytes (tests inject fixed ones); default `node:crypto`. */
  readonly randomBytes?: (size: number) => Buffer;
}

/** A project's settings (defaults when never saved) and their version. */
export async function readIntakeSettings(
  store: StorePort,
  projectId: string,
): Promise<{ readonly settings: FeedbackIntakeSettings; readonly version: number | null }> {
  const stored = await store.get<StoredIntakeSettings>(intakeSettingsKey(projectId));
  return stored === null
    ? { settings: DEFAULT_INTAKE_SETTINGS, version: null }
    : { settings: stored.value.settings, version: stored.version };
}

/** Feedback issues cannot be sub-tasks (they would need a parent). */
async function creatableIssueTypes(
  deps: IntakeSettingsDeps,
  projectId: string,
): Promise<{ readonly id: string; readonly name: string }[]> {
  const types = await deps.jira.listIssueTypesForProject(projectId);
  return types.filter((type) => type.subtask !== true).map((type) => ({ id: type.id, name: type.name }));
}

/**
 * The settings page's view: settings, version, URL, whether a secret exists, the issue types, today's usage, and
 * whether the viewer may edit (Jira admin or project admin). The secret itself is never part of it.
 */
export async function getIntakeView(
  deps: IntakeSettingsDeps,
  projectKey: string,
): Promise<FeedbackIntakeView> {
  const project = await deps.jira.getProject(projectKey);
  const [stored, secret, issueTypes, canEdit, today, url] = await Promise.all([
    readIntakeSettings(deps.store, project.id),
    deps.store.get<StoredIntakeSecret>(intakeSecretKey(project.id)),
    creatableIssueTypes(deps, project.id),
    canAdminister(deps, project.key),
    rateCount(deps.store, intakeDayKey(project.id, Math.floor(deps.clock() / DAY_MS))),
    deps.webTriggerUrl?.(FEEDBACK_INTAKE_WEB_TRIGGER) ?? Promise.resolve(null),
  ]);
  return {
    projectKey: project.key,
    projectId: project.id,
    settings: stored.settings,
    version: stored.version,
    url,
    secretRotatedAt: secret === null ? null : new Date(secret.value.rotatedAtMs).toISOString(),
    issueTypes,
    usage: { today, dailyLimit: FEEDBACK_INTAKE_MAX_PER_DAY },
    canEdit,
  };
}

/** Whether the acting user administers Jira or the project (one `mypermissions` request). */
async function canAdminister(deps: IntakeSettingsDeps, projectKey: string): Promise<boolean> {
  const granted = await deps.jira.getMyPermissions(SETTINGS_ADMIN_PERMISSIONS, projectKey);
  return SETTINGS_ADMIN_PERMISSIONS.some((permission) => granted[permission] === true);
}

async function requireAdmin(
  deps: IntakeSettingsDeps,
  projectKey: string,
): Promise<{ readonly id: string; readonly key: string }> {
  const project = await deps.jira.getProject(projectKey);
  if (!(await canAdminister(deps, project.key)))
    throw new IntakeForbiddenError(
      `Only Jira administrators and administrators of ${project.key} may change its feedback web trigger: ask one of them.`,
    );
  return project;
}

/**
 * Saves a project's settings from `expectedVersion` (compare-and-set: someone else's save in between →
 * `StoreConflictError`) and answers the new view.
 *
 * @throws IntakeForbiddenError unless the acting user administers Jira or the project; InvalidIntakeSettingsError
 *   for a rule broken (an issue type the project lacks, a rating outside 1..5, a label with spaces).
 */
export async function saveIntakeSettings(
  deps: IntakeSettingsDeps,
  projectKey: string,
  settings: FeedbackIntakeSettings,
  expectedVersion: number | null,
): Promise<FeedbackIntakeView> {
  const project = await requireAdmin(deps, projectKey);
  const problems = findIntakeSettingsProblems(settings);
  if (settings.issueTypeId !== null) {
    const types = await creatableIssueTypes(deps, project.id);
    if (!types.some((type) => type.id === settings.issueTypeId))
      problems.push(
        `issueTypeId: ${settings.issueTypeId} is no issue type of ${project.key} (sub-tasks cannot be feedback issues): choose one of the list`,
      );
  }
  // Absent: unchanged (a client that does not know the field keeps what an admin chose); null or this project's
  // key: this project.
  const requested =
    settings.improvementProjectKey === undefined
      ? ((await readIntakeSettings(deps.store, project.id)).settings.improvementProjectKey ?? null)
      : settings.improvementProjectKey;
  const improvementProjectKey = requested === project.key ? null : requested;
  const hasRule = settings.improvementAtRatingOrBelow !== null || settings.improvementOnLabels.length > 0;
  if (hasRule && problems.length === 0) {
    const problem = await csiProjectProblem(deps, improvementProjectKey ?? project.key);
    if (problem !== null) problems.push(problem);
  }
  if (problems.length > 0) throw new InvalidIntakeSettingsError(`${problems.join('; ')}.`);
  const value: StoredIntakeSettings = {
    projectKey: project.key,
    settings: {
      enabled: settings.enabled,
      issueTypeId: settings.issueTypeId,
      improvementAtRatingOrBelow: settings.improvementAtRatingOrBelow,
      improvementOnLabels: [...new Set(settings.improvementOnLabels)],
      improvementProjectKey,
    },
  };
  await deps.store.put<StoredIntakeSettings>(intakeSettingsKey(project.id), value, expectedVersion);
  await deps.store.set<StoredIntakeProject>(intakeProjectKey(project.key), { projectId: project.id });
  return getIntakeView(deps, project.key);
}

/** The permission the admin needs in the improvement project: the web trigger creates improvements there. */
const CREATE_ISSUES_PERMISSION = 'CREATE_ISSUES';

/**
 * Why improvements cannot be registered in `projectKey`; null: they can. It must exist and be visible to the admin,
 * have the CSI issue type, and the admin must be allowed to create issues there: the web trigger registers them as
 * the app, so without this check a project admin could have any sender create issues in a project they only see.
 */
async function csiProjectProblem(deps: IntakeSettingsDeps, projectKey: string): Promise<string | null> {
  let projectId: string;
  try {
    projectId = (await deps.jira.getProject(projectKey)).id;
  } catch (error) {
    if (error instanceof JiraNotFoundError || error instanceof JiraBadRequestError)
      return `improvementProjectKey: ${projectKey} does not exist or you may not see it: name the project of your improvements (CSI)`;
    throw error;
  }
  const types = await deps.jira.listIssueTypesForProject(projectId);
  if (!types.some((type) => isCsiIssueTypeName(type.name)))
    return `improvementProjectKey: ${projectKey} has no CSI issue type, so no improvement can be registered there: name the project of your improvements, or set CSI up in ${projectKey} first`;
  const granted = await deps.jira.getMyPermissions([CREATE_ISSUES_PERMISSION], projectKey);
  return granted[CREATE_ISSUES_PERMISSION] === true
    ? null
    : `improvementProjectKey: you may not create issues in ${projectKey} (Jira's "Create Issues" permission), and the web trigger would create improvements there for you: name a project you may create issues in, or ask an administrator of ${projectKey} to save this rule`;
}

/**
 * Creates or replaces the project's secret and answers it: the only time it is shown. The old secret stops
 * working at once (senders must be given the new one).
 *
 * @throws IntakeForbiddenError unless the acting user administers Jira or the project; Error when the web
 *   trigger's URL is unknown (the example needs it).
 */
export async function rotateIntakeSecret(
  deps: IntakeSettingsDeps,
  projectKey: string,
): Promise<FeedbackIntakeSecretView> {
  const project = await requireAdmin(deps, projectKey);
  if (deps.webTriggerUrl === undefined)
    throw new Error('The web trigger URL is unknown here: the secret was not rotated.');
  const url = await deps.webTriggerUrl(FEEDBACK_INTAKE_WEB_TRIGGER);
  const secretHex = (deps.randomBytes ?? randomBytes)(FEEDBACK_INTAKE_SECRET_BYTES).toString('hex');
  const rotatedAtMs = deps.clock();
  await deps.store.set<StoredIntakeSecret>(intakeSecretKey(project.id), { secretHex, rotatedAtMs });
  await deps.store.set<StoredIntakeProject>(intakeProjectKey(project.key), { projectId: project.id });
  return {
    url,
    secret: secretHex,
    curlExample: feedbackCurlExample(url, project.key, secretHex),
    rotatedAt: new Date(rotatedAtMs).toISOString(),
  };
}

/**
 * A bash script that sends one piece of feedback (a survey answer rated 2, the time and a random number as its
 * external id: two runs in the same second are two pieces of feedback, not a replay) to `url`, signed with
 * `secretHex` by openssl exactly as the web trigger checks.
 */
export function feedbackCurlExample(url: string, projectKey: string, secretHex: string): string {
  return [
    `SECRET=${shellQuoted(secretHex)}`,
    `URL=${shellQuoted(url)}`,
    `BODY="{\\"projectKey\\":\\"${projectKey}\\",\\"externalId\\":\\"survey-$(date -u +%Y%m%dT%H%M%S)-$RANDOM\\",\\"summary\\":\\"Password reset takes too long\\",\\"rating\\":2,\\"source\\":\\"survey\\",\\"labels\\":[\\"self-service\\"]}"`,
    ...SIGNED_CURL_LINES,
  ].join('\n');
}
