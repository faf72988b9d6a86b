/**
 * The panel's state and how loading and saving change it, as a pure reducer plus two async steps that call the
 * resolvers. Lost-update protection: every save sends the `version` the record was loaded with; on `conflict` the
 * user's input stays in the form, nothing is overwritten, and only "Reload" discards it.
 */
import type { CsiErrorCode, CsiRecordView, CsiResult, SaveCsiRecordRequest } from '../../../src/contract/csi';
import type { InvokeCsiRecord } from './csi-api-types';
import {
  draftOf,
  editRecordDraft,
  recordInputOf,
  type DraftEdit,
  type DraftProblem,
  type RecordDraft,
} from './record-draft';

export type LoadState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: CsiErrorCode; readonly detail: string }
  | {
      readonly phase: 'loaded';
      readonly view: CsiRecordView;
      /** The draft of the loaded record (to tell unsaved changes). */
      readonly pristine: RecordDraft;
    };

export type SaveState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'saved' }
  /** The draft breaks a rule checked before sending; nothing was sent. */
  | { readonly phase: 'problems' }
  | { readonly phase: 'failed'; readonly code: CsiErrorCode; readonly detail: string };

export interface PanelState {
  readonly load: LoadState;
  /** What the form shows; null until a record is loaded. */
  readonly draft: RecordDraft | null;
  readonly save: SaveState;
  /** Set by the first attempt to save: from then on problems are shown as the user types. */
  readonly showProblems: boolean;
  /** Save attempts so far (the panel moves the focus after each one). */
  readonly saveAttempts: number;
}

export const INITIAL_PANEL_STATE: PanelState = {
  load: { phase: 'loading' },
  draft: null,
  save: { phase: 'idle' },
  showProblems: false,
  saveAttempts: 0,
};

export type PanelAction =
  | { readonly type: 'load-started' }
  | { readonly type: 'loaded'; readonly result: CsiResult<CsiRecordView>; readonly locale: string }
  | { readonly type: 'edit'; readonly edit: DraftEdit }
  | { readonly type: 'save-blocked'; readonly problems: readonly DraftProblem[] }
  | { readonly type: 'save-started' }
  | { readonly type: 'saved'; readonly result: CsiResult<CsiRecordView>; readonly locale: string };

/** Applies one action (see the module comment for what a failed save keeps). */
export function panelReducer(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'load-started':
      return { ...INITIAL_PANEL_STATE, saveAttempts: state.saveAttempts };
    case 'loaded': {
      if (!action.result.ok)
        return { ...INITIAL_PANEL_STATE, load: { phase: 'error', ...action.result.error } };
      const pristine = draftOf(action.result.value.record, action.locale);
      return {
        load: { phase: 'loaded', view: action.result.value, pristine },
        draft: pristine,
        save: { phase: 'idle' },
        showProblems: false,
        saveAttempts: state.saveAttempts,
      };
    }
    case 'edit': {
      if (state.draft === null || state.save.phase === 'saving') return state;
      // A "saved" confirmation is about the saved state; editing again makes it stale.
      const save = state.save.phase === 'saved' ? { phase: 'idle' as const } : state.save;
      return { ...state, draft: editRecordDraft(state.draft, action.edit), save };
    }
    case 'save-blocked':
      return {
        ...state,
        save: { phase: 'problems' },
        showProblems: true,
        saveAttempts: state.saveAttempts + 1,
      };
    case 'save-started':
      return {
        ...state,
        save: { phase: 'saving' },
        showProblems: true,
        saveAttempts: state.saveAttempts + 1,
      };
    case 'saved': {
      if (state.load.phase !== 'loaded') return state;
      if (action.result.ok) {
        const pristine = draftOf(action.result.value.record, action.locale);
        return {
          load: { phase: 'loaded', view: action.result.value, pristine },
          draft: pristine,
          save: { phase: 'saved' },
          showProblems: false,
          saveAttempts: state.saveAttempts,
        };
      }
      const { code, detail } = action.result.error;
      // Whatever went wrong, the user's input stays. Refused for lack of permission: the form turns read-only.
      const load =
        code === 'forbidden' ? { ...state.load, view: { ...state.load.view, canEdit: false } } : state.load;
      return { ...state, load, save: { phase: 'failed', code, detail } };
    }
  }
}

/** The save request of a draft (with the version it was loaded with), or the problems that block it. */
export function saveRequestOf(
  view: CsiRecordView,
  draft: RecordDraft,
):
  | { readonly ok: true; readonly request: SaveCsiRecordRequest }
  | { readonly ok: false; readonly problems: DraftProblem[] } {
  const input = recordInputOf(draft);
  if (!input.ok) return input;
  return {
    ok: true,
    request: { issueKey: view.issueKey, record: input.input, expectedVersion: view.version },
  };
}

/** Loads the record of `issueKey` (null: the panel has no issue in its context). */
export async function loadRecord(
  invoke: InvokeCsiRecord,
  issueKey: string | null,
  locale: string,
): Promise<PanelAction> {
  if (issueKey === null) {
    return {
      type: 'loaded',
      result: { ok: false, error: { code: 'not-found', detail: 'no issue in the view context' } },
      locale,
    };
  }
  return { type: 'loaded', result: await invoke('getCsiRecord', { issueKey }), locale };
}

/**
 * Saves the draft: checks it first (nothing is sent while it breaks a rule), then calls `saveCsiRecord` with
 * `expectedVersion`. Returns the action describing the outcome; `onSending` runs just before the call.
 */
export async function saveRecord(
  invoke: InvokeCsiRecord,
  view: CsiRecordView,
  draft: RecordDraft,
  locale: string,
  onSending: () => void = () => undefined,
): Promise<PanelAction> {
  const request = saveRequestOf(view, draft);
  if (!request.ok) return { type: 'save-blocked', problems: request.problems };
  onSending();
  return { type: 'saved', result: await invoke('saveCsiRecord', request.request), locale };
}
