/**
 * Entry of the improvement-record panel (`jira:issuePanel` on CSI issues). Applies Jira's theme, reads the issue,
 * the user and their locale and time zone from the view context, and loads the translations. Links to feedback
 * issues and reply comments open through `router.open`.
 */
import { router } from '@forge/bridge';
import '../shared/base.css';
import './csi-record.css';
import './feedback-sections.css';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { CsiRecordPanel } from './csi-record-panel';

startModule(
  'The improvement record could not start. / Der Verbesserungsnachweis konnte nicht starten.',
  ({ issueKey, accountId, timeZone }) =>
    (i18n) => (
      <CsiRecordPanel
        {...{ issueKey, accountId, timeZone, i18n }}
        invoke={invokeResolver}
        feedbackInvoke={invokeResolver}
        openPath={(path) => {
          void router.open(path);
        }}
      />
    ),
);
