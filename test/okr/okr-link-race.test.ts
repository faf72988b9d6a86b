/**
 * Linking and unlinking one issue at the same time (two people in the issue panel): the store decides, and the
 * issue property `three-ways-okr` that JQL (`okrKeyResult = KR-n`) searches must end as the store's list even when
 * the two property writes reach Jira in the opposite order of the two store writes. A key result whose objective
 * is archived ("deleted") is hidden from the issue's key results and takes no new link, as an archived one.
 */
import { MemoryStore } from '../../src/adapters/store/memory-store';
import { changeIssueLink, getIssueKeyResults } from '../../src/application/okr-issue-property';
import { OKR_ISSUE_PROPERTY_KEY } from '../../src/application/okr-linked-issues';
import type { OkrJira, OkrSession } from '../../src/application/okr-session';
import { DEFAULT_OKR_SETTINGS } from '../../src/application/okr-settings';
import { OkrStore } from '../../src/application/okr-store';
import { createLeadTimeKeyResult } from './support/okr-fixtures';

const NOW_MS = Date.UTC(2026, 10, 15, 12);
const ISSUE_ID = '10001';

/** Jira as one user: the issue, Edit Issues, and the property writes (held back while `hold` is pending). */
function fakeJira(properties: Map<string, unknown>, hold?: Promise<void>): OkrJira {
  let held = hold;
  const jira = {
    getIssue: () => Promise.resolve({ id: ISSUE_ID, key: 'HD-1', fields: { summary: 'Login slow' } }),
    getMyIssuePermissions: () => Promise.resolve({ EDIT_ISSUES: true }),
    setIssueProperty: async (issueId: string, key: string, value: unknown) => {
      if (held !== undefined) {
        const waiting = held;
        held = undefined;
        await waiting;
      }
      properties.set(`${issueId}/${key}`, structuredClone(value));
    },
  };
  return jira as unknown as OkrJira;
}

function sessionOf(store: MemoryStore, okr: OkrStore, jira: OkrJira): OkrSession {
  return {
    jira,
    store,
    okr,
    nowMs: NOW_MS,
    accountId: 'acc-a',
    timeZone: 'Europe/Berlin',
    webTriggerUrl: () => Promise.reject(new Error('not used')),
    settings: DEFAULT_OKR_SETTINGS,
    settingsVersion: null,
    access: { accountId: 'acc-a', isAdmin: false, isEditor: false },
  };
}

describe('issue property under a concurrent link and unlink', () => {
  it('ends as the store says when the property writes arrive in the opposite order', async () => {
    const store = new MemoryStore();
    const okr = new OkrStore(store, { clock: () => NOW_MS });
    const { keyResultId } = await createLeadTimeKeyResult(okr);
    const properties = new Map<string, unknown>();
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    // A links first (store), but its property write is held until B has unlinked and written its property.
    const linking = changeIssueLink(
      sessionOf(store, okr, fakeJira(properties, hold)),
      'HD-1',
      keyResultId,
      true,
    );
    while ((await okr.keyResultsOf(ISSUE_ID)).length === 0) await new Promise((r) => setImmediate(r));
    await changeIssueLink(sessionOf(store, okr, fakeJira(properties)), 'HD-1', keyResultId, false);
    release();
    await linking;
    expect(await okr.keyResultsOf(ISSUE_ID)).toEqual([]);
    expect(properties.get(`${ISSUE_ID}/${OKR_ISSUE_PROPERTY_KEY}`)).toEqual({ keyResults: [] });
  });

  it('hides key results of an archived objective from the issue and refuses new links to them', async () => {
    const store = new MemoryStore();
    const okr = new OkrStore(store, { clock: () => NOW_MS });
    const { objectiveId, objectiveVersion, keyResultId } = await createLeadTimeKeyResult(okr);
    const session = sessionOf(store, okr, fakeJira(new Map()));
    await changeIssueLink(session, 'HD-1', keyResultId, true);
    await okr.archiveObjective(objectiveId, objectiveVersion);
    expect((await getIssueKeyResults(session, 'HD-1')).keyResults).toEqual([]);
    await okr.unlinkIssue(ISSUE_ID, keyResultId);
    await expect(changeIssueLink(session, 'HD-1', keyResultId, true)).rejects.toThrow(
      /objective O-1 is archived/,
    );
    expect(await okr.keyResultsOf(ISSUE_ID)).toEqual([]);
  });
});
