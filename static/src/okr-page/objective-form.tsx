/**
 * Create or edit an objective in a dialog: title, description, period (quarter or custom dates, time zone),
 * owner (the viewer by default; an account id), scope (project or team) and the parent objective it aligns to.
 * Sends `saveObjective`; the resolver's `invalid-okr` detail is shown at the fields; a conflict offers to load
 * the latest version and keeps the input.
 */
import { useRef, useState, type SyntheticEvent } from 'react';
import type { ObjectiveView, SavedOkrEntity } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { OkrDialog } from './okr-dialog';
import { PeriodFields, SelectField, TextAreaField, TextField, shownErrors } from './okr-fields';
import type { OkrInvoke } from './okr-invoke';
import {
  OBJECTIVE_FIELDS,
  fieldErrorsOf,
  objectiveDraftErrors,
  objectiveOfDraft,
  selfAndDescendants,
  type FieldErrors,
  type ObjectiveDraft,
} from './okr-model';
import { SaveFeedback, useFocusOnRefusal, type SavePhase } from './save-feedback';

export interface ObjectiveFormProps {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** The objective being edited with its version; null for a new one. */
  readonly editing: { readonly id: string; readonly version: number } | null;
  readonly initial: ObjectiveDraft;
  /** The period's objectives (candidates for the parent). */
  readonly objectives: readonly ObjectiveView[];
  readonly onSaved: (saved: SavedOkrEntity) => void;
  readonly onClose: () => void;
  /** Loads the latest overview and answers the objective's current version (null when it is gone). */
  readonly latestVersionOf: (id: string) => Promise<number | null>;
}

export function ObjectiveForm({
  invoke,
  i18n,
  editing,
  initial,
  objectives,
  onSaved,
  onClose,
  latestVersionOf,
}: ObjectiveFormProps) {
  const { t } = i18n;
  const [draft, setDraft] = useState(initial);
  const [expectedVersion, setExpectedVersion] = useState(editing?.version);
  const [phase, setPhase] = useState<SavePhase>({ phase: 'editing' });
  const formRef = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useFocusOnRefusal(formRef, refusals);
  const [local, setLocal] = useState<Readonly<Record<string, string>>>({});
  const [server, setServer] = useState<FieldErrors>({});
  const errors = shownErrors(local, server, i18n);
  const excluded = editing === null ? new Set<string>() : selfAndDescendants(objectives, editing.id);
  const parents = objectives.filter((view) => !excluded.has(view.objective.id) && !view.objective.archived);
  const change = (next: Partial<ObjectiveDraft>): void => {
    setDraft((current) => ({ ...current, ...next }));
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const problems = objectiveDraftErrors(draft);
    setLocal(problems);
    setServer({});
    if (Object.keys(problems).length > 0) {
      setRefusals((n) => n + 1);
      return;
    }
    setPhase({ phase: 'saving' });
    const answer = await invoke('saveObjective', {
      ...(editing === null ? {} : { id: editing.id, expectedVersion: expectedVersion ?? editing.version }),
      objective: objectiveOfDraft(draft),
    });
    if (answer.ok) {
      onSaved(answer.value);
      return;
    }
    if (answer.error.code === 'invalid-okr')
      setServer(fieldErrorsOf(answer.error.detail, [...OBJECTIVE_FIELDS, 'period']));
    setPhase({ phase: 'failed', failure: answer.error });
    setRefusals((n) => n + 1);
  };

  return (
    <OkrDialog
      title={editing === null ? t('okrPage.objective.createHeading') : t('okrPage.objective.editHeading')}
      closeLabel={t('okrPage.close')}
      onClose={onClose}
      testId="objective-form"
    >
      <form ref={formRef} className="stack okr-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          name="title"
          label={t('okrPage.objective.title')}
          value={draft.title}
          required
          error={errors['title']}
          onChange={(title) => {
            change({ title });
          }}
        />
        <TextAreaField
          name="description"
          label={t('okrPage.objective.description')}
          value={draft.description}
          error={errors['description']}
          onChange={(description) => {
            change({ description });
          }}
        />
        <PeriodFields
          legend={t('okrPage.objective.period')}
          draft={draft.period}
          errors={{ ...errors, ...(errors['period'] === undefined ? {} : { quarter: errors['period'] }) }}
          prefix=""
          i18n={i18n}
          onChange={(period) => {
            change({ period });
          }}
        />
        <div className="field-row">
          <TextField
            name="ownerAccountId"
            label={t('okrPage.objective.owner')}
            hint={t('okrPage.ownerHint')}
            value={draft.ownerAccountId}
            error={errors['ownerAccountId']}
            onChange={(ownerAccountId) => {
              change({ ownerAccountId });
            }}
          />
          <SelectField
            name="scopeType"
            label={t('okrPage.objective.scope')}
            value={draft.scopeType}
            options={[
              { value: 'project', text: t('okrPage.scope.project') },
              { value: 'team', text: t('okrPage.scope.team') },
            ]}
            onChange={(scopeType) => {
              change({ scopeType });
            }}
          />
          {draft.scopeType === 'project' ? (
            <TextField
              name="projectKey"
              label={t('okrPage.objective.projectKey')}
              value={draft.projectKey}
              error={errors['projectKey']}
              onChange={(projectKey) => {
                change({ projectKey });
              }}
            />
          ) : (
            <TextField
              name="teamId"
              label={t('okrPage.objective.teamId')}
              value={draft.teamId}
              error={errors['teamId']}
              onChange={(teamId) => {
                change({ teamId });
              }}
            />
          )}
        </div>
        <SelectField
          name="parentObjectiveId"
          label={t('okrPage.objective.parent')}
          value={draft.parentObjectiveId}
          error={errors['parentObjectiveId']}
          options={[
            { value: '', text: t('okrPage.objective.noParent') },
            ...parents.map((view) => ({
              value: view.objective.id,
              text: `${view.objective.id} · ${view.objective.title}`,
            })),
          ]}
          onChange={(parentObjectiveId) => {
            change({ parentObjectiveId });
          }}
        />
        <div className="okr-form-actions">
          <button type="submit" className="button-primary" disabled={phase.phase === 'saving'}>
            {t('okrPage.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('okrPage.cancel')}
          </button>
        </div>
        <SaveFeedback
          state={phase}
          i18n={i18n}
          generalError={server['']}
          onReloadLatest={
            editing === null
              ? undefined
              : () => {
                  void latestVersionOf(editing.id).then((version) => {
                    if (version === null) return;
                    setExpectedVersion(version);
                    setPhase({ phase: 'reloaded' });
                  });
                }
          }
        />
      </form>
    </OkrDialog>
  );
}
