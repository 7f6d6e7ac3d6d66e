import { useDeferredValue, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../shared/domain/names.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { navigate, type Route } from '../../navigation.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useDateFormat } from '../../ui/format.ts';

interface Option {
  readonly key: string;
  readonly route: Route;
  readonly title: string;
  readonly detail: string;
  readonly confidential: boolean;
}

/** Ctrl/Cmd+K: names, kana, romaji, company, tags, notes. Confidential matches are named, never shown. */
export function SearchPalette({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const id = useId();
  // The body mounts each time the palette opens: it starts empty.
  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <SearchBody id={id} onClose={onClose} />
    </Dialog>
  );
}

function SearchBody({ id, onClose }: { readonly id: string; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = useDeferredValue(text.trim());
  const results = useApiQuery('search', { query, limit: 20 }, { enabled: query.length > 0 });

  const groups: { label: string; options: Option[] }[] = results.data
    ? [
        {
          label: t('search.contacts'),
          options: results.data.contacts.map((c): Option => ({ key: c.id, route: { view: 'contact', id: c.id }, title: displayName(c), detail: [c.reading, c.company, c.title].filter(Boolean).join(' · '), confidential: c.matchedConfidential })),
        },
        {
          label: t('search.interactions'),
          options: results.data.interactions.map((i): Option => ({
            key: i.id,
            route: i.contacts[0] ? { view: 'contact', id: i.contacts[0].id } : { view: 'timeline' },
            title: i.summary || t(`interaction.kind.${i.kind}`),
            detail: [format.date(i.occurredAt), i.contacts.map((c) => c.name).join('、'), i.note.masked ? '' : i.note.text.slice(0, 60)].filter(Boolean).join(' · '),
            confidential: i.matchedConfidential,
          })),
        },
        {
          label: t('search.events'),
          options: results.data.events.map((e): Option => ({ key: e.id, route: { view: 'event', id: e.id }, title: e.title, detail: [format.date(e.startsAt), e.place].filter(Boolean).join(' · '), confidential: e.matchedConfidential })),
        },
      ].filter((group) => group.options.length > 0)
    : [];
  const flat = groups.flatMap((group) => group.options);

  const go = (option: Option | undefined) => {
    if (!option) return;
    navigate(option.route);
    onClose();
  };
  // The results on screen may still be those of what was typed a moment ago: Enter then waits for
  // the answer to the text as it is, rather than opening someone from the old list.
  const current = query === text.trim() && !results.isFetching;
  const pendingEnter = useRef(false);
  useEffect(() => {
    if (!pendingEnter.current || !current) return;
    pendingEnter.current = false;
    go(flat[active]);
  });
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, flat.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      if (current) go(flat[active]);
      else pendingEnter.current = true;
    }
    else if (event.key === 'Escape') onClose();
    else return;
    event.preventDefault();
  };

  let index = -1;
  return (
    <div className="dialog-body search-palette">
        <h2 id={`${id}-title`} className="visually-hidden">
          {t('search.title')}
        </h2>
        <input
          type="search"
          role="combobox"
          aria-label={t('search.title')}
          aria-expanded={flat.length > 0}
          aria-controls={`${id}-results`}
          aria-activedescendant={flat[active] ? `${id}-${flat[active].key}` : undefined}
          placeholder={t('search.placeholder')}
          value={text}
          autoFocus
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        {query && results.data && flat.length === 0 ? <p className="meta">{t('search.empty')}</p> : null}
        <div id={`${id}-results`} role="listbox" aria-label={t('search.results')} className="search-results">
          {groups.map((group) => (
            <div key={group.label} role="group" aria-label={group.label}>
              {/* The group's aria-label names it for assistive technology; this is the visual heading. */}
              <div className="search-group" aria-hidden="true">
                {group.label}
              </div>
              {group.options.map((option) => {
                index++;
                const position = index;
                return (
                  <div key={option.key} id={`${id}-${option.key}`} role="option" aria-selected={position === active} className={position === active ? 'search-option active' : 'search-option'} onMouseEnter={() => setActive(position)} onClick={() => go(option)}>
                    <span className="name">{option.title}</span>
                    <span className="meta">
                      {option.detail}
                      {option.confidential ? <span className="confidential-badge">{t('search.matchedConfidential')}</span> : null}
                    </span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <p className="field-hint">{t('search.hint')}</p>
    </div>
  );
}
