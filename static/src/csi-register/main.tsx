/**
 * Entry of the CSI register (`jira:projectPage`). Applies Jira's theme, reads the project from the view context
 * (`extension.project.key`), loads the translations and renders the page. Opening an issue goes through
 * `router.open('/browse/KEY')` as on the flow project page; the FitSM pages (subpages of the app's global page) through
 * `router.navigate` to that module with the subpage's route.
 */
import { router } from '@forge/bridge';
import '../shared/base.css';
import './csi-register.css';
import { invokeResolver } from '../api/invoke';
import { startModule } from '../platform/start-module';
import { CsiRegisterPage } from './csi-register-page';

/** The app's global page (manifest `jira:globalPage`), whose FitSM section the register links to. */
const GLOBAL_PAGE_MODULE_KEY = 'okr-page';

startModule(
  'The CSI register could not start. / Das CSI-Register konnte nicht starten.',
  ({ projectKey }) =>
    (i18n) =>
      projectKey === null ? (
        <p role="alert" className="state-error">
          {i18n.t('csiRegister.noProject')}
        </p>
      ) : (
        <CsiRegisterPage
          projectKey={projectKey}
          invoke={invokeResolver}
          i18n={i18n}
          openIssue={(key) => {
            void router.open(`/browse/${encodeURIComponent(key)}`);
          }}
          openFitsm={(route) => {
            // The FitSM pages are subpages of the app's global page: its module with the subpage's route as path.
            void router.navigate({ target: 'module', moduleKey: GLOBAL_PAGE_MODULE_KEY, path: `/${route}` });
          }}
        />
      ),
);
