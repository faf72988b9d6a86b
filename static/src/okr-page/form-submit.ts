/**
 * Submitting a form of the OKR page (objective, key result, check-in, settings): the form's own check first (its
 * problems at the fields, nothing sent), then the resolver call; a refusal's field errors go to the fields, the
 * rest to the save feedback, and the focus moves to what to fix. Every OKR form submits this way.
 */
import { useRef, useState, type RefObject, type SyntheticEvent } from 'react';
import type { OkrErrorCode, OkrResult } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { shownErrors, type ShownErrors } from './okr-fields';
import { fieldErrorsOf, type FieldErrors } from './okr-model';
import { useFocusOnRefusal, type SavePhase } from './save-feedback';

/** A draft checked in the form: what to send, or per field the problem (`required`, `notANumber`, …). */
export type CheckedDraft<V> =
  | { readonly ok: true; readonly value: V }
  | { readonly ok: false; readonly problems: Readonly<Record<string, string>> };

export interface FormSubmitOptions<V, A> {
  readonly i18n: UiI18n;
  /** The fields a refusal's detail may name (the rest is shown under the form). */
  readonly fields: readonly string[];
  /** The error codes whose detail names fields (the validation's `invalid-okr` unless said otherwise). */
  readonly fieldErrorCodes?: readonly OkrErrorCode[];
  readonly check: () => CheckedDraft<V>;
  readonly send: (value: V) => Promise<OkrResult<A>>;
  readonly onSent: (answer: A) => void;
  /**
   * True where the form stays after a save (check-in, settings): it is ready for the next one and says it was
   * saved. A dialog that closes on save keeps its "saving" state until it is gone.
   */
  readonly stays: boolean;
}

export interface FormSubmit {
  readonly errors: ShownErrors;
  readonly formRef: RefObject<HTMLFormElement | null>;
  readonly phase: SavePhase;
  /** A problem of the refusal's detail that names no field of the form. */
  readonly generalError: string | undefined;
  /** True after a save of a form that stays, until the next submit. */
  readonly saved: boolean;
  readonly submit: (event: SyntheticEvent) => Promise<void>;
  /** After a conflict the latest version was taken: the input is kept and the next save overwrites. */
  readonly markReloaded: () => void;
}

export function useFormSubmit<V, A>({
  i18n,
  fields,
  fieldErrorCodes = ['invalid-okr'],
  check,
  send,
  onSent,
  stays,
}: FormSubmitOptions<V, A>): FormSubmit {
  const [phase, setPhase] = useState<SavePhase>({ phase: 'editing' });
  const formRef = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useFocusOnRefusal(formRef, refusals);
  const [local, setLocal] = useState<Readonly<Record<string, string>>>({});
  const [server, setServer] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    setServer({});
    const checked = check();
    if (!checked.ok) {
      setLocal(checked.problems);
      setRefusals((n) => n + 1);
      return;
    }
    setLocal({});
    setPhase({ phase: 'saving' });
    const answer = await send(checked.value);
    if (answer.ok) {
      if (stays) {
        setPhase({ phase: 'editing' });
        setSaved(true);
      }
      onSent(answer.value);
      return;
    }
    if (fieldErrorCodes.includes(answer.error.code)) setServer(fieldErrorsOf(answer.error.detail, fields));
    setPhase({ phase: 'failed', failure: answer.error });
    setRefusals((n) => n + 1);
  };

  return {
    errors: shownErrors(local, server, i18n),
    formRef,
    phase,
    generalError: server[''],
    saved,
    submit,
    markReloaded: () => {
      setPhase({ phase: 'reloaded' });
    },
  };
}
