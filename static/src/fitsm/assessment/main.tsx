/**
 * Chunk of the global page for the subpage `fitsm-assessment` (global-page-routes.ts): the FitSM self-assessment
 * with the viewer's account (first assessor of a new assessment) and today's date in their time zone.
 */
import '../../shared/base.css';
import '../fitsm.css';
import { invokeResolver } from '../../api/invoke';
import { startModule } from '../../platform/start-module';
import { localDateOfMs } from '../../shared/local-date';
import { FitsmAssessmentPage } from './assessment-page';

startModule(
  'The FitSM self-assessment could not start. / Die FitSM-Selbstbewertung konnte nicht starten.',
  ({ accountId, timeZone }) =>
    (i18n) => (
      <FitsmAssessmentPage
        invoke={invokeResolver}
        i18n={i18n}
        accountId={accountId}
        today={localDateOfMs(Date.now(), timeZone)}
      />
    ),
);
