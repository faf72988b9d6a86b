/**
 * The CSI workflow validator (`jira:workflowValidator`, a Forge function): Jira calls it on the transitions the
 * CSI setup wired it into and moves the issue only when it answers `{ result: true }`.
 *
 * Payload (Forge): `{ issue: { key }, transition: { from: { id }, to: { id } }, configuration? }`. The rule and
 * the message language come from the validator's configuration `{ "rule": "approve" | "verify" | "close",
 * "lang": "de" | "en" }` (an object, its JSON text, or that text under `value`/`config`); without one the rule
 * is derived from the target status's name (`csiStatusKeyOfName` → the CSI transition into it that has a rule).
 *
 * The record checked is the one the app stores (its own storage, moved only by the panel's saves); the issue
 * property is only its searchable mirror, which any issue editor can overwrite through Jira's REST API. So the
 * mirror is compared with the stored record and a transition is refused while they differ (the panel repairs the
 * mirror when opened): nobody approves an improvement by writing "score 10, decided by someone else" into the
 * property.
 *
 * Fail-safe: whenever the rule applies but the record cannot be read (Jira or storage error, unreadable
 * property), the transition is refused with a message saying so: an approval never goes through on an error. A
 * transition without a rule is allowed. Jira is read as the app (validators have no user to act for).
 */
import { checkCsiMirror, readStoredCsiRecord } from '../../application/csi-record';
import type { StorePort } from '../../application/ports/store-port';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../domain/csi/record-types';
import { checkCsiTransition, describeMissing, type CsiLanguage } from '../../domain/csi/transition-rules';
import type { TextsPort, Translate } from '../../application/ports/texts-port';
import {
  CSI_RECORD_PROPERTY_KEY,
  CSI_TRANSITIONS,
  csiStatusKeyOfName,
  type CsiTransitionRule,
} from '../../domain/csi/workflow';
import type { JiraPort } from '../../application/ports/jira-port';

export interface CsiValidatorDeps {
  /** Jira as the app (`asApp()` on Forge). */
  readonly jiraApp: () => JiraPort;
  /** The app's storage, where the authoritative improvement record is kept. */
  readonly store: StorePort;
  readonly logError: (message: string, error: unknown) => void;
  /** The refusals' words (`csiValidator.*`, `csiRules.*` in `locales/`; Forge's i18n on Forge). */
  readonly texts: TextsPort;
}

export interface CsiValidatorResult {
  readonly result: boolean;
  readonly errorMessage?: string;
}

const RULES: readonly CsiTransitionRule[] = ['approve', 'verify', 'close'];

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(value: unknown, ...path: string[]): string | null {
  let at: unknown = value;
  for (const key of path) {
    if (!isRecord(at)) return null;
    at = at[key];
  }
  return typeof at === 'string' && at.trim() !== '' ? at.trim() : null;
}

/** The `{ rule, lang }` configuration in any of the shapes Forge may hand over; null members when absent. */
export function parseValidatorConfiguration(raw: unknown): {
  rule: CsiTransitionRule | null;
  lang: CsiLanguage | null;
} {
  let config: unknown = raw;
  for (let depth = 0; depth < 3; depth++) {
    if (typeof config === 'string') {
      try {
        config = JSON.parse(config) as unknown;
      } catch {
        // A bare rule name is accepted as well.
        config = { rule: config };
      }
      continue;
    }
    if (isRecord(config) && config['rule'] === undefined) {
      const inner = config['value'] ?? config['config'] ?? config['configuration'];
      if (inner !== undefined) {
        config = inner;
        continue;
      }
    }
    break;
  }
  if (!isRecord(config)) return { rule: null, lang: null };
  const rule = config['rule'];
  const lang = config['lang'];
  return {
    rule:
      typeof rule === 'string' && (RULES as readonly string[]).includes(rule)
        ? (rule as CsiTransitionRule)
        : null,
    lang: lang === 'de' || lang === 'en' ? lang : null,
  };
}

/** The rule of the CSI transition into the status with this name; null when it has none (or is no CSI status). */
export function ruleForTargetStatusName(name: string): CsiTransitionRule | null {
  const key = csiStatusKeyOfName(name);
  if (key === null) return null;
  return CSI_TRANSITIONS.find((t) => t.to === key && t.rule !== null)?.rule ?? null;
}

/** The refusal in the configured language, or German and English when the validator names none. */
async function refusal(
  texts: TextsPort,
  lang: CsiLanguage | null,
  message: (t: Translate) => string,
): Promise<CsiValidatorResult> {
  const languages: readonly CsiLanguage[] = lang === null ? ['de', 'en'] : [lang];
  try {
    const translated = await Promise.all(
      languages.map(async (language) => message(await texts.translate(language))),
    );
    return { result: false, errorMessage: translated.join(' / ') };
  } catch (error) {
    // Still refused (fail-safe); the words could not be loaded, so this last resort is not in locales/.
    return {
      result: false,
      errorMessage: `The transition is refused; the app could not load its messages (${causeOf(error)}). Try again.`,
    };
  }
}

function causeOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The name of the status with id `statusId` in the issue's project (null when Jira does not list it). */
async function targetStatusName(jira: JiraPort, issueKey: string, statusId: string): Promise<string | null> {
  const issue = await jira.getIssue(issueKey, ['project']);
  const project = issue.fields?.['project'];
  const projectId = isRecord(project) && typeof project['id'] === 'string' ? project['id'] : null;
  if (projectId === null) return null;
  const perType = await jira.listProjectStatuses(projectId);
  for (const type of perType) {
    const status = type.statuses.find((s) => s.id === statusId);
    if (status?.name !== undefined) return status.name;
  }
  return null;
}

/**
 * The validator function over `deps`: `(event) => { result, errorMessage? }` as `jira:workflowValidator`
 * expects (see the file comment for payload, configuration and the fail-safe rules).
 */
export function createCsiTransitionValidator(
  deps: CsiValidatorDeps,
): (event: unknown) => Promise<CsiValidatorResult> {
  return async (event: unknown): Promise<CsiValidatorResult> => {
    const config = parseValidatorConfiguration(
      isRecord(event) ? (event['configuration'] ?? event['config']) : undefined,
    );
    const lang = config.lang;
    const issueKey = stringAt(event, 'issue', 'key') ?? stringAt(event, 'issue', 'id');
    let rule = config.rule;
    if (rule === null) {
      const targetName = stringAt(event, 'transition', 'to', 'name');
      const targetId = stringAt(event, 'transition', 'to', 'id');
      if (targetName !== null) {
        rule = ruleForTargetStatusName(targetName);
      } else if (targetId !== null && issueKey !== null) {
        try {
          const name = await targetStatusName(deps.jiraApp(), issueKey, targetId);
          rule = name === null ? null : ruleForTargetStatusName(name);
        } catch (error) {
          deps.logError(`CSI validator: target status ${targetId} of ${issueKey} not readable`, error);
          return refusal(deps.texts, lang, (t) =>
            t('csiValidator.targetUnreadable', { issueKey, cause: causeOf(error) }),
          );
        }
      }
    }
    if (rule === null) return { result: true };
    if (issueKey === null) {
      deps.logError('CSI validator: payload without an issue key', event);
      return refusal(deps.texts, lang, (t) => t('csiValidator.noIssue'));
    }

    let record: CsiRecord;
    try {
      const jira = deps.jiraApp();
      const issue = await jira.getIssue(issueKey, ['project']);
      if (issue.id === undefined) throw new Error(`Jira returned ${issueKey} without its id`);
      const [property, state] = await Promise.all([
        jira.getIssueProperty(issue.id, CSI_RECORD_PROPERTY_KEY),
        readStoredCsiRecord(deps.store, issue.id),
      ]);
      const mirror = checkCsiMirror(state.stored, property);
      if (mirror.kind === 'mismatch' && mirror.reason === 'no-stored-record') {
        // Nothing the panel could restore: the record has to be entered and saved through the app.
        deps.logError(`CSI validator: record of ${issueKey}: ${mirror.detail} (${mirror.reason})`, null);
        return await refusal(deps.texts, lang, (t) => t('csiValidator.foreignRecord', { issueKey }));
      }
      if (mirror.kind === 'mismatch') {
        deps.logError(`CSI validator: record of ${issueKey}: ${mirror.detail} (${mirror.reason})`, null);
        return await refusal(deps.texts, lang, (t) => t('csiValidator.mirrorMismatch', { issueKey }));
      }
      record = state.stored?.record ?? EMPTY_CSI_RECORD;
    } catch (error) {
      deps.logError(`CSI validator: record of ${issueKey} not readable`, error);
      return refusal(deps.texts, lang, (t) =>
        t('csiValidator.recordUnreadable', { issueKey, cause: causeOf(error) }),
      );
    }
    const check = checkCsiTransition(rule, record);
    if (check.ok) return { result: true };
    return refusal(deps.texts, lang, (t) => describeMissing(rule, check.missing, t));
  };
}
