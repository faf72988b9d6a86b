/**
 * Changelog items as Jira records them for system fields, shared by the emulator's endpoints and the seed
 * builders so every status or resolution change has the same shape (key order included: sample data is
 * serialised as is).
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';

/** A status, resolution or other value a change item names by id and display name. */
export interface NamedValue {
  readonly id: string;
  readonly name: string;
}

/** The item of an issue moving from status `from` to status `to`. */
export function statusChangeItem(from: NamedValue, to: NamedValue): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: from.id,
    fromString: from.name,
    to: to.id,
    toString: to.name,
  };
}

/** The item of a resolution being set (`from` null), cleared (`to` null) or changed. */
export function resolutionChangeItem(from: NamedValue | null, to: NamedValue | null): JiraChangeItem {
  return {
    field: 'resolution',
    fieldtype: 'jira',
    fieldId: 'resolution',
    from: from?.id ?? null,
    fromString: from?.name ?? null,
    to: to?.id ?? null,
    toString: to?.name ?? null,
  };
}
