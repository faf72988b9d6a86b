/**
 * Create or edit a key result in a dialog: title, owner, weight, unit, the kind with its fields (metric start →
 * target, threshold, binary, issue progress of the linked issues / a project / a JQL, flow metric over a scope
 * against a baseline period, issue count per week/month/period against a baseline) and where its values come
 * from (manual or external; the app measures the Jira kinds). Direction is asked for metrics only (the other
 * kinds fix it). Sends `saveKeyResult`; `invalid-okr` details go to the fields; a conflict keeps the input.
 */
import { useRef, useState, type SyntheticEvent } from 'react';
import type { SavedOkrEntity } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import {
  FLOW_KR_METRICS,
  KEY_RESULT_FIELDS,
  KIND_TYPES,
  directionOf,
  isMeasuredKind,
  keyResultOfDraft,
  type KeyResultDraft,
} from './key-result-draft';
import { OkrDialog } from './okr-dialog';
import { PeriodFields, SelectField, TextField, shownErrors, type ShownErrors } from './okr-fields';
import type { OkrInvoke } from './okr-invoke';
import { fieldErrorsOf, type FieldErrors } from './okr-model';
import { SaveFeedback, useFocusOnRefusal, type SavePhase } from './save-feedback';

export interface KeyResultFormProps {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly objective: { readonly id: string; readonly title: string };
  readonly editing: { readonly id: string; readonly version: number } | null;
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
  const [draft, setDraft] = useState(initial);
  const [expectedVersion, setExpectedVersion] = useState(editing?.version);
  const [phase, setPhase] = useState<SavePhase>({ phase: 'editing' });
  const formRef = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useFocusOnRefusal(formRef, refusals);
  const [local, setLocal] = useState<Readonly<Record<string, string>>>({});
  const [server, setServer] = useState<FieldErrors>({});
  const errors = shownErrors(local, server, i18n);
  const change = (next: Partial<KeyResultDraft>): void => {
    setDraft((current) => ({ ...current, ...next }));
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const built = keyResultOfDraft(objective.id, draft);
    setServer({});
    if (!built.ok) {
      setLocal(built.problems);
      setRefusals((n) => n + 1);
      return;
    }
    setLocal({});
    setPhase({ phase: 'saving' });
    const answer = await invoke('saveKeyResult', {
      ...(editing === null ? {} : { id: editing.id, expectedVersion: expectedVersion ?? editing.version }),
      keyResult: built.value,
    });
    if (answer.ok) {
      onSaved(answer.value);
      return;
    }
    if (answer.error.code === 'invalid-okr')
      setServer(fieldErrorsOf(answer.error.detail, [...KEY_RESULT_FIELDS, 'kind']));
    setPhase({ phase: 'failed', failure: answer.error });
    setRefusals((n) => n + 1);
  };

  return (
    <OkrDialog
      title={
        editing === null
          ? t('okrPage.keyResult.createHeading', { objective: objective.title })
          : t('okrPage.keyResult.editHeading')
      }
      closeLabel={t('okrPage.close')}
      onClose={onClose}
      testId="key-result-form"
    >
      <form ref={formRef} className="stack okr-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          name="title"
          label={t('okrPage.keyResult.title')}
          value={draft.title}
          required
          error={errors['title']}
          onChange={(title) => {
            change({ title });
          }}
        />
        <div className="field-row">
          <TextField
            name="ownerAccountId"
            label={t('okrPage.keyResult.owner')}
            hint={t('okrPage.ownerHint')}
            value={draft.ownerAccountId}
            error={errors['ownerAccountId']}
            onChange={(ownerAccountId) => {
              change({ ownerAccountId });
            }}
          />
          <TextField
            name="weight"
            inputMode="decimal"
            label={t('okrPage.keyResult.weight')}
            value={draft.weight}
            error={errors['weight']}
            onChange={(weight) => {
              change({ weight });
            }}
          />
          <TextField
            name="unit"
            label={t('okrPage.keyResult.unit')}
            value={draft.unit}
            error={errors['unit']}
            onChange={(unit) => {
              change({ unit });
            }}
          />
        </div>
        <div className="field-row">
          <SelectField
            name="kindType"
            label={t('okrPage.keyResult.kind')}
            value={draft.kindType}
            error={errors['kind']}
            options={KIND_TYPES.map((kind) => ({ value: kind, text: t(`okrPage.kind.${kind}`) }))}
            onChange={(kindType) => {
              change({ kindType });
            }}
          />
          {isMeasuredKind(draft.kindType) ? (
            <p className="subtle okr-derived" data-testid="source-measured">
              {t('okrPage.keyResult.measuredSource')}
            </p>
          ) : (
            <SelectField
              name="source"
              label={t('okrPage.keyResult.source')}
              value={draft.source}
              error={errors['source']}
              options={[
                { value: 'manual', text: t('okrPage.source.manual') },
                { value: 'external', text: t('okrPage.source.external') },
              ]}
              onChange={(source) => {
                change({ source });
              }}
            />
          )}
          {draft.kindType === 'metric' ? (
            <SelectField
              name="direction"
              label={t('okrPage.keyResult.direction')}
              value={draft.direction}
              error={errors['direction']}
              options={(['increase', 'decrease', 'stay-within'] as const).map((direction) => ({
                value: direction,
                text: t(`okrPage.direction.${direction}`),
              }))}
              onChange={(direction) => {
                change({ direction });
              }}
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
        <KindFields draft={draft} errors={errors} i18n={i18n} change={change} />
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

/** The fields of the chosen kind. */
function KindFields({
  draft,
  errors,
  i18n,
  change,
}: {
  readonly draft: KeyResultDraft;
  readonly errors: ShownErrors;
  readonly i18n: UiI18n;
  readonly change: (next: Partial<KeyResultDraft>) => void;
}) {
  const { t } = i18n;
  const number = (field: 'start' | 'target' | 'threshold' | 'targetChangePercent', label: string) => (
    <TextField
      name={field}
      inputMode="decimal"
      label={label}
      value={draft[field]}
      error={errors[field]}
      onChange={(value) => {
        change({ [field]: value });
      }}
    />
  );
  const projectOrJql = (type: 'project' | 'jql') =>
    type === 'project' ? (
      <TextField
        name="projectKey"
        label={t('okrPage.keyResult.projectKey')}
        value={draft.projectKey}
        error={errors['projectKey']}
        onChange={(projectKey) => {
          change({ projectKey });
        }}
      />
    ) : (
      <TextField
        name="jql"
        label={t('okrPage.keyResult.jql')}
        value={draft.jql}
        error={errors['jql']}
        onChange={(jql) => {
          change({ jql });
        }}
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
  const changeHint = t('okrPage.keyResult.targetChangeHint');
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
            name="operator"
            label={t('okrPage.keyResult.operator')}
            value={draft.operator}
            options={[
              { value: 'atLeast', text: t('okrPage.operator.atLeast') },
              { value: 'atMost', text: t('okrPage.operator.atMost') },
            ]}
            onChange={(operator) => {
              change({ operator });
            }}
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
            name="issuesType"
            label={t('okrPage.keyResult.issues')}
            value={draft.issuesType}
            options={[
              { value: 'linked', text: t('okrPage.issues.linked') },
              { value: 'project', text: t('okrPage.issues.project') },
              { value: 'jql', text: t('okrPage.issues.jql') },
            ]}
            onChange={(issuesType) => {
              change({ issuesType });
            }}
          />
          {draft.issuesType !== 'linked' && projectOrJql(draft.issuesType)}
        </div>
      );
    case 'flowMetric':
      return (
        <>
          <div className="field-row">
            <SelectField
              name="scopeType"
              label={t('okrPage.keyResult.scope')}
              value={draft.scopeType}
              options={[
                { value: 'project', text: t('okrPage.issues.project') },
                { value: 'jql', text: t('okrPage.issues.jql') },
              ]}
              onChange={(scopeType) => {
                change({ scopeType });
              }}
            />
            {projectOrJql(draft.scopeType)}
            <SelectField
              name="metric"
              label={t('okrPage.keyResult.metric')}
              value={draft.metric}
              error={errors['metric']}
              options={FLOW_KR_METRICS.map((metric) => ({
                value: metric,
                text: t(`okrPage.metric.${metric}`),
              }))}
              onChange={(metric) => {
                change({ metric });
              }}
            />
            <TextField
              name="targetChangePercent"
              inputMode="decimal"
              label={t('okrPage.keyResult.targetChange')}
              hint={changeHint}
              value={draft.targetChangePercent}
              error={errors['targetChangePercent']}
              onChange={(targetChangePercent) => {
                change({ targetChangePercent });
              }}
            />
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
              name="per"
              label={t('okrPage.keyResult.per')}
              value={draft.per}
              error={errors['per']}
              options={(['week', 'month', 'period'] as const).map((per) => ({
                value: per,
                text: t(`okrPage.per.${per}`),
              }))}
              onChange={(per) => {
                change({ per });
              }}
            />
            <TextField
              name="targetChangePercent"
              inputMode="decimal"
              label={t('okrPage.keyResult.targetChange')}
              hint={changeHint}
              value={draft.targetChangePercent}
              error={errors['targetChangePercent']}
              onChange={(targetChangePercent) => {
                change({ targetChangePercent });
              }}
            />
          </div>
          {baseline}
        </>
      );
  }
}
