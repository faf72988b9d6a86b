/**
 * The OKR settings (`jira:globalPage` subpage `settings`, Jira admins): the Jira group whose members may create
 * and edit every objective, and the status thresholds (on track when progress ≥ on-track × expected, at risk when
 * ≥ at-risk × expected). Loads `getOkrSettings`, saves `saveOkrSettings` with the loaded version; a conflict
 * offers to load the latest version and keeps the input.
 */
import { useCallback, useState } from 'react';
import type { OkrSettings } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { TextField } from './okr-fields';
import { OkrErrorState } from './okr-error';
import type { OkrInvoke } from './okr-invoke';
import { useFormSubmit } from './form-submit';
import { useOkrLoad } from './okr-load';
import { parseNumber } from './okr-model';
import { SaveFeedback } from './save-feedback';

interface SettingsDraft {
  readonly editorGroupName: string;
  readonly onTrackPercent: string;
  readonly atRiskPercent: string;
}

function draftOf(settings: OkrSettings): SettingsDraft {
  return {
    editorGroupName: settings.editorGroupName ?? '',
    onTrackPercent: String(Math.round(settings.thresholds.onTrack * 100)),
    atRiskPercent: String(Math.round(settings.thresholds.atRisk * 100)),
  };
}

/** The settings of a draft, or the problem per field (thresholds: whole percent, 0 < at risk < on track ≤ 100). */
export function settingsOfDraft(
  draft: SettingsDraft,
):
  | { readonly ok: true; readonly settings: OkrSettings }
  | { readonly ok: false; readonly problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const onTrack = parseNumber(draft.onTrackPercent);
  const atRisk = parseNumber(draft.atRiskPercent);
  if (onTrack === null || onTrack <= 0 || onTrack > 100) problems['onTrack'] = 'thresholdRange';
  if (atRisk === null || atRisk <= 0 || atRisk > 100) problems['atRisk'] = 'thresholdRange';
  if (onTrack !== null && atRisk !== null && problems['onTrack'] === undefined && atRisk >= onTrack)
    problems['atRisk'] = 'thresholdOrder';
  if (Object.keys(problems).length > 0 || onTrack === null || atRisk === null) return { ok: false, problems };
  const group = draft.editorGroupName.trim();
  return {
    ok: true,
    settings: {
      editorGroupName: group === '' ? null : group,
      thresholds: { onTrack: onTrack / 100, atRisk: atRisk / 100 },
    },
  };
}

export function OkrSettingsPage({ invoke, i18n }: { readonly invoke: OkrInvoke; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const load = useCallback(() => invoke('getOkrSettings', {}), [invoke]);
  const { state, retry } = useOkrLoad(load);
  return (
    <main className="okr-page page">
      <h1>{t('okrSettings.heading')}</h1>
      {state.phase === 'loading' && <LoadingState label={t('okrSettings.loading')} />}
      {state.phase === 'error' && <OkrErrorState failure={state.failure} i18n={i18n} onRetry={retry} />}
      {state.phase === 'loaded' && (
        <SettingsForm
          invoke={invoke}
          i18n={i18n}
          settings={state.value.settings}
          version={state.value.version}
        />
      )}
    </main>
  );
}

function SettingsForm({
  invoke,
  i18n,
  settings,
  version,
}: {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly settings: OkrSettings;
  readonly version: number | null;
}) {
  const { t } = i18n;
  const [draft, setDraft] = useState(draftOf(settings));
  const [expectedVersion, setExpectedVersion] = useState(version);
  const { errors, formRef, phase, generalError, saved, submit, markReloaded } = useFormSubmit({
    i18n,
    fields: ['editorGroupName', 'onTrack', 'atRisk'],
    // The settings' schema answers a malformed group name or threshold as an invalid payload.
    fieldErrorCodes: ['invalid-okr', 'invalid-payload'],
    check: () => {
      const built = settingsOfDraft(draft);
      return built.ok ? { ok: true, value: built.settings } : built;
    },
    send: (settings) => invoke('saveOkrSettings', { settings, expectedVersion }),
    onSent: (answer) => {
      setExpectedVersion(answer.version);
    },
    stays: true,
  });

  return (
    <form
      ref={formRef}
      className="stack okr-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      data-testid="okr-settings"
    >
      <section aria-labelledby="editors-heading" className="okr-section stack">
        <h2 id="editors-heading">{t('okrSettings.editors.heading')}</h2>
        <p className="subtle">{t('okrSettings.editors.explained')}</p>
        <TextField
          name="editorGroupName"
          label={t('okrSettings.editors.group')}
          hint={t('okrSettings.editors.groupHint')}
          value={draft.editorGroupName}
          error={errors['editorGroupName']}
          onChange={(editorGroupName) => {
            setDraft({ ...draft, editorGroupName });
          }}
        />
      </section>
      <section aria-labelledby="thresholds-heading" className="okr-section stack">
        <h2 id="thresholds-heading">{t('okrSettings.thresholds.heading')}</h2>
        <p className="subtle">{t('okrSettings.thresholds.explained')}</p>
        <div className="field-row">
          <TextField
            name="onTrack"
            inputMode="decimal"
            label={t('okrSettings.thresholds.onTrack')}
            value={draft.onTrackPercent}
            error={errors['onTrack']}
            onChange={(onTrackPercent) => {
              setDraft({ ...draft, onTrackPercent });
            }}
          />
          <TextField
            name="atRisk"
            inputMode="decimal"
            label={t('okrSettings.thresholds.atRisk')}
            value={draft.atRiskPercent}
            error={errors['atRisk']}
            onChange={(atRiskPercent) => {
              setDraft({ ...draft, atRiskPercent });
            }}
          />
        </div>
      </section>
      <div className="okr-form-actions">
        <button type="submit" className="button-primary" disabled={phase.phase === 'saving'}>
          {t('okrPage.save')}
        </button>
      </div>
      {saved && (
        <p className="state-success" role="status" data-testid="settings-saved">
          {t('okrSettings.saved')}
        </p>
      )}
      <SaveFeedback
        state={phase}
        i18n={i18n}
        generalError={generalError}
        onReloadLatest={() => {
          void invoke('getOkrSettings', {}).then((answer) => {
            if (!answer.ok) return;
            setExpectedVersion(answer.value.version);
            markReloaded();
          });
        }}
      />
    </form>
  );
}
