/**
 * Edits of objectives and key results through the OKR resolvers, over the emulator: a key result whose measurement
 * definition changes loses its stored baseline (the next measurement measures the new one) while other edits keep
 * it; an objective's alignment can be removed, and a parent that is the objective itself, makes a cycle or lies
 * in another period is refused naming the field; a JQL the measurement could not run is refused when saved.
 */
import type { KeyResultKind } from '../../src/domain/okr/types';
import {
  ADMIN,
  OWNER,
  Q3,
  Q4,
  withOkrHarnessPerTest,
  TIME_ZONE,
  valueOf,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 5 }, (started) => {
  harness = started;
});

const Q2 = { kind: 'quarter', quarter: '2026-Q2', timeZone: TIME_ZONE } as const;
const admin = () => harness.contextOf(ADMIN);

/** A help-desk objective owned by the owner, in `period`, aligned to `parentObjectiveId` if given. */
function objectiveInput(period: typeof Q4 | typeof Q3, title: string, parentObjectiveId?: string) {
  return {
    title,
    description: '',
    period,
    ownerAccountId: OWNER.accountId,
    scope: { type: 'project', projectKey: 'HD' },
    ...(parentObjectiveId === undefined ? {} : { parentObjectiveId }),
  } as const;
}

async function objectiveIn(
  period: typeof Q4 | typeof Q3,
  title: string,
  parentObjectiveId?: string,
): Promise<{ id: string; version: number }> {
  return valueOf(
    await harness.handlers.saveObjective(
      { objective: objectiveInput(period, title, parentObjectiveId) },
      admin(),
    ),
  );
}

function keyResultOf(objectiveId: string, kind: KeyResultKind) {
  return {
    objectiveId,
    title: 'Durchlaufzeit um 15 % senken',
    ownerAccountId: OWNER.accountId,
    weight: 1,
    unit: 'Tage',
    direction: 'decrease' as const,
    kind,
    source: 'measured' as const,
  };
}

const leadTime: KeyResultKind = {
  type: 'flowMetric',
  scope: { type: 'project', projectKey: 'HD' },
  metric: 'leadTimeP50',
  baselinePeriod: Q2,
  targetChangePercent: -15,
};
const requests: KeyResultKind = {
  type: 'issueCount',
  jql: 'project = HD AND issuetype = "Service Request"',
  per: 'week',
  baselinePeriod: Q2,
  targetChangePercent: -10,
};

/** Creates a measured key result and stores `baselineValue` on it as a measurement would. */
async function measuredKeyResult(kind: KeyResultKind, baselineValue: number) {
  const objective = await objectiveIn(Q4, 'Schneller helfen');
  const created = valueOf(
    await harness.handlers.saveKeyResult({ keyResult: keyResultOf(objective.id, kind) }, admin()),
  );
  const measured = await harness.okr.updateKeyResult(created.id, created.version, {
    kind: { ...kind, baselineValue } as KeyResultKind,
  });
  return { objectiveId: objective.id, id: created.id, version: measured.version };
}

describe('saving a measured key result', () => {
  it.each<[string, KeyResultKind, KeyResultKind]>([
    ['the flow metric’s baseline period', leadTime, { ...leadTime, baselinePeriod: Q3 }],
    ['the flow metric', leadTime, { ...leadTime, metric: 'cycleTimeP50' }],
    ['the flow metric’s scope', leadTime, { ...leadTime, scope: { type: 'jql', jql: 'project = HD' } }],
    ['the issue count’s JQL', requests, { ...requests, jql: 'project = HD' }],
    ['the issue count’s interval', requests, { ...requests, per: 'month' }],
    ['the issue count’s baseline period', requests, { ...requests, baselinePeriod: Q3 }],
  ])(
    'drops the stored baseline when %s changes, even if the form sends the old one',
    async (_, kind, edited) => {
      const { objectiveId, id, version } = await measuredKeyResult(kind, 4.5);
      valueOf(
        await harness.handlers.saveKeyResult(
          {
            id,
            expectedVersion: version,
            keyResult: keyResultOf(objectiveId, { ...edited, baselineValue: 4.5 } as KeyResultKind),
          },
          admin(),
        ),
      );
      const stored = await harness.okr.getKeyResult(id);
      expect(stored?.value.kind).toEqual(edited);
      expect(stored?.value.kind).not.toHaveProperty('baselineValue');
    },
  );

  it('keeps the stored baseline when only the title or the target change changes', async () => {
    const { objectiveId, id, version } = await measuredKeyResult(leadTime, 4.5);
    valueOf(
      await harness.handlers.saveKeyResult(
        {
          id,
          expectedVersion: version,
          keyResult: {
            ...keyResultOf(objectiveId, { ...leadTime, targetChangePercent: -20 }),
            title: 'Durchlaufzeit um 20 % senken',
          },
        },
        admin(),
      ),
    );
    expect((await harness.okr.getKeyResult(id))?.value.kind).toEqual({
      ...leadTime,
      targetChangePercent: -20,
      baselineValue: 4.5,
    });
  });
});

describe('an objective’s alignment', () => {
  async function save(
    id: string,
    version: number,
    title: string,
    period: typeof Q4 | typeof Q3,
    parent?: string,
  ) {
    return harness.handlers.saveObjective(
      { id, expectedVersion: version, objective: objectiveInput(period, title, parent) },
      admin(),
    );
  }

  it('is removed when the objective is saved without a parent', async () => {
    const parent = await objectiveIn(Q4, 'Zufriedene Kunden');
    const child = await objectiveIn(Q4, 'Schneller helfen', parent.id);
    expect((await harness.okr.getObjective(child.id))?.value.parentObjectiveId).toBe(parent.id);
    valueOf(await save(child.id, child.version, 'Schneller helfen', Q4));
    const stored = await harness.okr.getObjective(child.id);
    expect(stored?.value).not.toHaveProperty('parentObjectiveId');
    const overview = valueOf(await harness.handlers.getOkrOverview({ periodKey: '2026-Q4' }, admin()));
    expect(overview.objectives.map((o) => [o.objective.id, o.objective.parentObjectiveId ?? null])).toEqual([
      [parent.id, null],
      [child.id, null],
    ]);
  });

  it('refuses the objective itself, a cycle and a parent of another period, naming the field', async () => {
    const a = await objectiveIn(Q4, 'A');
    const b = await objectiveIn(Q4, 'B', a.id);
    const c = await objectiveIn(Q4, 'C', b.id);
    const other = await objectiveIn(Q3, 'Vorquartal');
    const refusals = [
      await save(a.id, a.version, 'A', Q4, a.id),
      await save(a.id, a.version, 'A', Q4, b.id),
      await save(a.id, a.version, 'A', Q4, c.id),
      await save(b.id, b.version, 'B', Q4, other.id),
      await harness.handlers.saveObjective(
        {
          objective: {
            title: 'Neu',
            description: '',
            period: Q4,
            ownerAccountId: OWNER.accountId,
            scope: { type: 'project', projectKey: 'HD' },
            parentObjectiveId: other.id,
          },
        },
        admin(),
      ),
    ];
    expect(refusals.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual(
      Array.from({ length: 5 }, () => 'invalid-okr'),
    );
    const details = refusals.map((answer) => (answer.ok ? '' : answer.error.detail));
    for (const detail of details) expect(detail).toContain('parentObjectiveId');
    expect(details[0]).toContain('cannot align to itself');
    expect(details[1]).toContain('cycle');
    expect(details[2]).toContain('cycle');
    expect(details[3]).toContain('2026-Q3');
    expect(details[4]).toContain('2026-Q3');
    // Nothing changed.
    expect((await harness.okr.getObjective(a.id))?.version).toBe(a.version);
    expect((await harness.okr.getObjective(b.id))?.value.parentObjectiveId).toBe(a.id);
  });
});

describe('a measured key result’s JQL', () => {
  /** `project = HD AND summary ~ "xxx…"` of exactly `length` characters. */
  const jqlOf = (length: number): string => {
    const head = 'project = HD AND summary ~ "';
    return `${head}${'x'.repeat(length - head.length - 1)}"`;
  };

  it('is refused when saved if the measurement could not search it, naming the rule', async () => {
    const objective = await objectiveIn(Q4, 'Schneller helfen');
    const save = (kind: KeyResultKind) =>
      harness.handlers.saveKeyResult({ keyResult: keyResultOf(objective.id, kind) }, admin());
    const refusals = [
      await save({ ...requests, jql: jqlOf(1001) }),
      await save({ ...leadTime, scope: { type: 'jql', jql: jqlOf(1001) } }),
      await save({ type: 'issueProgress', issues: { type: 'jql', jql: jqlOf(1500) } }),
      await save({ ...requests, jql: 'project = HD) OR (project = SEC' }),
      await save({ ...requests, jql: 'project = HD ORDER BY created' }),
    ];
    expect(refusals.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual(
      Array.from({ length: 5 }, () => 'invalid-okr'),
    );
    const details = refusals.map((answer) => (answer.ok ? '' : answer.error.detail));
    for (const detail of details.slice(0, 3)) expect(detail).toContain('at most 1000 characters');
    expect(details[3]).toContain('the JQL cannot be measured: JQL closes a parenthesis it did not open.');
    expect(details[4]).toContain('the JQL cannot be measured: JQL must not contain ORDER BY.');
    expect((await harness.okr.listPeriod('2026-Q4')).keyResults).toEqual([]);
  });

  it('of the longest length the measurement searches is saved', async () => {
    const objective = await objectiveIn(Q4, 'Schneller helfen');
    const saved = await harness.handlers.saveKeyResult(
      { keyResult: keyResultOf(objective.id, { ...requests, jql: jqlOf(1000) }) },
      admin(),
    );
    expect(saved.ok).toBe(true);
  });
});
