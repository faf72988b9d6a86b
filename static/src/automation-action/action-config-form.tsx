/**
 * The configuration form of the app's Automation actions (one Custom UI resource for all four; which action is
 * configured is the module key of the view context). Each field is labelled, says what it takes (smart values such
 * as `{{issue.key}}` are welcome), marks a required field and shows Automation's or its own problem next to it.
 * Every change is handed to Automation at once (so nothing is lost when the user moves to another component and
 * Automation's Next button is enabled); Next shows the required fields still empty.
 */
import { useEffect, useRef, useState } from 'react';
import type { UiI18n } from '../i18n/load';
import { ACTION_FIELDS, initialValues, missingRequired, type ActionField } from './action-fields';
import type { AutomationConfigHost } from './automation-host';

export interface ActionConfigFormProps {
  /** The action's manifest key (`register-improvement`, …). */
  readonly actionKey: string;
  /** The inputs saved with the rule (`extension.data.inputs`). */
  readonly saved: unknown;
  /** Automation's problems per input (`extension.errors.invalidInputs`: `{ name: { message } }`). */
  readonly invalidInputs: unknown;
  readonly host: AutomationConfigHost;
  readonly i18n: UiI18n;
}

/** The sources of an improvement (FitSM PR14.1), in the record's order. */
const SOURCES = [
  'customer-feedback',
  'incident-trend',
  'measurement',
  'report',
  'audit',
  'assessment',
  'retrospective',
] as const;
const STEPS = ['', 'closed', 'in-implementation'] as const;

function messagesOf(invalidInputs: unknown): Record<string, string> {
  if (typeof invalidInputs !== 'object' || invalidInputs === null) return {};
  return Object.fromEntries(
    Object.entries(invalidInputs as Record<string, unknown>).flatMap(([name, problem]) => {
      const message = (problem as { message?: unknown } | null)?.message;
      return typeof message === 'string' ? [[name, message]] : [];
    }),
  );
}

export function ActionConfigForm({ actionKey, saved, invalidInputs, host, i18n }: ActionConfigFormProps) {
  const { t } = i18n;
  const fields = ACTION_FIELDS[actionKey];
  const [values, setValues] = useState(() => initialValues(actionKey, saved));
  const [problems, setProblems] = useState<Record<string, string>>(() => messagesOf(invalidInputs));
  const [validating, setValidating] = useState(false);
  const latest = useRef(values);
  latest.current = values;

  useEffect(() => {
    const offSubmit = host.onSubmitRequest(() => {
      const missing = missingRequired(actionKey, latest.current);
      setProblems((before) => ({
        ...before,
        ...Object.fromEntries(missing.map((name) => [name, t('automationForm.required')])),
      }));
      void host.submit(latest.current);
    });
    const offValidating = host.onValidating(setValidating);
    // A new configuration starts with its defaults ({{issue.key}}): Automation keeps them as entered.
    const isNew = typeof saved !== 'object' || saved === null || Object.keys(saved).length === 0;
    if (isNew && fields !== undefined) void host.submit(latest.current);
    return () => {
      offSubmit();
      offValidating();
    };
    // Subscribed once per form: the values are read through `latest`.
  }, []);

  if (fields === undefined)
    return (
      <p role="alert" className="state-error">
        {t('automationForm.unknownAction', { key: actionKey })}
      </p>
    );

  const change = (name: string, value: string): void => {
    const next = { ...latest.current, [name]: value };
    latest.current = next;
    setValues(next);
    setProblems((before) => Object.fromEntries(Object.entries(before).filter(([key]) => key !== name)));
    void host.submit(next);
  };

  const control = (field: ActionField, describedBy: string) => {
    const common = {
      id: `input-${field.name}`,
      name: field.name,
      value: values[field.name] ?? '',
      disabled: validating,
      'aria-required': field.required,
      'aria-invalid': problems[field.name] !== undefined,
      'aria-describedby': describedBy,
    };
    if (field.kind === 'source')
      return (
        <select
          {...common}
          onChange={(e) => {
            change(field.name, e.target.value);
          }}
        >
          {SOURCES.map((source) => (
            <option key={source} value={source}>
              {t(`csiRecord.source.${source}`)}
            </option>
          ))}
        </select>
      );
    if (field.kind === 'step')
      return (
        <select
          {...common}
          onChange={(e) => {
            change(field.name, e.target.value);
          }}
        >
          {STEPS.map((step) => (
            <option key={step} value={step}>
              {t(`automationForm.step.${step === '' ? 'fromStatus' : step}`)}
            </option>
          ))}
        </select>
      );
    if (field.kind === 'textarea')
      return (
        <textarea
          rows={3}
          {...common}
          onChange={(e) => {
            change(field.name, e.target.value);
          }}
        />
      );
    return (
      <input
        type="text"
        {...common}
        onChange={(e) => {
          change(field.name, e.target.value);
        }}
      />
    );
  };

  return (
    <form
      className="automation-form stack"
      aria-busy={validating}
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      <h2>{t(`automationForm.heading.${actionKey}`)}</h2>
      <p className="subtle">{t('automationForm.intro')}</p>
      {fields.map((field) => {
        const hintId = `hint-${field.name}`;
        const problemId = `problem-${field.name}`;
        const problem = problems[field.name];
        return (
          <div key={field.name} className="automation-field stack stack-tight">
            <label htmlFor={`input-${field.name}`} className="automation-label">
              {t(`automationForm.field.${field.label}`)}
              {field.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            {control(field, problem === undefined ? hintId : `${problemId} ${hintId}`)}
            {problem === undefined ? null : (
              <p id={problemId} className="automation-problem" role="alert">
                {problem}
              </p>
            )}
            <p id={hintId} className="automation-hint">
              {t(`automationForm.hint.${field.label}`)}
            </p>
          </div>
        );
      })}
    </form>
  );
}
