/**
 * The OKR page's forms and confirmations as a non-modal dialog shown in place — under the button or item it
 * belongs to — rather than a modal overlay: Jira sizes a Custom UI iframe to its content, so a fixed overlay
 * would sit at the top of a tall iframe, possibly scrolled out of sight (a known limit of fixed positioning in
 * auto-resized iframes). `role="dialog"` named by its heading; on open the focus moves to the first field (which
 * scrolls it into view), Escape closes, and on close the focus returns to where it was.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { UiI18n } from '../i18n/load';

export interface OkrDialogProps {
  readonly title: string;
  /** The close button's name ("Schließen" / "Close"). */
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
}

export function OkrDialog({ title, closeLabel, onClose, children, testId }: OkrDialogProps) {
  const headingId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = ref.current?.querySelector<HTMLElement>(
      'input:not([type="hidden"]):not([disabled]), select, textarea, button:not([data-close])',
    );
    (first ?? ref.current)?.focus();
    return () => {
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  return (
    <div
      ref={ref}
      role="dialog"
      aria-labelledby={headingId}
      className="okr-dialog"
      data-testid={testId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <div className="okr-dialog-header">
        <h3 id={headingId}>{title}</h3>
        <button type="button" data-close="true" className="okr-close" onClick={onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{closeLabel}</span>
        </button>
      </div>
      {children}
    </div>
  );
}

/**
 * A confirmation in an {@link OkrDialog}: what will happen (`children`), the confirming button and cancel; closing
 * the dialog cancels.
 */
export function ConfirmDialog({
  title,
  i18n,
  confirmLabel,
  onConfirm,
  onCancel,
  testId,
  children,
}: {
  readonly title: string;
  readonly i18n: UiI18n;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly testId: string;
  readonly children: ReactNode;
}) {
  const { t } = i18n;
  return (
    <OkrDialog title={title} closeLabel={t('okrPage.close')} onClose={onCancel} testId={testId}>
      {children}
      <div className="okr-form-actions">
        <button type="button" className="button-primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('okrPage.cancel')}
        </button>
      </div>
    </OkrDialog>
  );
}
