import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ImportPreviewRow, RowChoice } from '../../../../shared/domain/import.ts';
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
                    <li key={`${problem.line}:${problem.message}`}>{t('importer.problem', { line: problem.line, message: t(`importer.issues.${problem.code}`, problem.values) })}</li>
                  ))}
                </ul>
              </>
            )}
            <PreviewRows key={shown.token} preview={shown} importing={commit.isPending} onImport={(choices) => commit.mutate({ token: shown.token, choices })} />
          </section>
        )}
        {commit.data && <p className="status-line">{t('importer.done', { added: commit.data.added, updated: commit.data.updated, unchanged: commit.data.unchanged })}</p>}
      </div>
    </form>
  );
}

/** What each choice does to the number imported: a skipped row adds nothing, "a person of their own" adds one. */
function importedBy(row: ImportPreviewRow, choice: RowChoice | undefined): number {
  if (choice === 'skip') return 0;
  if (choice === 'separate') return 1;
  return row.action === 'add' || row.action === 'update' ? 1 : 0;
}

/** The rows with a choice each (import as planned, skip, or a person of their own), and the import button. */
function PreviewRows({ preview, importing, onImport }: { readonly preview: ImportPreview; readonly importing: boolean; readonly onImport: (choices: { line: number; choice: RowChoice }[]) => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<ReadonlyMap<number, RowChoice>>(new Map());
  const choose = (line: number, choice: RowChoice | undefined) =>
    setChoices((current) => {
      const next = new Map(current);
      if (choice) next.set(line, choice);
      else next.delete(line);
      return next;
    });
  const toImport = preview.rows.reduce((sum, row) => sum + importedBy(row, choices.get(row.line)), 0);
  return (
    <>
      <ul className="import-rows">
        {preview.rows.slice(0, SHOWN_ROWS).map((row) => (
          <ImportRow key={row.line} row={row} choice={choices.get(row.line)} onChoose={(choice) => choose(row.line, choice)} />
        ))}
      </ul>
      {preview.rows.length > SHOWN_ROWS && <p className="card-lead">{t('importer.more', { count: preview.rows.length - SHOWN_ROWS })}</p>}
      <button type="button" className="primary" disabled={importing || toImport === 0} onClick={() => onImport([...choices].map(([line, choice]) => ({ line, choice })))}>
        {importing ? t('importer.importing') : t('importer.import', { count: toImport })}
      </button>
    </>
  );
}

function ImportRow({ row, choice, onChoose }: { readonly row: ImportPreviewRow; readonly choice: RowChoice | undefined; readonly onChoose: (choice: RowChoice | undefined) => void }) {
  const { t } = useTranslation();
  // A row that repeats an earlier one of the file follows that row; the others can be skipped or kept apart.
  const options: readonly ('plan' | RowChoice)[] = row.sameAsLine !== undefined ? [] : row.action === 'add' ? ['plan', 'skip'] : row.action === 'update' ? ['plan', 'separate', 'skip'] : ['plan', 'separate'];
  const what = row.action === 'add' ? t('importer.actions.add') : row.sameAsLine !== undefined ? t('importer.actions.sameAs', { line: row.sameAsLine }) : t(row.action === 'update' ? 'importer.actions.update' : 'importer.actions.unchanged', { name: row.intoName ?? '' });
  return (
    <li className={`import-row import-${row.action}`}>
      <span className="import-line">{t('importer.line', { line: row.line })}</span>
      <span className="import-name">
        {row.name}
        {row.company && <small> · {row.company}</small>}
      </span>
      {options.length > 0 ? (
        <select className="import-choice" aria-label={t('importer.choiceFor', { line: row.line, name: row.name })} value={choice ?? 'plan'} onChange={(event) => onChoose(event.target.value === 'plan' ? undefined : (event.target.value as RowChoice))}>
          {options.map((option) => (
            <option key={option} value={option}>
              {option === 'plan' ? what : t(`importer.choices.${option}`)}
            </option>
          ))}
        </select>
      ) : (
        <span className="import-action">{what}</span>
      )}
      {row.warnings.map((warning) => (
        <small key={warning.message} className="import-warning">
          {t(`importer.issues.${warning.code}`, warning.values)}
        </small>
      ))}
    </li>
  );
}
