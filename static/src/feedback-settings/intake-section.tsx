/**
 * The Feedback page's web trigger for feedback from outside Jira (a survey tool, a monitoring alert): enable it,
 * the issue type of the feedback issues it creates, when it also registers an improvement (a rating at or below a
 * threshold, a label) and in which project (the help desk's improvements go to CSI: HD has no CSI issue type),
 * today's usage against the daily limit, the URL, and "Secret erneuern": the new secret with
 * a signed `curl` example, shown this once with copy buttons (the app keeps only what it needs to check
 * signatures). Saving sends the loaded version; a `conflict` keeps the input and offers to reload.
 */
import { useState } from 'react';
import type {
  FeedbackIntakeSecretView,
  FeedbackIntakeSettings,
  FeedbackIntakeView,
} from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import { FeedbackErrorState, type FeedbackFailure } from '../csi-record/feedback-error';
import { FeedbackSaveStatus, type FeedbackSaveState } from '../csi-record/feedback-save-status';
import { OnceShownSecret } from '../shared/once-shown-secret';
import type { FeedbackSettingsInvoke } from './feedback-settings-api';

/**
 * A Jira project key as the resolver accepts it (`PROJECT_KEY_PATTERN` there). The view names no projects with
 * CSI set up, so the project of the improvements is typed as its key: checked for form here, and for the CSI issue
 * type by the server on save (its `invalid-settings` message is then shown at the field).
 */
const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

/** The problems of an `invalid-settings` detail (`field: rule; field: rule.`) that concern `field`, without the name. */
export function fieldProblems(detail: string, field: string): string[] {
  return detail
    .replace(/\.$/, '')
    .split('; ')
    .filter((part) => part.startsWith(`${field}: `))
    .map((part) => part.slice(field.length + 2));
}

/** Labels typed as a comma-separated list, trimmed, without empties and duplicates. */
export function labelsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((label) => label.trim())
        .filter((label) => label !== ''),
    ),
  ];
}

export interface IntakeSectionProps {
  readonly view: FeedbackIntakeView;
  readonly invoke: FeedbackSettingsInvoke;
  readonly i18n: UiI18n;
  readonly onSaved: (view: FeedbackIntakeView) => void;
  readonly onReload: () => void;
  /** Copies text to the clipboard (the browser's clipboard by default). */
  readonly copy: (text: string) => Promise<void>;
}

export function IntakeSection({ view, invoke, i18n, onSaved, onReload, copy }: IntakeSectionProps) {
  const { t } = i18n;
  const [enabled, setEnabled] = useState(view.settings.enabled);
  const [issueTypeId, setIssueTypeId] = useState(view.settings.issueTypeId ?? '');
  const [threshold, setThreshold] = useState(
    view.settings.improvementAtRatingOrBelow === null ? '' : String(view.settings.improvementAtRatingOrBelow),
  );
  const [labels, setLabels] = useState(view.settings.improvementOnLabels.join(', '));
  const [improvementProject, setImprovementProject] = useState(view.settings.improvementProjectKey ?? '');
  const [save, setSave] = useState<FeedbackSaveState>({ phase: 'idle' });
  const readOnly = !view.canEdit;
  const typeMissing = enabled && issueTypeId === '';
  const projectKeyBad = improvementProject !== '' && !PROJECT_KEY_PATTERN.test(improvementProject);
  // The server's reasons the project cannot take the improvements (it does not exist, has no CSI issue type).
  const projectRefused =
    save.phase === 'failed' && save.failure.code === 'invalid-settings'
      ? fieldProblems(save.failure.detail, 'improvementProjectKey')
      : [];
  const projectProblem =
    save.phase === 'problems' && projectKeyBad
      ? t('feedbackSettings.intake.projectKeyInvalid')
      : projectRefused.length > 0
        ? t('feedbackSettings.intake.projectRefused', { reason: projectRefused.join('; ') })
        : '';
  const touched = (): void => {
    if (save.phase === 'saved') setSave({ phase: 'idle' });
  };

  const submit = async (): Promise<void> => {
    if (typeMissing || projectKeyBad) {
      setSave({ phase: 'problems' });
      return;
    }
    const settings: FeedbackIntakeSettings = {
      enabled,
      issueTypeId: issueTypeId === '' ? null : issueTypeId,
      improvementAtRatingOrBelow: threshold === '' ? null : Number(threshold),
      improvementOnLabels: labelsOf(labels),
      // Empty: this project (the server stores this project's own key as null too).
      improvementProjectKey: improvementProject === '' ? null : improvementProject,
    };
    setSave({ phase: 'saving' });
    const answer = await invoke('saveFeedbackIntake', {
      projectKey: view.projectKey,
      settings,
      expectedVersion: view.version,
    });
    if (answer.ok) {
      setSave({ phase: 'saved' });
      onSaved(answer.value);
    } else setSave({ phase: 'failed', failure: answer.error });
  };

  return (
    <section
      className="feedback-settings-section stack"
      aria-labelledby="intake-heading"
      data-testid="feedback-intake"
    >
      <h2 id="intake-heading">{t('feedbackSettings.intake.heading')}</h2>
      <p className="subtle">{t('feedbackSettings.intake.explained')}</p>
      {readOnly && <p className="note note-warning">{t('feedbackSettings.readOnly')}</p>}
      <form
        noValidate
        aria-label={t('feedbackSettings.intake.formLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="plain-fieldset stack" disabled={readOnly || save.phase === 'saving'}>
          <label className="checkbox">
            <input
              type="checkbox"
              role="switch"
              data-testid="intake-enabled"
              checked={enabled}
              onChange={(event) => {
                setEnabled(event.target.checked);
                touched();
              }}
            />
            <span>{t('feedbackSettings.intake.enabled')}</span>
          </label>
          <div className="field-row">
            <div className="field">
              <label className="field-label" htmlFor="intake-issue-type">
                {t('feedbackSettings.intake.issueType')}
              </label>
              <select
                id="intake-issue-type"
                value={issueTypeId}
                aria-invalid={save.phase === 'problems' && typeMissing ? true : undefined}
                aria-describedby="intake-issue-type-problem"
                onChange={(event) => {
                  setIssueTypeId(event.target.value);
                  touched();
                }}
              >
                <option value="">{t('feedbackSettings.intake.issueTypeNone')}</option>
                {view.issueTypes.map((type) => (
                  <option key={type.id} value={type.id}>
                    {type.name}
                  </option>
                ))}
              </select>
              <span id="intake-issue-type-problem" className="field-problem">
                {save.phase === 'problems' && typeMissing
                  ? t('feedbackSettings.intake.issueTypeMissing')
                  : ''}
              </span>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="intake-threshold">
                {t('feedbackSettings.intake.threshold')}
              </label>
              <select
                id="intake-threshold"
                value={threshold}
                onChange={(event) => {
                  setThreshold(event.target.value);
                  touched();
                }}
              >
                <option value="">{t('feedbackSettings.intake.thresholdNever')}</option>
                {[1, 2, 3, 4, 5].map((rating) => (
                  <option key={rating} value={String(rating)}>
                    {t('feedbackSettings.intake.thresholdOption', { rating })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field field-wide">
            <label className="field-label" htmlFor="intake-labels">
              {t('feedbackSettings.intake.labels')}
            </label>
            <input
              id="intake-labels"
              type="text"
              value={labels}
              aria-describedby="intake-labels-help"
              onChange={(event) => {
                setLabels(event.target.value);
                touched();
              }}
            />
            <span className="subtle" id="intake-labels-help">
              {t('feedbackSettings.intake.labelsHelp')}
            </span>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="intake-improvement-project">
              {t('feedbackSettings.intake.projectKey')}
            </label>
            <input
              id="intake-improvement-project"
              type="text"
              value={improvementProject}
              placeholder={view.projectKey}
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={255}
              aria-invalid={projectProblem === '' ? undefined : true}
              aria-describedby="intake-improvement-project-help intake-improvement-project-problem"
              onChange={(event) => {
                // Jira project keys are upper case; typing "csi" means CSI.
                setImprovementProject(event.target.value.trim().toUpperCase());
                // The server's refusal was about the key now being corrected.
                if (projectRefused.length > 0) setSave({ phase: 'idle' });
                else touched();
              }}
            />
            <span className="subtle" id="intake-improvement-project-help">
              {t('feedbackSettings.intake.projectKeyHelp', { project: view.projectKey })}
            </span>
            <span
              id="intake-improvement-project-problem"
              className="field-problem"
              data-testid="intake-improvement-project-problem"
            >
              {projectProblem}
            </span>
          </div>
        </fieldset>
        {!readOnly && (
          <div className="actions">
            <button type="submit" className="button-primary" disabled={save.phase === 'saving'}>
              {t(save.phase === 'saving' ? 'feedbackSettings.saving' : 'feedbackSettings.intake.save')}
            </button>
          </div>
        )}
        <FeedbackSaveStatus
          save={save}
          i18n={i18n}
          texts={{
            saved: t('feedbackSettings.saved'),
            conflict: t('feedbackSettings.conflict'),
            reload: t('feedbackSettings.reload'),
            failed: t('feedbackSettings.saveFailed'),
          }}
          testIdPrefix="intake"
          onReload={onReload}
        />
      </form>
      <p data-testid="intake-usage">
        {t('feedbackSettings.intake.usage', { today: view.usage.today, limit: view.usage.dailyLimit })}
      </p>
      <IntakeSecret view={view} invoke={invoke} i18n={i18n} copy={copy} />
    </section>
  );
}

function IntakeSecret({
  view,
  invoke,
  i18n,
  copy,
}: {
  readonly view: FeedbackIntakeView;
  readonly invoke: FeedbackSettingsInvoke;
  readonly i18n: UiI18n;
  readonly copy: (text: string) => Promise<void>;
}) {
  const { t } = i18n;
  const [rotated, setRotated] = useState<FeedbackIntakeSecretView | null>(null);
  const [failure, setFailure] = useState<FeedbackFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<'secret' | 'curl' | 'url' | null>(null);
  /** When this page issued a secret (the loaded view is older than that). */
  const [issuedAt, setIssuedAt] = useState<string | null>(null);
  // After a rotation in this page the stored view is older than the secret just shown.
  const rotatedAt = issuedAt ?? view.secretRotatedAt;
  const hasSecret = rotatedAt !== null;
  const url = rotated?.url ?? view.url;

  const rotate = async (): Promise<void> => {
    setConfirming(false);
    setBusy(true);
    setFailure(null);
    const answer = await invoke('rotateFeedbackIntakeSecret', { projectKey: view.projectKey });
    setBusy(false);
    if (answer.ok) {
      setRotated(answer.value);
      setIssuedAt(answer.value.rotatedAt);
    } else setFailure(answer.error);
  };
  const copyText = (what: 'secret' | 'curl' | 'url', text: string): void => {
    void copy(text).then(
      () => {
        setCopied(what);
      },
      () => {
        setCopied(null);
      },
    );
  };

  return (
    <div className="stack" data-testid="intake-secret">
      <h3>{t('feedbackSettings.secret.heading')}</h3>
      {url === null ? (
        <p className="subtle">{t('feedbackSettings.secret.noUrl')}</p>
      ) : (
        <p>
          {t('feedbackSettings.secret.url')}{' '}
          <code className="feedback-code" data-testid="intake-url">
            {url}
          </code>{' '}
          <button
            type="button"
            onClick={() => {
              copyText('url', url);
            }}
          >
            {t('feedbackSettings.secret.copyUrl')}
          </button>
        </p>
      )}
      <p className="subtle">
        {rotatedAt !== null
          ? t('feedbackSettings.secret.hasSecret', { when: i18n.format.dateTime(rotatedAt) })
          : t('feedbackSettings.secret.noSecret')}
      </p>
      {view.canEdit && rotated === null && !confirming && (
        <p>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t(hasSecret ? 'feedbackSettings.secret.rotate' : 'feedbackSettings.secret.issue')}
          </button>
        </p>
      )}
      {confirming && (
        <div
          className="note note-warning stack"
          role="group"
          aria-labelledby="intake-confirm"
          data-testid="intake-confirm"
        >
          <p id="intake-confirm">
            {t(hasSecret ? 'feedbackSettings.secret.confirmRotate' : 'feedbackSettings.secret.confirmIssue')}
          </p>
          <p className="actions">
            <button type="button" className="button-primary" onClick={() => void rotate()}>
              {t(hasSecret ? 'feedbackSettings.secret.rotate' : 'feedbackSettings.secret.issue')}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t('feedbackSettings.cancel')}
            </button>
          </p>
        </div>
      )}
      {busy && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {t('feedbackSettings.secret.rotating')}
        </p>
      )}
      {rotated !== null && (
        <OnceShownSecret
          secret={rotated.secret}
          curlExample={rotated.curlExample}
          t={t}
          keyPrefix="feedbackSettings.secret"
          classes={{ code: 'feedback-code', pre: 'feedback-pre', actions: 'actions' }}
          testIds={{ box: 'intake-rotated', secret: 'intake-secret-value', curl: 'intake-curl' }}
          actionsElement="p"
          onCopy={copyText}
          onHide={() => {
            setRotated(null);
            setCopied(null);
          }}
        />
      )}
      <p role="status" className="state-success">
        {copied === null ? '' : t(`feedbackSettings.secret.copied.${copied}`)}
      </p>
      {failure !== null && (
        <FeedbackErrorState failure={failure} heading={t('feedbackSettings.secret.failed')} i18n={i18n} />
      )}
    </div>
  );
}
