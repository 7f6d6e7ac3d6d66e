import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../api/client.ts';

/** Shows what went wrong in the user's language; bugs get the generic message, never a stack. */
export function ErrorMessage({ error }: { readonly error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiCallError ? error.code : 'internal';
  return (
    <p className="error-banner" role="alert" data-error-code={code}>
      {t(`errors.${code}`)}
    </p>
  );
}
