import type { ResolverResponse } from '../../static/src/api/resolver-types';
import type { InvokeResolver } from '../../static/src/api/resolver-types';
import {
  headlineMetrics,
  loadIssueFlow,
  timeInStatusRows,
  totalTimeInStatusMs,
  warningText,
} from '../../static/src/issue-panel/issue-flow-model';
import { invoke as bridgeCall } from '@forge/bridge';
import { invokeResolver } from '../../static/src/api/invoke';
import { doneIssueView, openIssueView } from './fixtures';

jest.mock('@forge/bridge', () => ({ invoke: jest.fn() }));

const dayMs = 86_400_000;

describe('timeInStatusRows', () => {
  it('keeps the first-visit order and gives each status its share of the total time', () => {
    const rows = timeInStatusRows(doneIssueView.timeInStatus, 'visit');
    expect(rows.map((r) => [r.status, r.ms / dayMs, Number(r.share.toFixed(4))])).toEqual([
      ['Open', 1, 0.1667],
      ['In Progress', 3.5, 0.5833],
      ['Waiting for Customer', 1.5, 0.25],
    ]);
  });

  it('orders by time, longest first, when asked', () => {
    expect(timeInStatusRows(doneIssueView.timeInStatus, 'time').map((r) => r.status)).toEqual([
      'In Progress',
      'Waiting for Customer',
      'Open',
    ]);
  });

  it('keeps first-visit order between statuses with equal time', () => {
    const entries = [
      { status: 'A', stage: null, kind: null, ms: 5 },
      { status: 'B', stage: null, kind: null, ms: 9 },
      { status: 'C', stage: null, kind: null, ms: 5 },
    ];
    expect(timeInStatusRows(entries, 'time').map((r) => r.status)).toEqual(['B', 'A', 'C']);
  });

  it('gives every share 0 when no time is recorded (no division by zero)', () => {
    const rows = timeInStatusRows([{ status: 'Open', stage: null, kind: null, ms: 0 }], 'visit');
    expect(rows[0]?.share).toBe(0);
  });

  it('sums the total time in status', () => {
    expect(totalTimeInStatusMs(doneIssueView.timeInStatus)).toBe(6 * dayMs);
  });
});

describe('headlineMetrics', () => {
  it('shows lead time, cycle time and flow efficiency of a done issue', () => {
    expect(headlineMetrics(doneIssueView)).toEqual([
      { id: 'leadTime', labelKey: 'issuePanel.metric.leadTime', value: { type: 'duration', ms: 6 * dayMs } },
      {
        id: 'cycleTime',
        labelKey: 'issuePanel.metric.cycleTime',
        value: { type: 'duration', ms: 5 * dayMs },
      },
      {
        id: 'flowEfficiency',
        labelKey: 'issuePanel.metric.flowEfficiency',
        value: { type: 'ratio', ratio: 0.8 },
      },
    ]);
  });

  it('shows the age so far of an open issue and says its cycle time is still open', () => {
    const [age, cycle] = headlineMetrics(openIssueView);
    expect(age).toEqual({
      id: 'age',
      labelKey: 'issuePanel.metric.age',
      value: { type: 'duration', ms: 16 * 3_600_000 },
    });
    expect(cycle?.value).toEqual({ type: 'none', reasonKey: 'issuePanel.value.stillOpen' });
  });

  it('says an open issue has not started when it has no start', () => {
    const [age, , efficiency] = headlineMetrics({
      ...openIssueView,
      startAt: null,
      ageMs: null,
      flowEfficiency: null,
    });
    expect(age?.value).toEqual({ type: 'none', reasonKey: 'issuePanel.value.notStarted' });
    expect(efficiency?.value).toEqual({ type: 'none', reasonKey: 'issuePanel.value.notAvailable' });
  });

  it('says a done issue without a start has no recorded start instead of a cycle time', () => {
    const [, cycle] = headlineMetrics({ ...doneIssueView, startAt: null, cycleTimeMs: null });
    expect(cycle?.value).toEqual({ type: 'none', reasonKey: 'issuePanel.value.noStart' });
  });
});

function fakeInvoke(answer: (issueKey: string) => Promise<ResolverResponse<'getIssueFlow'>>): {
  invoke: InvokeResolver;
  calls: string[];
} {
  const calls: string[] = [];
  const invoke = (async (name: 'getIssueFlow', payload: { issueKey: string }) => {
    calls.push(`${name}:${payload.issueKey}`);
    return answer(payload.issueKey);
  }) as InvokeResolver; // only the panel's resolver is faked here
  return { invoke, calls };
}

describe('loadIssueFlow', () => {
  it('asks getIssueFlow for the issue and returns its view', async () => {
    const { invoke, calls } = fakeInvoke(() => Promise.resolve({ ok: true, value: doneIssueView }));
    await expect(loadIssueFlow(invoke, 'HD-42')).resolves.toEqual({ phase: 'loaded', view: doneIssueView });
    expect(calls).toEqual(['getIssueFlow:HD-42']);
  });

  it("passes the resolver's error code and detail on", async () => {
    const { invoke } = fakeInvoke(() =>
      Promise.resolve({ ok: false, error: { code: 'not-found', detail: 'Issue HD-999 does not exist' } }),
    );
    await expect(loadIssueFlow(invoke, 'HD-999')).resolves.toEqual({
      phase: 'error',
      code: 'not-found',
      detail: 'Issue HD-999 does not exist',
    });
  });

  it('turns a failed bridge call into an internal error with its message (through the one invoke)', async () => {
    (bridgeCall as unknown as jest.Mock).mockRejectedValueOnce(new Error('Resolver calls are rate limited'));
    await expect(loadIssueFlow(invokeResolver, 'HD-42')).resolves.toEqual({
      phase: 'error',
      code: 'internal',
      detail: 'the call of resolver getIssueFlow failed: Resolver calls are rate limited',
    });
  });

  it('does not call the resolver without an issue key in the context', async () => {
    const { invoke, calls } = fakeInvoke(() => Promise.resolve({ ok: true, value: doneIssueView }));
    await expect(loadIssueFlow(invoke, null)).resolves.toMatchObject({
      phase: 'error',
      code: 'invalid-payload',
    });
    expect(calls).toEqual([]);
  });
});

describe('warningText', () => {
  const messages: Record<string, string> = {
    'warning.status-mismatch': 'History and status differ.',
    'warning.unknown': 'Note on the data: {code}',
  };
  const t = (key: string, values?: Readonly<Record<string, string | number>>): string =>
    (messages[key] ?? key).replace('{code}', String(values?.['code'] ?? '{code}'));

  it('uses the warning\u2019s own text', () => {
    expect(warningText(t, 'status-mismatch')).toBe('History and status differ.');
  });

  it('names an unknown warning code in a generic note', () => {
    expect(warningText(t, 'clock-skew')).toBe('Note on the data: clock-skew');
  });
});
