import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { PassphraseMeter } from './PassphraseMeter.tsx';
import { usePassphraseAssessor } from './use-passphrase-assessor.ts';

/** A new passphrase typed twice, with its strength assessed as the user types. */
export function useNewPassphrase() {
  const assess = usePassphraseAssessor();
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const deferred = useDeferredValue(value);
  const assessment = useMemo(() => (deferred && assess ? assess(deferred) : undefined), [deferred, assess]);
  return {
    value,
    confirm,
    setValue,
    setConfirm,
    assessment,
    /** False until the strength estimator has loaded; submitting waits for it. */
    ready: assess !== undefined,
    /** Judged on the current text, not the deferred one, so a fast Enter cannot slip a weak passphrase past. */
    isAcceptable: () => assess !== undefined && assess(value).acceptable && value === confirm,
    reset: () => {
      setValue('');
      setConfirm('');
    },
  };
}

export type NewPassphrase = ReturnType<typeof useNewPassphrase>;

export function NewPassphraseFields({
  state,
  submitted,
  label,
  confirmLabel,
  advice,
  autoFocus,
}: {
  readonly state: NewPassphrase;
  readonly submitted: boolean;
  readonly label: string;
  readonly confirmLabel: string;
  readonly advice?: ReactNode;
  readonly autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const { assessment } = state;
  const mismatch = (state.confirm.length > 0 || submitted) && state.confirm !== state.value;
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        value={state.value}
        onChange={(e) => state.setValue(e.target.value)}
        required
        autoFocus={autoFocus}
        error={submitted && assessment && !assessment.acceptable && assessment.problem ? t(assessment.problem) : undefined}
        hint={
          <>
            <PassphraseMeter assessment={assessment} />
            {advice ? <span>{advice}</span> : null}
          </>
        }
      />
      <Field
        label={confirmLabel}
        type="password"
        autoComplete="new-password"
        value={state.confirm}
        onChange={(e) => state.setConfirm(e.target.value)}
        required
        error={mismatch ? t('vault.create.mismatch') : undefined}
      />
    </>
  );
}
