/**
 * The OKR gadget's edit view: period (the current quarter, moving on by itself, or a fixed period the app knows
 * OKRs for), an optional project filter, the layout (compact or detailed) and an optional title. Saves through
 * `saveOkrGadgetConfig` with the loaded version: a conflict says so and offers to overwrite or to take the other
 * change (the answer carries it). Then hands the configuration to the host (`view.submit` in Jira).
 */
import { useEffect, useId, useMemo, useState, type SyntheticEvent } from 'react';
import type {
  OkrErrorCode,
  OkrGadgetConfig,
  OkrGadgetView,
  OkrOverview,
  OkrPeriodOption,
  OkrResult,
  SaveOkrGadgetConfigAnswer,
} from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import {
  ConfigSaveLine,
  saveConfigWithVersion,
  useEditedConfigForm,
  type ConfigSaveMessage,
} from '../shared/config-save';
import { LoadingState } from '../shared/loading-state';
import {
  calendarDayFormatter,
  DEFAULT_OKR_GADGET_CONFIG,
  OKR_GADGET_TITLE_MAX,
  okrConfigOf,
  okrFormOf,
  periodChoices,
  periodKeyLabel,
  periodLabel,
  type OkrGadgetForm,
  type OkrGadgetFormError,
} from './okr-gadget-model';
import { OkrErrorState, okrErrorText } from './okr-parts';

export interface OkrGadgetEditApi {
  /** The gadget's configuration and version (and, once configured, its period's overview with the periods). */
  readonly getGadget: () => Promise<OkrResult<OkrGadgetView>>;
  /** The current quarter's overview, for the list of periods when the gadget has none yet. */
  readonly getOverview: () => Promise<OkrResult<OkrOverview>>;
  readonly saveConfig: (
    config: OkrGadgetConfig,
    expectedVersion: number | null,
  ) => Promise<OkrResult<SaveOkrGadgetConfigAnswer>>;
}

export interface OkrGadgetEditProps {
  readonly api: OkrGadgetEditApi;
  readonly i18n: UiI18n;
  /** A project the host knows (the dashboard's context): the default project filter of a new gadget. */
  readonly defaultProjectKey: string | null;
  /** Hands the saved configuration to the host (Jira: `view.submit(config)`). */
  readonly onSaved: (config: OkrGadgetConfig) => Promise<void> | void;
  readonly onCancel?: () => void;
}

type EditState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: OkrErrorCode; readonly detail: string }
  | {
      readonly phase: 'editing';
      readonly version: number | null;
      /** Null when the periods could not be loaded (the current quarter is still offered). */
      readonly periods: readonly OkrPeriodOption[] | null;
    };

/** Loads the configuration and the periods to offer. */
async function loadEditState(
  api: OkrGadgetEditApi,
): Promise<{ state: EditState; config: OkrGadgetConfig | null }> {
  const gadget = await api.getGadget();
  if (!gadget.ok) return { state: { phase: 'error', ...gadget.error }, config: null };
  const { config, version, overview } = gadget.value;
  let periods: readonly OkrPeriodOption[] | null = overview?.periods ?? null;
  if (periods === null) {
    const current = await api.getOverview();
    periods = current.ok ? current.value.periods : null;
  }
  return { state: { phase: 'editing', version, periods }, config };
}

/** The period option's text: with its number of objectives (one or many), and whether it is closed. */
function periodOptionKey(option: OkrPeriodOption): string {
  const key = option.closed ? 'okrGadget.edit.periodClosed' : 'okrGadget.edit.periodOption';
  return option.objectiveCount === 1 ? `${key}.one` : key;
}

export function OkrGadgetEdit({ api, i18n, defaultProjectKey, onSaved, onCancel }: OkrGadgetEditProps) {
  const { t } = i18n;
  const ids = useId();
  const [state, setState] = useState<EditState>({ phase: 'loading' });
  const { form, setForm, setErrors, update, invalid } = useEditedConfigForm<
    OkrGadgetForm,
    OkrGadgetFormError
  >(() =>
    okrFormOf(
      defaultProjectKey === null
        ? DEFAULT_OKR_GADGET_CONFIG
        : { ...DEFAULT_OKR_GADGET_CONFIG, projectKey: defaultProjectKey },
    ),
  );
  const [message, setMessage] = useState<ConfigSaveMessage<OkrGadgetConfig> | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formatDate = useMemo(() => calendarDayFormatter(i18n.formattingLocale), [i18n]);

  useEffect(() => {
    let current = true;
    void loadEditState(api).then(({ state: next, config }) => {
      if (!current) return;
      if (config !== null) setForm(okrFormOf(config));
      setState(next);
    });
    return () => {
      current = false;
    };
  }, [api, attempt]);

  if (state.phase === 'loading') return <LoadingState label={t('okrGadget.loading')} />;
  if (state.phase === 'error')
    return (
      <div className="gadget">
        <OkrErrorState
          heading={t('okrGadget.edit.loadError')}
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          onRetry={() => {
            setState({ phase: 'loading' });
            setAttempt((n) => n + 1);
          }}
        />
      </div>
    );

  const save = async (version: number | null): Promise<void> => {
    const checked = okrConfigOf(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    const saved = await saveConfigWithVersion({
      save: () => api.saveConfig(checked.config, version),
      texts: {
        saving: t('okrGadget.edit.saving'),
        conflict: t('okrGadget.edit.conflict'),
        forbidden: t('okrGadget.edit.forbidden'),
        error: (code, detail) => okrErrorText(code, detail, i18n),
      },
      setMessage,
      setVersion: (next) => {
        setState({ ...state, version: next });
      },
    });
    if (saved) await onSaved(checked.config);
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    void save(state.version);
  };
  const choices = periodChoices(state.periods ?? [], form.periodKey);

  return (
    <form
      className="gadget-edit"
      onSubmit={submit}
      aria-labelledby={`${ids}-heading`}
      data-testid="okr-gadget-edit"
    >
      <h2 id={`${ids}-heading`}>{t('okrGadget.edit.heading')}</h2>
      <label>
        {t('okrGadget.edit.period')}
        <select
          value={form.periodKey}
          onChange={(event) => {
            update({ periodKey: event.target.value });
          }}
        >
          <option value="">{t('okrGadget.edit.periodCurrent')}</option>
          {choices.map(({ periodKey, option }) => (
            <option key={periodKey} value={periodKey}>
              {option === null
                ? periodKeyLabel(periodKey)
                : t(periodOptionKey(option), {
                    period: periodLabel(option.period, formatDate),
                    count: option.objectiveCount,
                  })}
            </option>
          ))}
        </select>
      </label>
      {state.periods === null && <p className="subtle">{t('okrGadget.edit.periodsUnavailable')}</p>}
      <label>
        {t('okrGadget.edit.projectKey')}
        <input
          type="text"
          value={form.projectKey}
          autoCapitalize="characters"
          aria-invalid={invalid('projectKey')}
          aria-describedby={`${ids}-project-help`}
          onChange={(event) => {
            update({ projectKey: event.target.value });
          }}
        />
      </label>
      <p id={`${ids}-project-help`} className={invalid('projectKey') ? 'field-error' : 'subtle'}>
        {t(invalid('projectKey') ? 'okrGadget.edit.projectKeyInvalid' : 'okrGadget.edit.projectKeyHelp')}
      </p>
      <fieldset>
        <legend>{t('okrGadget.edit.layout')}</legend>
        {(['compact', 'detailed'] as const).map((layout) => (
          <label key={layout} className="checkbox">
            <input
              type="radio"
              name={`${ids}-layout`}
              value={layout}
              checked={form.layout === layout}
              onChange={() => {
                update({ layout });
              }}
            />
            {t(`okrGadget.edit.layout.${layout}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('okrGadget.edit.title')}
        <input
          type="text"
          value={form.title}
          maxLength={OKR_GADGET_TITLE_MAX}
          aria-invalid={invalid('title')}
          aria-describedby={invalid('title') ? `${ids}-title-error` : undefined}
          onChange={(event) => {
            update({ title: event.target.value });
          }}
        />
      </label>
      {invalid('title') && (
        <p id={`${ids}-title-error`} className="field-error">
          {t('okrGadget.edit.titleInvalid', { max: OKR_GADGET_TITLE_MAX })}
        </p>
      )}
      <ConfigSaveLine message={message} />
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={message?.kind === 'saving'}>
          {t(message?.kind === 'conflict' ? 'okrGadget.edit.overwrite' : 'okrGadget.edit.save')}
        </button>
        {message?.kind === 'conflict' && (
          <button
            type="button"
            onClick={() => {
              if (message.theirs !== null) setForm(okrFormOf(message.theirs));
              setErrors([]);
              setMessage(null);
            }}
          >
            {t('okrGadget.edit.takeTheirs')}
          </button>
        )}
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            {t('okrGadget.edit.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
