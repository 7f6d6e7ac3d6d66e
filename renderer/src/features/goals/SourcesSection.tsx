import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SOURCE_KINDS, SourceDraftSchema, type Source, type SourceDraftInput, type SourceKind } from '../../../../shared/domain/goal.ts';
import { callApi } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { Dialog, DialogActions } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField, TextAreaField } from '../../ui/Field.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { useToasts } from '../../ui/Toasts.tsx';
import type { TranslationKey } from '../../ui/translate.ts';
import { validationErrors } from '../../ui/validation.ts';
import { GoalChips, GoalLinksField } from './GoalLinks.tsx';

/** Information sources (Step 2 情報収集): blogs, newsletters, seminars, books and accounts worth following for a goal. */
export function SourcesSection() {
  const { t } = useTranslation();
  const sources = useApiQuery('listSources', {});
  const remove = useApiMutation('deleteSource');
  const toasts = useToasts();
  const [editing, setEditing] = useState<Source | 'new' | undefined>();
  const onDelete = (source: Source) => {
    if (!window.confirm(t('sources.deleteConfirm', { title: source.title }))) return;
    remove.mutate({ id: source.id }, { onSuccess: ({ undoToken }) => toasts.show(t('sources.deleted', { title: source.title }), { label: t('common.undo'), run: () => void callApi('undo', { token: undoToken }) }) });
  };
  return (
    <section className="card" aria-labelledby="sources-title">
      <header className="goal-header">
        <div>
          <h2 id="sources-title">{t('sources.title')}</h2>
          <p className="card-lead">{t('sources.lead')}</p>
        </div>
        <div className="header-actions">
          <button type="button" onClick={() => setEditing('new')}>
            {t('sources.add')}
          </button>
        </div>
      </header>
      <ErrorMessage error={sources.error ?? remove.error} />
      {sources.data?.length === 0 ? <p className="meta">{t('sources.empty')}</p> : null}
      {sources.data && sources.data.length > 0 ? (
        <ul className="plain-list source-list" aria-label={t('sources.title')}>
          {sources.data.map((source) => (
            <li key={source.id} className="source-row">
              <div>
                <span className="kind-badge">{t(`sources.kind.${source.kind}`)}</span> <strong>{source.title}</strong>
                {source.url ? (
                  <p className="meta source-url">
                    <ExternalLink href={source.url} />
                  </p>
                ) : null}
                {source.note ? <p className="meta">{source.note}</p> : null}
                <GoalChips links={source.goalLinks} />
              </div>
              <div className="header-actions">
                <button type="button" onClick={() => setEditing(source)} aria-label={`${t('common.edit')}: ${source.title}`}>
                  {t('common.edit')}
                </button>
                <button type="button" className="danger" onClick={() => onDelete(source)} aria-label={`${t('common.delete')}: ${source.title}`}>
                  {t('common.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog open={editing !== undefined} onClose={() => setEditing(undefined)} labelledBy="source-form-title" wide>
        {editing ? <SourceForm {...(editing !== 'new' && { source: editing })} onDone={() => setEditing(undefined)} /> : null}
      </Dialog>
    </section>
  );
}

type State = Required<SourceDraftInput> & { goalLinks: string[] };

function SourceForm({ source, onDone }: { readonly source?: Source; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const add = useApiMutation('addSource');
  const update = useApiMutation('updateSource');
  const [state, setState] = useState<State>(() => (source ? { title: source.title, kind: source.kind, url: source.url, note: source.note, goalLinks: [...source.goalLinks] } : { title: '', kind: 'blog', url: '', note: '', goalLinks: [] }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const edit = (patch: Partial<State>) => {
    setState((current) => ({ ...current, ...patch }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in patch))));
  };
  const errorOf = (path: string) => (errors[path] ? t(errors[path] as TranslationKey) : undefined);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validationErrors(SourceDraftSchema, state);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (source) update.mutate({ id: source.id, draft: state }, { onSuccess: onDone });
    else add.mutate(state, { onSuccess: onDone });
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={add.isPending || update.isPending}>
      <h2 id="source-form-title">{source ? t('sources.edit') : t('sources.add')}</h2>
      <div className="grid-2">
        <Field label={t('sources.fields.title')} required value={state.title} maxLength={200} error={errorOf('title')} onChange={(e) => edit({ title: e.target.value })} />
        <SelectField label={t('sources.fields.kind')} value={state.kind} onChange={(e) => edit({ kind: e.target.value as SourceKind })}>
          {SOURCE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`sources.kind.${kind}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <Field label={t('sources.fields.url')} type="url" inputMode="url" placeholder="https://" value={state.url} maxLength={2000} error={errorOf('url')} onChange={(e) => edit({ url: e.target.value })} />
      <TextAreaField label={t('sources.fields.note')} rows={2} maxLength={2000} value={state.note} onChange={(e) => edit({ note: e.target.value })} />
      <GoalLinksField lead={t('sources.linkLead')} value={state.goalLinks} onChange={(goalLinks) => edit({ goalLinks })} />
      <ErrorMessage error={add.error ?? update.error} />
      <DialogActions onCancel={onDone} saving={add.isPending || update.isPending} />
    </form>
  );
}
