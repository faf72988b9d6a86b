import {
  draftOf,
  draftProblems,
  editDraft,
  settingsOf,
  unmappedOf,
  type EditorDraft,
} from '../../static/src/status-mapping/mapping-editor';
import type { FlowSettingsValue } from '../../src/contract/status-mapping';

const loaded: FlowSettingsValue = {
  mapping: {
    stages: [
      { name: 'To Do', kind: 'backlog', statuses: ['Neu'] },
      { name: 'In Bearbeitung', kind: 'active', statuses: ['In Bearbeitung', 'Wieder geöffnet'] },
      { name: 'Wartet auf Kunde', kind: 'waiting', statuses: ['Wartet auf Kunde'] },
      { name: 'Done', kind: 'done', statuses: ['Gelöst', 'Geschlossen'] },
    ],
    startStage: 'In Bearbeitung',
    doneStage: 'Done',
  },
  calendar: { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-12-24'] },
  percentiles: [50, 85, 95],
};

const apply = (draft: EditorDraft, ...actions: Parameters<typeof editDraft>[1][]) =>
  actions.reduce(editDraft, draft);

describe('status-mapping editor', () => {
  it('round-trips loaded settings unchanged', () => {
    expect(settingsOf(draftOf(loaded))).toEqual(loaded);
    expect(draftProblems(draftOf(loaded))).toEqual([]);
  });

  it('moves a status between stages so it is only in the target stage, or leaves it unmapped', () => {
    const draft = apply(draftOf(loaded), { type: 'move-status', status: 'Wieder geöffnet', to: 2 });
    expect(settingsOf(draft).mapping.stages.map((s) => s.statuses)).toEqual([
      ['Neu'],
      ['In Bearbeitung'],
      ['Wartet auf Kunde', 'Wieder geöffnet'],
      ['Gelöst', 'Geschlossen'],
    ]);
    const unmapped = apply(draft, { type: 'move-status', status: 'Neu', to: -1 });
    expect(
      unmappedOf(unmapped, [
        { id: '1', name: 'Neu', categoryKey: 'new' },
        { id: '2', name: 'Gelöst', categoryKey: 'done' },
      ]),
    ).toEqual(['Neu']);
  });

  it('carries start and done points with moved, renamed and added stages', () => {
    const draft = apply(
      draftOf(loaded),
      { type: 'move-stage', index: 1, by: 1 }, // In Bearbeitung below Wartet auf Kunde
      { type: 'rename-stage', index: 2, name: 'Arbeit' },
      { type: 'add-stage', name: 'Review' }, // inserted before the done stage
    );
    const settings = settingsOf(draft);
    expect(settings.mapping.stages.map((s) => s.name)).toEqual([
      'To Do',
      'Wartet auf Kunde',
      'Arbeit',
      'Review',
      'Done',
    ]);
    expect(settings.mapping.startStage).toBe('Arbeit');
    expect(settings.mapping.doneStage).toBe('Done');
    expect(draftProblems(draft)).toEqual([]);
  });

  it('removing the start stage leaves its statuses unmapped and asks for a start point', () => {
    const draft = apply(draftOf(loaded), { type: 'remove-stage', index: 1 });
    expect(draft.startIndex).toBe(-1);
    expect(draft.doneIndex).toBe(2);
    expect(draftProblems(draft).map((p) => p.code)).toEqual(['start-missing']);
  });

  it('parses the calendar and percentiles as typed and reports bad entries', () => {
    const draft = apply(
      draftOf(loaded),
      { type: 'toggle-weekday', weekday: 5 },
      { type: 'toggle-weekday', weekday: 6 },
      { type: 'set-holidays', text: '2026-12-24\n 2026-12-31 \n\n24.12.2026' },
      { type: 'set-percentiles', text: '50, 70,95' },
    );
    const settings = settingsOf(draft);
    expect(settings.calendar.workingWeekdays).toEqual([1, 2, 3, 4, 6]);
    expect(settings.calendar.holidays).toEqual(['2026-12-24', '2026-12-31', '24.12.2026']);
    expect(settings.percentiles).toEqual([50, 70, 95]);
    expect(draftProblems(draft)).toEqual([{ code: 'holiday-invalid', holiday: '24.12.2026' }]);
  });
});
