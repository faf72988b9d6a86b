/**
 * Entry of the issue panel (`jira:issuePanel`). Applies Jira's theme, reads the view context, and loads the
 * translations and the issue's flow at the same time.
 */
import '../shared/base.css';
import './issue-panel.css';
import { invokeResolver } from '../api/invoke';
import { startModule } from '../platform/start-module';
import { IssuePanel } from './issue-panel';
import { loadIssueFlow } from './issue-flow-model';

startModule('Flow metrics could not start. / Flussmetriken konnten nicht starten.', (context) => {
  const request = loadIssueFlow(invokeResolver, context.issueKey);
  return (i18n) => (
    <IssuePanel issueKey={context.issueKey} invoke={invokeResolver} i18n={i18n} initialRequest={request} />
  );
});
