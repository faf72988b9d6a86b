/**
 * The record panel's form parts: field accessibility wiring, problem texts, the people picker's options and the
 * rating radio group of one criterion. Split from `csi-record-panel.tsx` (pure moves, behaviour unchanged).
 */
import type { ReactNode } from 'react';
import type { CsiPersonView } from '../../../src/contract/csi';
import type { CsiCriterion } from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import {
  CSI_RATINGS,
  type DraftEdit,
  type DraftProblem,
  type DraftTextField,
  type RecordDraft,
} from './record-draft';

export interface FieldA11y {
  readonly id: string;
  readonly 'aria-invalid': true | undefined;
  readonly 'aria-describedby': string | undefined;
}

/** Where a problem's link jumps to: the field, or the first radio of a criterion. */
export function anchorOf(problem: DraftProblem): string {
  return problem.field.startsWith('rating-') ? `csi-${problem.field}-1` : `csi-${problem.field}`;
}

const FIELD_LABELS: Readonly<Record<DraftProblem['field'], string>> = {
  sourceDetail: 'csiRecord.sourceDetail',
  service: 'csiRecord.service',
  ownerAccountId: 'csiRecord.owner',
  evaluatedByAccountId: 'csiRecord.evaluatedBy',
  evaluatedOn: 'csiRecord.evaluatedOn',
  deciderAccountId: 'csiRecord.decider',
  decidedOn: 'csiRecord.decidedOn',
  rationale: 'csiRecord.rationale',
  baselineName: 'csiRecord.baseline.name',
  baselineValue: 'csiRecord.baseline.value',
  baselineUnit: 'csiRecord.baseline.unit',
  baselineMeasuredOn: 'csiRecord.baseline.measuredOn',
  targetValue: 'csiRecord.target.value',
  targetDate: 'csiRecord.target.date',
  resultValue: 'csiRecord.result.value',
  resultMeasuredOn: 'csiRecord.result.measuredOn',
  lessonsLearned: 'csiRecord.lessonsLearned',
  nextReviewOn: 'csiRecord.nextReviewOn',
  'rating-benefit': 'csiRecord.criterion.benefit',
  'rating-urgency': 'csiRecord.criterion.urgency',
  'rating-effort': 'csiRecord.criterion.effort',
  'rating-risk': 'csiRecord.criterion.risk',
};

/** The sentence of a problem, naming its field. */
export function problemText(problem: DraftProblem, i18n: UiI18n): string {
  return i18n.t(`csiRecord.problem.${problem.code}`, { field: i18n.t(FIELD_LABELS[problem.field]) });
}

export interface PersonOption {
  readonly accountId: string;
  readonly label: string;
}

/**
 * The people a person field offers: everyone the record names, the acting user ("me"), and any account id the
 * draft holds that has no display name (so a stored value is never silently replaced).
 */
export function peopleOptions(
  people: readonly CsiPersonView[],
  me: string | null,
  draft: RecordDraft,
  i18n: UiI18n,
): PersonOption[] {
  const options: PersonOption[] = people.map((p) => ({
    accountId: p.accountId,
    label: p.accountId === me ? i18n.t('csiRecord.person.meNamed', { name: p.displayName }) : p.displayName,
  }));
  const known = new Set(options.map((o) => o.accountId));
  if (me !== null && !known.has(me)) {
    // Jira's context gives the acting user's id, not their name; "(ich)" marks them as in the named case.
    options.push({
      accountId: me,
      label: i18n.t('csiRecord.person.meNamed', { name: i18n.t('csiRecord.person.me') }),
    });
    known.add(me);
  }
  for (const id of [draft.ownerAccountId, draft.evaluatedByAccountId, draft.deciderAccountId]) {
    if (id !== '' && !known.has(id)) {
      options.push({ accountId: id, label: i18n.t('csiRecord.person.unknown', { id }) });
      known.add(id);
    }
  }
  return options;
}

export interface RatingGroupProps {
  readonly criterion: CsiCriterion;
  readonly value: number | null;
  readonly weight: number;
  readonly problem: DraftProblem | null;
  readonly i18n: UiI18n;
  readonly onRate: (rating: number) => void;
}

/** One criterion as a group of five radio buttons, its weight in the legend. */
export function RatingGroup({ criterion, value, weight, problem, i18n, onRate }: RatingGroupProps) {
  const { t } = i18n;
  const helpId = `csi-rating-${criterion}-help`;
  const problemId = `csi-rating-${criterion}-problem`;
  return (
    <fieldset
      className="rating-group"
      aria-describedby={problem === null ? helpId : `${helpId} ${problemId}`}
      data-testid={`rating-${criterion}`}
    >
      <legend>
        {t(`csiRecord.criterion.${criterion}`)}{' '}
        <span className="subtle">
          {t('csiRecord.weight', { weight: new Intl.NumberFormat(i18n.formattingLocale).format(weight) })}
        </span>
      </legend>
      <p id={helpId} className="subtle rating-help">
        {t(`csiRecord.criterion.${criterion}.help`)}
      </p>
      <div className="rating-options">
        {CSI_RATINGS.map((rating) => (
          <label key={rating} className="rating-option">
            <input
              id={`csi-rating-${criterion}-${String(rating)}`}
              type="radio"
              name={`csi-rating-${criterion}`}
              value={rating}
              checked={value === rating}
              onChange={() => {
                onRate(rating);
              }}
            />
            <span>{rating}</span>
          </label>
        ))}
      </div>
      {problem !== null && (
        <span id={problemId} className="field-problem">
          {problemText(problem, i18n)}
        </span>
      )}
    </fieldset>
  );
}

/** What {@link recordFieldControls} needs: the draft, its shown problems, the people to pick and the edit sink. */
export interface RecordFieldContext {
  readonly draft: RecordDraft;
  readonly problems: readonly DraftProblem[];
  readonly people: readonly PersonOption[];
  readonly i18n: UiI18n;
  readonly onEdit: (edit: DraftEdit) => void;
}

/** The record form's field builders (text, number, date, text area, person), each with label and problems. */
export function recordFieldControls({ draft, problems, people, i18n, onEdit }: RecordFieldContext) {
  const { t } = i18n;
  /** Label, control and the problems of one field. */
  const field = (
    name: DraftTextField,
    label: string,
    control: (a11y: FieldA11y) => ReactNode,
    wide = false,
  ) => {
    const own = problems.filter((p) => p.field === name);
    const problemId = `csi-${name}-problem`;
    const a11y: FieldA11y = {
      id: `csi-${name}`,
      'aria-invalid': own.length > 0 ? true : undefined,
      'aria-describedby': own.length > 0 ? problemId : undefined,
    };
    return (
      <div className={wide ? 'field field-wide' : 'field'}>
        <label className="field-label" htmlFor={a11y.id}>
          {label}
        </label>
        {control(a11y)}
        {own.length > 0 && (
          <span id={problemId} className="field-problem">
            {own.map((p) => problemText(p, i18n)).join(' ')}
          </span>
        )}
      </div>
    );
  };
  const text = (name: DraftTextField, label: string, maxLength: number, wide = false) =>
    field(
      name,
      label,
      (a11y) => (
        <input
          {...a11y}
          type="text"
          value={draft[name]}
          maxLength={maxLength}
          onChange={(event) => {
            onEdit({ type: 'set', field: name, value: event.target.value });
          }}
        />
      ),
      wide,
    );
  const numberInput = (name: DraftTextField, label: string) =>
    field(name, label, (a11y) => (
      <input
        {...a11y}
        type="text"
        inputMode="decimal"
        className="input-number"
        value={draft[name]}
        onChange={(event) => {
          onEdit({ type: 'set', field: name, value: event.target.value });
        }}
      />
    ));
  const date = (name: DraftTextField, label: string) =>
    field(name, label, (a11y) => (
      <input
        {...a11y}
        type="date"
        value={draft[name]}
        onChange={(event) => {
          onEdit({ type: 'set', field: name, value: event.target.value });
        }}
      />
    ));
  const textarea = (name: DraftTextField, label: string, maxLength: number) =>
    field(
      name,
      label,
      (a11y) => (
        <textarea
          {...a11y}
          rows={3}
          value={draft[name]}
          maxLength={maxLength}
          onChange={(event) => {
            onEdit({ type: 'set', field: name, value: event.target.value });
          }}
        />
      ),
      true,
    );
  const person = (name: DraftTextField, label: string) =>
    field(name, label, (a11y) => (
      <select
        {...a11y}
        value={draft[name]}
        onChange={(event) => {
          onEdit({ type: 'set', field: name, value: event.target.value });
        }}
      >
        <option value="">{t('csiRecord.person.none')}</option>
        {people.map((p) => (
          <option key={p.accountId} value={p.accountId}>
            {p.label}
          </option>
        ))}
      </select>
    ));
  return { text, numberInput, date, textarea, person };
}
