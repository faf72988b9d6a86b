/**
 * The feedback link rule (domain/feedback/links.ts) and the reconciliation's cap: which links make feedback, which
 * source a feedback issue gives, and that a record holding the most feedback issues it keeps takes no more (the
 * other issue is logged, nothing else changes).
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey, readStoredCsiRecord } from '../../src/application/csi-record';
import { reconcileFeedbackLinkEvent } from '../../src/application/feedback-links';
import { IssueNotFoundError } from '../../src/application/errors';
import { CSI_MAX_FEEDBACK_ISSUES } from '../../src/domain/csi/record';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { feedbackSourceOf, isFeedbackLink, reconcileFeedbackKeys } from '../../src/domain/feedback/links';
import type { JiraIssueInput } from '../../src/domain/flow/types';

const incident = { issueTypeName: 'Störung', projectTypeKey: 'service_desk' };
const request = { issueTypeName: 'Serviceanfrage', projectTypeKey: 'service_desk' };
const jsmTask = { issueTypeName: 'Task', projectTypeKey: 'service_desk' };
const change = { issueTypeName: 'Änderung', projectTypeKey: 'software' };

describe('the feedback link rule', () => {
  it('never counts Blocks, Cloners or Duplicate; always counts a Feedback type; else by the other issue', () => {
    for (const type of ['Blocks', 'cloners', 'Duplicate']) expect(isFeedbackLink(type, incident)).toBe(false);
    expect(isFeedbackLink('Feedback', change)).toBe(true);
    expect(isFeedbackLink('Relates', incident)).toBe(true);
    expect(isFeedbackLink('Relates', request)).toBe(true);
    expect(isFeedbackLink('Relates', jsmTask)).toBe(true);
    // The change (RFC) that implements an improvement is not feedback.
    expect(isFeedbackLink('Relates', change)).toBe(false);
    expect(isFeedbackLink(null, change)).toBe(false);
  });

  it('takes incident-trend from incidents and problems, customer-feedback from requests and JSM issues', () => {
    expect(feedbackSourceOf(incident)).toBe('incident-trend');
    expect(feedbackSourceOf({ issueTypeName: 'Incident', projectTypeKey: 'software' })).toBe(
      'incident-trend',
    );
    expect(feedbackSourceOf({ issueTypeName: 'Problem', projectTypeKey: 'software' })).toBe('incident-trend');
    expect(feedbackSourceOf(request)).toBe('customer-feedback');
    expect(feedbackSourceOf({ issueTypeName: 'Service Request', projectTypeKey: null })).toBe(
      'customer-feedback',
    );
    expect(feedbackSourceOf(jsmTask)).toBe('customer-feedback');
    expect(feedbackSourceOf(change)).toBeNull();
  });

  it('drops keys nothing links any more, adds a feedback-linked key once, and refuses one past the cap', () => {
    const linked = new Set(['HD-1', 'HD-2', 'HD-3']);
    expect(
      reconcileFeedbackKeys(['HD-1', 'HD-9'], linked, { otherKey: 'HD-2', feedbackLinked: true }, 3),
    ).toEqual({
      keys: ['HD-1', 'HD-2'],
      removed: ['HD-9'],
      added: 'HD-2',
      refusedAtCap: null,
    });
    expect(
      reconcileFeedbackKeys(['HD-1', 'HD-2'], linked, { otherKey: 'HD-2', feedbackLinked: true }, 3).added,
    ).toBeNull();
    expect(
      reconcileFeedbackKeys(['HD-1', 'HD-2'], linked, { otherKey: 'HD-3', feedbackLinked: true }, 2),
    ).toEqual({ keys: ['HD-1', 'HD-2'], removed: [], added: null, refusedAtCap: 'HD-3' });
    // Linked by a non-feedback link only: kept as listed, not added.
    expect(
      reconcileFeedbackKeys(['HD-3'], linked, { otherKey: 'HD-3', feedbackLinked: false }, 3).keys,
    ).toEqual(['HD-3']);
    expect(reconcileFeedbackKeys([], linked, { otherKey: 'HD-3', feedbackLinked: false }, 3).keys).toEqual(
      [],
    );
  });
});

describe('reconcileFeedbackLinkEvent at the cap', () => {
  it('records no more than CSI_MAX_FEEDBACK_ISSUES feedback issues and says which one it left out', async () => {
    const store = createMemoryStore();
    const keys = Array.from({ length: CSI_MAX_FEEDBACK_ISSUES }, (_, i) => `HD-${i + 1}`);
    const improvementLinks = [...keys, 'HD-500'].map((key, i) => ({
      id: String(1000 + i),
      type: { name: 'Relates' },
      inwardIssue: { id: key === 'HD-500' ? '20500' : String(20_001 + i), key },
    }));
    const issues: Record<string, JiraIssueInput> = {
      '90001': {
        id: '90001',
        key: 'CSI-1',
        fields: {
          issuetype: { name: 'Improvement (CSI)' },
          project: { id: '10001', projectTypeKey: 'business' },
          issuelinks: improvementLinks,
        },
      },
      '20500': {
        id: '20500',
        key: 'HD-500',
        fields: { issuetype: { name: 'Incident' }, project: { id: '10000', projectTypeKey: 'service_desk' } },
      },
    };
    const propertyWrites: string[] = [];
    const jira = {
      getIssue: (id: string) => {
        const issue = issues[id];
        return issue === undefined
          ? Promise.reject(new IssueNotFoundError(`Issue ${id} not found`, 404))
          : Promise.resolve(issue);
      },
      setIssueProperty: (id: string) => {
        propertyWrites.push(id);
        return Promise.resolve();
      },
    };
    await store.put(
      csiRecordStoreKey('90001'),
      { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: keys } },
      null,
    );
    const warnings: string[] = [];

    const outcomes = await reconcileFeedbackLinkEvent(
      { jira, store, clock: () => Date.UTC(2026, 11, 2), logWarning: (m) => warnings.push(m) },
      { sourceIssueId: '20500', destinationIssueId: '90001', actorAccountId: null },
    );

    expect(outcomes).toEqual([
      { improvementKey: 'CSI-1', result: 'unchanged', added: null, removed: [], sourceSet: null },
    ]);
    const state = await readStoredCsiRecord(store, '90001');
    expect(state.version).toBe(1);
    expect(state.stored?.record.feedbackIssueKeys).toEqual(keys);
    expect(propertyWrites).toEqual([]);
    expect(warnings).toEqual([
      `CSI-1: HD-500 not recorded as feedback: the record lists ${CSI_MAX_FEEDBACK_ISSUES} feedback issues already (the most it keeps)`,
    ]);
  });
});
