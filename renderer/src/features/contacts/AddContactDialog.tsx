import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ContactDraftSchema, type ContactDraft, type ContactSummary } from '../../../../shared/domain/contact.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';

const EMPTY: ContactDraft = { familyName: '', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' };
type FieldName = keyof ContactDraft;

/** Field errors from the same schema the service parses with, as i18n keys. */
function validate(draft: ContactDraft): Partial<Record<FieldName, string>> {
  const parsed = ContactDraftSchema.safeParse(draft);
  if (parsed.success) return {};
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FieldName | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

interface AddContactDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onAdded: (contact: ContactSummary) => void;
}

/** A modal form; the browser's <dialog> keeps focus inside and closes on Escape. */
export function AddContactDialog({ open, onClose, onAdded }: AddContactDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const add = useApiMutation('addContact');
  const [draft, setDraft] = useState<ContactDraft>(EMPTY);
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setDraft(EMPTY);
      setSubmitted(false);
      add.reset();
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
    // `add` is stable enough for this purpose; resetting on every render would clear errors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const errors = submitted ? validate(draft) : {};
  const errorFor = (field: FieldName) => (errors[field] ? t(errors[field]) : undefined);
  const bind = (field: FieldName) => ({
    value: draft[field],
    onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [field]: event.target.value })),
    error: errorFor(field),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validate(draft)).length > 0) return;
    add.mutate(draft, { onSuccess: onAdded });
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="add-contact-title" onClose={onClose}>
      <form className="dialog-body" onSubmit={onSubmit} noValidate aria-busy={add.isPending}>
        <h2 id="add-contact-title">{t('contacts.add')}</h2>
        <div className="grid-2">
          <Field label={t('contact.familyName')} autoFocus autoComplete="off" maxLength={100} {...bind('familyName')} />
          <Field label={t('contact.givenName')} autoComplete="off" maxLength={100} {...bind('givenName')} />
          <Field label={t('contact.familyNameKana')} autoComplete="off" maxLength={100} lang="ja" {...bind('familyNameKana')} />
          <Field label={t('contact.givenNameKana')} autoComplete="off" maxLength={100} lang="ja" {...bind('givenNameKana')} />
        </div>
        <Field label={t('contact.company')} autoComplete="off" maxLength={200} {...bind('company')} />
        <Field label={t('contact.title')} autoComplete="off" maxLength={200} {...bind('title')} />
        <ErrorMessage error={add.error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
