/**
 * Every OKR resolver refuses a malformed payload with `invalid-payload` naming the field, before asking Jira or
 * the store anything; the gadget's resolvers refuse a call outside a gadget and a payload naming a gadget.
 */
import { ADMIN, codeOf, startOkrHarness, type Handlers, type OkrHarness } from './okr-handlers-support';

let harness: OkrHarness;

beforeAll(async () => {
  harness = await startOkrHarness({ issues: 3 });
});
afterAll(async () => {
  await harness.stop();
});

type Case = readonly [name: keyof Handlers, payload: unknown, field: string];

const objective = {
  title: 'T',
  description: '',
  period: { kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' },
  ownerAccountId: 'acc-anna',
  scope: { type: 'project', projectKey: 'HD' },
};
const keyResult = {
  objectiveId: 'O-1',
  title: 'T',
  ownerAccountId: 'acc-anna',
  weight: 1,
  unit: '',
  direction: 'increase',
  kind: { type: 'binary' },
  source: 'manual',
};

const CASES: readonly Case[] = [
  ['getOkrOverview', { periodKey: 'Q4' }, 'periodKey'],
  ['getOkrOverview', { projectKey: 'hd' }, 'projectKey'],
  ['getOkrOverview', { includeArchived: 'yes' }, 'includeArchived'],
  ['getKeyResultDetail', { keyResultId: 'O-1' }, 'keyResultId'],
  ['saveObjective', { objective: { ...objective, title: 7 } }, 'objective.title'],
  ['saveObjective', { id: 'O-1', objective }, 'send id with expectedVersion'],
  ['saveObjective', { objective: { ...objective, period: { kind: 'quarter' } } }, 'objective.period'],
  ['archiveObjective', { id: 'KR-1', expectedVersion: 1 }, 'id'],
  ['saveKeyResult', { keyResult: { ...keyResult, direction: 'up' } }, 'keyResult.direction'],
  ['saveKeyResult', { keyResult: { ...keyResult, weight: '1' } }, 'keyResult.weight'],
  ['archiveKeyResult', { id: 'KR-1', expectedVersion: 0 }, 'expectedVersion'],
  ['checkInKeyResult', { keyResultId: 'KR-1', value: 'high', note: '' }, 'value'],
  ['checkInKeyResult', { keyResultId: 'KR-1', value: 1, note: '', atMs: 1.5 }, 'atMs'],
  ['checkInKeyResult', { keyResultId: 'KR-1', value: 1 }, 'note'],
  ['getIssueKeyResults', { issueKey: 'not a key' }, 'issueKey'],
  ['searchKeyResults', { query: 'x'.repeat(201) }, 'query'],
  ['linkIssueToKeyResult', { issueKey: 'HD-1', keyResultId: 'KR-x' }, 'keyResultId'],
  ['unlinkIssueFromKeyResult', { issueKey: 'HD-1' }, 'keyResultId'],
  ['closeOkrPeriod', { periodKey: '2026-Q5' }, 'periodKey'],
  ['rotateKeyResultSecret', {}, 'keyResultId'],
  ['exportOkrPeriod', { periodKey: 42 }, 'periodKey'],
  ['importOkrPeriod', { data: {}, extra: 1 }, 'extra'],
  ['getOkrSettings', { any: 1 }, 'any'],
  [
    'saveOkrSettings',
    { settings: { editorGroupName: ' x', thresholds: { onTrack: 0.7, atRisk: 0.4 } }, expectedVersion: null },
    'editorGroupName',
  ],
  [
    'saveOkrSettings',
    { settings: { editorGroupName: null, thresholds: { onTrack: 0.4, atRisk: 0.7 } }, expectedVersion: null },
    'atRisk < onTrack',
  ],
  [
    'saveOkrSettings',
    {
      settings: { editorGroupName: 'g'.repeat(256), thresholds: { onTrack: 0.7, atRisk: 0.4 } },
      expectedVersion: null,
    },
    '255',
  ],
];

describe('OKR resolvers: payload validation', () => {
  it.each(CASES)('%s refuses %j naming %s', async (name, payload, field) => {
    const before = harness.clients.length;
    const handler = harness.handlers[name] as (p: unknown, c: unknown) => Promise<unknown>;
    const result = (await handler(payload, harness.contextOf(ADMIN))) as {
      ok: boolean;
      error?: { code: string; detail: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('invalid-payload');
    expect(result.error?.detail).toContain(field);
    // Refused before any Jira client was made.
    expect(harness.clients.length).toBe(before);
  });

  it('answers the gadget only inside a gadget, and refuses a payload naming one', async () => {
    expect(codeOf(await harness.handlers.getOkrGadget({}, harness.contextOf(ADMIN)))).toBe('invalid-payload');
    const named = await harness.handlers.getOkrGadget({ gadgetId: '77' }, harness.gadgetContextOf(ADMIN));
    expect(codeOf(named)).toBe('invalid-payload');
    if (!named.ok) expect(named.error.detail).toContain('gadgetId');
    const badConfig = await harness.handlers.saveOkrGadgetConfig(
      { config: { period: { kind: 'current' }, layout: 'wide' }, expectedVersion: null },
      harness.gadgetContextOf(ADMIN),
    );
    expect(codeOf(badConfig)).toBe('invalid-payload');
    if (!badConfig.ok) expect(badConfig.error.detail).toContain('layout');
  });

  it('answers a broken OKR rule (not the payload shape) with invalid-okr naming the field', async () => {
    const result = await harness.handlers.saveObjective(
      { objective: { ...objective, title: '   ' } },
      harness.contextOf(ADMIN),
    );
    expect(codeOf(result)).toBe('invalid-okr');
    if (!result.ok) expect(result.error.detail).toContain('title');
  });
});
