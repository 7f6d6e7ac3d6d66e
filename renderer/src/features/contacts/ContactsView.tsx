import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, displayReading, initials } from '../../../../shared/domain/names.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { AddContactDialog } from './AddContactDialog.tsx';

/** The first page only, until the list is virtualized (issue 4). */
const PAGE_SIZE = 500;

export function ContactsView() {
  const { t } = useTranslation();
  const contacts = useApiQuery('listContacts', { offset: 0, limit: PAGE_SIZE });
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  return (
    <section className="view" aria-labelledby="contacts-title">
      <header className="view-header">
        <div>
          <h1 id="contacts-title">{t('contacts.title')}</h1>
          {contacts.data ? <p className="view-meta">{t('contacts.count', { count: contacts.data.total })}</p> : null}
        </div>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          {t('contacts.add')}
        </button>
      </header>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ErrorMessage error={contacts.error} />
      {contacts.data?.total === 0 ? <p className="empty">{t('contacts.empty')}</p> : null}
      {contacts.data && contacts.data.items.length > 0 ? (
        <ul className="contact-list" aria-label={t('contacts.list')}>
          {contacts.data.items.map((contact) => (
            <li key={contact.id} className="contact-row">
              <span className="avatar" aria-hidden="true">
                {initials(contact)}
              </span>
              <span className="contact-name">
                {displayReading(contact) ? <span className="reading">{displayReading(contact)}</span> : null}
                <span className="name">{displayName(contact)}</span>
              </span>
              <span className="contact-work">
                {contact.company ? <span className="company">{contact.company}</span> : null}
                {contact.title ? <span className="title">{contact.title}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <AddContactDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(contact) => {
          setAdding(false);
          setAnnouncement(t('contacts.added', { name: displayName(contact) }));
        }}
      />
    </section>
  );
}
