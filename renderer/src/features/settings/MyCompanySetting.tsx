import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';

/** My own company: the contacts list's 社内人脈 filter shows the people who work there. */
export function MyCompanySetting() {
  const settings = useApiQuery('getSettings', {});
  return settings.data ? <MyCompanyForm stored={settings.data.myCompany} /> : null;
}

function MyCompanyForm({ stored }: { readonly stored: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useApiMutation('updateSettings');
  const [value, setValue] = useState(stored);
  const [saved, setSaved] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate(
      { myCompany: value },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(apiQueryKey('getSettings', {}), next);
          setSaved(true);
        },
      },
    );
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <Field label={t('settings.myCompany.label')} hint={t('settings.myCompany.hint')} value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" disabled={update.isPending}>
        {t('common.save')}
      </button>
      <p className="status-line" role="status">
        {saved ? t('settings.myCompany.saved') : ''}
      </p>
      <ErrorMessage error={update.error} />
    </form>
  );
}
