import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { displayName } from '../../../../shared/domain/names.ts';
import { useApiQuery } from '../../api/hooks.ts';

export interface PickedContact {
  readonly id: ContactId;
  readonly name: string;
}

interface ContactPickerProps {
  readonly label: string;
  readonly value: readonly PickedContact[];
  readonly onChange: (value: PickedContact[]) => void;
  readonly multiple?: boolean;
  readonly error?: string | undefined;
}

/** Finds contacts as you type (names, kana, romaji) and keeps the chosen ones as removable chips. */
export function ContactPicker({ label, value, onChange, multiple = false, error }: ContactPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = useDeferredValue(text.trim());
  const results = useApiQuery('search', { query, limit: 8 }, { enabled: query.length > 0 });
  const options = (results.data?.contacts ?? []).filter((c) => !value.some((v) => v.id === c.id));
  const open = query.length > 0 && text.length > 0;

  const choose = (contact: PickedContact) => {
    onChange(multiple ? [...value, contact] : [contact]);
    setText('');
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, options.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      const contact = options[active];
      choose({ id: contact.id, name: displayName(contact) });
    } else if (event.key === 'Escape' && text) {
      event.stopPropagation();
      setText('');
    } else return;
    event.preventDefault();
  };

  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      {value.length > 0 ? (
        <ul className="chips" aria-label={label}>
          {value.map((contact) => (
            <li key={contact.id} className="chip">
              {contact.name}
              <button type="button" className="chip-remove" aria-label={t('picker.remove', { name: contact.name })} onClick={() => onChange(value.filter((v) => v.id !== contact.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {multiple || value.length === 0 ? (
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={open && options.length > 0}
          aria-controls={`${id}-options`}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${id}-option-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          placeholder={t('picker.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      ) : null}
      {open && options.length === 0 && !results.isLoading ? (
        <p className="picker-options picker-empty" role="status">
          {t('picker.noResults')}
        </p>
      ) : null}
      {open && options.length > 0 ? (
        <ul id={`${id}-options`} role="listbox" className="picker-options" aria-label={label}>
          {options.map((contact, index) => (
            <li
              key={contact.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose({ id: contact.id, name: displayName(contact) })}
            >
              <span className="name">{displayName(contact)}</span>
              <span className="meta">{[contact.reading, contact.company].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
