import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { AUDIENCES, CONFIDENTIALITY, type Note } from '../../../../shared/domain/note.ts';
import { SelectField, TextAreaField } from '../../ui/Field.tsx';
import { ContactPicker, type PickedContact } from './ContactPicker.tsx';

export interface NoteState extends Note {
  /** The stored text is confidential and was never revealed here: saving keeps it. */
  readonly keepStoredText?: boolean;
}

interface NoteEditorProps {
  readonly label: string;
  readonly value: NoteState;
  readonly onChange: (note: NoteState) => void;
  /** Names of contacts referenced by the note (who told me, who may hear it). */
  readonly names: Readonly<Record<string, string>>;
  readonly error?: string | undefined;
  readonly compact?: boolean;
}

/** A note with how it may be used: normal, private, or confidential; who told me; who may hear it. */
export function NoteEditor({ label, value, onChange, names, error, compact }: NoteEditorProps) {
  const { t } = useTranslation();
  const [known, setKnown] = useState<Record<string, string>>({});
  const picked = (ids: readonly (ContactId | null)[]): PickedContact[] => ids.filter((id): id is ContactId => id !== null).map((id) => ({ id, name: known[id] ?? names[id] ?? '…' }));
  const remember = (contacts: readonly PickedContact[]) => setKnown((current) => ({ ...current, ...Object.fromEntries(contacts.map((c) => [c.id, c.name])) }));
  const patch = (changes: Partial<NoteState>) => onChange({ ...value, ...changes });
  return (
    <fieldset className={`note-editor confidentiality-${value.confidentiality}`}>
      <legend>{label}</legend>
      <TextAreaField
        label={label}
        className="visually-hidden-label"
        value={value.text}
        placeholder={value.keepStoredText ? t('note.keptPlaceholder') : ''}
        error={error}
        onChange={(e) => patch({ text: e.target.value, keepStoredText: e.target.value ? false : value.keepStoredText })}
        rows={compact ? 2 : 3}
      />
      <div className="note-options">
        <SelectField label={t('note.confidentiality.label')} value={value.confidentiality} onChange={(e) => patch({ confidentiality: e.target.value as Note['confidentiality'] })}>
          {CONFIDENTIALITY.map((level) => (
            <option key={level} value={level}>
              {t(`note.confidentiality.${level}`)}
            </option>
          ))}
        </SelectField>
        {value.confidentiality !== 'normal' || value.toldBy ? (
          <ContactPicker label={t('note.toldBy')} value={picked([value.toldBy])} onChange={(contacts) => {
              remember(contacts);
              patch({ toldBy: contacts[0]?.id ?? null });
            }} />
        ) : null}
        {value.confidentiality !== 'normal' ? (
          <SelectField label={t('note.audience.label')} value={value.audience} onChange={(e) => patch({ audience: e.target.value as Note['audience'] })}>
            {AUDIENCES.map((audience) => (
              <option key={audience} value={audience}>
                {t(`note.audience.${audience}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
        {value.confidentiality !== 'normal' && value.audience === 'named' ? (
          <ContactPicker label={t('note.audienceIds')} multiple value={picked(value.audienceIds)} onChange={(contacts) => {
              remember(contacts);
              patch({ audienceIds: contacts.map((c) => c.id) });
            }} />
        ) : null}
      </div>
      <p className="field-hint">{t(`note.hint.${value.confidentiality}`)}</p>
    </fieldset>
  );
}
