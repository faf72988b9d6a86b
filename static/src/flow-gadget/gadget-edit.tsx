/**
 * The flow gadget's edit view: scope (a project, or JQL with an optional project for its mapping), metric,
 * percentile, period, refresh interval and title. Saves through `saveGadgetConfig` (optimistic concurrency: a
 * conflict offers to load the other change or overwrite it), then hands the configuration to the host
 * (`view.submit` in Jira) so the dashboard shows the view. Independent of the Forge module, like `FlowGadget`.
 */
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { GadgetConfig, GadgetConfigAnswer, SaveGadgetConfigAnswer } from '../../../src/contract/gadget';
import type { ResolverResult } from '../../../src/contract/resolvers';
import type { UiI18n } from '../i18n/load';
import {
  ConfigSaveLine,
  saveConfigWithVersion,
  useEditedConfigForm,
  type ConfigSaveMessage,
} from '../shared/config-save';
import { LoadingState } from '../shared/loading-state';
import { FlowErrorState } from '../project-page/flow-error';
import {
  configOf,
  defaultGadgetConfig,
  formOf,
  gadgetMetrics,
  gadgetPercentiles,
  gadgetPeriods,
  gadgetRefreshMinutes,
  usesPercentile,
  type GadgetForm,
  type GadgetFormError,
} from './gadget-model';

export interface GadgetEditApi {
  readonly getConfig: () => Promise<ResolverResult<GadgetConfigAnswer>>;
  readonly saveConfig: (
    config: GadgetConfig,
    expectedVersion: number | null,
  ) => Promise<ResolverResult<SaveGadgetConfigAnswer>>;
}

export interface FlowGadgetEditProps {
  readonly api: GadgetEditApi;
  readonly i18n: UiI18n;
  /** A project the host knows (the dashboard's context), used as the default scope. */
  readonly defaultProjectKey: string | null;
  /** Hands the saved configuration to the host (Jira: `view.submit(config)`). */
  readonly onSaved: (config: GadgetConfig) => Promise<void> | void;
  readonly onCancel?: () => void;
}

type EditState =
  | { readonly phase: 'loading' }
  | {
      readonly phase: 'error';
      readonly code: 'invalid-payload' | 'not-found' | 'forbidden' | 'jira-unavailable' | 'internal';
      readonly detail: string;
    }
  | { readonly phase: 'editing'; readonly version: number | null };

export function FlowGadgetEdit({ api, i18n, defaultProjectKey, onSaved, onCancel }: FlowGadgetEditProps) {
  const { t } = i18n;
  const [state, setState] = useState<EditState>({ phase: 'loading' });
  const { form, setForm, setErrors, update, invalid } = useEditedConfigForm<GadgetForm, GadgetFormError>(() =>
    formOf(defaultGadgetConfig(defaultProjectKey)),
  );
  const [message, setMessage] = useState<ConfigSaveMessage<GadgetConfig> | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    // The invoke never rejects: a failed bridge call arrives as an `internal` error like a resolver's own.
    void api.getConfig().then((result) => {
      if (!current) return;
      if (!result.ok) {
        setState({ phase: 'error', ...result.error });
        return;
      }
      if (result.value.config !== null) setForm(formOf(result.value.config));
      setState({ phase: 'editing', version: result.value.version });
    });
    return () => {
      current = false;
    };
  }, [api, attempt]);

  if (state.phase === 'loading') return <LoadingState label={t('gadget.loading')} />;
  if (state.phase === 'error')
    return (
      <FlowErrorState
        area="gadget"
        code={state.code}
        detail={state.detail}
        i18n={i18n}
        onRetry={() => {
          setAttempt((n) => n + 1);
        }}
      />
    );

  const save = async (version: number | null): Promise<void> => {
    const checked = configOf(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    try {
      const saved = await saveConfigWithVersion({
        save: () => api.saveConfig(checked.config, version),
        texts: {
          saving: t('gadget.edit.saving'),
          conflict: t('gadget.edit.conflict'),
          forbidden: t('gadget.edit.forbidden'),
          error: (code, detail) =>
            `${t(`gadget.error.${code}`)}${code === 'invalid-payload' ? ` ${detail}` : ''}`,
        },
        setMessage,
        setVersion: (next) => {
          setState({ phase: 'editing', version: next });
        },
      });
      if (saved) await onSaved(checked.config);
    } catch (error) {
      setMessage({ kind: 'error', text: `${t('gadget.error.internal')} (${String(error)})` });
    }
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    void save(state.version);
  };

  return (
    <form
      className="gadget-edit"
      onSubmit={submit}
      aria-labelledby="gadget-edit-heading"
      data-testid="gadget-edit"
    >
      <h2 id="gadget-edit-heading">{t('gadget.edit.heading')}</h2>
      <fieldset>
        <legend>{t('gadget.edit.scope')}</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="scope"
            checked={form.scopeKind === 'project'}
            onChange={() => {
              update({ scopeKind: 'project' });
            }}
          />
          {t('gadget.scope.project')}
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="scope"
            checked={form.scopeKind === 'jql'}
            onChange={() => {
              update({ scopeKind: 'jql' });
            }}
          />
          {t('gadget.scope.jql')}
        </label>
        <label>
          {t(form.scopeKind === 'project' ? 'gadget.edit.projectKey' : 'gadget.edit.projectKeyOptional')}
          <input
            type="text"
            value={form.projectKey}
            autoCapitalize="characters"
            aria-invalid={invalid('projectKey')}
            aria-describedby="gadget-project-help"
            onChange={(event) => {
              update({ projectKey: event.target.value });
            }}
          />
        </label>
        <p id="gadget-project-help" className={invalid('projectKey') ? 'field-error' : 'subtle'}>
          {t(invalid('projectKey') ? 'gadget.edit.projectKeyInvalid' : 'gadget.edit.projectKeyHelp')}
        </p>
        {form.scopeKind === 'jql' && (
          <label>
            {t('gadget.edit.jql')}
            <textarea
              rows={3}
              value={form.jql}
              aria-invalid={invalid('jql')}
              aria-describedby="gadget-jql-help"
              onChange={(event) => {
                update({ jql: event.target.value });
              }}
            />
            <span id="gadget-jql-help" className={invalid('jql') ? 'field-error' : 'subtle'}>
              {t(invalid('jql') ? 'gadget.edit.jqlInvalid' : 'gadget.edit.jqlHelp')}
            </span>
          </label>
        )}
      </fieldset>
      <label>
        {t('gadget.edit.metric')}
        <select
          value={form.metric}
          onChange={(event) => {
            update({ metric: gadgetMetrics.find((m) => m === event.target.value) ?? form.metric });
          }}
        >
          {gadgetMetrics.map((metric) => (
            <option key={metric} value={metric}>
              {t(`gadget.metric.${metric}`)}
            </option>
          ))}
        </select>
      </label>
      {usesPercentile(form.metric) && (
        <label>
          {t('gadget.edit.percentile')}
          <select
            value={form.percentile}
            onChange={(event) => {
              update({ percentile: Number(event.target.value) });
            }}
          >
            {gadgetPercentiles.map((percentile) => (
              <option key={percentile} value={percentile}>
                {percentile} %
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('gadget.edit.period')}
        <select
          value={form.periodDays}
          onChange={(event) => {
            update({ periodDays: Number(event.target.value) });
          }}
        >
          {gadgetPeriods.map((days) => (
            <option key={days} value={days}>
              {t('gadget.edit.periodDays', { days })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('gadget.edit.refresh')}
        <select
          value={form.refreshMinutes}
          onChange={(event) => {
            update({ refreshMinutes: Number(event.target.value) });
          }}
        >
          {gadgetRefreshMinutes.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes === 0 ? t('gadget.edit.refreshNever') : t('gadget.edit.refreshMinutes', { minutes })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('gadget.edit.title')}
        <input
          type="text"
          value={form.title}
          maxLength={80}
          aria-invalid={invalid('title')}
          onChange={(event) => {
            update({ title: event.target.value });
          }}
        />
      </label>
      <ConfigSaveLine message={message} />
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={message?.kind === 'saving'}>
          {t(message?.kind === 'conflict' ? 'gadget.edit.overwrite' : 'gadget.edit.save')}
        </button>
        {message?.kind === 'conflict' && (
          <button
            type="button"
            onClick={() => {
              setMessage(null);
              setState({ phase: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('gadget.edit.reload')}
          </button>
        )}
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            {t('gadget.edit.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
