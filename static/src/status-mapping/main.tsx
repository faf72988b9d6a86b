/**
 * Entry of the status-mapping settings page (`jira:projectSettingsPage`). Applies Jira's theme, reads the
 * project from the view context and loads the translations.
 */
import '../shared/base.css';
import './status-mapping.css';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { StatusMappingPage } from './status-mapping-page';

startModule(
  'The status mapping could not start. / Die Statuszuordnung konnte nicht starten.',
  ({ projectKey }) =>
    (i18n) => <StatusMappingPage projectKey={projectKey} invoke={invokeResolver} i18n={i18n} />,
);
