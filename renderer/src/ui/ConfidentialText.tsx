import { useState, type ClipboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../../shared/api/contract.ts';
import type { NoteView } from '../../../shared/domain/note.ts';
import { callApi } from '../api/client.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * Shows a note. Confidential text arrives masked: the user reveals it with a click (fetched from
 * the vault only then), it is masked again when the view goes away, and copying it asks first.
 */
export function ConfidentialText({ note, reveal, className }: { readonly note: NoteView; readonly reveal: MethodInput<'revealNote'>; readonly className?: string }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState<string>();
  const [error, setError] = useState<unknown>();
  const classes = ['note-text', className].filter(Boolean).join(' ');
  if (!note.masked) return note.text ? <p className={classes}>{note.text}</p> : null;

  const onCopy = (event: ClipboardEvent) => {
    if (!window.confirm(t('note.copyConfirm'))) event.preventDefault();
  };

  if (revealed === undefined) {
    return (
      <p className={`${classes} masked`}>
        <span className="masked-text" aria-label={t('note.maskedLabel', { count: note.length })}>
          {'•'.repeat(Math.min(12, Math.max(4, note.length)))}
        </span>{' '}
        <button
          type="button"
          className="link-button"
          onClick={() =>
            void callApi('revealNote', reveal).then(
              ({ text }) => setRevealed(text),
              (failure: unknown) => setError(failure),
            )
          }
        >
          {t('note.reveal')}
        </button>
        <ErrorMessage error={error} />
      </p>
    );
  }
  return (
    <p className={`${classes} revealed`} onCopy={onCopy}>
      <span className="confidential-badge">{t('note.confidentiality.confidential')}</span> {revealed}{' '}
      <button type="button" className="link-button" onClick={() => setRevealed(undefined)}>
        {t('note.hide')}
      </button>
    </p>
  );
}
