import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, STAGES, type Role, type Stage } from '../../../../shared/domain/contact.ts';
import type { GoalId } from '../../../../shared/domain/ids.ts';
import { displayName, displayReading, initials } from '../../../../shared/domain/names.ts';
import { CONTACT_SORTS, type ContactQueryInput, type ContactSort } from '../../../../shared/domain/queries.ts';
import type { ContactListItem } from '../../../../shared/vault/read-model-entries.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { usePagedRows } from '../../api/paged.ts';
import { hrefOf, navigate, replaceRoute } from '../../navigation.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useNow, useRelativeTime } from '../../ui/format.ts';
import { ContactForm } from './ContactForm.tsx';

const ROW_HEIGHT = 64;

/** Everyone, or (coming from a goal) the people linked to it; filters narrow the list further. */
export function ContactsView({ goalId, startAdding = false }: { readonly goalId?: GoalId; readonly startAdding?: boolean }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState<ContactQueryInput>(() => ({ sort: 'reading', ...(goalId && { goals: [goalId] }) }));
  const [adding, setAdding] = useState(startAdding);
  const scroller = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState({ start: 0, end: 40 });
  const rows = usePagedRows('listContacts', query, visible);
  const virtualizer = useVirtualizer({
    count: rows.total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    onChange: (instance) => {
      const items = instance.getVirtualItems();
      const start = items[0]?.index ?? 0;
      const end = items.at(-1)?.index ?? 0;
      setVisible((current) => (current.start === start && current.end === end ? current : { start, end }));
    },
  });
  const filtered = Boolean(query.tags?.length || query.goals?.length || query.stages?.length || query.roles?.length || query.company || query.ownCompany || (query.archived && query.archived !== 'hide'));

  return (
    <section className="view view-fill" aria-labelledby="contacts-title">
      <header className="view-header">
        <div>
          <h1 id="contacts-title">{t('contacts.title')}</h1>
          {rows.total !== undefined ? <p className="view-meta">{t('contacts.count', { count: rows.total })}</p> : null}
        </div>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          {t('contacts.add')}
        </button>
      </header>
      <ContactFilters query={query} onChange={setQuery} />
      <ErrorMessage error={rows.error} />
      {rows.total === 0 ? <p className="empty">{filtered ? t('contacts.noMatch') : t('contacts.empty')}</p> : null}
      <div ref={scroller} className="virtual-scroller" role="list" aria-label={t('contacts.list')}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const contact = rows.row(item.index);
            return (
              <div key={item.key} role="listitem" className="virtual-row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {contact ? <ContactRow contact={contact} /> : <div className="row-placeholder" aria-hidden="true" />}
              </div>
            );
          })}
        </div>
      </div>
      <ContactForm
        open={adding}
        onClose={() => {
          setAdding(false);
          // Opened by the menu's New Contact (#contacts?new): closing must not reopen it on Back or reload.
          if (startAdding) replaceRoute({ view: 'contacts' });
        }}
        onSaved={(id) => {
          setAdding(false);
          navigate({ view: 'contact', id });
        }}
      />
    </section>
  );
}

function ContactRow({ contact }: { readonly contact: ContactListItem }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const now = useNow();
  const reading = displayReading(contact);
  return (
    <a className="contact-row" href={hrefOf({ view: 'contact', id: contact.id })}>
      <span className="avatar" aria-hidden="true">
        {initials(contact)}
      </span>
      <span className="contact-name">
        {reading ? <span className="reading">{reading}</span> : null}
        <span className="name">{displayName(contact)}</span>
      </span>
      <span className="contact-work">
        {contact.company ? <span className="company">{contact.company}</span> : null}
        {contact.title ? <span className="title">{contact.title}</span> : null}
      </span>
      <span className="contact-meta">
        <span className={`stage-badge stage-${contact.stage}`}>{t(`contact.stage.${contact.stage}`)}</span>
        {contact.dueAt === undefined ? (
          <span className="last-contact">{contact.lastInteractionAt === null ? t('contacts.never') : relative(contact.lastInteractionAt)}</span>
        ) : (
          <span className={contact.dueAt !== null && contact.dueAt < now ? 'last-contact overdue' : 'last-contact'}>{contact.dueAt === null ? t('contacts.noRhythm') : t('contacts.dueAt', { when: relative(contact.dueAt) })}</span>
        )}
        {contact.archived ? <span className="archived-badge">{t('contact.archived')}</span> : null}
      </span>
    </a>
  );
}

function ContactFilters({ query, onChange }: { readonly query: ContactQueryInput; readonly onChange: (query: ContactQueryInput) => void }) {
  const { t } = useTranslation();
  const facets = useApiQuery('getContactFacets', {});
  const goals = useApiQuery('listGoals', {});
  const set = (patch: Partial<ContactQueryInput>) => onChange({ ...query, ...patch });
  const single = <T,>(value: string): T[] => (value ? [value as T] : []);
  return (
    <div className="toolbar" role="group" aria-label={t('contacts.filters.label')}>
      <label className="toolbar-field">
        <span>{t('contacts.sort.label')}</span>
        <select value={query.sort ?? 'reading'} onChange={(e) => set({ sort: e.target.value as ContactSort })}>
          {CONTACT_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`contacts.sort.${sort}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar-field">
        <span>{t('contacts.filters.tag')}</span>
        <select value={query.tags?.[0] ?? ''} onChange={(e) => set({ tags: single<string>(e.target.value) })}>
          <option value="">{t('contacts.filters.any')}</option>
          {facets.data?.tags.map((tag) => (
            <option key={tag.value} value={tag.value}>
              {tag.value} ({tag.count})
            </option>
          ))}
        </select>
      </label>
      {goals.data && goals.data.length > 0 ? (
        <label className="toolbar-field">
          <span>{t('goals.filter')}</span>
          <select value={query.goals?.[0] ?? ''} onChange={(e) => set({ goals: single<GoalId>(e.target.value) })}>
            <option value="">{t('contacts.filters.any')}</option>
            {goals.data.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.title} ({goal.counts.contacts})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="toolbar-field">
        <span>{t('contact.stage.label')}</span>
        <select value={query.stages?.[0] ?? ''} onChange={(e) => set({ stages: single<Stage>(e.target.value) })}>
          <option value="">{t('contacts.filters.any')}</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t(`contact.stage.${stage}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar-field">
        <span>{t('contact.roles.label')}</span>
        <select value={query.roles?.[0] ?? ''} onChange={(e) => set({ roles: single<Role>(e.target.value) })}>
          <option value="">{t('contacts.filters.any')}</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`contact.roles.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar-field">
        <span>{t('contact.company')}</span>
        <input type="search" list="company-suggestions" value={query.company ?? ''} placeholder={t('contacts.filters.companyPlaceholder')} onChange={(e) => set({ company: e.target.value })} />
        <datalist id="company-suggestions">
          {facets.data?.companies.map((company) => (
            <option key={company.value} value={company.value} />
          ))}
        </datalist>
      </label>
      <label className="toolbar-check">
        <input type="checkbox" checked={query.ownCompany ?? false} onChange={(e) => set({ ownCompany: e.target.checked })} />
        <span>{t('contacts.filters.ownCompany')}</span>
      </label>
      <label className="toolbar-field">
        <span>{t('contacts.filters.archived.label')}</span>
        <select value={query.archived ?? 'hide'} onChange={(e) => set({ archived: e.target.value as 'hide' | 'only' | 'include' })}>
          {(['hide', 'include', 'only'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`contacts.filters.archived.${value}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
