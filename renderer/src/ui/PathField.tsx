import { useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PathPurpose } from '../../../shared/domain/desktop.ts';
import { callApi } from '../api/client.ts';
import { Field } from './Field.tsx';

interface PathFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly value: string;
  readonly onValueChange: (value: string) => void;
  /** Which native dialog "Choose…" opens: open, save or folder, with its file types. */
  readonly purpose: PathPurpose;
}

/** A path typed or chosen in the OS's own file dialog. */
export function PathField({ purpose, value, onValueChange, label, ...field }: PathFieldProps) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const choose = () => {
    setChoosing(true);
    void callApi('choosePath', { purpose, ...(value.trim() && { current: value }) })
      .then(({ path }) => path && onValueChange(path), () => undefined)
      .finally(() => setChoosing(false));
  };
  return (
    <Field
      {...field}
      label={label}
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
      spellCheck={false}
      autoComplete="off"
      action={
        <button type="button" onClick={choose} disabled={choosing} aria-label={t('common.chooseFor', { field: label })}>
          {t('common.choose')}
        </button>
      }
    />
  );
}
