/**
 * What the gadgets' edit views (flow, OKR) share: the form with its field errors, saving the configuration with
 * the version it was loaded at (optimistic concurrency: a conflict brings the other change's version and
 * configuration, so the next save overwrites or the user takes theirs), and the line that says how saving went.
 */
import { useState, type Dispatch, type SetStateAction } from 'react';

/** What the edit view says while and after saving; a conflict keeps the other change (null when unknown). */
export type ConfigSaveMessage<C> =
  | { readonly kind: 'saving' | 'error'; readonly text: string }
  | { readonly kind: 'conflict'; readonly text: string; readonly theirs: C | null };

/** A save-config resolver's answer: saved at a new version, or a conflict with what is stored now. */
export type VersionedSaveResult<C, Code extends string> =
  | {
      readonly ok: true;
      readonly value:
        | { readonly status: 'saved'; readonly version: number }
        | {
            readonly status: 'conflict';
            readonly current: { readonly config: C | null; readonly version: number | null };
          };
    }
  | { readonly ok: false; readonly error: { readonly code: Code; readonly detail: string } };

export interface ConfigSaveTexts<Code extends string> {
  readonly saving: string;
  readonly conflict: string;
  /** Saving is refused to people who may not edit the dashboard: reading the data is not the problem then. */
  readonly forbidden: string;
  readonly error: (code: Code, detail: string) => string;
}

/**
 * Sends a checked configuration through `save` and reports through `setMessage` and `setVersion` (the version to
 * send next: the new one, or the stored one after a conflict). Answers true when the configuration was saved.
 */
export async function saveConfigWithVersion<C, Code extends string>({
  save,
  texts,
  setMessage,
  setVersion,
}: {
  readonly save: () => Promise<VersionedSaveResult<C, Code>>;
  readonly texts: ConfigSaveTexts<Code>;
  readonly setMessage: (message: ConfigSaveMessage<C> | null) => void;
  readonly setVersion: (version: number | null) => void;
}): Promise<boolean> {
  setMessage({ kind: 'saving', text: texts.saving });
  const result = await save();
  if (!result.ok) {
    const { code, detail } = result.error;
    setMessage({ kind: 'error', text: code === 'forbidden' ? texts.forbidden : texts.error(code, detail) });
    return false;
  }
  if (result.value.status === 'conflict') {
    setVersion(result.value.current.version);
    setMessage({ kind: 'conflict', text: texts.conflict, theirs: result.value.current.config });
    return false;
  }
  setVersion(result.value.version);
  setMessage(null);
  return true;
}

/** The edit form's values and the fields marked invalid by the last save attempt. */
export interface EditedConfigForm<F, E extends string> {
  readonly form: F;
  readonly setForm: Dispatch<SetStateAction<F>>;
  readonly setErrors: Dispatch<SetStateAction<readonly E[]>>;
  /** Changes fields; a field's error goes once the field is edited, the others stay until the next save. */
  readonly update: (patch: Partial<F>) => void;
  readonly invalid: (field: E) => boolean;
}

export function useEditedConfigForm<F extends object, E extends string>(
  initial: () => F,
): EditedConfigForm<F, E> {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<readonly E[]>([]);
  return {
    form,
    setForm,
    setErrors,
    update: (patch) => {
      setForm({ ...form, ...patch });
      setErrors(errors.filter((field) => !(field in patch)));
    },
    invalid: (field) => errors.includes(field),
  };
}

/** The line under the edit form: saving (a status) or what went wrong (an alert). */
export function ConfigSaveLine<C>({ message }: { readonly message: ConfigSaveMessage<C> | null }) {
  if (message === null) return null;
  return (
    <p
      role={message.kind === 'saving' ? 'status' : 'alert'}
      className={message.kind === 'saving' ? 'subtle' : 'field-error'}
    >
      {message.text}
    </p>
  );
}
