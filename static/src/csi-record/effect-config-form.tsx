/**
 * The effect check's configuration form: what is measured (flow lead or cycle time, issue count or CSAT of a JQL,
 * or an OKR key result), which way is better, the change date (a day, or the day the improvement entered
 * Verifying), N (days in Verifying, the after window) and B (days before). Problems block saving before anything is
 * sent; the save sends the loaded version, and a `conflict` keeps the user's input and offers to reload.
 */
import { useState } from 'react';
import type { EffectCheckView, EffectTargetKind } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import type { InvokeFeedbackPanel } from './feedback-api-types';
import type { FeedbackFailure } from './feedback-error';
import { FeedbackSaveStatus } from './feedback-save-status';
import {
  EFFECT_DAYS_RANGE,
  EFFECT_PROBLEM_FIELD,
  EFFECT_TARGET_KINDS,
  defaultBetterOf,
  draftOfEffectConfig,
  effectConfigOfDraft,
  type EffectConfigDraft,
  type EffectConfigProblem,
} from './effect-format';

export interface EffectConfigFormProps {
  readonly view: EffectCheckView;
  readonly invoke: InvokeFeedbackPanel;
  readonly i18n: UiI18n;
  /** The view after a successful save. */
  readonly onSaved: (view: EffectCheckView) => void;
  /** Loads the effect check again (discarding the form's input). */
  readonly onReload: () => void;
}

type SaveState =
  | { readonly phase: 'idle' | 'saving' | 'saved' }
  | { readonly phase: 'problems'; readonly problems: readonly EffectConfigProblem[] }
  | { readonly phase: 'failed'; readonly failure: FeedbackFailure };

export function EffectConfigForm({ view, invoke, i18n, onSaved, onReload }: EffectConfigFormProps) {
  const { t } = i18n;
  const [draft, setDraft] = useState<EffectConfigDraft>(() => draftOfEffectConfig(view.config));
  const [save, setSave] = useState<SaveState>({ phase: 'idle' });
  const problems = save.phase === 'problems' ? save.problems : [];
  const invalid = (problem: EffectConfigProblem): true | undefined =>
    problems.includes(problem) ? true : undefined;
  const edit = (patch: Partial<EffectConfigDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    if (save.phase === 'saved') setSave({ phase: 'idle' });
  };
  const disabled = !view.canEdit || save.phase === 'saving';

  const submit = async (): Promise<void> => {
    const checked = effectConfigOfDraft(draft);
    if (!checked.ok) {
      setSave({ phase: 'problems', problems: checked.problems });
      return;
    }
    setSave({ phase: 'saving' });
    const answer = await invoke('saveEffectCheckConfig', {
      issueKey: view.issueKey,
      config: checked.config,
      expectedVersion: view.version,
    });
    if (answer.ok) {
      setSave({ phase: 'saved' });
      onSaved(answer.value);
    } else setSave({ phase: 'failed', failure: answer.error });
  };

  const jqlKind = draft.kind !== 'key-result';
  return (
    <form
      noValidate
      aria-labelledby="effect-config-heading"
      data-testid="effect-config"
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h4 id="effect-config-heading">{t('effectCheck.config.heading')}</h4>
      <fieldset className="plain-fieldset stack" disabled={disabled}>
        <div className="field-row">
          <div className="field">
            <label className="field-label" htmlFor="effect-kind">
              {t('effectCheck.config.kind')}
            </label>
            <select
              id="effect-kind"
              value={draft.kind}
              onChange={(event) => {
                const kind = event.target.value as EffectTargetKind;
                edit({ kind, better: defaultBetterOf(kind) });
              }}
            >
              {EFFECT_TARGET_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`effectCheck.kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          {draft.kind === 'flow' && (
            <div className="field">
              <label className="field-label" htmlFor="effect-metric">
                {t('effectCheck.config.metric')}
              </label>
              <select
                id="effect-metric"
                value={draft.metric}
                onChange={(event) => {
                  edit({ metric: event.target.value === 'cycle-time' ? 'cycle-time' : 'lead-time' });
                }}
              >
                <option value="lead-time">{t('effectCheck.metric.lead-time')}</option>
                <option value="cycle-time">{t('effectCheck.metric.cycle-time')}</option>
              </select>
            </div>
          )}
        </div>
        {jqlKind ? (
          <div className="field field-wide">
            <label className="field-label" htmlFor="effect-jql">
              {t('effectCheck.config.jql')}
            </label>
            <input
              id="effect-jql"
              type="text"
              className="effect-jql"
              value={draft.jql}
              aria-invalid={invalid('jql-missing')}
              aria-describedby="effect-jql-help"
              onChange={(event) => {
                edit({ jql: event.target.value });
              }}
            />
            <span className="subtle" id="effect-jql-help">
              {t(`effectCheck.config.jqlHelp.${draft.kind}`)}
            </span>
          </div>
        ) : (
          <div className="field">
            <label className="field-label" htmlFor="effect-key-result">
              {t('effectCheck.config.keyResult')}
            </label>
            <input
              id="effect-key-result"
              type="text"
              value={draft.keyResultId}
              aria-invalid={invalid('key-result-missing')}
              aria-describedby="effect-key-result-help"
              onChange={(event) => {
                edit({ keyResultId: event.target.value });
              }}
            />
            <span className="subtle" id="effect-key-result-help">
              {t('effectCheck.config.keyResultHelp')}
            </span>
          </div>
        )}
        <fieldset className="csi-subgroup">
          <legend>{t('effectCheck.config.better')}</legend>
          <div className="rating-options">
            {(['lower', 'higher'] as const).map((better) => (
              <label key={better} className="rating-option">
                <input
                  type="radio"
                  name="effect-better"
                  value={better}
                  checked={draft.better === better}
                  onChange={() => {
                    edit({ better });
                  }}
                />
                {t(`effectCheck.better.${better}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="csi-subgroup">
          <legend>{t('effectCheck.config.changeDate')}</legend>
          <div className="rating-options">
            {(['verifying', 'date'] as const).map((mode) => (
              <label key={mode} className="rating-option">
                <input
                  type="radio"
                  name="effect-change-mode"
                  value={mode}
                  checked={draft.changeDateMode === mode}
                  onChange={() => {
                    edit({ changeDateMode: mode });
                  }}
                />
                {t(`effectCheck.changeMode.${mode}`)}
              </label>
            ))}
          </div>
          {draft.changeDateMode === 'date' && (
            <div className="field">
              <label className="field-label" htmlFor="effect-change-date">
                {t('effectCheck.config.changeDay')}
              </label>
              <input
                id="effect-change-date"
                type="date"
                value={draft.changeDate}
                aria-invalid={invalid('change-date-invalid')}
                onChange={(event) => {
                  edit({ changeDate: event.target.value });
                }}
              />
            </div>
          )}
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label className="field-label" htmlFor="effect-verify-days">
              {t('effectCheck.config.verifyAfterDays')}
            </label>
            <input
              id="effect-verify-days"
              type="number"
              inputMode="numeric"
              className="input-number"
              min={EFFECT_DAYS_RANGE.min}
              max={EFFECT_DAYS_RANGE.max}
              value={draft.verifyAfterDays}
              aria-invalid={invalid('verify-days-range')}
              onChange={(event) => {
                edit({ verifyAfterDays: event.target.value });
              }}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="effect-before-days">
              {t('effectCheck.config.beforeDays')}
            </label>
            <input
              id="effect-before-days"
              type="number"
              inputMode="numeric"
              className="input-number"
              min={EFFECT_DAYS_RANGE.min}
              max={EFFECT_DAYS_RANGE.max}
              value={draft.beforeDays}
              aria-invalid={invalid('before-days-range')}
              onChange={(event) => {
                edit({ beforeDays: event.target.value });
              }}
            />
          </div>
        </div>
        <p className="subtle">{t('effectCheck.config.daysHelp', EFFECT_DAYS_RANGE)}</p>
      </fieldset>
      {problems.length > 0 && (
        <div className="problems" role="alert" data-testid="effect-problems">
          <ul>
            {problems.map((problem) => (
              <li key={problem}>
                <a
                  href={`#${EFFECT_PROBLEM_FIELD[problem]}`}
                  onClick={(event) => {
                    const target = document.getElementById(EFFECT_PROBLEM_FIELD[problem]);
                    if (target !== null) {
                      event.preventDefault();
                      target.focus();
                    }
                  }}
                >
                  {t(`effectCheck.problem.${problem}`, EFFECT_DAYS_RANGE)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.canEdit && (
        <div className="actions">
          <button type="submit" className="button-primary" disabled={save.phase === 'saving'}>
            {t(save.phase === 'saving' ? 'effectCheck.config.saving' : 'effectCheck.config.save')}
          </button>
        </div>
      )}
      <FeedbackSaveStatus
        save={save}
        i18n={i18n}
        texts={{
          saved: t('effectCheck.config.saved'),
          conflict: t('effectCheck.config.conflict'),
          reload: t('effectCheck.reload'),
          failed: t('effectCheck.config.failed'),
        }}
        testIdPrefix="effect-config"
        onReload={onReload}
      />
    </form>
  );
}
