/**
 * Entry of the project settings subpage "Feedback" (`jira:projectSettingsPage`, route `feedback`). Applies Jira's
 * theme, reads the project from the view context (`extension.project.key`), loads the translations and renders
 * the page.
 */
import '../shared/base.css';
import './feedback-settings.css';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { FeedbackSettingsPage } from './feedback-settings-page';

startModule(
  'The feedback settings could not start. / Die Feedback-Einstellungen konnten nicht starten.',
  ({ projectKey }) =>
    (i18n) =>
      projectKey === null ? (
        <p role="alert" className="state-error">
          {i18n.t('feedbackSettings.noProject')}
        </p>
      ) : (
        <FeedbackSettingsPage projectKey={projectKey} invoke={invokeResolver} i18n={i18n} />
      ),
);
