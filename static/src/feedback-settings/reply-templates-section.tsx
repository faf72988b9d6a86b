/**
 * The Feedback page's reply templates: per step (In Implementation, Closed) and language (de, en) a text with the
 * placeholders listed and inserted by button at the cursor, the problems of a template as the user types (unknown
 * placeholder, empty, too long) and a live preview of the reply the app would post; the switch "reply at In
 * Implementation"; reset to the built-in templates; save with the loaded version (a `conflict` keeps the input and
 * offers to reload). Read-only for people who are not project or Jira admins.
 */
import { useRef, useState } from 'react';
import type {
  FeedbackReplySettingsView,
  FeedbackReplyStep,
  ReplyLanguage,
  ReplyTemplates,
} from '../../../src/contract/feedback';
import { REPLY_TEMPLATE_MAX_CHARS } from '../../../src/contract/feedback-rules';
import type { UiI18n } from '../i18n/load';
import { FeedbackSaveStatus, type FeedbackSaveState } from '../csi-record/feedback-save-status';
import type { FeedbackSettingsInvoke } from './feedback-settings-api';
import {
  FEEDBACK_REPLY_STEPS,
  REPLY_LANGUAGES,
  insertPlaceholder,
  previewReply,
  problemsOf,
  templateFieldId,
  templateProblems,
  type PreviewSample,
} from './templates-model';

export interface ReplyTemplatesSectionProps {
  readonly view: FeedbackReplySettingsView;
  readonly invoke: FeedbackSettingsInvoke;
  readonly i18n: UiI18n;
  readonly onSaved: (view: FeedbackReplySettingsView) => void;
  readonly onReload: () => void;
}

export function ReplyTemplatesSection({ view, invoke, i18n, onSaved, onReload }: ReplyTemplatesSectionProps) {
  const { t } = i18n;
  const [templates, setTemplates] = useState<ReplyTemplates>(view.templates);
  const [replyOnImplementation, setReplyOnImplementation] = useState(view.replyOnImplementation);
  const [save, setSave] = useState<FeedbackSaveState>({ phase: 'idle' });
  const areas = useRef(new Map<string, HTMLTextAreaElement>());
  const problems = templateProblems(templates);
  const readOnly = !view.canEdit;

  const setTemplate = (step: FeedbackReplyStep, language: ReplyLanguage, text: string): void => {
    setTemplates((current) => ({ ...current, [step]: { ...current[step], [language]: text } }));
    if (save.phase === 'saved') setSave({ phase: 'idle' });
  };

  const insert = (step: FeedbackReplyStep, language: ReplyLanguage, placeholder: string): void => {
    const area = areas.current.get(templateFieldId(step, language));
    const text = templates[step][language];
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? start;
    const next = insertPlaceholder(text, start, end, placeholder);
    setTemplate(step, language, next.text);
    // Back into the text, the cursor after the placeholder, so typing goes on where it was.
    requestAnimationFrame(() => {
      if (area === undefined) return;
      area.focus();
      area.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const submit = async (): Promise<void> => {
    if (problems.length > 0) {
      setSave({ phase: 'problems' });
      return;
    }
    setSave({ phase: 'saving' });
    const answer = await invoke('saveFeedbackReplySettings', {
      projectKey: view.projectKey,
      replyOnImplementation,
      templates,
      expectedVersion: view.version,
    });
    if (answer.ok) {
      setSave({ phase: 'saved' });
      onSaved(answer.value);
    } else setSave({ phase: 'failed', failure: answer.error });
  };

  const sample = (language: ReplyLanguage): PreviewSample => ({
    reporterName: t(`feedbackSettings.preview.reporter.${language}`),
    improvementKey: 'CSI-1',
    improvementSummary: t(`feedbackSettings.preview.summary.${language}`),
    kpiName: t(`feedbackSettings.preview.kpi.${language}`),
    unit: t(`feedbackSettings.preview.unit.${language}`),
  });

  return (
    <section
      className="feedback-settings-section stack"
      aria-labelledby="templates-heading"
      data-testid="reply-templates"
    >
      <h2 id="templates-heading">{t('feedbackSettings.templates.heading')}</h2>
      <p className="subtle">{t('feedbackSettings.templates.explained')}</p>
      {readOnly && (
        <p className="note note-warning" role="note" data-testid="templates-read-only">
          {t('feedbackSettings.readOnly')}
        </p>
      )}
      <form
        noValidate
        aria-label={t('feedbackSettings.templates.formLabel')}
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
              data-testid="reply-on-implementation"
              checked={replyOnImplementation}
              onChange={(event) => {
                setReplyOnImplementation(event.target.checked);
                if (save.phase === 'saved') setSave({ phase: 'idle' });
              }}
            />
            <span>{t('feedbackSettings.replyOnImplementation')}</span>
          </label>
          <p className="subtle">
            {t('feedbackSettings.placeholders', {
              list: view.placeholders.map((p) => `{${p}}`).join(', '),
            })}
          </p>
          {FEEDBACK_REPLY_STEPS.map((step) => (
            <fieldset key={step} className="feedback-step stack" data-step={step}>
              <legend>{t(`feedbackLoop.step.${step}`)}</legend>
              {step === 'in-implementation' && !replyOnImplementation && (
                <p className="subtle">{t('feedbackSettings.templates.implementationOff')}</p>
              )}
              <div className="template-grid">
                {REPLY_LANGUAGES.map((language) => {
                  const id = templateFieldId(step, language);
                  const own = problemsOf(problems, step, language);
                  const text = templates[step][language];
                  return (
                    <div key={language} className="stack stack-tight template-cell" data-language={language}>
                      <label className="field-label" htmlFor={id}>
                        {t(`feedbackSettings.language.${language}`)}
                      </label>
                      <textarea
                        id={id}
                        rows={6}
                        ref={(element) => {
                          if (element === null) areas.current.delete(id);
                          else areas.current.set(id, element);
                        }}
                        value={text}
                        aria-invalid={own.length > 0 ? true : undefined}
                        aria-describedby={`${id}-problems ${id}-count`}
                        onChange={(event) => {
                          setTemplate(step, language, event.target.value);
                        }}
                      />
                      <span className="subtle" id={`${id}-count`}>
                        {t('feedbackSettings.templates.count', {
                          count: text.length,
                          max: REPLY_TEMPLATE_MAX_CHARS,
                        })}
                      </span>
                      <div
                        role="group"
                        aria-label={t('feedbackSettings.templates.insertGroup', {
                          template: `${t(`feedbackLoop.step.${step}`)}, ${t(`feedbackSettings.language.${language}`)}`,
                        })}
                        className="placeholder-buttons"
                      >
                        {view.placeholders.map((placeholder) => (
                          <button
                            key={placeholder}
                            type="button"
                            className="button-small"
                            data-placeholder={placeholder}
                            onClick={() => {
                              insert(step, language, placeholder);
                            }}
                          >
                            {`{${placeholder}}`}
                          </button>
                        ))}
                      </div>
                      <div id={`${id}-problems`} className="field-problem" data-testid={`${id}-problems`}>
                        {own.map((problem, i) => (
                          <p key={i}>
                            {t(`feedbackSettings.problem.${problem.kind}`, {
                              detail: problem.detail,
                              max: REPLY_TEMPLATE_MAX_CHARS,
                            })}
                          </p>
                        ))}
                      </div>
                      <Preview
                        pieces={previewReply(templates, step, language, sample(language))}
                        i18n={i18n}
                        testId={`${id}-preview`}
                      />
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </fieldset>
        {save.phase === 'problems' && problems.length > 0 && (
          <div className="problems" role="alert" data-testid="templates-problems">
            <p>{t('feedbackSettings.templates.blocked')}</p>
            <ul>
              {problems.map((problem, i) => (
                <li key={i}>
                  <a
                    href={`#${templateFieldId(problem.step, problem.language)}`}
                    onClick={(event) => {
                      // Into the text itself, not just near it.
                      const area = areas.current.get(templateFieldId(problem.step, problem.language));
                      if (area !== undefined) {
                        event.preventDefault();
                        area.focus();
                      }
                    }}
                  >
                    {`${t(`feedbackLoop.step.${problem.step}`)}, ${t(`feedbackSettings.language.${problem.language}`)}: `}
                    {t(`feedbackSettings.problem.${problem.kind}`, {
                      detail: problem.detail,
                      max: REPLY_TEMPLATE_MAX_CHARS,
                    })}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!readOnly && (
          <div className="actions">
            <button type="submit" className="button-primary" disabled={save.phase === 'saving'}>
              {t(save.phase === 'saving' ? 'feedbackSettings.saving' : 'feedbackSettings.templates.save')}
            </button>
            <button
              type="button"
              data-testid="templates-reset"
              disabled={save.phase === 'saving'}
              onClick={() => {
                setTemplates(view.defaults);
                if (save.phase === 'saved') setSave({ phase: 'idle' });
              }}
            >
              {t('feedbackSettings.templates.reset')}
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
          testIdPrefix="templates"
          onReload={onReload}
        />
      </form>
    </section>
  );
}

function Preview({
  pieces,
  i18n,
  testId,
}: {
  readonly pieces: ReturnType<typeof previewReply>;
  readonly i18n: UiI18n;
  readonly testId: string;
}) {
  return (
    <div className="reply-preview" data-testid={testId}>
      <p className="field-label">{i18n.t('feedbackSettings.preview.heading')}</p>
      <div className="reply-preview-body">
        {pieces.map((paragraph, i) => (
          <p key={i}>
            {paragraph.map((piece, j) =>
              piece.kind === 'break' ? (
                <br key={j} />
              ) : piece.kind === 'mention' ? (
                <span key={j} className="mention">
                  {piece.text}
                </span>
              ) : (
                <span key={j}>{piece.text}</span>
              ),
            )}
          </p>
        ))}
      </div>
    </div>
  );
}
