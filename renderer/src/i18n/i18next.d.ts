import 'i18next';
import type { ja } from './ja.ts';

/** Translation keys are checked by the compiler: t('contacts.tittle') does not build. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
