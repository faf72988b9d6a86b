/**
 * What a form of the OKR page shows after a failed save: the resolver's field errors go to the fields (the form
 * does that); here the rest — a conflict with the offer to load the latest version while keeping the input, a
 * closed period, or any other failure with its text and what to do.
 */
import { useEffect, type RefObject } from 'react';
import type { UiI18n } from '../i18n/load';
import { OkrErrorState, type OkrFailure } from './okr-error';

export type SavePhase =
  | { readonly phase: 'editing' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'failed'; readonly failure: OkrFailure }
  /** After a conflict the latest version was loaded: the input is kept, the next save overwrites. */
  | { readonly phase: 'reloaded' };

export function SaveFeedback({
  state,
  i18n,
  onReloadLatest,
  generalError,
}: {
  readonly state: SavePhase;
  readonly i18n: UiI18n;
  /** Loads the latest version of the entity (kept input); absent for a new entity. */
  readonly onReloadLatest?: (() => void) | undefined;
  /** A problem of the `invalid-okr` detail that names no field of the form. */
  readonly generalError?: string | undefined;
}) {
  const { t } = i18n;
  return (
    <div aria-live="polite" className="save-status" data-testid="save-status" tabIndex={-1}>
      {state.phase === 'saving' && (
        <span role="status">
          <span className="spinner" aria-hidden="true" /> {t('okrPage.saving')}
        </span>
      )}
      {state.phase === 'reloaded' && (
        <p className="note" role="status" data-testid="reloaded">
          {t('okrPage.conflict.reloaded')}
        </p>
      )}
      {state.phase === 'failed' && state.failure.code === 'conflict' && (
        <div className="note note-warning" role="alert" data-testid="conflict">
          <p>{t('okrPage.conflict.explained')}</p>
          {onReloadLatest !== undefined && (
            <button type="button" onClick={onReloadLatest}>
              {t('okrPage.conflict.reload')}
            </button>
          )}
        </div>
      )}
      {state.phase === 'failed' && state.failure.code === 'invalid-okr' && (
        <p className="okr-field-error" role="alert" data-testid="invalid">
          {t('okrPage.failure.invalid-okr')}
          {generalError !== undefined && ` ${generalError}`}
        </p>
      )}
      {state.phase === 'failed' &&
        state.failure.code !== 'conflict' &&
        state.failure.code !== 'invalid-okr' && (
          <OkrErrorState failure={state.failure} i18n={i18n} heading={t('okrPage.failure.saveHeading')} />
        )}
    </div>
  );
}

/**
 * After a refused submit, moves the focus to the first field marked invalid in `form`, else to the form's save
 * status: the save button is disabled while saving and drops the focus, and a keyboard or screen-reader user
 * must land on what to fix. `attempt` counts refused submits (a new number focuses again).
 */
export function useFocusOnRefusal(form: RefObject<HTMLFormElement | null>, attempt: number): void {
  useEffect(() => {
    if (attempt === 0 || form.current === null) return;
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>('[data-testid="save-status"]');
    target?.focus();
  }, [form, attempt]);
}
