import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly labelledBy: string;
  readonly wide?: boolean;
  readonly children: ReactNode;
}

/** A modal <dialog>: the browser keeps focus inside, Escape closes it, focus returns where it was. */
export function Dialog({ open, onClose, labelledBy, wide, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-labelledby={labelledBy} onClose={onClose}>
      {open ? children : null}
    </dialog>
  );
}

/** A form dialog's footer: Cancel, and Save (the form's submit button). */
export function DialogActions({ onCancel, saving, sticky = false }: { readonly onCancel: () => void; readonly saving: boolean; readonly sticky?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={sticky ? 'dialog-actions sticky' : 'dialog-actions'}>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="primary" disabled={saving}>
        {t('common.save')}
      </button>
    </div>
  );
}
