/**
 * The loop resolvers (`getFeedbackLoop`, `setFeedbackOptOut`, `getFeedbackReplySettings`,
 * `saveFeedbackReplySettings`) through the preview's resolver runtime on the real manifest and composition root,
 * against the emulator: payload validation, what each viewer sees (key only where they may not browse, CSAT of
 * JSM requests read as the viewer, replies told), and who may change what (opt-out: Edit Issues; settings: Jira or
 * project admin), with the settings' compare-and-set answered as `conflict`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createPreviewBackend, createPreviewClock, type PreviewBackend } from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import type { FeedbackReplyEntry } from '../../src/application/feedback-replies';
import type { StorePort } from '../../src/application/ports/store-port';
import type {
  FeedbackLoopView,
  FeedbackReplySettingsView,
  FeedbackResult,
} from '../../src/contract/feedback';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { DEFAULT_REPLY_TEMPLATES, feedbackReplyDedupeKey } from '../../src/domain/feedback/replies';
import { createAppHandlers, handlersByManifestName } from '../../src/entry/composition-root';
import { createFeedbackLoopHandlers } from '../../src/entry/resolvers/feedback-loop-handlers';
import type { ResolverDeps } from '../../src/entry/resolvers/handlers';
import { AGENT, HD_PROJECT_ID, OUTSIDER, buildFlowSeed } from '../integration/support/flow-seed';
import { unusedFactsViews } from '../project-flow/facts-fixtures';

const NOW = Date.UTC(2026, 11, 1, 9);
const TOLD_MS = Date.UTC(2026, 10, 20, 14);

let emulator: RunningEmulator;
let backend: PreviewBackend;
let store: StorePort;
const errors: string[] = [];

beforeAll(async () => {
  const seed = buildFlowSeed({ issues: 6 });
  emulator = await startEmulator({
    seed: {
      ...seed,
      issueTypes: seed.issueTypes.map((t) => (t.id === '10003' ? { ...t, name: 'Verbesserung (CSI)' } : t)),
      serviceDesks: [{ id: '1', projectId: HD_PROJECT_ID, requestTypes: [] }],
      requestFeedback: [
        { issueId: '20001', rating: 2, comment: 'Zu langsam' },
        { issueId: '20003', rating: 5 },
      ],
    },
    now: () => NOW,
  });
  backend = createPreviewBackend({
    modules: readBackendModules(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')),
    clock: createPreviewClock(() => NOW),
    logError: (message) => errors.push(message),
    later: () => undefined,
  });
  store = createMemoryStore();
  const transports = new Map(
    [AGENT, OUTSIDER].map((user) => [
      user.accountId,
      createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken }),
    ]),
  );
  const app = createAppHandlers({
    jiraForUser: (context) => {
      const transport = transports.get(String(context['accountId']));
      if (transport === undefined) throw new Error('unknown test user');
      return transport;
    },
    jiraAsApp: () => transports.get(AGENT.accountId) as never,
    store,
    queue: (key) => backend.queue(key),
    clock: () => NOW,
    logError: (message) => errors.push(message),
    texts: localeFileTexts,
  });
  backend.bind(handlersByManifestName(app));

  await store.put(
    csiRecordStoreKey('90002'),
    {
      savedAt: '2026-11-01T09:00:00.000Z',
      record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-1', 'HD-2', 'HD-3'] },
    },
    null,
  );
  const told: FeedbackReplyEntry = {
    state: 'told',
    reservedAtMs: TOLD_MS - 1000,
    feedbackIssueKey: 'HD-1',
    step: 'closed',
    toldAtMs: TOLD_MS,
    commentId: '7001',
    reporterAccountId: AGENT.accountId,
    language: 'de',
  };
  await store.set(feedbackReplyDedupeKey('90002', 'HD-1', 'closed'), told);
});
afterAll(async () => {
  backend.stop();
  await emulator.stop();
});
afterEach(() => {
  expect(errors).toEqual([]);
});

function invoke<T>(name: string, payload: unknown, accountId = AGENT.accountId): Promise<FeedbackResult<T>> {
  return backend.invokeResolver(null, name, payload, { accountId, timezone: 'UTC' }) as Promise<
    FeedbackResult<T>
  >;
}

describe('getFeedbackLoop', () => {
  it('shows each feedback issue with summary, status, reporter, CSAT and the replies told', async () => {
    const answer = await invoke<FeedbackLoopView>('getFeedbackLoop', { issueKey: 'CSI-2' });

    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const view = answer.value;
    expect(view).toMatchObject({
      issueKey: 'CSI-2',
      issueId: '90002',
      projectKey: 'CSI',
      optOut: false,
      replyOnImplementation: false,
      canEdit: true,
      // (2 + 5) / 2: HD-2 is a request without a rating.
      csatAverage: 3.5,
    });
    expect(view.feedbackIssues.map((i) => [i.issueKey, i.summary, i.csat])).toEqual([
      ['HD-1', 'Störung 1: VPN bricht ab', 2],
      ['HD-2', 'Störung 2: VPN bricht ab', null],
      ['HD-3', 'Serviceanfrage 3: neues Notebook', 5],
    ]);
    expect(view.feedbackIssues[0]?.reporter).toEqual({
      accountId: AGENT.accountId,
      displayName: AGENT.displayName,
    });
    expect(view.feedbackIssues[0]?.statusName).toEqual(expect.any(String));
    expect(view.feedbackIssues[0]?.replies).toEqual([
      {
        step: 'closed',
        state: 'told',
        toldAt: new Date(TOLD_MS).toISOString(),
        commentId: '7001',
        language: 'de',
      },
    ]);
    expect(view.feedbackIssues[1]?.replies).toEqual([]);
  });

  it('gives only the key of issues the viewer may not browse, and no CSAT for them', async () => {
    const answer = await invoke<FeedbackLoopView>(
      'getFeedbackLoop',
      { issueKey: 'CSI-2' },
      OUTSIDER.accountId,
    );

    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(
      answer.value.feedbackIssues.map((i) => [i.issueKey, i.summary, i.statusName, i.reporter, i.csat]),
    ).toEqual([
      ['HD-1', null, null, null, null],
      ['HD-2', null, null, null, null],
      ['HD-3', null, null, null, null],
    ]);
    expect(answer.value.csatAverage).toBeNull();
    // Who was told is the app's own record of the improvement the viewer may see; the reply's language (the
    // hidden reporter's locale) and its comment are not.
    expect(answer.value.feedbackIssues[0]?.replies).toEqual([
      {
        step: 'closed',
        state: 'told',
        toldAt: new Date(TOLD_MS).toISOString(),
        commentId: null,
        language: null,
      },
    ]);
  });

  it('answers not-csi-issue for another issue type, not-found for a hidden one, invalid-payload for a bad key', async () => {
    expect(await invoke('getFeedbackLoop', { issueKey: 'HD-1' })).toMatchObject({
      ok: false,
      error: { code: 'not-csi-issue' },
    });
    expect(await invoke('getFeedbackLoop', { issueKey: 'HD-1' }, OUTSIDER.accountId)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    for (const payload of [{ issueKey: 'csi 2' }, {}, null, { issueKey: 2 }]) {
      expect(await invoke('getFeedbackLoop', payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
  });
});

describe('setFeedbackOptOut', () => {
  it('turns the replies off and on for an editor and returns the loop', async () => {
    const off = await invoke<FeedbackLoopView>('setFeedbackOptOut', { issueKey: 'CSI-2', optOut: true });
    expect(off).toMatchObject({ ok: true, value: { optOut: true } });
    expect(await store.get('feedback-reply-opt-out:90002')).not.toBeNull();

    const on = await invoke<FeedbackLoopView>('setFeedbackOptOut', { issueKey: 'CSI-2', optOut: false });
    expect(on).toMatchObject({ ok: true, value: { optOut: false } });
    expect(await store.get('feedback-reply-opt-out:90002')).toBeNull();
  });

  it('refuses a payload without a boolean optOut', async () => {
    for (const payload of [{ issueKey: 'CSI-2' }, { issueKey: 'CSI-2', optOut: 'yes' }]) {
      expect(await invoke('setFeedbackOptOut', payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
  });

  it('is forbidden without Edit Issues on the improvement, and nothing is stored', async () => {
    const fakeStore = createMemoryStore();
    const logged: string[] = [];
    const jira = {
      getIssue: () =>
        Promise.resolve({
          id: '90002',
          key: 'CSI-2',
          fields: { issuetype: { name: 'Improvement (CSI)' }, project: { id: '10001', key: 'CSI' } },
        }),
      getMyPermissions: (keys: readonly string[]) =>
        Promise.resolve(Object.fromEntries(keys.map((k) => [k, k !== 'EDIT_ISSUES']))),
    };
    const handlers = createFeedbackLoopHandlers({
      facts: unusedFactsViews(),
      jira: () => jira as unknown as ReturnType<ResolverDeps['jira']>,
      issueReader: () => {
        throw new Error('not used');
      },
      store: fakeStore,
      clock: () => NOW,
      logError: (message) => logged.push(message),
    });

    const answer = await handlers.setFeedbackOptOut({ issueKey: 'CSI-2', optOut: true }, {});

    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await fakeStore.get('feedback-reply-opt-out:90002')).toBeNull();
    expect(logged).toEqual([]);
  });
});

describe('the reply settings', () => {
  it('are read by anyone who sees the project, editable only by its admins', async () => {
    const agent = await invoke<FeedbackReplySettingsView>('getFeedbackReplySettings', { projectKey: 'HD' });
    expect(agent).toMatchObject({
      ok: true,
      value: {
        projectKey: 'HD',
        projectId: HD_PROJECT_ID,
        replyOnImplementation: false,
        templates: DEFAULT_REPLY_TEMPLATES,
        defaults: DEFAULT_REPLY_TEMPLATES,
        placeholders: ['reporter', 'improvementKey', 'improvementSummary', 'change'],
        version: null,
        canEdit: true,
      },
    });
    // Anna administers HD, not CSI.
    expect(await invoke('getFeedbackReplySettings', { projectKey: 'CSI' })).toMatchObject({
      ok: true,
      value: { canEdit: false },
    });
    expect(await invoke('getFeedbackReplySettings', { projectKey: 'HD' }, OUTSIDER.accountId)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('saves valid templates from the loaded version, then answers conflict for the stale version', async () => {
    const templates = {
      ...DEFAULT_REPLY_TEMPLATES,
      closed: {
        de: 'Hallo {reporter}, {improvementKey} ist umgesetzt.',
        en: 'Hi {reporter}, {improvementKey} is done.',
      },
    };
    const saved = await invoke<FeedbackReplySettingsView>('saveFeedbackReplySettings', {
      projectKey: 'HD',
      replyOnImplementation: true,
      templates,
      expectedVersion: null,
    });
    expect(saved).toMatchObject({
      ok: true,
      value: { replyOnImplementation: true, templates, version: 1, canEdit: true },
    });

    const stale = await invoke('saveFeedbackReplySettings', {
      projectKey: 'HD',
      replyOnImplementation: false,
      templates,
      expectedVersion: null,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await invoke('getFeedbackReplySettings', { projectKey: 'HD' })).toMatchObject({
      ok: true,
      value: { replyOnImplementation: true, version: 1 },
    });
  });

  it('refuses templates that break a rule (invalid-settings) and a wrong shape (invalid-payload)', async () => {
    const bad = await invoke('saveFeedbackReplySettings', {
      projectKey: 'HD',
      replyOnImplementation: false,
      templates: { ...DEFAULT_REPLY_TEMPLATES, closed: { de: 'Hallo {kunde}', en: ' ' } },
      expectedVersion: 1,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    expect(JSON.stringify(bad)).toContain('closed/de unknown-placeholder');
    expect(JSON.stringify(bad)).toContain('closed/en empty');

    for (const templates of [
      { closed: DEFAULT_REPLY_TEMPLATES.closed },
      { ...DEFAULT_REPLY_TEMPLATES, closed: { de: 'x', en: 'y', fr: 'z' } },
      { ...DEFAULT_REPLY_TEMPLATES, closed: { de: 1, en: 'y' } },
    ]) {
      expect(
        await invoke('saveFeedbackReplySettings', {
          projectKey: 'HD',
          replyOnImplementation: false,
          templates,
          expectedVersion: 1,
        }),
      ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
  });

  it('is forbidden to save for someone who administers neither Jira nor the project', async () => {
    const answer = await invoke('saveFeedbackReplySettings', {
      projectKey: 'CSI',
      replyOnImplementation: true,
      templates: DEFAULT_REPLY_TEMPLATES,
      expectedVersion: null,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('getFeedbackReplySettings', { projectKey: 'CSI' })).toMatchObject({
      ok: true,
      value: { version: null },
    });
  });
});
