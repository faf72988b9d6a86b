/**
 * Chunk of the global page's subpage `fitsm-audits` (global-page-routes.ts): the internal audit plan.
 */
import { router } from '@forge/bridge';
import '../../shared/base.css';
import '../fitsm.css';
import '../shared/plan-pages.css';
import { invokeResolver } from '../../api/invoke';
import { startModule } from '../../platform/start-module';
import { AuditsPage } from './audits-page';

startModule(
  'The FitSM audit plan could not start. / Der FitSM-Auditplan konnte nicht starten.',
  () => (i18n) => (
    <div className="page fitsm-page">
      <AuditsPage
        invoke={invokeResolver}
        i18n={i18n}
        openIssue={(key) => {
          void router.open(`/browse/${encodeURIComponent(key)}`);
        }}
      />
    </div>
  ),
);
