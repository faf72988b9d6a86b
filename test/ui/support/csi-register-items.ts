/**
 * Register items for the CSI register's tests (`csi-register.test.tsx`, `csi-register-interaction.test.tsx`):
 * the item's fields with the defaults of a fresh, unevaluated improvement, and a record that says the same.
 */
import type { CsiRegisterItemView } from '../../../src/contract/csi';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../../src/domain/csi/record-types';

export const anna = { accountId: 'acc-anna', displayName: 'Anna Berger' };
export const ben = { accountId: 'acc-ben', displayName: 'Ben Çelik' };

/**
 * A register item; its record holds what the item's fields say (source, service, owner, score, decision, target
 * date, review date, feedback issues) plus `recordPatch` (evaluation, KPIs, last change).
 */
export function registerItem(
  overrides: Partial<Omit<CsiRegisterItemView, 'record'>> & { issueKey: string },
  recordPatch: Partial<CsiRecord> = {},
): CsiRegisterItemView {
  const fields: Omit<CsiRegisterItemView, 'record'> = {
    summary: `Improvement ${overrides.issueKey}`,
    mirrorMismatch: false,
    statusName: 'Erfasst',
    statusKey: 'identified',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-03-01T08:00:00.000Z',
    source: null,
    service: '',
    owner: null,
    score: null,
    decision: null,
    targetDate: null,
    nextReviewOn: null,
    hasBaselineAndTarget: false,
    hasResult: false,
    overdue: false,
    stuckDays: null,
    daysInStatus: 3,
    feedbackIssueCount: 0,
    loop: {
      feedbackIn: overrides.feedbackIssueCount ?? 0,
      decided: overrides.decision != null,
      done: overrides.statusKey === 'closed',
      told: 0,
      effect: 'none',
    },
    ...overrides,
  };
  const record: CsiRecord = {
    ...EMPTY_CSI_RECORD,
    source: fields.source,
    service: fields.service,
    ownerAccountId: fields.owner?.accountId ?? null,
    score: fields.score,
    decision: fields.decision,
    target: fields.targetDate === null ? null : { value: 0, targetDate: fields.targetDate },
    nextReviewOn: fields.nextReviewOn,
    feedbackIssueKeys: Array.from({ length: fields.feedbackIssueCount }, (_, i) => `HD-${String(i + 1)}`),
    ...recordPatch,
  };
  return { ...fields, record };
}
