/**
 * The agenda's rules on hand-made improvements (the sample data's agenda is in `meeting.test.ts`), the decision
 * plan, and the history index's limit.
 */
import { MemoryStore } from '../../src/adapters/store/memory-store';
import {
  MAX_INDEXED_MEETINGS,
  readMeetingIndex,
  writeMeeting,
} from '../../src/application/fitsm-meeting-store';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import {
  buildAgenda,
  MAX_AGENDA_ITEMS,
  type AgendaImprovement,
  type AgendaInput,
} from '../../src/domain/fitsm/meeting-agenda';
import { meetingIdOf, planDecision, type StoredMeeting } from '../../src/domain/fitsm/meeting-minutes';

function improvement(issueKey: string, changes: Partial<AgendaImprovement> = {}): AgendaImprovement {
  return {
    projectKey: 'CSI',
    issueKey,
    summary: `Improvement ${issueKey}`,
    statusKey: 'implementing',
    open: true,
    score: null,
    hasEvaluation: true,
    evaluatedOn: '2026-01-10',
    decision: null,
    targetDate: null,
    nextReviewOn: null,
    hasResult: false,
    keyResultId: null,
    overdue: false,
    stuckDays: null,
    daysInStatus: 3,
    loop: { feedbackIn: 0, decided: false, done: false, told: 0, effect: 'none' },
    recordVersion: 1,
    latestEffectRunAt: null,
    ...changes,
  };
}

function input(improvements: AgendaImprovement[], changes: Partial<AgendaInput> = {}): AgendaInput {
  return {
    improvements,
    keyResults: [],
    lastHeldAtMs: null,
    stuckAfterDays: new Map([['CSI', 30]]),
    ...changes,
  };
}

describe('buildAgenda', () => {
  it('takes up an effect check only when it finished after the last held meeting', () => {
    const ran = improvement('CSI-1', {
      statusKey: 'verifying',
      loop: { feedbackIn: 0, decided: true, done: false, told: 0, effect: 'worse' },
      latestEffectRunAt: '2026-03-04T06:00:00.000Z',
    });
    const before = buildAgenda(input([ran], { lastHeldAtMs: Date.parse('2026-03-05T09:00:00Z') }));
    expect(before.items).toEqual([]);
    const after = buildAgenda(input([ran], { lastHeldAtMs: Date.parse('2026-03-03T09:00:00Z') }));
    expect(after.items).toEqual([
      expect.objectContaining({
        kind: 'effect-check-finished',
        issueKey: 'CSI-1',
        reason: { code: 'effect-check-finished', verdict: 'worse', ranAt: '2026-03-04T06:00:00.000Z' },
      }),
    ]);
  });

  it('counts a closed loop as open while a feedback giver is untold or the effect unverified', () => {
    const closed = (key: string, loop: AgendaImprovement['loop'], hasResult = false) =>
      improvement(key, { statusKey: 'closed', open: false, loop, hasResult });
    const agenda = buildAgenda(
      input([
        closed('CSI-1', { feedbackIn: 2, decided: true, done: true, told: 2, effect: 'improved' }),
        closed('CSI-2', { feedbackIn: 2, decided: true, done: true, told: 1, effect: 'improved' }),
        closed('CSI-3', { feedbackIn: 0, decided: true, done: true, told: 0, effect: 'none' }, true),
        closed('CSI-4', { feedbackIn: 0, decided: true, done: true, told: 0, effect: 'insufficient-data' }),
      ]),
    );
    // CSI-1 told everyone and its effect was verified; CSI-3 has a measured result. CSI-4's check ran (and counts
    // as finished, no meeting having been held) but without a verdict.
    expect(agenda.items.filter((i) => i.kind === 'loop-open').map((i) => [i.issueKey, i.reason])).toEqual([
      ['CSI-2', { code: 'loop-open', feedbackIn: 2, told: 1, effectVerified: true }],
      ['CSI-4', { code: 'loop-open', feedbackIn: 0, told: 0, effectVerified: false }],
    ]);
  });

  it('ranks within a section by score (unevaluated last), key results off track before at risk', () => {
    const agenda = buildAgenda(
      input(
        [
          improvement('CSI-10', { statusKey: 'assessed', score: 4 }),
          improvement('CSI-2', { statusKey: 'assessed', score: null }),
          improvement('CSI-3', { statusKey: 'assessed', score: 7.5, keyResultId: 'KR-1' }),
        ],
        {
          keyResults: [
            {
              keyResultId: 'KR-1',
              title: 'a',
              objectiveId: 'O-1',
              objectiveTitle: 'O',
              status: 'at-risk',
              progress: 0.3,
              expected: 0.5,
            },
            {
              keyResultId: 'KR-2',
              title: 'b',
              objectiveId: 'O-1',
              objectiveTitle: 'O',
              status: 'on-track',
              progress: 0.5,
              expected: 0.5,
            },
            {
              keyResultId: 'KR-3',
              title: 'c',
              objectiveId: 'O-1',
              objectiveTitle: 'O',
              status: 'off-track',
              progress: 0.1,
              expected: 0.5,
            },
          ],
        },
      ),
    );
    expect(agenda.items.map((i) => i.issueKey ?? i.keyResultId)).toEqual([
      'CSI-3',
      'CSI-10',
      'CSI-2',
      'KR-3',
      'KR-1',
    ]);
    expect(agenda.items.find((i) => i.keyResultId === 'KR-1')?.reason).toMatchObject({
      improvementKeys: ['CSI-3'],
    });
  });

  it(`holds at most ${String(MAX_AGENDA_ITEMS)} items and counts the rest`, () => {
    const many = Array.from({ length: 160 }, (_, n) =>
      improvement(`CSI-${String(n + 1)}`, { statusKey: 'identified', hasEvaluation: false }),
    );
    const agenda = buildAgenda(input(many));
    expect(agenda.items).toHaveLength(MAX_AGENDA_ITEMS);
    expect(agenda.omitted).toBe(10);
  });
});

describe('planDecision', () => {
  const evaluated: CsiRecord = {
    ...EMPTY_CSI_RECORD,
    evaluation: {
      ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
      evaluatedByAccountId: 'acc-1',
      evaluatedOn: '2026-03-01',
    },
  };
  const decision = {
    outcome: 'approved' as const,
    deciderAccountId: 'acc-2',
    decidedOn: '2026-03-05',
    rationale: 'Ja.',
  };

  it('writes, finds its own decision unchanged, and refuses approval without evaluation or before it', () => {
    expect(planDecision(evaluated, decision)).toEqual({ kind: 'write', record: { ...evaluated, decision } });
    expect(planDecision({ ...evaluated, decision }, decision)).toEqual({ kind: 'unchanged' });
    expect(planDecision(EMPTY_CSI_RECORD, decision).kind).toBe('invalid');
    expect(planDecision(EMPTY_CSI_RECORD, { ...decision, outcome: 'rejected' }).kind).toBe('write');
    expect(planDecision(evaluated, { ...decision, decidedOn: '2026-02-28' })).toMatchObject({
      kind: 'invalid',
    });
  });
});

describe('meeting history', () => {
  it(`keeps the newest ${String(MAX_INDEXED_MEETINGS)} meetings in the index, newest first`, async () => {
    const store = new MemoryStore();
    const first = Date.UTC(2000, 0, 1);
    for (let n = 0; n < MAX_INDEXED_MEETINGS + 2; n++) {
      const date = new Date(first + n * 86_400_000).toISOString().slice(0, 10);
      const meeting: StoredMeeting = {
        schemaVersion: 1,
        id: meetingIdOf(date),
        date,
        startsAtMs: first + n * 86_400_000,
        status: 'held',
        projectKeys: ['CSI'],
        participantAccountIds: [],
        agenda: { items: [], omitted: 0, preparedAt: '2026-01-01T00:00:00.000Z' },
        minutes: '',
        decisions: [],
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedByAccountId: null,
      };
      await writeMeeting(store, meeting, null);
    }
    const index = await readMeetingIndex(store);
    expect(index).toHaveLength(MAX_INDEXED_MEETINGS);
    expect(index[0]?.date).toBe(
      new Date(first + (MAX_INDEXED_MEETINGS + 1) * 86_400_000).toISOString().slice(0, 10),
    );
    expect(index.at(-1)?.date).toBe('2000-01-03');
    // The index stays far below one stored value.
    expect(store.storedBytes({ entries: index })).toBeLessThan(store.maxValueBytes / 2);
  });
});
