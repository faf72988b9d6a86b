/**
 * The preview's sample Automation rules, each calling the app's action "Verbesserungsvorschlag registrieren"
 * (`register-improvement`) as a Jira Automation rule configured with smart values would:
 *
 * 1. "Kundenzufriedenheit ≤ 2": trigger *field value changed* on a request's Satisfaction field (JSM sets it when
 *    the customer rates; the emulator sends the issue-updated event), condition *rating ≤ 2*; the improvement gets
 *    source customer-feedback, the request linked as feedback, one per request (the action's default dedupe key).
 * 2. "Fünfter Incident mit demselben Label in einer Woche": trigger *work item created* for an incident, condition
 *    *at least five incidents of the project with one of its labels created in the last 7 days* (a JQL lookup as the
 *    rule's actor); source incident-trend, the fifth incident linked, one per project, label and ISO week
 *    (`dedupeKey`), so the sixth and seventh incident of that week register nothing new.
 */
import type { ProductEvent } from '../emulator/context';
import { SATISFACTION_FIELD } from '../emulator/endpoints/servicedesk';
import type { PreviewRule, RuleDecision, RuleTools } from './rule-runner';

/** The action both rules call. */
const REGISTER = {
  key: 'register-improvement',
  name: { de: 'Verbesserungsvorschlag registrieren', en: 'Register an improvement' },
} as const;

/** The highest rating that counts as low. */
export const LOW_CSAT_MAX = 2;
/** Incidents with one label within {@link INCIDENT_TREND_DAYS} days that make a trend. */
export const INCIDENT_TREND_COUNT = 5;
export const INCIDENT_TREND_DAYS = 7;
/** Issue type names of incidents (German and English). */
const INCIDENT_TYPES = ['störung', 'incident'];

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The event's issue: key, summary, type name, project key and name, labels. */
function issueOf(event: ProductEvent) {
  const issue = field(event.payload, 'issue');
  const fields = field(issue, 'fields');
  const project = field(fields, 'project');
  const labels = field(fields, 'labels');
  return {
    key: text(field(issue, 'key')),
    summary: text(field(fields, 'summary')),
    typeName: text(field(field(fields, 'issuetype'), 'name')),
    projectKey: text(field(project, 'key')),
    projectName: text(field(project, 'name')),
    labels: Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [],
  };
}

/** Jira's summary limit. */
function summaryOf(textValue: string): string {
  return textValue.length <= 255 ? textValue : `${textValue.slice(0, 254)}…`;
}

/** ISO 8601 week of an instant (UTC), e.g. `2026-W10`. */
export function isoWeekOf(epochMs: number): string {
  const date = new Date(epochMs);
  const day = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${String(year)}-W${String(week).padStart(2, '0')}`;
}

/** Rule 1: a request rated ≤ 2 registers an improvement in `csiProjectKey`. */
export function lowCsatRule(csiProjectKey: string): PreviewRule {
  return {
    id: 'low-csat',
    name: {
      de: `Kundenzufriedenheit ≤ ${String(LOW_CSAT_MAX)} → Verbesserungsvorschlag registrieren`,
      en: `Customer satisfaction ≤ ${String(LOW_CSAT_MAX)} → Register an improvement`,
    },
    trigger: {
      de: 'Feldwert geändert: Zufriedenheit (Satisfaction) einer Anfrage',
      en: 'Field value changed: a request’s Satisfaction',
    },
    condition: {
      de: `Bewertung ≤ ${String(LOW_CSAT_MAX)}`,
      en: `Rating ≤ ${String(LOW_CSAT_MAX)}`,
    },
    action: REGISTER,
    decide(event: ProductEvent): Promise<RuleDecision> {
      if (event.eventType !== 'avi:jira:updated:issue') return Promise.resolve({ kind: 'not-triggered' });
      const items = field(field(event.payload, 'changelog'), 'items');
      const item = Array.isArray(items)
        ? (items as unknown[]).find(
            (candidate) =>
              field(candidate, 'fieldId') === SATISFACTION_FIELD.id ||
              field(candidate, 'field') === SATISFACTION_FIELD.name,
          )
        : undefined;
      if (item === undefined) return Promise.resolve({ kind: 'not-triggered' });
      const rating = Number(text(field(item, 'toString')));
      const issue = issueOf(event);
      if (!(rating <= LOW_CSAT_MAX))
        return Promise.resolve({
          kind: 'condition-failed',
          issueKey: issue.key,
          detail: {
            de: `Bewertung ${String(rating)} von 5: nicht ≤ ${String(LOW_CSAT_MAX)}`,
            en: `Rating ${String(rating)} of 5: not ≤ ${String(LOW_CSAT_MAX)}`,
          },
        });
      return Promise.resolve({
        kind: 'run',
        issueKey: issue.key,
        detail: {
          de: `Bewertung ${String(rating)} von 5 ≤ ${String(LOW_CSAT_MAX)}`,
          en: `Rating ${String(rating)} of 5 ≤ ${String(LOW_CSAT_MAX)}`,
        },
        call: {
          actionKey: REGISTER.key,
          // As a rule's action configuration with smart values ({{issue.key}}, {{issue.Satisfaction}}, …).
          inputs: {
            projectKey: csiProjectKey,
            summary: summaryOf(
              `Niedrige Kundenzufriedenheit (${String(rating)}/5) bei ${issue.key}: ${issue.summary}`,
            ),
            source: 'customer-feedback',
            service: issue.projectName === '' ? issue.projectKey : issue.projectName,
            issueKey: issue.key,
            sourceDetail: `CSAT ${String(rating)}/5 auf ${issue.key}`,
            description: `Automation-Regel „Kundenzufriedenheit ≤ ${String(LOW_CSAT_MAX)}“: ${issue.key} wurde mit ${String(rating)} von 5 bewertet.`,
            linkType: '',
            dedupeKey: '',
          },
        },
      });
    },
  };
}

/** Rule 2: the fifth incident with one label within a week registers an improvement in `csiProjectKey`. */
export function incidentTrendRule(csiProjectKey: string): PreviewRule {
  const days = String(INCIDENT_TREND_DAYS);
  const count = String(INCIDENT_TREND_COUNT);
  return {
    id: 'incident-trend',
    name: {
      de: `Fünfter Incident mit demselben Label in einer Woche → Verbesserungsvorschlag registrieren`,
      en: `Fifth incident with the same label in a week → Register an improvement`,
    },
    trigger: { de: 'Vorgang erstellt: Störung (Incident)', en: 'Work item created: incident' },
    condition: {
      de: `Mindestens ${count} Störungen des Projekts mit einem seiner Labels in den letzten ${days} Tagen`,
      en: `At least ${count} incidents of the project with one of its labels in the last ${days} days`,
    },
    action: REGISTER,
    async decide(event: ProductEvent, tools: RuleTools): Promise<RuleDecision> {
      if (event.eventType !== 'avi:jira:created:issue') return { kind: 'not-triggered' };
      const issue = issueOf(event);
      if (!INCIDENT_TYPES.includes(issue.typeName.toLocaleLowerCase('de-DE')))
        return { kind: 'not-triggered' };
      let best = { label: '', keys: [] as readonly string[] };
      for (const label of [...issue.labels].sort()) {
        const keys = await tools.searchIssueKeys(
          `project = "${issue.projectKey}" AND issuetype = "${issue.typeName}" AND labels = "${label}" AND created >= -${days}d`,
          INCIDENT_TREND_COUNT * 10,
        );
        if (keys.length > best.keys.length) best = { label, keys };
        if (keys.length >= INCIDENT_TREND_COUNT) break;
      }
      const n = String(best.keys.length);
      if (best.keys.length < INCIDENT_TREND_COUNT)
        return {
          kind: 'condition-failed',
          issueKey: issue.key,
          detail:
            best.label === ''
              ? { de: 'Die Störung hat kein Label', en: 'The incident has no label' }
              : {
                  de: `${n} Störungen mit Label „${best.label}“ in ${days} Tagen: weniger als ${count}`,
                  en: `${n} incidents labelled “${best.label}” in ${days} days: fewer than ${count}`,
                },
        };
      return {
        kind: 'run',
        issueKey: issue.key,
        detail: {
          de: `${n} Störungen mit Label „${best.label}“ in ${days} Tagen`,
          en: `${n} incidents labelled “${best.label}” in ${days} days`,
        },
        call: {
          actionKey: REGISTER.key,
          inputs: {
            projectKey: csiProjectKey,
            summary: summaryOf(
              `Häufung: ${n} Störungen mit Label „${best.label}“ in ${days} Tagen (${issue.projectKey})`,
            ),
            source: 'incident-trend',
            service: issue.projectName === '' ? issue.projectKey : issue.projectName,
            issueKey: issue.key,
            sourceDetail: summaryOf(`Label ${best.label}: ${[...best.keys].sort().join(', ')}`),
            description: `Automation-Regel „Fünfter Incident mit demselben Label in einer Woche“: ${best.keys.join(', ')}.`,
            linkType: '',
            // One improvement per project, label and week, whichever incident of it comes fifth or later.
            dedupeKey: `incident-trend:${issue.projectKey}:${best.label}:${isoWeekOf(tools.nowMs)}`,
          },
        },
      };
    },
  };
}

/** The preview's sample rules for a site whose improvements live in `csiProjectKey`. */
export function sampleRules(csiProjectKey: string): readonly PreviewRule[] {
  return [lowCsatRule(csiProjectKey), incidentTrendRule(csiProjectKey)];
}
