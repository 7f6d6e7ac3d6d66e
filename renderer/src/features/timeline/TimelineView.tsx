import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIRECTIONS, INTERACTION_KINDS, type Direction, type InteractionKind } from '../../../../shared/domain/interaction.ts';
import type { TimelineQueryInput } from '../../../../shared/domain/queries.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { InteractionForm } from './InteractionForm.tsx';
import { TimelineList } from './TimelineList.tsx';

export function TimelineView() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<Omit<TimelineQueryInput, 'offset' | 'limit'>>({ group: 'day' });
  const [logging, setLogging] = useState(false);
  const facets = useApiQuery('getContactFacets', {});
  const set = (patch: Partial<TimelineQueryInput>) => setQuery((current) => ({ ...current, ...patch }));
  return (
    <section className="view view-fill" aria-labelledby="timeline-title">
      <header className="view-header">
        <h1 id="timeline-title">{t('timeline.title')}</h1>
        <button type="button" className="primary" onClick={() => setLogging(true)}>
          {t('interaction.log')}
        </button>
      </header>
      <div className="toolbar" role="group" aria-label={t('timeline.filters')}>
        <label className="toolbar-field">
          <span>{t('interaction.kind.label')}</span>
          <select value={query.kinds?.[0] ?? ''} onChange={(e) => set({ kinds: e.target.value ? [e.target.value as InteractionKind] : [] })}>
            <option value="">{t('contacts.filters.any')}</option>
            {INTERACTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`interaction.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('interaction.direction.label')}</span>
          <select value={query.directions?.[0] ?? ''} onChange={(e) => set({ directions: e.target.value ? [e.target.value as Direction] : [] })}>
            <option value="">{t('contacts.filters.any')}</option>
            {DIRECTIONS.map((direction) => (
              <option key={direction} value={direction}>
                {t(`interaction.direction.${direction}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('contacts.filters.tag')}</span>
          <select value={query.tags?.[0] ?? ''} onChange={(e) => set({ tags: e.target.value ? [e.target.value] : [] })}>
            <option value="">{t('contacts.filters.any')}</option>
            {facets.data?.tags.map((tag) => (
              <option key={tag.value} value={tag.value}>
                {tag.value}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('timeline.group.label')}</span>
          <select value={query.group ?? 'day'} onChange={(e) => set({ group: e.target.value as 'day' | 'month' })}>
            <option value="day">{t('timeline.group.day')}</option>
            <option value="month">{t('timeline.group.month')}</option>
          </select>
        </label>
      </div>
      <TimelineList query={query} label={t('timeline.title')} emptyText={t('timeline.empty')} />
      <Dialog open={logging} onClose={() => setLogging(false)} labelledBy="log-interaction-title" wide>
        <div className="dialog-body">
          <h2 id="log-interaction-title">{t('interaction.log')}</h2>
          <InteractionForm onSaved={() => setLogging(false)} onCancel={() => setLogging(false)} />
        </div>
      </Dialog>
    </section>
  );
}
