import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/domain/import.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PathField } from '../../ui/PathField.tsx';

/** Every contact to a vCard, CSV or JSON file — not encrypted, and without private notes unless the user includes them. */
export function ExportContactsForm() {
  const { t } = useTranslation();
  const write = useApiMutation('exportContacts');
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<ExportFormat>('vcard4');
  const [includePrivate, setIncludePrivate] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!path.trim()) return;
    write.mutate({ path, format, includePrivate });
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={write.isPending}>
      <p className="error-banner" role="note">
        {t(includePrivate ? 'exporter.warningPrivate' : 'exporter.warning')}
      </p>
      <PathField purpose="export-save" label={t('exporter.path')} hint={t('exporter.pathHint')} value={path} onValueChange={setPath} required error={submitted && !path.trim() ? t('validation.required') : undefined} />
      <SelectField label={t('exporter.format')} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
        {EXPORT_FORMATS.map((value) => (
          <option key={value} value={value}>
            {t(`exporter.formats.${value}`)}
          </option>
        ))}
      </SelectField>
      <label className="check">
        <input type="checkbox" checked={includePrivate} onChange={(e) => setIncludePrivate(e.target.checked)} /> {t('exporter.includePrivate')}
      </label>
      <ErrorMessage error={write.error} />
      <div>
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? t('exporter.busy') : t('exporter.submit')}
        </button>
      </div>
      <p className="status-line" role="status">
        {write.data ? t('exporter.done', { count: write.data.contacts, path: write.data.path }) : ''}
      </p>
    </form>
  );
}
