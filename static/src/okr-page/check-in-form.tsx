/**
 * The check-in form of a key result: value (in its unit), confidence 0–10 (a slider, or none), a note, and an
 * optional earlier day for backdating. Checked before sending (number, range, not in the future, not before the
 * period); the resolver's `invalid-okr` detail is shown at the fields.
 */
import { useId, useState } from 'react';
import type { CheckInAnswer, KeyResultView } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { TextAreaField, TextField } from './okr-fields';
import type { OkrInvoke } from './okr-invoke';
import { useFormSubmit } from './form-submit';
import { checkInRequestOf, type CheckInDraft } from './okr-model';
import { SaveFeedback } from './save-feedback';

export function CheckInForm({
  view,
  invoke,
  i18n,
  today,
  periodStart,
  onCheckedIn,
}: {
  readonly view: KeyResultView;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** `YYYY-MM-DD` in the viewer's zone. */
  readonly today: string;
  readonly periodStart: string | null;
  readonly onCheckedIn: (answer: CheckInAnswer) => void;
}) {
  const { t } = i18n;
  const kr = view.keyResult;
  const empty: CheckInDraft = {
    value: '',
    confidence: view.confidence === null ? '' : String(view.confidence),
    note: '',
    date: '',
  };
  const [draft, setDraft] = useState<CheckInDraft>(empty);
  const { errors, formRef, phase, generalError, saved, submit } = useFormSubmit({
    i18n,
    fields: ['value', 'confidence', 'note', 'atMs', 'date'],
    check: () => {
      const built = checkInRequestOf(kr.id, draft, today, periodStart);
      return built.ok ? { ok: true, value: built.request } : built;
    },
    send: (request) => invoke('checkInKeyResult', request),
    onSent: (answer) => {
      setDraft({ ...empty, confidence: draft.confidence });
      onCheckedIn(answer);
    },
    stays: true,
  });
  const confidenceId = useId();
  const withConfidence = draft.confidence !== '';

  return (
    <form
      ref={formRef}
      className="stack okr-form okr-check-in"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h4>{t('okrPage.checkIn.heading')}</h4>
      <div className="field-row">
        <TextField
          name="value"
          inputMode="decimal"
          label={
            kr.unit.trim() === ''
              ? t('okrPage.checkIn.value')
              : t('okrPage.checkIn.valueIn', { unit: kr.unit })
          }
          value={draft.value}
          error={errors['value']}
          onChange={(value) => {
            setDraft({ ...draft, value });
          }}
        />
        <div className="field okr-field">
          <span className="field-label" id={`${confidenceId}-label`}>
            {t('okrPage.checkIn.confidence')}
          </span>
          <label className="okr-inline">
            <input
              type="checkbox"
              checked={withConfidence}
              onChange={(event) => {
                setDraft({ ...draft, confidence: event.target.checked ? '5' : '' });
              }}
            />
            {t('okrPage.checkIn.giveConfidence')}
          </label>
          {withConfidence && (
            <span className="okr-inline">
              <input
                id={confidenceId}
                name="confidence"
                type="range"
                min={0}
                max={10}
                step={1}
                value={draft.confidence}
                aria-labelledby={`${confidenceId}-label`}
                aria-valuetext={t('okrPage.checkIn.confidenceValue', { confidence: draft.confidence })}
                aria-invalid={errors['confidence'] === undefined ? undefined : true}
                onChange={(event) => {
                  setDraft({ ...draft, confidence: event.target.value });
                }}
              />
              <output htmlFor={confidenceId} data-testid="confidence-output">
                {t('okrPage.checkIn.confidenceValue', { confidence: draft.confidence })}
              </output>
            </span>
          )}
          {errors['confidence'] !== undefined && (
            <span className="okr-field-error">{errors['confidence']}</span>
          )}
        </div>
        <TextField
          name="date"
          type="date"
          label={t('okrPage.checkIn.date')}
          hint={t('okrPage.checkIn.dateHint')}
          value={draft.date}
          error={errors['date'] ?? errors['atMs']}
          onChange={(date) => {
            setDraft({ ...draft, date });
          }}
        />
      </div>
      <TextAreaField
        name="note"
        label={t('okrPage.checkIn.note')}
        value={draft.note}
        error={errors['note']}
        onChange={(note) => {
          setDraft({ ...draft, note });
        }}
      />
      <div className="okr-form-actions">
        <button type="submit" className="button-primary" disabled={phase.phase === 'saving'}>
          {t('okrPage.checkIn.submit')}
        </button>
      </div>
      {saved && (
        <p className="state-success" role="status" data-testid="checked-in">
          {t('okrPage.checkIn.done')}
        </p>
      )}
      <SaveFeedback state={phase} i18n={i18n} generalError={generalError} />
    </form>
  );
}
