/**
 * Entry of the CSI setup page (`jira:projectSettingsPage` "CSI einrichten"). Applies Jira's theme, reads the
 * project from the view context (`extension.project.key`), loads the translations and renders the page.
 */
import '../shared/base.css';
import './csi-setup.css';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { CsiSetupPage } from './csi-setup-page';

startModule(
  'The CSI setup could not start. / Die CSI-Einrichtung konnte nicht starten.',
  ({ projectKey }) =>
    (i18n) =>
      projectKey === null ? (
        <p role="alert" className="state-error">
          {i18n.t('csiSetup.noProject')}
        </p>
      ) : (
        <CsiSetupPage projectKey={projectKey} invoke={invokeResolver} i18n={i18n} />
      ),
);
