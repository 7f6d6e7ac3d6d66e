import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, displayReading } from '../../../../shared/domain/names.ts';
import type { DuplicatePair } from '../../../../shared/vault/queries.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { hrefOf, navigate } from '../../navigation.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useToasts } from '../../ui/Toasts.tsx';

export function DuplicatesView() {
  const { t } = useTranslation();
  const pairs = useApiQuery('listDuplicates', {});
  const dismiss = useApiMutation('dismissDuplicate');
  const [reviewing, setReviewing] = useState<DuplicatePair>();
  return (
    <section className="view" aria-labelledby="duplicates-title">
      <header className="view-header">
        <div>
          <h1 id="duplicates-title">{t('duplicates.title')}</h1>
          <p className="view-meta">{t('duplicates.lead')}</p>
        </div>
      </header>
      <ErrorMessage error={pairs.error ?? dismiss.error} />
      {pairs.data?.length === 0 ? <p className="empty">{t('duplicates.empty')}</p> : null}
      <ul className="duplicate-list" aria-label={t('duplicates.title')}>
        {pairs.data?.map((pair) => (
          <li key={`${pair.a.id}:${pair.b.id}`} className="card duplicate-pair">
            <div className="pair-people">
              {[pair.a, pair.b].map((person) => (
                <a key={person.id} href={hrefOf({ view: 'contact', id: person.id })} className="pair-person">
                  <span className="reading">{displayReading(person)}</span>
                  <span className="name">{displayName(person)}</span>
                  <span className="meta">{[person.company, person.title].filter(Boolean).join(' · ')}</span>
                </a>
              ))}
            </div>
            <p className="meta">{pair.reasons.map((reason) => t(`duplicates.reasons.${reason}`)).join('、')}</p>
            <div className="form-actions">
              <button type="button" onClick={() => dismiss.mutate({ a: pair.a.id, b: pair.b.id })}>
                {t('duplicates.dismiss')}
              </button>
              <button type="button" className="primary" onClick={() => setReviewing(pair)}>
                {t('duplicates.review')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <MergeDialog pair={reviewing} onClose={() => setReviewing(undefined)} />
    </section>
  );
}

function MergeDialog({ pair, onClose }: { readonly pair: DuplicatePair | undefined; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const [keepSecond, setKeepSecond] = useState(false);
  const keep = pair ? (keepSecond ? pair.b : pair.a) : undefined;
  const other = pair ? (keepSecond ? pair.a : pair.b) : undefined;
  const preview = useApiQuery('previewMerge', { keep: keep?.id ?? (''), other: other?.id ?? ('') }, { enabled: Boolean(pair) });
  const merge = useApiMutation('mergeContacts');
  const merged = preview.data?.merged;
  return (
    <Dialog open={Boolean(pair)} onClose={onClose} labelledBy="merge-title" wide>
      <div className="dialog-body">
        <h2 id="merge-title">{t('duplicates.merge.title')}</h2>
        <p>{t('duplicates.merge.lead')}</p>
        {pair ? (
          <fieldset className="keep-choice">
            <legend>{t('duplicates.merge.keep')}</legend>
            {[pair.a, pair.b].map((person, index) => (
              <label key={person.id} className="check">
                <input type="radio" name="keep" checked={keepSecond === (index === 1)} onChange={() => setKeepSecond(index === 1)} />
                {displayName(person)} <span className="meta">{[person.company, t('contact.interactionCount', { count: person.interactionCount })].filter(Boolean).join(' · ')}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <ErrorMessage error={preview.error ?? merge.error} />
        {merged ? (
          <section className="card merge-preview" aria-label={t('duplicates.merge.preview')}>
            <h3>{t('duplicates.merge.preview')}</h3>
            <dl className="facts">
              <div>
                <dt>{t('contact.sections.name')}</dt>
                <dd>
                  {displayName(merged)} <span className="meta">{displayReading(merged)}</span>
                </dd>
              </div>
              <div>
                <dt>{t('contact.sections.work')}</dt>
                <dd>{[merged.company, merged.department, merged.title].filter(Boolean).join(' · ')}</dd>
              </div>
              {merged.history.length > 0 ? (
                <div>
                  <dt>{t('contact.sections.history')}</dt>
                  <dd>{merged.history.map((p) => [p.company, p.title].filter(Boolean).join(' · ')).join(' / ')}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('contact.sections.channels')}</dt>
                <dd>{merged.channels.map((c) => c.value).join('、') || '—'}</dd>
              </div>
              <div>
                <dt>{t('contact.tags.label')}</dt>
                <dd>{merged.tags.join('、') || '—'}</dd>
              </div>
            </dl>
            <p>{t('duplicates.merge.moves', { interactions: preview.data!.interactionsMoved, events: preview.data!.eventsMoved, notes: merged.notes.length })}</p>
          </section>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!merged || merge.isPending}
            onClick={() =>
              keep &&
              other &&
              merge.mutate(
                { keep: keep.id, other: other.id },
                {
                  onSuccess: () => {
                    onClose();
                    toasts.show(t('toast.merged', { name: displayName(keep) }));
                    navigate({ view: 'contact', id: keep.id });
                  },
                },
              )
            }
          >
            {t('duplicates.merge.confirm')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
