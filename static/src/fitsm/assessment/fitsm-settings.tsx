/**
 * The FitSM settings on the self-assessment page: who may edit the FitSM pages (Jira administrators, and the
 * configured Jira group if one is set), shown to every app user. Jira administrators (`canChange`) change the
 * group here: saved through `saveFitsmSettings` against the loaded version (compare-and-set); when someone saved
 * meanwhile the resolver answers `conflict`, the input stays and the section offers to load the latest version,
 * after which saving again applies the input on top of it.
 */
import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { FitsmSettingsView } from '../../../../src/contract/fitsm-assessment';
import type { UiI18n } from '../../i18n/load';
import type { AssessmentFailure } from './assessment-failure';
import type { FitsmAssessmentInvoke } from './assessment-model';
import { SaveOutcome } from './save-outcome';

/** Jira group names are at most 255 characters (the backend checks the same). */
const GROUP_NAME_MAX_CHARS = 255;

type SettingsState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: AssessmentFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmSettingsView };

export function FitsmSettingsSection({
  invoke,
  i18n,
}: {
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  const [state, setState] = useState<SettingsState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void invoke('getFitsmSettings', {}).then((answer) => {
      if (!current) return;
      // A reload (after a conflict) keeps the form and its input on screen; a failed reload shows why.
      setState(
        answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
      );
    });
    return () => {
      current = false;
    };
  }, [invoke, attempt]);

  return (
    <section className="stack" aria-labelledby="fitsm-settings-heading" data-testid="fitsm-settings">
      <h2 id="fitsm-settings-heading">{t('fitsmSettings.heading')}</h2>
      {state.phase === 'loading' && (
        <p className="subtle" role="status">
          {t('fitsmSettings.loading')}
        </p>
      )}
      {state.phase === 'error' && (
        <SettingsFailure
          failure={state.failure}
          i18n={i18n}
          heading={t('fitsmSettings.loadFailed')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.phase === 'loaded' && (
        <>
          <p data-testid="fitsm-settings-who">
            {state.view.editorGroupName === null
              ? t('fitsmSettings.who.adminsOnly')
              : t('fitsmSettings.who.adminsAndGroup', { group: state.view.editorGroupName })}
          </p>
          {state.view.canChange ? (
            <SettingsForm
              view={state.view}
              invoke={invoke}
              i18n={i18n}
              onSaved={(view) => {
                setState({ phase: 'loaded', view });
              }}
              onReload={() => {
                setAttempt((n) => n + 1);
              }}
            />
          ) : (
            <p className="subtle">{t('fitsmSettings.adminsChange')}</p>
          )}
        </>
      )}
    </section>
  );
}

/** The administrators' form: the editor group's name (empty: none) saved against `view.version`. */
function SettingsForm({
  view,
  invoke,
  i18n,
  onSaved,
  onReload,
}: {
  readonly view: FitsmSettingsView;
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  readonly onSaved: (view: FitsmSettingsView) => void;
  /** Loads the settings again; the form (and its input) stays. */
  readonly onReload: () => void;
}): ReactNode {
  const { t } = i18n;
  const [group, setGroup] = useState(view.editorGroupName ?? '');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const name = group.trim();
    setFailure(null);
    setSaved(false);
    setReloaded(false);
    setSaving(true);
    void invoke('saveFitsmSettings', {
      editorGroupName: name === '' ? null : name,
      expectedVersion: view.version,
    }).then((answer) => {
      setSaving(false);
      if (answer.ok) {
        setGroup(answer.value.editorGroupName ?? '');
        setSaved(true);
        onSaved(answer.value);
      } else setFailure(answer.error);
    });
  };

  return (
    <form className="stack stack-tight" onSubmit={submit} data-testid="fitsm-settings-form">
      <label className="field" htmlFor="fitsm-settings-group">
        <span className="field-label">{t('fitsmSettings.field.group')}</span>
        <input
          id="fitsm-settings-group"
          value={group}
          maxLength={GROUP_NAME_MAX_CHARS}
          aria-describedby="fitsm-settings-group-hint"
          onChange={(event) => {
            setGroup(event.target.value);
            setSaved(false);
          }}
        />
      </label>
      <p id="fitsm-settings-group-hint" className="subtle">
        {t('fitsmSettings.field.groupHint')}
      </p>
      <SaveOutcome
        failure={failure}
        reloaded={reloaded}
        testId="fitsm-settings-conflict"
        texts={{
          conflict: t('fitsmSettings.conflict'),
          reload: t('fitsmSettings.reload'),
          reloaded: t('fitsmSettings.reloaded'),
        }}
        onReload={() => {
          setFailure(null);
          setReloaded(true);
          onReload();
        }}
        renderFailure={(shown) => (
          <SettingsFailure failure={shown} i18n={i18n} heading={t('fitsmSettings.notSaved')} />
        )}
      />
      {saved && (
        <p className="state-success" role="status">
          {t('fitsmSettings.saved')}
        </p>
      )}
      <div className="field-row">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('fitsmSettings.saving') : t('fitsmSettings.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * A failed settings call in the assessment's words (`fitsmAssessment.error.<code>`), with its own test id so it
 * is told apart from the page's failures.
 */
function SettingsFailure({
  failure,
  i18n,
  heading,
  onRetry,
}: {
  readonly failure: AssessmentFailure;
  readonly i18n: UiI18n;
  readonly heading: string;
  readonly onRetry?: () => void;
}): ReactNode {
  const { t } = i18n;
  return (
    <div className="state-error" role="alert" data-testid="fitsm-settings-error" data-code={failure.code}>
      <p className="heading-small">{heading}</p>
      <p className="error-message">{t(`fitsmAssessment.error.${failure.code}`)}</p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {t('fitsmSettings.retry')}
        </button>
      )}
    </div>
  );
}
