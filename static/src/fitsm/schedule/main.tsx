/**
 * Chunk of the global page's subpage `fitsm-schedule` (global-page-routes.ts): the implementation schedule.
 * Opening an issue goes through `router.open('/browse/KEY')` as on the other pages.
 */
import { router } from '@forge/bridge';
import '../../shared/base.css';
import '../fitsm.css';
import '../shared/plan-pages.css';
import { invokeResolver } from '../../api/invoke';
import { startModule } from '../../platform/start-module';
import { SchedulePage } from './schedule-page';

startModule(
  'The FitSM schedule could not start. / Der FitSM-Zeitplan konnte nicht starten.',
  () => (i18n) => (
    <div className="page fitsm-page">
      <SchedulePage
        invoke={invokeResolver}
        i18n={i18n}
        openIssue={(key) => {
          void router.open(`/browse/${encodeURIComponent(key)}`);
        }}
      />
    </div>
  ),
);
