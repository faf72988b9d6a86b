/** Dates and status lozenges as Jira shows them, in the user's locale and time zone. */
import type { PreviewStatus } from '../preview-api';
import { h } from './dom';

/** Epoch ms of a Jira instant (`2026-03-02T09:15:00.000+0100`: the offset without a colon, which ISO needs). */
export function jiraInstantMs(instant: string): number {
  return Date.parse(instant.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** A Jira instant as a date and time in `timeZone`, e.g. `02.03.2026, 09:15` (de-DE); '' for a bad instant. */
export function formatInstant(instant: string | null, locale: string, timeZone: string): string {
  if (instant === null || instant === '') return '';
  const ms = jiraInstantMs(instant);
  if (Number.isNaN(ms)) return instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
}

/** Jira's status lozenge: grey for To Do, blue for In Progress, green for Done. */
export function statusLozenge(status: PreviewStatus): HTMLSpanElement {
  return h('span', { class: `lozenge lozenge-${status.categoryKey}` }, status.name);
}
