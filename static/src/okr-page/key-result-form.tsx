/**
 * Create or edit a key result in a dialog: title, owner, weight, unit, the kind with its fields (metric start →
 * target, threshold, binary, issue progress of the linked issues / a project / a JQL, flow metric over a scope
 * against a baseline period, issue count per week/month/period against a baseline, CSAT of a scope against a
 * baseline) and where its values come
 * from (manual or external; the app measures the Jira kinds). Direction is asked for metrics only (the other
 * kinds fix it). Sends `saveKeyResult`; `invalid-okr` details go to the fields; a conflict keeps the input.
 */
import type { SavedOkrEntity } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { EntityFormShell, useEntityForm, type EditedEntity, type EntityForm } from './entity-form';
import {
  FLOW_KR_METRICS,
  KEY_RESULT_FIELDS,
  KIND_TYPES,
  directionOf,
  isMeasuredKind,
  keyResultOfDraft,
  type KeyResultDraft,
} from './key-result-draft';
import { PeriodFields, SelectField, TextField } from './okr-fields';
import type { OkrInvoke } from './okr-invoke';

export interface KeyResultFormProps {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly objective: { readonly id: string; readonly title: string };
  readonly editing: EditedEntity;
  readonly initial: KeyResultDraft;
  readonly onSaved: (saved: SavedOkrEntity) => void;
  readonly onClose: () => void;
  readonly latestVersionOf: (id: string) => Promise<number | null>;
}

export function KeyResultForm({
  invoke,
  i18n,
  objective,
  editing,
  initial,
  onSaved,
  onClose,
  latestVersionOf,
}: KeyResultFormProps) {
  const { t } = i18n;
  const form = useEntityForm({
    i18n,
    editing,
    initial,
    fields: [...KEY_RESULT_FIELDS, 'kind'],
    check: (draft: KeyResultDraft) => keyResultOfDraft(objective.id, draft),
    save: (target, keyResult) => invoke('saveKeyResult', { ...target, keyResult }),
    onSaved,
    latestVersionOf,
  });
  const { draft, bind, errors } = form;

  return (
    <EntityFormShell
      form={form}
      i18n={i18n}
      title={
        editing === null
          ? t('okrPage.keyResult.createHeading', { objective: objective.title })
          : t('okrPage.keyResult.editHeading')
      }
      testId="key-result-form"
      onClose={onClose}
    >
      <TextField {...bind('title')} label={t('okrPage.keyResult.title')} required />
      <div className="field-row">
        <TextField
          {...bind('ownerAccountId')}
          label={t('okrPage.keyResult.owner')}
          hint={t('okrPage.ownerHint')}
        />
        <TextField {...bind('weight')} inputMode="decimal" label={t('okrPage.keyResult.weight')} />
        <TextField {...bind('unit')} label={t('okrPage.keyResult.unit')} />
      </div>
      <div className="field-row">
        <SelectField
          {...bind('kindType')}
          label={t('okrPage.keyResult.kind')}
          error={errors['kind']}
          options={KIND_TYPES.map((kind) => ({ value: kind, text: t(`okrPage.kind.${kind}`) }))}
        />
        {isMeasuredKind(draft.kindType) ? (
          <p className="subtle okr-derived" data-testid="source-measured">
            {t('okrPage.keyResult.measuredSource')}
          </p>
        ) : (
          <SelectField
            {...bind('source')}
            label={t('okrPage.keyResult.source')}
            options={[
              { value: 'manual', text: t('okrPage.source.manual') },
              { value: 'external', text: t('okrPage.source.external') },
            ]}
          />
        )}
        {draft.kindType === 'metric' ? (
          <SelectField
            {...bind('direction')}
            label={t('okrPage.keyResult.direction')}
            options={(['increase', 'decrease', 'stay-within'] as const).map((direction) => ({
              value: direction,
              text: t(`okrPage.direction.${direction}`),
            }))}
          />
        ) : (
          <p className="subtle okr-derived" data-testid="direction-derived">
            {t('okrPage.keyResult.directionDerived', {
              direction: t(`okrPage.direction.${directionOf(draft)}`),
            })}
          </p>
        )}
      </div>
      {errors['direction'] !== undefined && draft.kindType !== 'metric' && (
        <p className="okr-field-error">{errors['direction']}</p>
      )}
      <KindFields form={form} i18n={i18n} />
    </EntityFormShell>
  );
}

/** The fields of the chosen kind. */
function KindFields({ form, i18n }: { readonly form: EntityForm<KeyResultDraft>; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const { draft, bind, errors, change } = form;
  const number = (field: 'start' | 'target' | 'threshold', label: string) => (
    <TextField {...bind(field)} inputMode="decimal" label={label} />
  );
  const projectOrJql = (type: 'project' | 'jql') =>
    type === 'project' ? (
      <TextField {...bind('projectKey')} label={t('okrPage.keyResult.projectKey')} />
    ) : (
      <TextField {...bind('jql')} label={t('okrPage.keyResult.jql')} />
    );
  /** A change in percent against the baseline period: the measured kinds' target. */
  const targetChange = (
    <TextField
      {...bind('targetChangePercent')}
      inputMode="decimal"
      label={t('okrPage.keyResult.targetChange')}
      hint={t('okrPage.keyResult.targetChangeHint')}
    />
  );
  const baseline = (
    <PeriodFields
      legend={t('okrPage.keyResult.baselinePeriod')}
      draft={draft.baselinePeriod}
      errors={errors}
      prefix="baseline"
      i18n={i18n}
      onChange={(baselinePeriod) => {
        change({ baselinePeriod });
      }}
    />
  );
  switch (draft.kindType) {
    case 'metric':
      return (
        <div className="field-row">
          {number('start', t('okrPage.keyResult.start'))}
          {number('target', t('okrPage.keyResult.target'))}
        </div>
      );
    case 'threshold':
      return (
        <div className="field-row">
          <SelectField
            {...bind('operator')}
            label={t('okrPage.keyResult.operator')}
            options={[
              { value: 'atLeast', text: t('okrPage.operator.atLeast') },
              { value: 'atMost', text: t('okrPage.operator.atMost') },
            ]}
          />
          {number('threshold', t('okrPage.keyResult.threshold'))}
        </div>
      );
    case 'binary':
      return <p className="subtle">{t('okrPage.keyResult.binaryExplained')}</p>;
    case 'issueProgress':
      return (
        <div className="field-row">
          <SelectField
            {...bind('issuesType')}
            label={t('okrPage.keyResult.issues')}
            options={[
              { value: 'linked', text: t('okrPage.issues.linked') },
              { value: 'project', text: t('okrPage.issues.project') },
              { value: 'jql', text: t('okrPage.issues.jql') },
            ]}
          />
          {draft.issuesType !== 'linked' && projectOrJql(draft.issuesType)}
        </div>
      );
    case 'flowMetric':
      return (
        <>
          <div className="field-row">
            <SelectField
              {...bind('scopeType')}
              label={t('okrPage.keyResult.scope')}
              options={[
                { value: 'project', text: t('okrPage.issues.project') },
                { value: 'jql', text: t('okrPage.issues.jql') },
              ]}
            />
            {projectOrJql(draft.scopeType)}
            <SelectField
              {...bind('metric')}
              label={t('okrPage.keyResult.metric')}
              options={FLOW_KR_METRICS.map((metric) => ({
                value: metric,
                text: t(`okrPage.metric.${metric}`),
              }))}
            />
            {targetChange}
          </div>
          {baseline}
        </>
      );
    case 'issueCount':
      return (
        <>
          <div className="field-row">
            {projectOrJql('jql')}
            <SelectField
              {...bind('per')}
              label={t('okrPage.keyResult.per')}
              options={(['week', 'month', 'period'] as const).map((per) => ({
                value: per,
                text: t(`okrPage.per.${per}`),
              }))}
            />
            {targetChange}
          </div>
          {baseline}
        </>
      );
    case 'csat':
      return (
        <>
          <p className="subtle">{t('okrPage.keyResult.csatExplained')}</p>
          <div className="field-row">
            <SelectField
              {...bind('scopeType')}
              label={t('okrPage.keyResult.scope')}
              options={[
                { value: 'project', text: t('okrPage.issues.project') },
                { value: 'jql', text: t('okrPage.issues.jql') },
              ]}
            />
            {projectOrJql(draft.scopeType)}
            {targetChange}
          </div>
          {baseline}
        </>
      );
  }
}
