/**
 * Create or edit an objective in a dialog: title, description, period (quarter or custom dates, time zone),
 * owner (the viewer by default; an account id), scope (project or team) and the parent objective it aligns to.
 * Sends `saveObjective`; the resolver's `invalid-okr` detail is shown at the fields; a conflict offers to load
 * the latest version and keeps the input.
 */
import type { ObjectiveView, SavedOkrEntity } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { EntityFormShell, useEntityForm, type EditedEntity } from './entity-form';
import { PeriodFields, SelectField, TextAreaField, TextField } from './okr-fields';
import type { OkrInvoke } from './okr-invoke';
import {
  OBJECTIVE_FIELDS,
  objectiveDraftErrors,
  objectiveOfDraft,
  selfAndDescendants,
  type ObjectiveDraft,
} from './okr-model';

export interface ObjectiveFormProps {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** The objective being edited with its version; null for a new one. */
  readonly editing: EditedEntity;
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
  const form = useEntityForm({
    i18n,
    editing,
    initial,
    fields: [...OBJECTIVE_FIELDS, 'period'],
    check: (draft: ObjectiveDraft) => {
      const problems = objectiveDraftErrors(draft);
      return Object.keys(problems).length > 0
        ? { ok: false, problems }
        : { ok: true, value: objectiveOfDraft(draft) };
    },
    save: (target, objective) => invoke('saveObjective', { ...target, objective }),
    onSaved,
    latestVersionOf,
  });
  const { draft, change, bind, errors } = form;
  const excluded = editing === null ? new Set<string>() : selfAndDescendants(objectives, editing.id);
  const parents = objectives.filter((view) => !excluded.has(view.objective.id) && !view.objective.archived);

  return (
    <EntityFormShell
      form={form}
      i18n={i18n}
      title={editing === null ? t('okrPage.objective.createHeading') : t('okrPage.objective.editHeading')}
      testId="objective-form"
      onClose={onClose}
    >
      <TextField {...bind('title')} label={t('okrPage.objective.title')} required />
      <TextAreaField {...bind('description')} label={t('okrPage.objective.description')} />
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
          {...bind('ownerAccountId')}
          label={t('okrPage.objective.owner')}
          hint={t('okrPage.ownerHint')}
        />
        <SelectField
          {...bind('scopeType')}
          label={t('okrPage.objective.scope')}
          options={[
            { value: 'project', text: t('okrPage.scope.project') },
            { value: 'team', text: t('okrPage.scope.team') },
          ]}
        />
        {draft.scopeType === 'project' ? (
          <TextField {...bind('projectKey')} label={t('okrPage.objective.projectKey')} />
        ) : (
          <TextField {...bind('teamId')} label={t('okrPage.objective.teamId')} />
        )}
      </div>
      <SelectField
        {...bind('parentObjectiveId')}
        label={t('okrPage.objective.parent')}
        options={[
          { value: '', text: t('okrPage.objective.noParent') },
          ...parents.map((view) => ({
            value: view.objective.id,
            text: `${view.objective.id} · ${view.objective.title}`,
          })),
        ]}
      />
    </EntityFormShell>
  );
}
