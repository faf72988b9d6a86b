/**
 * What the OKR page's entity forms (objective, key result) share: the draft with its field bindings, the form's
 * own problems and the resolver's `invalid-okr` detail shown at the fields, the save with the expected version,
 * the focus on what to fix after a refusal, and a conflict that loads the latest version while keeping the
 * input. {@link EntityFormShell} is the dialog around it with save/cancel and the save feedback.
 */
import { useState, type ReactNode } from 'react';
import type { OkrResult, SavedOkrEntity } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { useFormSubmit, type CheckedDraft, type FormSubmit } from './form-submit';
import { OkrDialog } from './okr-dialog';
import { SaveFeedback } from './save-feedback';

/** The entity being edited with the version it was read at; null for a new one. */
export type EditedEntity = { readonly id: string; readonly version: number } | null;

/** What a save request carries besides the entity: nothing for a new one, else its id and expected version. */
export type SaveTarget =
  | { readonly id?: never; readonly expectedVersion?: never }
  | { readonly id: string; readonly expectedVersion: number };

export interface EntityFormOptions<D, V> {
  readonly i18n: UiI18n;
  readonly editing: EditedEntity;
  readonly initial: D;
  /** The fields the resolver's `invalid-okr` detail may name (the rest is shown under the form). */
  readonly fields: readonly string[];
  readonly check: (draft: D) => CheckedDraft<V>;
  readonly save: (target: SaveTarget, value: V) => Promise<OkrResult<SavedOkrEntity>>;
  readonly onSaved: (saved: SavedOkrEntity) => void;
  /** Loads the latest overview and answers the entity's current version (null when it is gone). */
  readonly latestVersionOf: (id: string) => Promise<number | null>;
}

/** The props a draft field binds to: its name, value, error and how a change updates the draft. */
export interface FieldBinding<K extends string, T> {
  readonly name: K;
  readonly value: T;
  readonly error: string | undefined;
  readonly onChange: (value: T) => void;
}

export interface EntityForm<D> extends FormSubmit {
  readonly draft: D;
  readonly change: (next: Partial<D>) => void;
  /** Binds field `field` of the draft; its error is the one under the same name. */
  readonly bind: <K extends keyof D & string>(field: K) => FieldBinding<K, D[K]>;
  /** After a conflict: takes the latest version (the input is kept); absent for a new entity. */
  readonly reloadLatest: (() => void) | undefined;
}

export function useEntityForm<D, V>({
  i18n,
  editing,
  initial,
  fields,
  check,
  save,
  onSaved,
  latestVersionOf,
}: EntityFormOptions<D, V>): EntityForm<D> {
  const [draft, setDraft] = useState(initial);
  const [expectedVersion, setExpectedVersion] = useState(editing?.version);
  const submitting = useFormSubmit({
    i18n,
    fields,
    check: () => check(draft),
    send: (value: V) =>
      save(
        editing === null ? {} : { id: editing.id, expectedVersion: expectedVersion ?? editing.version },
        value,
      ),
    onSent: onSaved,
    stays: false,
  });
  const change = (next: Partial<D>): void => {
    setDraft((current) => ({ ...current, ...next }));
  };
  const bind = <K extends keyof D & string>(field: K): FieldBinding<K, D[K]> => ({
    name: field,
    value: draft[field],
    error: submitting.errors[field],
    onChange: (value) => {
      // A computed key widens to an index signature; it is exactly `field` of D here.
      change({ [field]: value } as unknown as Partial<D>);
    },
  });

  const reloadLatest =
    editing === null
      ? undefined
      : () => {
          void latestVersionOf(editing.id).then((version) => {
            if (version === null) return;
            setExpectedVersion(version);
            submitting.markReloaded();
          });
        };

  return { ...submitting, draft, change, bind, reloadLatest };
}

/** The dialog of an entity form: its fields, save and cancel, and what a failed save means. */
export function EntityFormShell<D>({
  form,
  i18n,
  title,
  testId,
  onClose,
  children,
}: {
  readonly form: EntityForm<D>;
  readonly i18n: UiI18n;
  readonly title: string;
  readonly testId: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}) {
  const { t } = i18n;
  return (
    <OkrDialog title={title} closeLabel={t('okrPage.close')} onClose={onClose} testId={testId}>
      <form
        ref={form.formRef}
        className="stack okr-form"
        noValidate
        onSubmit={(event) => void form.submit(event)}
      >
        {children}
        <div className="okr-form-actions">
          <button type="submit" className="button-primary" disabled={form.phase.phase === 'saving'}>
            {t('okrPage.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('okrPage.cancel')}
          </button>
        </div>
        <SaveFeedback
          state={form.phase}
          i18n={i18n}
          generalError={form.generalError}
          onReloadLatest={form.reloadLatest}
        />
      </form>
    </OkrDialog>
  );
}
