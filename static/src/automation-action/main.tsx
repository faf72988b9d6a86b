/**
 * Entry of the configuration form of the app's Automation actions (`action` modules' `config.resource`): reads which
 * action is configured (the view context's module key) and what the rule saved (`extension.data.inputs`, Automation's
 * problems in `extension.errors.invalidInputs`), then shows the form in the user's language and theme.
 */
import { view } from '@forge/bridge';
import '../shared/base.css';
import './automation-action.css';
import { startModule } from '../platform/start-module';
import { ActionConfigForm } from './action-config-form';
import { forgeAutomationHost } from './automation-host';

/** The configured action's key: Forge names the module in the view context ('' when it does not: the form says so). */
async function actionKeyOf(): Promise<string> {
  const context = (await view.getContext().catch(() => ({}))) as { moduleKey?: unknown };
  return typeof context.moduleKey === 'string' ? context.moduleKey : '';
}

void actionKeyOf().then((actionKey) => {
  startModule(
    'The action form could not start. / Das Formular der Aktion konnte nicht starten.',
    ({ extension }) => {
      const data = extension['data'] as { inputs?: unknown } | undefined;
      const errors = extension['errors'] as { invalidInputs?: unknown } | undefined;
      return (i18n) => (
        <ActionConfigForm
          actionKey={actionKey}
          saved={data?.inputs}
          invalidInputs={errors?.invalidInputs}
          host={forgeAutomationHost}
          i18n={i18n}
        />
      );
    },
  );
});
