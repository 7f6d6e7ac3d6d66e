import { useTranslation } from 'react-i18next';
import type { PassphraseAssessment } from '../../../../shared/domain/passphrase.ts';

/** A five-step strength bar with a spoken label; the problem, if any, in words. */
export function PassphraseMeter({ assessment }: { readonly assessment: PassphraseAssessment | undefined }) {
  const { t } = useTranslation();
  const strength = assessment?.strength ?? 0;
  return (
    <div className="meter" data-strength={assessment ? strength : 'empty'}>
      <div className="meter-bar" role="meter" aria-label={t('passphrase.meterLabel')} aria-valuemin={0} aria-valuemax={4} aria-valuenow={strength} aria-valuetext={t(`passphrase.strength.${strength}`)}>
        {[0, 1, 2, 3, 4].map((step) => (
          <span key={step} className={assessment && step <= strength ? 'meter-step on' : 'meter-step'} />
        ))}
      </div>
      <span className="meter-label">{assessment ? t(`passphrase.strength.${strength}`) : ''}</span>
    </div>
  );
}
