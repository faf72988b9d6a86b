/**
 * Form fields of the OKR page's dialogs: a label above its control, the field's error under it (tied to the
 * control with `aria-describedby` and `aria-invalid`), and the period fields (quarter or custom dates, time zone)
 * the objective and the key result's baseline share.
 */
import { useId, type ReactNode } from 'react';
import type { UiI18n } from '../i18n/load';
import type { PeriodDraft } from './okr-model';

/** Per field the text to show under it (already translated, or the resolver's detail). */
export type ShownErrors = Readonly<Record<string, string>>;

interface FieldShell {
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
}

function Shell({
  id,
  label,
  error,
  hint,
  children,
}: FieldShell & { readonly id: string; readonly children: ReactNode }) {
  return (
    <div className="field okr-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint !== undefined && (
        <span id={`${id}-hint`} className="subtle okr-hint">
          {hint}
        </span>
      )}
      {error !== undefined && (
        <span id={`${id}-error`} className="okr-field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(
    (value) => value !== null,
  );
  return ids.length === 0 ? undefined : ids.join(' ');
}

export function TextField({
  label,
  error,
  hint,
  value,
  onChange,
  name,
  inputMode,
  type = 'text',
  required = false,
}: FieldShell & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly name: string;
  readonly inputMode?: 'decimal' | 'text';
  readonly type?: 'text' | 'date';
  readonly required?: boolean;
}) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        inputMode={inputMode}
        required={required}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </Shell>
  );
}

export function TextAreaField({
  label,
  error,
  value,
  onChange,
  name,
}: FieldShell & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly name: string;
}) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error}>
      <textarea
        id={id}
        name={name}
        rows={3}
        value={value}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(id, error)}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </Shell>
  );
}

export function SelectField<V extends string>({
  label,
  error,
  hint,
  value,
  options,
  onChange,
  name,
}: FieldShell & {
  readonly value: V;
  readonly options: readonly { readonly value: V; readonly text: string }[];
  readonly onChange: (value: V) => void;
  readonly name: string;
}) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint}>
      <select
        id={id}
        name={name}
        value={value}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen !== undefined) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/**
 * A quarter or custom dates in an IANA time zone. `prefix` names the fields in the error map (`''` for the
 * objective's period: `quarter`, `startDate`…; `baseline` for a baseline: `baselineQuarter`…).
 */
export function PeriodFields({
  legend,
  draft,
  onChange,
  errors,
  prefix,
  i18n,
}: {
  readonly legend: string;
  readonly draft: PeriodDraft;
  readonly onChange: (draft: PeriodDraft) => void;
  readonly errors: ShownErrors;
  readonly prefix: '' | 'baseline';
  readonly i18n: UiI18n;
}) {
  const { t } = i18n;
  const name = (field: string): string =>
    prefix === '' ? field : `${prefix}${field.slice(0, 1).toUpperCase()}${field.slice(1)}`;
  return (
    <fieldset className="okr-fieldset">
      <legend>{legend}</legend>
      <div className="field-row">
        <SelectField
          name={name('kind')}
          label={t('okrPage.period.kind')}
          value={draft.kind}
          options={[
            { value: 'quarter', text: t('okrPage.period.quarterKind') },
            { value: 'custom', text: t('okrPage.period.customKind') },
          ]}
          onChange={(kind) => {
            onChange({ ...draft, kind });
          }}
        />
        {draft.kind === 'quarter' ? (
          <TextField
            name={name('quarter')}
            label={t('okrPage.period.quarter')}
            hint={t('okrPage.period.quarterHint')}
            value={draft.quarter}
            error={errors[name('quarter')]}
            onChange={(quarter) => {
              onChange({ ...draft, quarter });
            }}
          />
        ) : (
          <>
            <TextField
              name={name('startDate')}
              type="date"
              label={t('okrPage.period.startDate')}
              value={draft.startDate}
              error={errors[name('startDate')]}
              onChange={(startDate) => {
                onChange({ ...draft, startDate });
              }}
            />
            <TextField
              name={name('endDate')}
              type="date"
              label={t('okrPage.period.endDate')}
              value={draft.endDate}
              error={errors[name('endDate')]}
              onChange={(endDate) => {
                onChange({ ...draft, endDate });
              }}
            />
          </>
        )}
        <TextField
          name={name('timeZone')}
          label={t('okrPage.period.timeZone')}
          hint={t('okrPage.period.timeZoneHint')}
          value={draft.timeZone}
          error={errors[name('timeZone')]}
          onChange={(timeZone) => {
            onChange({ ...draft, timeZone });
          }}
        />
      </div>
    </fieldset>
  );
}

/** Translates the form's own problems (`required`, `notANumber`, …) and lays the resolver's field errors over. */
export function shownErrors(
  local: Readonly<Record<string, string>>,
  server: Readonly<Record<string, string>>,
  i18n: UiI18n,
): ShownErrors {
  const shown: Record<string, string> = {};
  for (const [field, problem] of Object.entries(local)) shown[field] = i18n.t(`okrPage.problem.${problem}`);
  for (const [field, message] of Object.entries(server)) if (field !== '') shown[field] = message;
  return shown;
}
