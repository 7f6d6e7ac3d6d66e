import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { onApiEvent } from '../../api/client.ts';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, TextAreaField } from '../../ui/Field.tsx';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.tsx';
import { SetupLayout } from './SetupLayout.tsx';

/** "Join an existing vault": the pairing code from the other device, this device's name, its own passphrase. */
export function JoinVaultView({ onCreateInstead, initialCode = '' }: { readonly onCreateInstead: () => void; readonly initialCode?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const join = useApiMutation('joinVault');
  const [code, setCode] = useState(initialCode);
  const [deviceName, setDeviceName] = useState('');
  const [address, setAddress] = useState('');
  const passphrase = useNewPassphrase();
  const [submitted, setSubmitted] = useState(false);
  // Once the other device has heard the code: which vault this is, and the digits both screens show.
  const [intro, setIntro] = useState<{ vaultName: string; comparison: string } | undefined>();
  useEffect(() => onApiEvent('joinProgress', setIntro), []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!passphrase.isAcceptable() || !code.trim() || !deviceName.trim()) return;
    setIntro(undefined);
    join.mutate(
      { code, deviceName, passphrase: passphrase.value, ...(address.trim() && { address: address.trim() }) },
      { onSuccess: (status) => queryClient.setQueryData(apiQueryKey('getVaultStatus', {}), status) },
    );
  };

  return (
    <SetupLayout title={t('vault.join.title')} lead={t('vault.join.lead')}>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={join.isPending}>
        <TextAreaField className="pairing-code-input" label={t('vault.join.code')} hint={t('vault.join.codeHint')} value={code} onChange={(e) => setCode(e.target.value)} rows={3} required autoFocus autoComplete="off" spellCheck={false} maxLength={300} error={submitted && !code.trim() ? t('validation.required') : undefined} />
        <Field label={t('vault.join.deviceName')} hint={t('vault.join.deviceNameHint')} value={deviceName} onChange={(e) => setDeviceName(e.target.value)} required maxLength={60} error={submitted && !deviceName.trim() ? t('validation.required') : undefined} />
        <NewPassphraseFields state={passphrase} submitted={submitted} label={t('vault.join.passphrase')} confirmLabel={t('vault.create.confirm')} advice={t('vault.join.advice')} />
        <details>
          <summary>{t('vault.join.advanced')}</summary>
          <Field label={t('vault.join.address')} hint={t('vault.join.addressHint')} value={address} placeholder="192.168.1.20:47291" onChange={(e) => setAddress(e.target.value)} maxLength={300} />
        </details>
        {join.isPending && intro && (
          <section className="pairing-confirm" aria-labelledby="join-confirm-title" role="status">
            <h2 id="join-confirm-title">{t('vault.join.confirmTitle', { name: intro.vaultName })}</h2>
            <p>{t('vault.join.confirmLead')}</p>
            <p className="comparison-code" aria-label={t('vault.join.comparisonLabel')}>
              {intro.comparison}
            </p>
            <p className="hint">{t('vault.join.confirmHint')}</p>
          </section>
        )}
        <ErrorMessage error={join.error} />
        <button type="submit" className="primary" disabled={join.isPending || !passphrase.ready}>
          {join.isPending ? t('vault.join.busy') : t('vault.join.submit')}
        </button>
        <button type="button" className="link-button" onClick={onCreateInstead}>
          {t('vault.join.createInstead')}
        </button>
      </form>
    </SetupLayout>
  );
}
