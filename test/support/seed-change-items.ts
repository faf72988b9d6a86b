/**
 * Changelog items and histories the emulator seed builders (`test/emulator/seed-builder.ts`,
 * `test/integration/support/flow-seed.ts`) put into their issues, written once so both seeds record the Flagged
 * field and assignee changes in the same shape as Jira.
 */
import type { SeedHistory, SeedUser } from '../../dev/emulator/seed';
import type { JiraChangeItem } from '../../src/domain/flow/types';

/** The Flagged item as Jira writes it: `Impediment` (`[10019]`) when set, the old value when cleared. */
export function flaggedItem(on: boolean): JiraChangeItem {
  return {
    field: 'Flagged',
    fieldtype: 'custom',
    fieldId: 'customfield_10021',
    from: on ? null : '[10019]',
    fromString: on ? null : 'Impediment',
    to: on ? '[10019]' : null,
    toString: on ? 'Impediment' : null,
  };
}

/** A history by `author` assigning the issue to `author` (from unassigned): a change the flow fetch leaves out. */
export function selfAssignHistory(id: string, created: string, author: SeedUser): SeedHistory {
  return {
    id,
    created,
    authorAccountId: author.accountId,
    items: [
      {
        field: 'assignee',
        fieldtype: 'jira',
        fieldId: 'assignee',
        from: null,
        fromString: null,
        to: author.accountId,
        toString: author.displayName,
      },
    ],
  };
}
