/**
 * The project settings page "Feedback" (`jira:projectSettingsPage` subpage `feedback`, issue 11): the reply
 * templates the app posts on feedback issues when an improvement moves on, and the web trigger for feedback from
 * outside Jira. Each section loads on its own (`getFeedbackReplySettings`, `getFeedbackIntake`), with the loading,
 * error and read-only states of the other settings pages.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FeedbackIntakeView, FeedbackReplySettingsView } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { FeedbackErrorState, type FeedbackFailure } from '../csi-record/feedback-error';
import type { FeedbackSettingsInvoke } from './feedback-settings-api';
import { IntakeSection } from './intake-section';
import { ReplyTemplatesSection } from './reply-templates-section';

type Loaded<V> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: FeedbackFailure }
  | { readonly phase: 'loaded'; readonly view: V };

export interface FeedbackSettingsPageProps {
  readonly projectKey: string;
  readonly invoke: FeedbackSettingsInvoke;
  readonly i18n: UiI18n;
  /** Copies text to the clipboard (the browser's clipboard by default). */
  readonly copy?: (text: string) => Promise<void>;
}

/** The browser's clipboard; rejects (never throws) where there is none, e.g. outside a secure context. */
async function clipboardCopy(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

export function FeedbackSettingsPage({
  projectKey,
  invoke,
  i18n,
  copy = clipboardCopy,
}: FeedbackSettingsPageProps) {
  const { t } = i18n;
  const [replies, setReplies] = useState<Loaded<FeedbackReplySettingsView>>({ phase: 'loading' });
  const [intake, setIntake] = useState<Loaded<FeedbackIntakeView>>({ phase: 'loading' });
  const [repliesAttempt, setRepliesAttempt] = useState(0);
  const [intakeAttempt, setIntakeAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setReplies({ phase: 'loading' });
    void invoke('getFeedbackReplySettings', { projectKey }).then((answer) => {
      if (current)
        setReplies(
          answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
        );
    });
    return () => {
      current = false;
    };
  }, [invoke, projectKey, repliesAttempt]);

  useEffect(() => {
    let current = true;
    setIntake({ phase: 'loading' });
    void invoke('getFeedbackIntake', { projectKey }).then((answer) => {
      if (current)
        setIntake(
          answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
        );
    });
    return () => {
      current = false;
    };
  }, [invoke, projectKey, intakeAttempt]);

  const reloadReplies = (): void => {
    setRepliesAttempt((n) => n + 1);
  };
  const reloadIntake = (): void => {
    setIntakeAttempt((n) => n + 1);
  };

  return (
    <main className="page feedback-settings stack" aria-labelledby="feedback-settings-heading">
      <header className="stack stack-tight">
        <h1 id="feedback-settings-heading">{t('feedbackSettings.heading', { project: projectKey })}</h1>
        <p className="subtle">{t('feedbackSettings.intro')}</p>
      </header>
      {sectionOf(
        replies,
        t('feedbackSettings.templates.loading'),
        t('feedbackSettings.templates.loadFailed'),
        i18n,
        reloadReplies,
        (view) => (
          <ReplyTemplatesSection
            key={`replies-${String(repliesAttempt)}`}
            view={view}
            invoke={invoke}
            i18n={i18n}
            onSaved={(saved) => {
              setReplies({ phase: 'loaded', view: saved });
            }}
            onReload={reloadReplies}
          />
        ),
      )}
      {sectionOf(
        intake,
        t('feedbackSettings.intake.loading'),
        t('feedbackSettings.intake.loadFailed'),
        i18n,
        reloadIntake,
        (view) => (
          <IntakeSection
            key={`intake-${String(intakeAttempt)}`}
            view={view}
            invoke={invoke}
            i18n={i18n}
            copy={copy}
            onSaved={(saved) => {
              setIntake({ phase: 'loaded', view: saved });
            }}
            onReload={reloadIntake}
          />
        ),
      )}
    </main>
  );
}

function sectionOf<V>(
  state: Loaded<V>,
  loading: string,
  failed: string,
  i18n: UiI18n,
  onRetry: () => void,
  render: (view: V) => ReactNode,
): ReactNode {
  if (state.phase === 'loading') return <LoadingState label={loading} />;
  if (state.phase === 'error')
    return <FeedbackErrorState failure={state.failure} heading={failed} i18n={i18n} onRetry={onRetry} />;
  return render(state.view);
}
