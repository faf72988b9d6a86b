/**
 * Chunk of the global page's subpage `fitsm-meeting` (global-page-routes.ts): the CSI review meeting. The viewer's
 * account id is the decider of the decisions they record.
 */
import { router } from '@forge/bridge';
import '../../shared/base.css';
import '../fitsm.css';
import '../shared/plan-pages.css';
import { invokeResolver } from '../../api/invoke';
import { startModule } from '../../platform/start-module';
import { MeetingPage } from './meeting-page';

startModule(
  'The FitSM review meeting could not start. / Der FitSM-Review-Termin konnte nicht starten.',
  ({ accountId, timeZone }) =>
    (i18n) => (
      <div className="page fitsm-page">
        <MeetingPage
          invoke={invokeResolver}
          i18n={i18n}
          accountId={accountId}
          timeZone={timeZone}
          openIssue={(key) => {
            void router.open(`/browse/${encodeURIComponent(key)}`);
          }}
        />
      </div>
    ),
);
