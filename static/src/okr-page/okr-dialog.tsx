/**
 * A modal dialog for the OKR page's forms and confirmations: `role="dialog"` with `aria-modal`, named by its
 * heading, the focus moved into it on open and kept inside (Tab cycles), Escape closes, and on close the focus
 * returns to where it was. Custom UI runs in an iframe, so the dialog covers the module's page.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface OkrDialogProps {
  readonly title: string;
  /** The close button's name ("Schließen" / "Close"). */
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  /** `wide` for the key result form. */
  readonly wide?: boolean;
}

export function OkrDialog({ title, closeLabel, onClose, children, testId, wide = false }: OkrDialogProps) {
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
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || ref.current === null) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="okr-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className={wide ? 'okr-dialog okr-dialog-wide' : 'okr-dialog'}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="okr-dialog-header">
          <h2 id={headingId}>{title}</h2>
          <button type="button" data-close="true" className="okr-close" onClick={onClose}>
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">{closeLabel}</span>
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
