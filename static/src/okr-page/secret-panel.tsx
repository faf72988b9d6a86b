/**
 * The web trigger of an external key result, for its owner: the URL the other system posts to and, on rotation,
 * the new secret with a ready `curl` example — shown this once (the app keeps only what it needs to check
 * signatures), with a copy button and a warning; rotating stops the old secret. Hiding it removes it from the page.
 */
import { useState } from 'react';
import type { RotatedSecret } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { OnceShownSecret } from '../shared/once-shown-secret';
import { ConfirmDialog } from './okr-dialog';
import { OkrErrorState, type OkrFailure } from './okr-error';
import type { OkrInvoke } from './okr-invoke';

export function SecretPanel({
  keyResultId,
  webTriggerUrl,
  hasSecret,
  invoke,
  i18n,
  copy,
}: {
  readonly keyResultId: string;
  readonly webTriggerUrl: string;
  readonly hasSecret: boolean;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** Copies text to the clipboard (the browser's clipboard by default). */
  readonly copy: (text: string) => Promise<void>;
}) {
  const { t } = i18n;
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const [failure, setFailure] = useState<OkrFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<'secret' | 'curl' | null>(null);

  const rotate = async (): Promise<void> => {
    setConfirming(false);
    setBusy(true);
    setFailure(null);
    const answer = await invoke('rotateKeyResultSecret', { keyResultId });
    setBusy(false);
    if (answer.ok) setRotated(answer.value);
    else setFailure(answer.error);
  };
  const copyText = (what: 'secret' | 'curl', text: string): void => {
    void copy(text).then(
      () => {
        setCopied(what);
      },
      () => {
        setCopied(null);
      },
    );
  };

  return (
    <section className="stack okr-secret" aria-labelledby={`secret-${keyResultId}`} data-testid="web-trigger">
      <h4 id={`secret-${keyResultId}`}>{t('okrPage.secret.heading')}</h4>
      <p className="subtle">{t('okrPage.secret.explained')}</p>
      <p>
        {t('okrPage.secret.url')}{' '}
        <code className="okr-code" data-testid="web-trigger-url">
          {webTriggerUrl}
        </code>
      </p>
      <p className="subtle">{t(hasSecret ? 'okrPage.secret.hasSecret' : 'okrPage.secret.noSecret')}</p>
      {rotated === null ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t(hasSecret ? 'okrPage.secret.rotate' : 'okrPage.secret.issue')}
        </button>
      ) : (
        <OnceShownSecret
          secret={rotated.secret}
          curlExample={rotated.curlExample}
          t={t}
          keyPrefix="okrPage.secret"
          classes={{ code: 'okr-code', pre: 'okr-pre', actions: 'okr-actions' }}
          testIds={{ box: 'rotated-secret', secret: 'secret', curl: 'curl' }}
          actionsElement="div"
          onCopy={copyText}
          onHide={() => {
            setRotated(null);
            setCopied(null);
          }}
        >
          <p role="status" className="state-success">
            {copied === null ? '' : t(`okrPage.secret.copied.${copied}`)}
          </p>
        </OnceShownSecret>
      )}
      {failure !== null && (
        <OkrErrorState failure={failure} i18n={i18n} heading={t('okrPage.secret.failed')} />
      )}
      {confirming && (
        <ConfirmDialog
          title={t('okrPage.secret.confirmHeading')}
          i18n={i18n}
          confirmLabel={t(hasSecret ? 'okrPage.secret.rotate' : 'okrPage.secret.issue')}
          onConfirm={() => void rotate()}
          onCancel={() => {
            setConfirming(false);
          }}
          testId="confirm-rotate"
        >
          <p>{t(hasSecret ? 'okrPage.secret.confirmRotate' : 'okrPage.secret.confirmIssue')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
