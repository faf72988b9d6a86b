/**
 * A web trigger's newly issued secret, shown this once: the warning, the secret and a signed `curl` example, each
 * with a copy button, and "hide". The app keeps only what it needs to check signatures, so this is the only time the
 * secret can be read; the page that rotated it owns the secret and the "copied" state (the Feedback page also copies
 * the URL), so this only renders and reports clicks. Both pages use the same text keys under their own prefix.
 */
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/translator';

export interface OnceShownSecretProps {
  readonly secret: string;
  readonly curlExample: string;
  readonly t: Translate;
  /** The page's text keys for the secret, e.g. `okrPage.secret` (`onceWarning`, `secret`, `copySecret`, …). */
  readonly keyPrefix: string;
  /** The page's style classes for the secret (`code`), the example (`pre`) and the buttons' row (`actions`). */
  readonly classes: { readonly code: string; readonly pre: string; readonly actions: string };
  /** Test ids of the box, the secret and the example. */
  readonly testIds: { readonly box: string; readonly secret: string; readonly curl: string };
  /** The Feedback page keeps its buttons in a paragraph, the OKR page in a `div`. */
  readonly actionsElement: 'p' | 'div';
  readonly onCopy: (what: 'secret' | 'curl', text: string) => void;
  readonly onHide: () => void;
  /** Rendered last inside the box (the OKR page's "copied" status). */
  readonly children?: ReactNode;
}

export function OnceShownSecret({
  secret,
  curlExample,
  t,
  keyPrefix,
  classes,
  testIds,
  actionsElement: Actions,
  onCopy,
  onHide,
  children,
}: OnceShownSecretProps): ReactNode {
  return (
    <div className="note note-warning stack" data-testid={testIds.box}>
      <p role="alert">
        <strong>{t(`${keyPrefix}.onceWarning`)}</strong>
      </p>
      <p>
        {t(`${keyPrefix}.secret`)}{' '}
        <code className={classes.code} data-testid={testIds.secret}>
          {secret}
        </code>{' '}
        <button
          type="button"
          onClick={() => {
            onCopy('secret', secret);
          }}
        >
          {t(`${keyPrefix}.copySecret`)}
        </button>
      </p>
      <p>{t(`${keyPrefix}.curl`)}</p>
      <pre className={`${classes.code} ${classes.pre}`} data-testid={testIds.curl}>
        {curlExample}
      </pre>
      <Actions className={classes.actions}>
        <button
          type="button"
          onClick={() => {
            onCopy('curl', curlExample);
          }}
        >
          {t(`${keyPrefix}.copyCurl`)}
        </button>
        <button type="button" onClick={onHide}>
          {t(`${keyPrefix}.hide`)}
        </button>
      </Actions>
      {children}
    </div>
  );
}
