/**
 * The FitSM assessment resolvers: permissions, payload validation, concurrent ratings by two assessors (no lost
 * update), the guard on the agreed rating, an agreed assessment, store limits, compare and export.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { StoreConflictError, type StorePort } from '../../src/application/ports/store-port';
import { FITSM_ASSESSMENTS_KEY, fitsmRatingsKey } from '../../src/application/fitsm-assessment-store';
import { withPayloadLimits, type ResolverHandlers } from '../../src/entry/resolvers/handlers';
import {
  ADMIN,
  EDITOR,
  EDITOR_2,
  EDITOR_GROUP,
  NEW_ASSESSMENT,
  VIEWER,
  codeOf,
  failureOf,
  contextOf,
  harness,
  valueOf,
  withAssessment,
} from './assessment-handlers-support';

const rate = (id: string, requirementId: string, slot: object, level: number | null, extra: object = {}) => ({
  assessmentId: id,
  requirementId,
  slot,
  rating: level === null ? null : { level, notes: '', issueKeys: [], ...extra },
  expected: null,
});

describe('permissions', () => {
  it('lets only Jira admins and the editor group edit; app users read', async () => {
    const { handlers, id } = await withAssessment();
    expect(codeOf(await handlers.saveFitsmAssessment(NEW_ASSESSMENT, contextOf(VIEWER)))).toBe('forbidden');
    expect(
      codeOf(
        await handlers.rateFitsmRequirement(rate(id, 'PR14.1', { kind: 'agreed' }, 2), contextOf(VIEWER)),
      ),
    ).toBe('forbidden');
    const read = valueOf(await handlers.getFitsmAssessment({ id }, contextOf(VIEWER)));
    expect(read.canEdit).toBe(false);
    expect(
      valueOf(await handlers.getFitsmAssessments({}, contextOf(VIEWER))).assessments.map((a) => a.id),
    ).toEqual([id]);
    // Group names compare case-insensitively (Jira's are): Erna's "fitsm editors" counts.
    expect(valueOf(await handlers.getFitsmAssessment({ id }, contextOf(EDITOR_2))).canEdit).toBe(true);
    expect(valueOf(await handlers.getFitsmAssessment({ id }, contextOf(ADMIN))).canEdit).toBe(true);
  });

  it('lets only Jira admins change the settings', async () => {
    const { handlers } = harness();
    expect(
      codeOf(
        await handlers.saveFitsmSettings({ editorGroupName: 'x', expectedVersion: null }, contextOf(EDITOR)),
      ),
    ).toBe('forbidden');
    const saved = valueOf(
      await handlers.saveFitsmSettings(
        { editorGroupName: EDITOR_GROUP, expectedVersion: null },
        contextOf(ADMIN),
      ),
    );
    expect(saved).toEqual({ editorGroupName: EDITOR_GROUP, version: 1, canChange: true, canEdit: true });
    expect(valueOf(await handlers.getFitsmSettings({}, contextOf(EDITOR)))).toMatchObject({
      canChange: false,
      canEdit: true,
    });
    // A stale save is refused.
    expect(
      codeOf(
        await handlers.saveFitsmSettings({ editorGroupName: null, expectedVersion: null }, contextOf(ADMIN)),
      ),
    ).toBe('conflict');
  });

  it('without an editor group only Jira admins edit', async () => {
    const { handlers } = harness();
    expect(codeOf(await handlers.saveFitsmAssessment(NEW_ASSESSMENT, contextOf(EDITOR)))).toBe('forbidden');
    expect(valueOf(await handlers.saveFitsmAssessment(NEW_ASSESSMENT, contextOf(ADMIN))).assessment.id).toBe(
      'fa-2022-04-20-1',
    );
  });
});

describe('payload validation', () => {
  it('refuses malformed payloads before anything runs', async () => {
    const { handlers, id } = await withAssessment();
    const editor = contextOf(EDITOR);
    expect(
      codeOf(await handlers.rateFitsmRequirement(rate(id, 'PR14.1', { kind: 'agreed' }, 5), editor)),
    ).toBe('invalid-payload');
    expect(
      codeOf(
        await handlers.rateFitsmRequirement(
          rate(id, 'PR14.1', { kind: 'agreed' }, 2, { notes: 'x'.repeat(2001) }),
          editor,
        ),
      ),
    ).toBe('invalid-payload');
    expect(codeOf(await handlers.rateFitsmRequirement(rate(id, 'PR14.1', { kind: 'boss' }, 2), editor))).toBe(
      'invalid-payload',
    );
    expect(codeOf(await handlers.getFitsmAssessment({ id: '../etc' }, editor))).toBe('invalid-payload');
    expect(codeOf(await handlers.getFitsmAssessment(null, editor))).toBe('invalid-payload');
    expect(
      codeOf(await handlers.saveFitsmAssessment({ ...NEW_ASSESSMENT, outOfScope: ['PR15'] }, editor)),
    ).toBe('invalid-payload');
    expect(codeOf(await handlers.exportFitsmAssessment({ id, format: 'xlsx' }, editor))).toBe(
      'invalid-payload',
    );
  });

  it('refuses what breaks a rule, naming it', async () => {
    const { handlers, id } = await withAssessment();
    const editor = contextOf(EDITOR);
    const unknown = await handlers.rateFitsmRequirement(rate(id, 'PR14.4', { kind: 'agreed' }, 2), editor);
    expect(failureOf(unknown).code).toBe('invalid-assessment');
    expect(failureOf(unknown).detail).toContain('PR14.4');
    const badKey = await handlers.rateFitsmRequirement(
      rate(id, 'PR14.1', { kind: 'agreed' }, 2, { issueKeys: ['csi-1'] }),
      editor,
    );
    expect(failureOf(badKey).code).toBe('invalid-assessment');
    expect(failureOf(badKey).detail).toContain('csi-1');
    const stranger = await handlers.rateFitsmRequirement(
      rate(id, 'PR14.1', { kind: 'assessor', accountId: VIEWER }, 2),
      editor,
    );
    expect(stranger).toMatchObject({ ok: false, error: { code: 'invalid-assessment' } });
    const badDate = await handlers.saveFitsmAssessment({ ...NEW_ASSESSMENT, date: '2022-02-30' }, editor);
    expect(failureOf(badDate).code).toBe('invalid-assessment');
    expect(failureOf(badDate).detail).toContain('date');
    const twice = await handlers.saveFitsmAssessment(
      { ...NEW_ASSESSMENT, assessors: [EDITOR, EDITOR] },
      editor,
    );
    expect(codeOf(twice)).toBe('invalid-assessment');
    expect(codeOf(await handlers.getFitsmAssessment({ id: 'fa-2000-01-01-1' }, editor))).toBe('not-found');
  });
});

/** A store whose puts wait until `readers` gets of the same key happened, so concurrent writers meet. */
function meetingStore(inner: StorePort, key: string, readers: number) {
  let reads = 0;
  let conflicts = 0;
  let release: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store: StorePort = {
    maxValueBytes: inner.maxValueBytes,
    storedBytes: (value) => inner.storedBytes(value),
    get: async (k) => {
      const value = await inner.get(k);
      if (k === key && ++reads >= readers) release();
      return value as never;
    },
    put: async (k, value, expected, options) => {
      if (k === key) await allRead;
      try {
        return await inner.put(k, value, expected, options);
      } catch (error) {
        if (error instanceof StoreConflictError) conflicts += 1;
        throw error;
      }
    },
    set: (k, value, options) => inner.set(k, value, options),
    delete: (k) => inner.delete(k),
  };
  return { store, conflicts: () => conflicts };
}

describe('concurrent ratings', () => {
  it('keeps both assessors ratings written at the same moment (no lost update)', async () => {
    const first = await withAssessment();
    const { store, conflicts } = meetingStore(first.store, fitsmRatingsKey(first.id, 'PR14'), 2);
    const { handlers } = harness(store);
    const [anna, bernd] = await Promise.all([
      handlers.rateFitsmRequirement(
        rate(first.id, 'PR14.1', { kind: 'assessor', accountId: EDITOR }, 2),
        contextOf(EDITOR),
      ),
      handlers.rateFitsmRequirement(
        rate(first.id, 'PR14.1', { kind: 'assessor', accountId: EDITOR_2 }, 3),
        contextOf(EDITOR_2),
      ),
    ]);
    valueOf(anna);
    valueOf(bernd);
    // The writers did meet: one put was refused and retried on fresh data.
    expect(conflicts()).toBeGreaterThanOrEqual(1);
    const view = valueOf(await handlers.getFitsmAssessment({ id: first.id }, contextOf(VIEWER)));
    const ratings = view.assessment.ratings['PR14.1'];
    expect(ratings?.byAssessor[EDITOR]?.level).toBe(2);
    expect(ratings?.byAssessor[EDITOR_2]?.level).toBe(3);
    expect(ratings?.agreed).toBeNull();
  });

  it('does not overwrite an agreed rating someone else recorded since the user saw it', async () => {
    const { handlers, id } = await withAssessment();
    valueOf(
      await handlers.rateFitsmRequirement(rate(id, 'PR14.2', { kind: 'agreed' }, 3), contextOf(EDITOR_2)),
    );
    // Eddi still sees no agreed rating (expected: null).
    const stale = await handlers.rateFitsmRequirement(
      rate(id, 'PR14.2', { kind: 'agreed' }, 1),
      contextOf(EDITOR),
    );
    expect(codeOf(stale)).toBe('conflict');
    const view = valueOf(await handlers.getFitsmAssessment({ id }, contextOf(EDITOR)));
    const agreed = view.assessment.ratings['PR14.2']?.agreed;
    expect(agreed).toMatchObject({ level: 3, ratedBy: EDITOR_2 });
    // With what he now sees, his change goes through.
    const fresh = await handlers.rateFitsmRequirement(
      {
        ...rate(id, 'PR14.2', { kind: 'agreed' }, 2),
        expected: { ratedAt: agreed?.ratedAt ?? '', ratedBy: EDITOR_2 },
      },
      contextOf(EDITOR),
    );
    expect(valueOf(fresh).assessment.ratings['PR14.2']?.agreed).toMatchObject({ level: 2, ratedBy: EDITOR });
  });
});

describe('rating while the assessment is agreed', () => {
  it('does not let a rating land in an assessment agreed between its checks and its write', async () => {
    const first = await withAssessment();
    const key = fitsmRatingsKey(first.id, 'PR14');
    let agreedInBetween = false;
    // The agreement lands after the rating checked the status (draft) and before it writes its ratings.
    const store: StorePort = {
      maxValueBytes: first.store.maxValueBytes,
      storedBytes: (value) => first.store.storedBytes(value),
      get: (k) => first.store.get(k),
      put: async (k, value, expected, options) => {
        if (k === key && !agreedInBetween) {
          agreedInBetween = true;
          valueOf(
            await first.handlers.saveFitsmAssessment(
              { ...NEW_ASSESSMENT, id: first.id, expectedVersion: first.view.version, status: 'agreed' },
              contextOf(EDITOR_2),
            ),
          );
        }
        return inner(k, value, expected, options);
      },
      set: (k, value, options) => first.store.set(k, value, options),
      delete: (k) => first.store.delete(k),
    };
    const inner: StorePort['put'] = (k, value, expected, options) =>
      first.store.put(k, value, expected, options);
    const { handlers } = harness(store);
    const late = await handlers.rateFitsmRequirement(
      rate(first.id, 'PR14.1', { kind: 'agreed' }, 4),
      contextOf(EDITOR),
    );
    expect(agreedInBetween).toBe(true);
    expect(codeOf(late)).toBe('assessment-agreed');
    const view = valueOf(await handlers.getFitsmAssessment({ id: first.id }, contextOf(VIEWER)));
    expect(view.assessment.status).toBe('agreed');
    expect(view.assessment.ratings['PR14.1']?.agreed ?? null).toBeNull();
  });
});

describe('two saves of the same assessment', () => {
  it('leaves the history list as the later save wrote it when the earlier one reaches the list last', async () => {
    const first = await withAssessment();
    let holdIndex = true;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reachedIndex: () => void = () => undefined;
    const atIndex = new Promise<void>((resolve) => {
      reachedIndex = resolve;
    });
    // The first save's write of the history list is held until the second save is done.
    const store: StorePort = {
      maxValueBytes: first.store.maxValueBytes,
      storedBytes: (value) => first.store.storedBytes(value),
      get: (k) => first.store.get(k),
      put: async (k, value, expected, options) => {
        if (k === FITSM_ASSESSMENTS_KEY && holdIndex) {
          holdIndex = false;
          reachedIndex();
          await released;
        }
        return first.store.put(k, value, expected, options);
      },
      set: (k, value, options) => first.store.set(k, value, options),
      delete: (k) => first.store.delete(k),
    };
    const slow = harness(store).handlers.saveFitsmAssessment(
      { ...NEW_ASSESSMENT, id: first.id, expectedVersion: first.view.version, title: 'Erster Stand' },
      contextOf(EDITOR),
    );
    await atIndex;
    valueOf(
      await first.handlers.saveFitsmAssessment(
        { ...NEW_ASSESSMENT, id: first.id, expectedVersion: first.view.version + 1, title: 'Zweiter Stand' },
        contextOf(EDITOR_2),
      ),
    );
    release();
    valueOf(await slow);
    const list = valueOf(await first.handlers.getFitsmAssessments({}, contextOf(VIEWER)));
    const view = valueOf(await first.handlers.getFitsmAssessment({ id: first.id }, contextOf(VIEWER)));
    expect(view.assessment.title).toBe('Zweiter Stand');
    expect(list.assessments).toEqual([expect.objectContaining({ id: first.id, title: 'Zweiter Stand' })]);
  });
});

describe('life of an assessment', () => {
  it('computes levels and gaps, keeps an agreed assessment as it is, and refuses stale meta saves', async () => {
    const { handlers, id, view } = await withAssessment();
    const editor = contextOf(EDITOR);
    for (const [requirementId, level] of [
      ['PR14.1', 3],
      ['PR14.2', 2],
      ['PR14.3', 3],
    ] as const)
      valueOf(
        await handlers.rateFitsmRequirement(rate(id, requirementId, { kind: 'agreed' }, level), editor),
      );
    const rated = valueOf(await handlers.getFitsmAssessment({ id }, editor));
    expect(rated.levels.capability.PR14.level).toBe(2);
    expect(
      rated.gaps.find((group) => group.groupId === 'PR14')?.gaps.map((gap) => gap.requirementId),
    ).toEqual(['PR14.2']);

    const agreed = valueOf(
      await handlers.saveFitsmAssessment(
        { ...NEW_ASSESSMENT, id, expectedVersion: view.version, status: 'agreed' },
        editor,
      ),
    );
    expect(agreed.assessment.status).toBe('agreed');
    expect(
      codeOf(await handlers.rateFitsmRequirement(rate(id, 'PR14.1', { kind: 'agreed' }, 4), editor)),
    ).toBe('assessment-agreed');
    // Saved against the version before the agreement: refused.
    expect(
      codeOf(
        await handlers.saveFitsmAssessment({ ...NEW_ASSESSMENT, id, expectedVersion: view.version }, editor),
      ),
    ).toBe('conflict');
    const list = valueOf(await handlers.getFitsmAssessments({}, contextOf(VIEWER)));
    expect(list.assessments).toEqual([expect.objectContaining({ id, status: 'agreed' })]);
    expect(list.latest?.capability.find((entry) => entry.processId === 'PR14')).toMatchObject({
      level: 2,
      missingCount: 0,
    });
  });

  it('compares with the earlier assessment and exports CSV and JSON', async () => {
    const { handlers, id } = await withAssessment();
    const editor = contextOf(EDITOR);
    const earlier = valueOf(
      await handlers.saveFitsmAssessment({ ...NEW_ASSESSMENT, date: '2020-07-15' }, editor),
    );
    valueOf(
      await handlers.rateFitsmRequirement(
        rate(earlier.assessment.id, 'PR14.1', { kind: 'agreed' }, 1),
        editor,
      ),
    );
    valueOf(await handlers.rateFitsmRequirement(rate(id, 'PR14.1', { kind: 'agreed' }, 3), editor));
    const later = valueOf(await handlers.getFitsmAssessment({ id }, editor));
    expect(later.previousId).toBe(earlier.assessment.id);
    const comparison = valueOf(
      await handlers.compareFitsmAssessments(
        { beforeId: earlier.assessment.id, afterId: id },
        contextOf(VIEWER),
      ),
    );
    expect(comparison.requirements.find((entry) => entry.requirementId === 'PR14.1')).toMatchObject({
      before: 1,
      after: 3,
      movement: 'up',
    });
    const csv = valueOf(
      await handlers.exportFitsmAssessment({ id, format: 'csv' }, contextOf(VIEWER, 'de_DE')),
    );
    expect(csv.fileName).toBe(`fitsm-assessment-${id}.csv`);
    expect(csv.content).toContain('Anforderung;');
    // Assessors by their display names, as the viewer may see them.
    expect(csv.content).toContain('Bewertung Eddi Editor;Notizen Eddi Editor;Bewertung Erna Editor');
    expect(later.people).toMatchObject({ [EDITOR]: 'Eddi Editor', [EDITOR_2]: 'Erna Editor' });
    const json = valueOf(await handlers.exportFitsmAssessment({ id, format: 'json' }, contextOf(VIEWER)));
    expect(JSON.parse(json.content)).toMatchObject({
      assessment: { id },
      exportedAt: '2026-12-05T07:00:00.000Z',
    });
  });
});

describe('store limits', () => {
  it('holds a full process of 10 assessors with 2,000-character notes, and refuses one that would not fit', async () => {
    const store = createMemoryStore();
    const h = harness(store);
    valueOf(
      await h.handlers.saveFitsmSettings(
        { editorGroupName: EDITOR_GROUP, expectedVersion: null },
        contextOf(ADMIN),
      ),
    );
    const assessors = Array.from({ length: 10 }, (_, index) => `acc-assessor-${String(index)}`);
    const { assessment } = valueOf(
      await h.handlers.saveFitsmAssessment({ ...NEW_ASSESSMENT, assessors }, contextOf(EDITOR)),
    );
    const issueKeys = Array.from({ length: 20 }, (_, index) => `CSI-${String(1000 + index)}`);
    const slots = [...assessors.map((accountId) => ({ kind: 'assessor', accountId })), { kind: 'agreed' }];
    // PR9 has 6 requirements: 66 ratings with plain notes (umlauts: two bytes each in UTF-8) fit.
    const plain = 'Nachweis: Übergabeprotokoll geprüft. '.repeat(55).slice(0, 2000);
    for (const requirementId of ['PR9.1', 'PR9.2', 'PR9.3', 'PR9.4', 'PR9.5', 'PR9.6'])
      for (const slot of slots)
        valueOf(
          await h.handlers.rateFitsmRequirement(
            rate(assessment.id, requirementId, slot, 2, { notes: plain, issueKeys }),
            contextOf(EDITOR),
          ),
        );
    const stored = await store.get(fitsmRatingsKey(assessment.id, 'PR9'));
    const plainBytes = store.storedBytes(stored?.value);
    expect(plainBytes).toBeLessThan(store.maxValueBytes);

    // Notes of quotes and backslashes take two bytes per character once escaped: the 66th would overflow.
    const escaped = '"\\'.repeat(1000);
    const results = [];
    for (const requirementId of ['PR9.1', 'PR9.2', 'PR9.3', 'PR9.4', 'PR9.5', 'PR9.6'])
      for (const slot of slots) {
        const current = valueOf(
          await h.handlers.getFitsmAssessment({ id: assessment.id }, contextOf(EDITOR)),
        );
        const ratings = current.assessment.ratings[requirementId as 'PR9.1'];
        const previous =
          slot.kind === 'agreed'
            ? ratings?.agreed
            : ratings?.byAssessor[(slot as { accountId: string }).accountId];
        results.push(
          await h.handlers.rateFitsmRequirement(
            {
              ...rate(assessment.id, requirementId, slot, 1, { notes: escaped, issueKeys }),
              expected: previous ? { ratedAt: previous.ratedAt, ratedBy: previous.ratedBy } : null,
            },
            contextOf(EDITOR),
          ),
        );
      }
    const refused = results.filter((result) => !result.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(failureOf(refused[0]).code).toBe('too-large');
    expect(failureOf(refused[0]).detail).toContain('PR9');
    // Nothing half-written: the stored group still fits.
    const after = await store.get(fitsmRatingsKey(assessment.id, 'PR9'));
    expect(store.storedBytes(after?.value)).toBeLessThanOrEqual(store.maxValueBytes);
    // Measured: 165,041 of 245,760 bytes for the 66 plain notes above (2026-12-05).
  });
});

describe('payload caps', () => {
  // Only the FitSM handlers are called; the cap wraps whatever it is given.
  const capped = <H extends object>(handlers: H): H =>
    withPayloadLimits({ ...handlers } as unknown as ResolverHandlers) as unknown as H;

  it('lets the largest valid rating through the cap (2,000 characters that escape to 6 bytes each)', async () => {
    const { handlers: plain, id } = await withAssessment();
    const handlers = capped(plain);
    const issueKeys = Array.from(
      { length: 20 },
      (_, index) => `ABCDEFGHIJKLMNOPQRST-${String(1_000_000_000 + index)}`,
    );
    const payload = rate(id, 'PR14.1', { kind: 'agreed' }, 2, { notes: '\u0001'.repeat(2000), issueKeys });
    const result = await handlers.rateFitsmRequirement(payload, contextOf(EDITOR));
    // Past the cap and the schema: the rule on control characters answers.
    expect(failureOf(result).code).toBe('invalid-assessment');
    expect(failureOf(result).detail).toContain('control characters');
  });

  it('refuses a larger payload before the handler runs, naming the limit', async () => {
    const { handlers: plain, id } = await withAssessment();
    const handlers = capped(plain);
    const payload = rate(id, 'PR14.1', { kind: 'agreed' }, 2, { notes: 'x'.repeat(20_000) });
    const result = await handlers.rateFitsmRequirement(payload, contextOf(EDITOR));
    expect(failureOf(result).code).toBe('invalid-payload');
    expect(failureOf(result).detail).toContain('at most 16384 bytes');
  });
});
