/**
 * @jest-environment jsdom
 */
/**
 * The configuration form of the app's Automation actions (Forge's automation-action reference, "Action
 * configuration") over a fake Automation host: every field the manifest declares as an input, labelled in German and
 * English; a new configuration starts with {{issue.key}} and hands its values to Automation at once; every change is
 * handed over (so Automation keeps it and enables Next); Next marks required fields left empty; Automation's own
 * problems show at their fields; rule validation disables the fields.
 */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ACTION_FIELDS } from '../../static/src/automation-action/action-fields';
import { ActionConfigForm } from '../../static/src/automation-action/action-config-form';
import type { AutomationConfigHost } from '../../static/src/automation-action/automation-host';
import { englishUi, germanUi } from './support/ui-i18n';

function fakeHost() {
  const submitted: Record<string, string>[] = [];
  let onSubmit: () => void = () => undefined;
  let onValidating: (validating: boolean) => void = () => undefined;
  const host: AutomationConfigHost = {
    submit: (values) => {
      submitted.push({ ...values });
      return Promise.resolve();
    },
    onSubmitRequest: (listener) => {
      onSubmit = listener;
      return () => undefined;
    },
    onValidating: (listener) => {
      onValidating = listener;
      return () => undefined;
    },
  };
  return {
    host,
    submitted,
    next: () => {
      onSubmit();
    },
    validating: (v: boolean) => {
      onValidating(v);
    },
  };
}

it('declares exactly the inputs of each action in manifest.yml', () => {
  const manifest = parse(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
    modules: { action: { key: string; inputs: Record<string, { required: boolean }> }[] };
  };
  for (const action of manifest.modules.action) {
    const fields = ACTION_FIELDS[action.key] ?? [];
    expect([action.key, fields.map((f) => [f.name, f.required])]).toEqual([
      action.key,
      Object.entries(action.inputs).map(([name, input]) => [name, input.required]),
    ]);
  }
});

it('starts a new “Verbesserungsvorschlag registrieren” with {{issue.key}}, hands over every change, marks empty required fields on Next', async () => {
  const user = userEvent.setup();
  const fake = fakeHost();
  render(
    <ActionConfigForm
      actionKey="register-improvement"
      saved={{}}
      invalidInputs={{}}
      host={fake.host}
      i18n={germanUi}
    />,
  );

  expect(screen.getByRole('heading', { name: 'Verbesserungsvorschlag registrieren' })).toBeTruthy();
  const triggering = screen.getByLabelText<HTMLInputElement>('Auslösender Vorgang');
  expect(triggering.value).toBe('{{issue.key}}');
  expect(fake.submitted[0]).toMatchObject({
    issueKey: '{{issue.key}}',
    source: 'customer-feedback',
    projectKey: '',
  });
  expect(Object.keys(fake.submitted[0] ?? {})).toEqual(
    ACTION_FIELDS['register-improvement']?.map((f) => f.name),
  );

  await user.type(screen.getByLabelText(/^Projekt mit CSI/), 'CSI');
  await user.selectOptions(screen.getByLabelText(/^Quelle \*?$/), 'incident-trend');
  expect(fake.submitted.at(-1)).toMatchObject({ projectKey: 'CSI', source: 'incident-trend' });

  act(() => {
    fake.next();
  });
  const summary = screen.getByLabelText(/^Zusammenfassung/);
  expect(summary.getAttribute('aria-invalid')).toBe('true');
  expect(summary.getAttribute('aria-required')).toBe('true');
  expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
    'Füllen Sie dieses Feld aus.',
    'Füllen Sie dieses Feld aus.',
  ]);
  await user.type(summary, 'x');
  expect(summary.getAttribute('aria-invalid')).toBe('false');
});

it('shows a saved “Kennzahl melden” in English with Automation’s problem at its field, and disables fields while the rule is validated', () => {
  const fake = fakeHost();
  render(
    <ActionConfigForm
      actionKey="report-key-result-value"
      saved={{ keyResultId: 'KR-12', measurementId: 'm-1', value: '42' }}
      invalidInputs={{ keyResultId: { message: 'keyResultId is required' } }}
      host={fake.host}
      i18n={englishUi}
    />,
  );
  expect(screen.getByRole('heading', { name: 'Report a key result value' })).toBeTruthy();
  const keyResult = screen.getByLabelText<HTMLInputElement>(/^Key result/);
  expect(keyResult.value).toBe('KR-12');
  expect(keyResult.getAttribute('aria-invalid')).toBe('true');
  expect(screen.getByRole('alert').textContent).toBe('keyResultId is required');
  // A saved configuration is not handed over again until it changes.
  expect(fake.submitted).toEqual([]);
  act(() => {
    fake.validating(true);
  });
  expect(screen.getByLabelText<HTMLInputElement>(/^Value/).disabled).toBe(true);
});

it('names an action it does not know', () => {
  render(
    <ActionConfigForm
      actionKey="old-action"
      saved={{}}
      invalidInputs={{}}
      host={fakeHost().host}
      i18n={englishUi}
    />,
  );
  expect(screen.getByRole('alert').textContent).toContain('does not know the action “old-action”');
});
