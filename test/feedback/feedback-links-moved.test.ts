/**
 * Hostile review of feedback in through links (issue 11): a feedback issue moved to another project changes its
 * key; Jira answers the former key with the issue under its new key. The next link event on the improvement must
 * keep that feedback issue (under its new key) rather than drop it as unlinked, or its reporter is never told.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  csiRecordStoreKey,
  readStoredCsiRecord,
  type StoredCsiRecordEntry,
} from '../../src/application/csi-record';
import { IssueNotFoundError } from '../../src/application/errors';
import { reconcileFeedbackLinkEvent, type FeedbackLinkDeps } from '../../src/application/feedback-links';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import type { JiraIssueInput } from '../../src/domain/flow/types';

const NOW = Date.UTC(2026, 11, 1, 9);

interface FakeIssue {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly formerKeys?: readonly string[];
  readonly links: readonly { readonly otherId: string; readonly otherKey: string; readonly type: string }[];
}

function fakeJira(issues: readonly FakeIssue[]): FeedbackLinkDeps['jira'] & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    getIssue: (idOrKey: string): Promise<JiraIssueInput> => {
      reads.push(idOrKey);
      const issue = issues.find(
        (i) => i.id === idOrKey || i.key === idOrKey || (i.formerKeys ?? []).includes(idOrKey),
      );
      if (issue === undefined)
        return Promise.reject(new IssueNotFoundError(`${idOrKey} does not exist`, 404));
      return Promise.resolve({
        id: issue.id,
        key: issue.key,
        fields: {
          issuetype: { name: issue.type },
          project: { projectTypeKey: 'software' },
          issuelinks: issue.links.map((l) => ({
            type: { name: l.type },
            outwardIssue: { id: l.otherId, key: l.otherKey },
          })),
        },
      } as unknown as JiraIssueInput);
    },
    setIssueProperty: () => Promise.resolve(),
  };
}

async function seedRecord(
  store: ReturnType<typeof createMemoryStore>,
  issueId: string,
  keys: string[],
): Promise<void> {
  await store.put<StoredCsiRecordEntry>(
    csiRecordStoreKey(issueId),
    {
      savedAt: new Date(NOW).toISOString(),
      record: { ...EMPTY_CSI_RECORD, source: 'incident-trend', feedbackIssueKeys: keys },
    },
    null,
  );
}

describe('a feedback issue moved to another project', () => {
  it('stays in the record under its new key when another link event reconciles the improvement', async () => {
    const store = createMemoryStore();
    // CSI-1 (id 1) lists HD-5 (id 5, now OPS-7) and HD-6 (id 6); a new incident HD-9 (id 9) is linked.
    const jira = fakeJira([
      {
        id: '1',
        key: 'CSI-1',
        type: 'Verbesserung (CSI)',
        links: [
          { otherId: '5', otherKey: 'OPS-7', type: 'Relates' },
          { otherId: '6', otherKey: 'HD-6', type: 'Relates' },
          { otherId: '9', otherKey: 'HD-9', type: 'Relates' },
        ],
      },
      {
        id: '5',
        key: 'OPS-7',
        formerKeys: ['HD-5'],
        type: 'Incident',
        links: [{ otherId: '1', otherKey: 'CSI-1', type: 'Relates' }],
      },
      {
        id: '6',
        key: 'HD-6',
        type: 'Incident',
        links: [{ otherId: '1', otherKey: 'CSI-1', type: 'Relates' }],
      },
      {
        id: '9',
        key: 'HD-9',
        type: 'Incident',
        links: [{ otherId: '1', otherKey: 'CSI-1', type: 'Relates' }],
      },
    ]);
    await seedRecord(store, '1', ['HD-5', 'HD-6']);

    const outcomes = await reconcileFeedbackLinkEvent(
      { jira, store, clock: () => NOW },
      { sourceIssueId: '9', destinationIssueId: '1', actorAccountId: null },
    );

    expect(outcomes).toEqual([
      expect.objectContaining({ improvementKey: 'CSI-1', result: 'updated', added: 'HD-9', removed: [] }),
    ]);
    const { stored } = await readStoredCsiRecord(store, '1');
    expect(stored?.record.feedbackIssueKeys).toEqual(['OPS-7', 'HD-6', 'HD-9']);
  });

  it('still drops a key whose issue is gone or no longer linked, reading each such key once', async () => {
    const store = createMemoryStore();
    const jira = fakeJira([
      {
        id: '1',
        key: 'CSI-1',
        type: 'Verbesserung (CSI)',
        links: [{ otherId: '9', otherKey: 'HD-9', type: 'Relates' }],
      },
      // HD-6 exists but its link to CSI-1 was removed; HD-5 was deleted.
      { id: '6', key: 'HD-6', type: 'Incident', links: [] },
      {
        id: '9',
        key: 'HD-9',
        type: 'Incident',
        links: [{ otherId: '1', otherKey: 'CSI-1', type: 'Relates' }],
      },
    ]);
    await seedRecord(store, '1', ['HD-5', 'HD-6', 'HD-9']);

    const outcomes = await reconcileFeedbackLinkEvent(
      { jira, store, clock: () => NOW },
      { sourceIssueId: '6', destinationIssueId: '1', actorAccountId: null },
    );

    expect(outcomes).toEqual([
      expect.objectContaining({ result: 'updated', added: null, removed: ['HD-5', 'HD-6'] }),
    ]);
    expect((await readStoredCsiRecord(store, '1')).stored?.record.feedbackIssueKeys).toEqual(['HD-9']);
    expect(jira.reads.filter((r) => r === 'HD-5')).toHaveLength(1);
  });
});
