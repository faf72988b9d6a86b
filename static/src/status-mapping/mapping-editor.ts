/**
 * The status-mapping editor's state and every edit as a pure function (no React, no I/O), so the rules — a status
 * is in at most one stage, start and done points follow their stages when stages move or are renamed — are tested
 * without a browser. Start and done points are kept as stage indices while editing and turned into names on save.
 */
import type {
  FlowSettingsValue,
  ProjectStatusView,
  StatusMappingView,
} from '../../../src/contract/status-mapping';
import { type SettingsProblem, type StageKind, findSettingsProblems } from '../../../src/contract/flow-rules';

export interface EditorStage {
  /** Stable id for React keys and focus (survives renames and moves). */
  readonly id: number;
  readonly name: string;
  readonly kind: StageKind;
  readonly statuses: readonly string[];
}

export interface EditorDraft {
  readonly stages: readonly EditorStage[];
  /** Index of the start (commitment) stage; -1 when none is chosen. */
  readonly startIndex: number;
  /** Index of the done stage; -1 when none is chosen. */
  readonly doneIndex: number;
  readonly timeZone: string;
  readonly workingWeekdays: readonly number[];
  /** Holidays as typed, one `YYYY-MM-DD` per line. */
  readonly holidaysText: string;
  /** Percentiles as typed, comma-separated. */
  readonly percentilesText: string;
  /** Next stage id. */
  readonly nextId: number;
}

export const STAGE_KINDS: readonly StageKind[] = ['backlog', 'active', 'waiting', 'done'];

/** The draft of loaded (or default) settings. */
export function draftOf(settings: FlowSettingsValue): EditorDraft {
  const stages = settings.mapping.stages.map((s, id) => ({
    id,
    name: s.name,
    kind: s.kind,
    statuses: [...s.statuses],
  }));
  return {
    stages,
    startIndex: stages.findIndex((s) => s.name === settings.mapping.startStage),
    doneIndex: stages.findIndex((s) => s.name === settings.mapping.doneStage),
    timeZone: settings.calendar.timeZone,
    workingWeekdays: [...settings.calendar.workingWeekdays],
    holidaysText: settings.calendar.holidays.join('\n'),
    percentilesText: settings.percentiles.join(', '),
    nextId: stages.length,
  };
}

function parseList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The settings a draft saves (start/done as stage names; holidays and percentiles parsed). */
export function settingsOf(draft: EditorDraft): FlowSettingsValue {
  return {
    mapping: {
      stages: draft.stages.map((s) => ({ name: s.name.trim(), kind: s.kind, statuses: [...s.statuses] })),
      startStage: draft.stages[draft.startIndex]?.name.trim() ?? '',
      doneStage: draft.stages[draft.doneIndex]?.name.trim() ?? '',
    },
    calendar: {
      timeZone: draft.timeZone.trim(),
      workingWeekdays: [...draft.workingWeekdays].sort((a, b) => a - b),
      holidays: parseList(draft.holidaysText, /[\s,;]+/),
    },
    percentiles: parseList(draft.percentilesText, /[\s,;]+/).map(Number),
  };
}

/** What keeps the draft from being saved (the same checks the resolver makes). */
export function draftProblems(draft: EditorDraft): SettingsProblem[] {
  const settings = settingsOf(draft);
  return findSettingsProblems(settings.mapping, settings.calendar, settings.percentiles);
}

/** The project's statuses that no stage of the draft holds, in the project's order. */
export function unmappedOf(draft: EditorDraft, statuses: readonly ProjectStatusView[]): string[] {
  const mapped = new Set(draft.stages.flatMap((s) => s.statuses.map((name) => name.toLowerCase())));
  return statuses.map((s) => s.name).filter((name) => !mapped.has(name.toLowerCase()));
}

/** Index shift for start/done when the stage at `from` moves to `to`. */
function followMove(index: number, from: number, to: number): number {
  if (index === from) return to;
  if (from < to && index > from && index <= to) return index - 1;
  if (from > to && index >= to && index < from) return index + 1;
  return index;
}

export type EditorAction =
  | { readonly type: 'add-stage'; readonly name: string }
  | { readonly type: 'remove-stage'; readonly index: number }
  | { readonly type: 'move-stage'; readonly index: number; readonly by: -1 | 1 }
  | { readonly type: 'rename-stage'; readonly index: number; readonly name: string }
  | { readonly type: 'set-kind'; readonly index: number; readonly kind: StageKind }
  /** `to` = stage index, or -1 to leave the status unmapped. */
  | { readonly type: 'move-status'; readonly status: string; readonly to: number }
  | { readonly type: 'set-start'; readonly index: number }
  | { readonly type: 'set-done'; readonly index: number }
  | { readonly type: 'set-time-zone'; readonly timeZone: string }
  | { readonly type: 'toggle-weekday'; readonly weekday: number }
  | { readonly type: 'set-holidays'; readonly text: string }
  | { readonly type: 'set-percentiles'; readonly text: string }
  | { readonly type: 'replace'; readonly draft: EditorDraft };

/**
 * Applies one edit. Removing a stage leaves its statuses unmapped; moving a stage carries the start and done
 * points with it; a status moved to a stage leaves whatever stage held it.
 *
 * @example
 * editDraft(draft, { type: 'move-status', status: 'Review', to: 2 }) // Review now only in stage 2
 */
export function editDraft(draft: EditorDraft, action: EditorAction): EditorDraft {
  switch (action.type) {
    case 'add-stage': {
      const stage: EditorStage = { id: draft.nextId, name: action.name, kind: 'active', statuses: [] };
      // New stages go before the done stage (work happens before done), else at the end.
      const at = draft.doneIndex >= 0 ? draft.doneIndex : draft.stages.length;
      const stages = [...draft.stages.slice(0, at), stage, ...draft.stages.slice(at)];
      return {
        ...draft,
        stages,
        startIndex: draft.startIndex >= at ? draft.startIndex + 1 : draft.startIndex,
        doneIndex: draft.doneIndex >= at ? draft.doneIndex + 1 : draft.doneIndex,
        nextId: draft.nextId + 1,
      };
    }
    case 'remove-stage': {
      if (action.index < 0 || action.index >= draft.stages.length) return draft;
      const shift = (i: number) => (i === action.index ? -1 : i > action.index ? i - 1 : i);
      return {
        ...draft,
        stages: draft.stages.filter((_, i) => i !== action.index),
        startIndex: shift(draft.startIndex),
        doneIndex: shift(draft.doneIndex),
      };
    }
    case 'move-stage': {
      const to = action.index + action.by;
      if (action.index < 0 || to < 0 || to >= draft.stages.length) return draft;
      const stages = [...draft.stages];
      const [moved] = stages.splice(action.index, 1);
      if (moved === undefined) return draft;
      stages.splice(to, 0, moved);
      return {
        ...draft,
        stages,
        startIndex: followMove(draft.startIndex, action.index, to),
        doneIndex: followMove(draft.doneIndex, action.index, to),
      };
    }
    case 'rename-stage':
      return {
        ...draft,
        stages: draft.stages.map((s, i) => (i === action.index ? { ...s, name: action.name } : s)),
      };
    case 'set-kind':
      return {
        ...draft,
        stages: draft.stages.map((s, i) => (i === action.index ? { ...s, kind: action.kind } : s)),
      };
    case 'move-status': {
      const lower = action.status.toLowerCase();
      return {
        ...draft,
        stages: draft.stages.map((s, i) => {
          const without = s.statuses.filter((name) => name.toLowerCase() !== lower);
          return i === action.to
            ? { ...s, statuses: [...without, action.status] }
            : { ...s, statuses: without };
        }),
      };
    }
    case 'set-start':
      return { ...draft, startIndex: action.index };
    case 'set-done':
      return { ...draft, doneIndex: action.index };
    case 'set-time-zone':
      return { ...draft, timeZone: action.timeZone };
    case 'toggle-weekday':
      return {
        ...draft,
        workingWeekdays: draft.workingWeekdays.includes(action.weekday)
          ? draft.workingWeekdays.filter((d) => d !== action.weekday)
          : [...draft.workingWeekdays, action.weekday].sort((a, b) => a - b),
      };
    case 'set-holidays':
      return { ...draft, holidaysText: action.text };
    case 'set-percentiles':
      return { ...draft, percentilesText: action.text };
    case 'replace':
      return action.draft;
  }
}

/** Whether the draft differs from what was loaded (so leaving or reloading would lose edits). */
export function isDirty(draft: EditorDraft, loaded: StatusMappingView): boolean {
  return JSON.stringify(settingsOf(draft)) !== JSON.stringify(settingsOf(draftOf(loaded)));
}
