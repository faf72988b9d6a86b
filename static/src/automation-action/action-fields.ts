/**
 * The configuration fields of the app's Automation actions, as `manifest.yml` declares their `inputs` (Automation
 * refuses a configuration with fields the manifest does not declare, and checks each against its declaration).
 * Every value is text: a rule may put a smart value (`{{issue.key}}`) in any of them.
 */

/** How a field is entered. */
export type ActionFieldKind = 'text' | 'textarea' | 'source' | 'step';

export interface ActionField {
  /** The input's name in the manifest. */
  readonly name: string;
  /** The words' key suffix: `automationForm.field.<label>` and `automationForm.hint.<label>`. */
  readonly label: string;
  readonly kind: ActionFieldKind;
  readonly required: boolean;
}

const field = (name: string, kind: ActionFieldKind, required: boolean, label = name): ActionField => ({
  name,
  label,
  kind,
  required,
});

/** The fields of each action, by the action's manifest key. */
export const ACTION_FIELDS: Readonly<Record<string, readonly ActionField[]>> = {
  'register-improvement': [
    field('projectKey', 'text', true),
    field('summary', 'text', true),
    field('source', 'source', true),
    field('service', 'text', true),
    field('issueKey', 'text', false),
    field('sourceDetail', 'text', false),
    field('description', 'textarea', false),
    field('linkType', 'text', false),
    field('dedupeKey', 'text', false),
  ],
  'close-feedback-loop': [field('issueKey', 'text', true, 'improvementKey'), field('step', 'step', false)],
  'check-effect': [field('issueKey', 'text', true, 'improvementKey')],
  'report-key-result-value': [
    field('keyResultId', 'text', true),
    field('measurementId', 'text', true),
    field('value', 'text', true),
    field('at', 'text', false),
  ],
};

/** What a new configuration starts with: the triggering issue's smart value where the action takes an issue. */
export const ACTION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'register-improvement': { issueKey: '{{issue.key}}', source: 'customer-feedback' },
  'close-feedback-loop': { issueKey: '{{issue.key}}' },
  'check-effect': { issueKey: '{{issue.key}}' },
};

/** Every declared input of `actionKey` with its value: saved values first, then the defaults, else empty. */
export function initialValues(actionKey: string, saved: unknown): Record<string, string> {
  const fields = ACTION_FIELDS[actionKey] ?? [];
  const stored = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const defaults = Object.keys(stored).length === 0 ? (ACTION_DEFAULTS[actionKey] ?? {}) : {};
  return Object.fromEntries(
    fields.map((f) => {
      const value = stored[f.name];
      return [
        f.name,
        typeof value === 'string'
          ? value
          : typeof value === 'number'
            ? String(value)
            : (defaults[f.name] ?? ''),
      ];
    }),
  );
}

/** The names of required fields left empty. */
export function missingRequired(actionKey: string, values: Readonly<Record<string, string>>): string[] {
  return (ACTION_FIELDS[actionKey] ?? [])
    .filter((f) => f.required && (values[f.name] ?? '').trim() === '')
    .map((f) => f.name);
}
