import fc from 'fast-check';
import {
  deriveDefaultMapping,
  describeSettingsProblem,
  findSettingsProblems,
  isWaitingStatusName,
  unmappedStatuses,
} from '../../src/domain/flow/mapping-defaults';
import { validateMapping } from '../../src/domain/flow/mapping';
import type { JiraStatusRef, WorkflowMapping } from '../../src/domain/flow/types';

const cat = (key: string, name: string) => ({ key, name });
const status = (name: string, key: string, categoryName = key): JiraStatusRef => ({
  id: name,
  name,
  statusCategory: cat(key, categoryName),
});
const calendar = { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-12-24'] };

describe('waiting status names (ITSM-aware defaults)', () => {
  it.each([
    'Wartet auf Kunde',
    'Warten auf Lieferant',
    'Waiting for customer',
    'Pending',
    'On hold',
    'On-Hold',
    'Awaiting approval',
  ])('%s is waiting', (name) => {
    expect(isWaitingStatusName(name)).toBe(true);
  });
  it.each(['In Bearbeitung', 'In Progress', 'Review', 'Neu', 'Erwartet Freigabe'])(
    '%s is not waiting',
    (name) => {
      expect(isWaitingStatusName(name)).toBe(false);
    },
  );
});

describe('deriveDefaultMapping', () => {
  it('makes a service desk workflow a backlog stage, one stage per work status with waiting kinds, reopened in the first active stage, and a done stage', () => {
    const mapping = deriveDefaultMapping([
      status('Neu', 'new', 'Aufgaben'),
      status('In Bearbeitung', 'indeterminate'),
      status('Wartet auf Kunde', 'indeterminate'),
      status('Gelöst', 'done', 'Fertig'),
      status('Geschlossen', 'done', 'Fertig'),
      status('Wieder geöffnet', 'indeterminate'),
      status('neu', 'new'), // the same status from another issue type's workflow
    ]);
    expect(mapping).toEqual({
      stages: [
        { name: 'Aufgaben', kind: 'backlog', statuses: ['Neu'] },
        { name: 'In Bearbeitung', kind: 'active', statuses: ['In Bearbeitung', 'Wieder geöffnet'] },
        { name: 'Wartet auf Kunde', kind: 'waiting', statuses: ['Wartet auf Kunde'] },
        { name: 'Fertig', kind: 'done', statuses: ['Gelöst', 'Geschlossen'] },
      ],
      startStage: 'In Bearbeitung',
      doneStage: 'Fertig',
    });
    expect(() => {
      validateMapping(mapping);
    }).not.toThrow();
  });

  it('moves a waiting status listed before the first active one behind it, so the start point is active', () => {
    const mapping = deriveDefaultMapping([
      status('Pending', 'indeterminate'),
      status('Doing', 'indeterminate'),
      status('Closed', 'done', 'Done'),
    ]);
    expect(mapping.stages.map((s) => `${s.name}:${s.kind}`)).toEqual([
      'Doing:active',
      'Pending:waiting',
      'Done:done',
    ]);
    expect(mapping.startStage).toBe('Doing');
  });

  it('adds empty active and done stages when the project has none, and keeps names unique', () => {
    const mapping = deriveDefaultMapping([status('Done', 'new', 'Done')]);
    expect(mapping.stages.map((s) => s.name)).toEqual(['Done', 'In Progress', 'Done (2)']);
    expect(mapping.startStage).toBe('In Progress');
    expect(mapping.doneStage).toBe('Done (2)');
    expect(() => {
      validateMapping(mapping);
    }).not.toThrow();
  });

  it('leaves statuses without a category unmapped and lists them', () => {
    const statuses = [status('Open', 'new'), { id: '9', name: 'Legacy' }];
    const mapping = deriveDefaultMapping(statuses);
    expect(
      unmappedStatuses(
        [
          { id: '1', name: 'Open', categoryKey: 'new', categoryName: null },
          { id: '9', name: 'Legacy', categoryKey: null, categoryName: null },
        ],
        mapping,
      ),
    ).toEqual(['Legacy']);
  });
});

describe('findSettingsProblems', () => {
  const good: WorkflowMapping = {
    stages: [
      { name: 'Backlog', kind: 'backlog', statuses: ['Open'] },
      { name: 'Work', kind: 'active', statuses: ['Doing'] },
      { name: 'Done', kind: 'done', statuses: ['Closed'] },
    ],
    startStage: 'Work',
    doneStage: 'Done',
  };

  it('finds nothing wrong with valid settings', () => {
    expect(findSettingsProblems(good, calendar, [50, 85, 95])).toEqual([]);
  });

  it('names a status in two stages, done before start, a done point that is not done, and a bad calendar', () => {
    const bad: WorkflowMapping = {
      stages: [
        { name: 'Done', kind: 'active', statuses: ['Closed'] },
        { name: 'Work', kind: 'active', statuses: ['Doing', 'closed'] },
      ],
      startStage: 'Work',
      doneStage: 'Done',
    };
    const problems = findSettingsProblems(
      bad,
      { timeZone: 'Mars/Olympus', workingWeekdays: [], holidays: ['2026-02-30'] },
      [100],
    );
    expect(problems).toEqual([
      { code: 'status-twice', status: 'closed', stage: 'Work', other: 'Done' },
      { code: 'done-before-start', start: 'Work', done: 'Done' },
      { code: 'done-not-done', stage: 'Done' },
      { code: 'time-zone-unknown', timeZone: 'Mars/Olympus' },
      { code: 'no-working-day' },
      { code: 'holiday-invalid', holiday: '2026-02-30' },
      { code: 'percentile-invalid', percentile: 100 },
    ]);
    expect(problems.map((p) => describeSettingsProblem(p, 'de'))[0]).toBe(
      'Der Status „closed“ steht in „Done“ und in „Work“; ordnen Sie ihn einer Stufe zu.',
    );
    expect(problems.map((p) => describeSettingsProblem(p, 'en'))[1]).toBe(
      'The done point "Done" must come after the start point "Work".',
    );
  });

  it('reports missing and duplicate stage names and unknown start/done points', () => {
    const problems = findSettingsProblems(
      {
        stages: [
          { name: ' ', kind: 'active', statuses: [] },
          { name: 'A', kind: 'active', statuses: [] },
          { name: 'A', kind: 'done', statuses: [] },
        ],
        startStage: 'X',
        doneStage: 'Y',
      },
      calendar,
      [],
    );
    expect(problems.map((p) => p.code)).toEqual([
      'stage-name-empty',
      'stage-name-twice',
      'start-missing',
      'done-missing',
    ]);
    expect(
      findSettingsProblems({ stages: [], startStage: '', doneStage: '' }, calendar, []).map((p) => p.code),
    ).toEqual(['no-stages']);
  });
});

describe('deriveDefaultMapping for any workflow (property)', () => {
  it('is always valid and maps every status with a category exactly once', () => {
    const names = fc.constantFrom(
      'Open',
      'To Do',
      'Done',
      'In Progress',
      'Waiting for customer',
      'Pending',
      'Reopened',
      'Wieder geöffnet',
      'Review',
      'Closed',
      'Resolved',
      'On hold',
      'Wartet auf Kunde',
      'Backlog',
      'In Arbeit',
      'Fertig',
    );
    const statusArb = fc.record({
      name: names,
      category: fc.constantFrom('new', 'indeterminate', 'done', undefined),
      categoryName: fc.constantFrom('To Do', 'In Progress', 'Done', 'Aufgaben', undefined),
    });
    fc.assert(
      fc.property(fc.array(statusArb, { maxLength: 12 }), (list) => {
        const statuses: JiraStatusRef[] = list.map((s) => ({
          name: s.name,
          ...(s.category === undefined
            ? {}
            : {
                statusCategory: {
                  key: s.category,
                  ...(s.categoryName === undefined ? {} : { name: s.categoryName }),
                },
              }),
        }));
        const mapping = deriveDefaultMapping(statuses);
        expect(() => {
          validateMapping(mapping);
        }).not.toThrow();
        expect(findSettingsProblems(mapping, calendar, [50, 85, 95])).toEqual([]);
        const mapped = mapping.stages.flatMap((s) => s.statuses.map((n) => n.toLowerCase()));
        expect(new Set(mapped).size).toBe(mapped.length);
        const firstCategory = new Map<string, string | undefined>();
        for (const s of list)
          if (!firstCategory.has(s.name.toLowerCase())) firstCategory.set(s.name.toLowerCase(), s.category);
        const expected = [...firstCategory].filter(([, c]) => c !== undefined).map(([n]) => n);
        expect([...mapped].sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });
});
