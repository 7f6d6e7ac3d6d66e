import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineQueryInput } from '../../../../shared/domain/queries.ts';
import type { TimelineRow } from '../../../../shared/vault/queries.ts';
import { callApi } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { usePagedRows } from '../../api/paged.ts';
import { hrefOf } from '../../navigation.ts';
import { ConfidentialText } from '../../ui/ConfidentialText.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useNow } from '../../ui/format.ts';
import { useToasts } from '../../ui/Toasts.tsx';
import { InteractionForm } from './InteractionForm.tsx';

type Item = Extract<TimelineRow, { type: 'item' }>;

/** Fixed row heights, known for every row from the layout: no measuring while scrolling (smooth at 100,000 rows). */
const HEADING_HEIGHT = 44;
const ITEM_HEIGHT = 132;

/** A virtualized timeline: day (or month) headings and interactions, newest first. */
export function TimelineList({ query, label, emptyText }: { readonly query: Omit<TimelineQueryInput, 'offset' | 'limit'>; readonly label: string; readonly emptyText: string }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState({ start: 0, end: 30 });
  const rows = usePagedRows('listTimeline', query, visible);
  const layout = useApiQuery('getTimelineLayout', query);
  const headings = useMemo(() => new Set(layout.data?.headings), [layout.data]);
  const [editing, setEditing] = useState<Item>();
  const virtualizer = useVirtualizer({
    count: layout.data?.total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (headings.has(index) ? HEADING_HEIGHT : ITEM_HEIGHT),
    overscan: 8,
    onChange: (instance) => {
      const items = instance.getVirtualItems();
      const start = items[0]?.index ?? 0;
      const end = items.at(-1)?.index ?? 0;
      setVisible((current) => (current.start === start && current.end === end ? current : { start, end }));
    },
  });

  return (
    <>
      <ErrorMessage error={rows.error ?? layout.error} />
      {layout.data?.total === 0 ? <p className="empty">{emptyText}</p> : null}
      <div ref={scroller} className="virtual-scroller timeline" tabIndex={0} aria-busy={rows.loading} data-label={label}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows.row(item.index);
            return (
              <div key={item.key} className="virtual-row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {!row ? <div className="row-placeholder" aria-hidden="true" /> : row.type === 'heading' ? <Heading row={row} grouping={query.group ?? 'day'} /> : <TimelineItem item={row} onEdit={() => setEditing(row)} />}
              </div>
            );
          })}
        </div>
      </div>
      <EditInteraction item={editing} onClose={() => setEditing(undefined)} />
      <span className="visually-hidden">{t('timeline.count', { count: rows.total ?? 0 })}</span>
    </>
  );
}

function Heading({ row, grouping }: { readonly row: Extract<TimelineRow, { type: 'heading' }>; readonly grouping: 'day' | 'month' }) {
  const format = useDateFormat();
  const { t } = useTranslation();
  return (
    <h3 className="timeline-heading">
      {grouping === 'month' ? format.month(row.at) : format.date(row.at)} <span className="meta">{t('timeline.count', { count: row.count })}</span>
    </h3>
  );
}

export function TimelineItem({ item, onEdit }: { readonly item: Item; readonly onEdit?: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const now = useNow();
  const remove = useApiMutation('deleteInteraction');
  const toasts = useToasts();
  const onDelete = () =>
    remove.mutate(
      { id: item.id },
      {
        onSuccess: ({ undoToken }) =>
          toasts.show(t('toast.interactionDeleted'), {
            label: t('common.undo'),
            run: () => void callApi('undo', { token: undoToken }),
          }),
      },
    );
  return (
    <article className={`timeline-item direction-${item.direction}`} aria-label={item.summary || t(`interaction.kind.${item.kind}`)}>
      <div className="timeline-marker" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-line">
          <span className="kind-badge">{t(`interaction.kind.${item.kind}`)}</span>
          <span className={`direction-badge ${item.direction}`}>{t(`interaction.direction.${item.direction}`)}</span>
          {item.weight > 1 ? <span className="weight" aria-label={t(`interaction.weight.${item.weight as 1 | 2 | 3}`)}>{'●'.repeat(item.weight)}</span> : null}
          <time dateTime={new Date(item.occurredAt).toISOString()} className="meta">
            {format.dateTime(item.occurredAt)}
          </time>
          <span className="spacer" />
          {onEdit ? (
            <button type="button" className="link-button" onClick={onEdit}>
              {t('common.edit')}
            </button>
          ) : null}
          <button type="button" className="link-button" onClick={onDelete} disabled={remove.isPending}>
            {t('common.delete')}
          </button>
        </div>
        <p className="timeline-summary">
          {item.summary ? <strong>{item.summary}</strong> : null}
          {item.contacts.length > 0 ? (
            <span className="with">
              {' '}
              {t('timeline.with')}{' '}
              {item.contacts.map((contact, i) => (
                <span key={contact.id}>
                  {i > 0 ? '、' : ''}
                  <a href={hrefOf({ view: 'contact', id: contact.id })}>{contact.name || t('timeline.deletedContact')}</a>
                </span>
              ))}
            </span>
          ) : null}
        </p>
        <ConfidentialText note={item.note} reveal={{ type: 'interaction', id: item.id }} />
        {item.noteConflict ? <p className="conflict">{t('note.conflict')}</p> : null}
        {item.followUp ? (
          <p className={item.followUp.done ? 'follow-up done' : item.followUp.dueAt < now ? 'follow-up overdue' : 'follow-up'}>
            {t('interaction.followUp.label')}: {item.followUp.text} · {format.date(item.followUp.dueAt)}
            {item.followUp.done ? ` · ${t('interaction.followUp.doneShort')}` : ''}
          </p>
        ) : null}
      </div>
    </article>
  );
}

function EditInteraction({ item, onClose }: { readonly item: Item | undefined; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const open = item !== undefined;
  const loaded = useApiQuery('getInteraction', { id: item?.id ?? ('') }, { enabled: open });
  return (
    <Dialog open={open} onClose={onClose} labelledBy="edit-interaction-title" wide>
      <div className="dialog-body">
        <h2 id="edit-interaction-title">{t('interaction.edit')}</h2>
        <ErrorMessage error={loaded.error} />
        {item && loaded.data?.id === item.id ? <InteractionForm interaction={{ ...loaded.data, contactNames: Object.fromEntries(item.contacts.map((c) => [c.id, c.name])) }} onSaved={onClose} onCancel={onClose} /> : null}
      </div>
    </Dialog>
  );
}
