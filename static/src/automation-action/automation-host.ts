/**
 * What the configuration form of an Automation action needs from Automation (Forge's automation-action reference,
 * "Action configuration"): keeping the configuration (`view.submit(values)` on every change, which also enables
 * Automation's Next button), the Next button pressed (`AUTOMATION_ACTION_SUBMIT`) and the rule being validated
 * (`AUTOMATION_ACTION_VALIDATE_RULE_EVENT` with `isValidating`). Components get this as a plain value.
 */
import { events, view } from '@forge/bridge';

export interface AutomationConfigHost {
  /** Hands the form's values to Automation. */
  submit(values: Readonly<Record<string, string>>): Promise<void>;
  /** Calls `listener` when Automation's Next button is pressed; returns the unsubscribe. */
  onSubmitRequest(listener: () => void): () => void;
  /** Calls `listener` when rule validation starts and ends; returns the unsubscribe. */
  onValidating(listener: (isValidating: boolean) => void): () => void;
}

function subscribe(event: string, callback: (payload?: unknown) => void): () => void {
  const subscription = events.on(event, callback);
  return () => {
    void subscription.then((s) => {
      s.unsubscribe();
    });
  };
}

export const forgeAutomationHost: AutomationConfigHost = {
  submit: (values) => view.submit(values),
  onSubmitRequest: (listener) =>
    subscribe('AUTOMATION_ACTION_SUBMIT', () => {
      listener();
    }),
  onValidating: (listener) =>
    subscribe('AUTOMATION_ACTION_VALIDATE_RULE_EVENT', (payload) => {
      listener((payload as { isValidating?: unknown } | undefined)?.isValidating === true);
    }),
};
