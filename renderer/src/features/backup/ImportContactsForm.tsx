import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreviewRow } from '../../../../shared/domain/import.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { PathField } from '../../ui/PathField.tsx';

/** Rows shown in the preview; the counts cover them all. */
const SHOWN_ROWS = 200;

/** Import contacts from a file: a preview of every row first, then the import the user confirms. */
export function ImportContactsForm() {
  const { t } = useTranslation();
  const preview = useApiMutation('previewImport');
  const commit = useApiMutation('commitImport');
  const [path, setPath] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    commit.reset();
    if (!path.trim()) return;
    preview.mutate({ path });
  };
  const shown = preview.data && !commit.isSuccess ? preview.data : undefined;
  const toImport = shown ? shown.counts.add + shown.counts.update : 0;

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={preview.isPending || commit.isPending}>
      <PathField purpose="import-open" label={t('importer.path')} hint={t('importer.pathHint')} value={path} onValueChange={setPath} required error={submitted && !path.trim() ? t('validation.required') : undefined} />
      <ErrorMessage error={preview.error ?? commit.error} />
      <div>
        <button type="submit" disabled={preview.isPending || commit.isPending}>
          {preview.isPending ? t('importer.previewing') : t('importer.preview')}
        </button>
      </div>
      <div role="status">
        {shown && (
          <section className="import-preview" aria-label={t('importer.previewTitle')}>
            <p className="status-line">{t('importer.summary', { format: t(`importer.formats.${shown.format}`), add: shown.counts.add, update: shown.counts.update, unchanged: shown.counts.unchanged, problems: shown.counts.problems })}</p>
            {shown.problems.length > 0 && (
              <>
                <h3>{t('importer.problemsTitle')}</h3>
                <ul className="import-problems">
                  {shown.problems.slice(0, SHOWN_ROWS).map((problem) => (
                    <li key={`${problem.line}:${problem.message}`}>{t('importer.problem', { line: problem.line, message: problem.message })}</li>
                  ))}
                </ul>
              </>
            )}
            <ul className="import-rows">
              {shown.rows.slice(0, SHOWN_ROWS).map((row) => (
                <ImportRow key={row.line} row={row} />
              ))}
            </ul>
            {shown.rows.length > SHOWN_ROWS && <p className="card-lead">{t('importer.more', { count: shown.rows.length - SHOWN_ROWS })}</p>}
            <button type="button" className="primary" disabled={commit.isPending || toImport === 0} onClick={() => commit.mutate({ token: shown.token })}>
              {commit.isPending ? t('importer.importing') : t('importer.import', { count: toImport })}
            </button>
          </section>
        )}
        {commit.data && <p className="status-line">{t('importer.done', { added: commit.data.added, updated: commit.data.updated, unchanged: commit.data.unchanged })}</p>}
      </div>
    </form>
  );
}

function ImportRow({ row }: { readonly row: ImportPreviewRow }) {
  const { t } = useTranslation();
  const what = row.action === 'add' ? t('importer.actions.add') : row.sameAsLine !== undefined ? t('importer.actions.sameAs', { line: row.sameAsLine }) : t(row.action === 'update' ? 'importer.actions.update' : 'importer.actions.unchanged', { name: row.intoName ?? '' });
  return (
    <li className={`import-row import-${row.action}`}>
      <span className="import-line">{t('importer.line', { line: row.line })}</span>
      <span className="import-name">
        {row.name}
        {row.company && <small> · {row.company}</small>}
      </span>
      <span className="import-action">{what}</span>
      {row.warnings.map((warning) => (
        <small key={warning} className="import-warning">
          {warning}
        </small>
      ))}
    </li>
  );
}
