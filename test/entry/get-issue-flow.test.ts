/**
 * The `getIssueFlow` resolver: payload validation before any Jira call, the Forge context's time zone, the
 * translation of failures into the contract's error codes, and how it starts the viewer's own project view.
 */
import { NeedsAuthenticationError } from '@forge/api';
import { IssueNotFoundError, JiraForbiddenError, JiraUnavailableError } from '../../src/application/errors';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import type { JiraIssueInput } from '../../src/domain/flow/types';
import {
  handleGetIssueFlow,
  timeZoneFromContext,
  viewerProjectViewStarter,
} from '../../src/entry/resolvers/get-issue-flow';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import type { FlowFactsViews } from '../../src/application/project-flow';
import { STANDARD_MAPPING } from '../support/jira-fixtures';
import type { GetIssueFlowDeps } from '../../src/entry/resolvers/get-issue-flow';
import { handler as resolverHandler } from '../../src/index';

const DONE = { id: '10001', name: 'Done', statusCategory: { key: 'done' } };
const IN_PROGRESS = { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } };

/** Created 2024-01-01 00:00 UTC, In Progress from 01-02 00:00, Done 01-03 12:00 UTC. */
const issue: JiraIssueInput = {
  key: 'SUP-12',
  fields: { created: '2024-01-01T00:00:00.000+0000', status: DONE },
  changelog: {
    histories: [
      {
        created: '2024-01-02T00:00:00.000+0000',
        items: [{ field: 'status', fromString: 'Open', toString: 'In Progress' }],
      },
      {
        created: '2024-01-03T12:00:00.000+0000',
        items: [{ field: 'status', fromString: 'In Progress', toString: 'Done' }],
      },
    ],
  },
};

interface Recorder {
  readonly deps: GetIssueFlowDeps;
  readonly jiraCalls: string[];
  readonly logged: { message: string; error: unknown }[];
}

/** Dependencies around a port that answers with `issue` or fails with `failure`, recording every call. */
function recordingDeps(failure?: Error): Recorder {
  const jiraCalls: string[] = [];
  const logged: { message: string; error: unknown }[] = [];
  const port: IssueReadPort = {
    getIssueWithChangelog(issueKey) {
      jiraCalls.push(`issue ${issueKey}`);
      return failure === undefined ? Promise.resolve(issue) : Promise.reject(failure);
    },
    listProjectStatuses(projectKey) {
      jiraCalls.push(`statuses ${projectKey}`);
      return Promise.resolve([{ name: 'Open', statusCategory: { key: 'new' } }, IN_PROGRESS, DONE]);
    },
  };
  return {
    deps: {
      port,
      clock: () => Date.parse('2024-02-01T00:00:00.000Z'),
      logError: (message, error) => logged.push({ message, error }),
    },
    jiraCalls,
    logged,
  };
}

describe('handleGetIssueFlow', () => {
  it('answers a valid request with the issue’s flow view', async () => {
    const { deps, jiraCalls } = recordingDeps();

    const result = await handleGetIssueFlow({ issueKey: 'SUP-12' }, { timezone: 'Europe/Berlin' }, deps);

    expect(jiraCalls).toEqual(['issue SUP-12', 'statuses SUP']);
    if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
    expect(result.value.issueKey).toBe('SUP-12');
    expect(result.value.timeZone).toBe('Europe/Berlin');
    expect(result.value.leadTimeMs).toBe(2.5 * 86_400_000);
    expect(result.value.cycleTimeMs).toBe(1.5 * 86_400_000);
  });

  it.each([
    ['no payload', undefined],
    ['null', null],
    ['a bare string', 'SUP-12'],
    ['an empty object', {}],
    ['a numeric key', { issueKey: 12 }],
    ['a lower-case key', { issueKey: 'sup-12' }],
    ['a key without number', { issueKey: 'SUP-' }],
    ['issue number 0', { issueKey: 'SUP-0' }],
    ['a leading zero', { issueKey: 'SUP-012' }],
    ['a project key starting with a digit', { issueKey: '1SUP-12' }],
    ['a path', { issueKey: 'SUP-12/../../myself' }],
    ['a query', { issueKey: 'SUP-12?expand=changelog' }],
    ['surrounding spaces', { issueKey: ' SUP-12 ' }],
    ['a project key over 255 characters', { issueKey: `A${'B'.repeat(255)}-1` }],
  ])('rejects %s as invalid-payload without calling Jira', async (_name, payload) => {
    const { deps, jiraCalls } = recordingDeps();

    const result = await handleGetIssueFlow(payload, {}, deps);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-payload');
    expect(result.error.detail).toMatch(/issueKey/);
    expect(jiraCalls).toEqual([]);
  });

  it('accepts the longest allowed issue key (255 characters) and underscores', async () => {
    const { deps } = recordingDeps();

    const longest = await handleGetIssueFlow({ issueKey: `A${'B'.repeat(252)}-1` }, {}, deps);
    const underscore = await handleGetIssueFlow({ issueKey: 'IT_OPS-7' }, {}, deps);

    expect(longest.ok).toBe(true);
    expect(underscore.ok).toBe(true);
  });

  it.each([
    ['not-found', new IssueNotFoundError('Jira answered 404 to GET /rest/api/3/issue/SUP-12', 404)],
    ['forbidden', new JiraForbiddenError('Jira answered 403 to GET /rest/api/3/issue/SUP-12', 403)],
    [
      'jira-unavailable',
      new JiraUnavailableError('Jira answered 429 to GET /rest/api/3/issue/SUP-12', 429, 30),
    ],
  ] as const)('maps the port’s typed failure to %s with its English detail', async (code, failure) => {
    const { deps, logged } = recordingDeps(failure);

    const result = await handleGetIssueFlow({ issueKey: 'SUP-12' }, {}, deps);

    expect(result).toEqual({ ok: false, error: { code, detail: failure.message } });
    expect(logged).toEqual([]);
  });

  it('answers an unexpected failure with internal, logs it, and sends no message or stack to the UI', async () => {
    const failure = new TypeError('Cannot read properties of undefined (secret internals)');
    const { deps, logged } = recordingDeps(failure);

    const result = await handleGetIssueFlow({ issueKey: 'SUP-12' }, {}, deps);

    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        detail: 'Unexpected error while computing the flow metrics; see the app logs.',
      },
    });
    expect(logged).toEqual([{ message: 'getIssueFlow(SUP-12) failed', error: failure }]);
  });

  it('rethrows NeedsAuthenticationError so Forge can ask the user for consent', async () => {
    const failure = new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
    const { deps } = recordingDeps(failure);

    await expect(handleGetIssueFlow({ issueKey: 'SUP-12' }, {}, deps)).rejects.toBe(failure);
  });
});

describe('timeZoneFromContext', () => {
  it('uses the context’s IANA time zone and falls back to UTC for anything else', () => {
    expect(timeZoneFromContext({ timezone: 'America/New_York' })).toBe('America/New_York');
    expect(timeZoneFromContext({ timezone: 'Mars/Olympus_Mons' })).toBe('UTC');
    expect(timeZoneFromContext({ timezone: '' })).toBe('UTC');
    expect(timeZoneFromContext({ timezone: 3 })).toBe('UTC');
    expect(timeZoneFromContext({})).toBe('UTC');
    expect(timeZoneFromContext(undefined)).toBe('UTC');
  });
});

describe('resolverHandler (the function manifest.yml names)', () => {
  it('routes invoke("getIssueFlow") to the validating handler', async () => {
    const result = await resolverHandler({
      call: { functionKey: 'getIssueFlow', payload: { issueKey: 'not a key' } },
      context: {},
    });

    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: expect.stringMatching(/issueKey/) as unknown },
    });
  });

  it('refuses a function name the contract does not define', async () => {
    await expect(resolverHandler({ call: { functionKey: 'deleteEverything' }, context: {} })).rejects.toThrow(
      "Resolver has no definition for 'deleteEverything'.",
    );
  });
});

describe('viewerProjectViewStarter (the panel starts the viewer’s own project view)', () => {
  const NOW = Date.parse('2026-03-20T10:00:00Z');

  async function setup(jira: Partial<JiraPort>) {
    const store = createMemoryStore();
    await store.put(
      mappingStoreKey('10000'),
      {
        mapping: STANDARD_MAPPING,
        calendar: { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
        percentiles: [50, 85, 95],
      },
      null,
    );
    const logged: string[] = [];
    const started: string[] = [];
    // The project's facts are being built: the starter is asked and answers the backfill's state.
    const facts: FlowFactsViews = {
      reader: {
        lookup: () => Promise.reject(new Error('no view is measured while the facts are built')),
        readState: () => Promise.resolve(null),
      },
      startBackfill: (projectId, projectKey) => {
        started.push(`${projectId}/${projectKey}`);
        return Promise.resolve({
          projectId,
          projectKey,
          phase: 'loading',
          loaded: 1_000,
          total: 4_000,
          runs: 1,
          startedAtMs: NOW,
          updatedAtMs: NOW,
          syncedUpToMs: null,
        });
      },
    };
    const start = viewerProjectViewStarter(
      {
        jira: () => jira as JiraPort,
        store,
        clock: () => NOW,
        logError: (message) => logged.push(message),
        facts,
      },
      'Europe/Berlin',
    );
    return { store, logged, started, start };
  }

  it('asks the flow facts for the viewer’s default view, answering the backfill’s progress while they build', async () => {
    const { start, started } = await setup({
      getProject: (key) => Promise.resolve({ id: '10000', key, name: 'Support' }),
    });

    const answer = await start('SUP');

    expect(started).toEqual(['10000/SUP']);
    expect(answer).toEqual({
      status: 'backfilling',
      progress: { phase: 'loading', percent: 25, runs: 1, updatedAtMs: NOW },
    });
  });

  it('answers failed and logs when the view cannot be started, but lets Forge ask for consent', async () => {
    const unavailable = await setup({
      getProject: () => Promise.reject(new JiraUnavailableError('Jira is down', 503)),
    });
    expect((await unavailable.start('SUP')).status).toBe('failed');
    expect(unavailable.logged).toEqual([
      'getIssueFlow: the project view of SUP could not be started; no standing shown',
    ]);

    const consent = await setup({
      getProject: () => Promise.reject(new NeedsAuthenticationError('Authentication Required', 'jira')),
    });
    await expect(consent.start('SUP')).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });
});
