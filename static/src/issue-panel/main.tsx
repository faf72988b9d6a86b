/**
 * Entry of the issue panel (`jira:issuePanel`). Applies Jira's theme, reads the view context, and loads the
 * translations and the issue's flow at the same time. The "Key Results" section under the flow opens the OKR page
 * (global page `okr-page`) with `router.navigate`.
 */
import { router } from '@forge/bridge';
import '../shared/base.css';
import './issue-panel.css';
import '../okr-gadget/okr-parts.css';
import './key-results.css';
import { invokeResolver } from '../api/invoke';
import { startModule } from '../platform/start-module';
import { okrPagePath } from '../okr-page/okr-page-target';
import { IssuePanel } from './issue-panel';
import { loadIssueFlow } from './issue-flow-model';

startModule('Flow metrics could not start. / Flussmetriken konnten nicht starten.', (context) => {
  const request = loadIssueFlow(invokeResolver, context.issueKey);
  return (i18n) => (
    <IssuePanel
      issueKey={context.issueKey}
      invoke={invokeResolver}
      i18n={i18n}
      initialRequest={request}
      openOkrPage={(keyResultId, periodKey) => {
        // The OKR page opens the key result's period and detail (okr-page-target.ts).
        const path = okrPagePath({ keyResultId, periodKey });
        void router.navigate({ target: 'module', moduleKey: 'okr-page', path });
      }}
    />
  );
});
