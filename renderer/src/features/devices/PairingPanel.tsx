import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PairingOffer } from '../../../../shared/domain/device.ts';
import { pairingLink } from '../../../../shared/sync/pairing.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QrCode } from './QrCode.tsx';

function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.round((until - now) / 1000));
}

/** "Add a device": the pairing code as text and as a QR image, how long it stays open, and cancel. */
export function PairingPanel({ offer }: { readonly offer: PairingOffer | undefined }) {
  const { t } = useTranslation();
  const start = useApiMutation('startPairing');
  const cancel = useApiMutation('cancelPairing');
  const answer = useApiMutation('answerPairing');
  const left = useSecondsLeft(offer?.expiresAt ?? 0);
  const open = offer && left > 0;

  if (!open) {
    return (
      <div className="stack">
        <p className="card-lead">{t('devices.add.lead')}</p>
        <ErrorMessage error={start.error} />
        <div>
          <button type="button" className="primary" onClick={() => start.mutate({})} disabled={start.isPending}>
            {t('devices.add.start')}
          </button>
        </div>
      </div>
    );
  }
  if (offer.request) {
    // Someone proved the code: nothing leaves until the user has matched the digits on both screens.
    return (
      <section className="pairing-confirm stack" aria-labelledby="pairing-confirm-title">
        <h3 id="pairing-confirm-title">{t('devices.add.askTitle', { name: offer.request.name })}</h3>
        <p>{t('devices.add.askLead')}</p>
        <p className="comparison-code" aria-label={t('devices.add.comparisonLabel')}>
          {offer.request.comparison}
        </p>
        <p className="hint">{t('devices.add.askHint')}</p>
        <ErrorMessage error={answer.error} />
        <div className="button-row">
          <button type="button" className="primary" onClick={() => answer.mutate({ accept: true })} disabled={answer.isPending}>
            {t('devices.add.allow')}
          </button>
          <button type="button" onClick={() => answer.mutate({ accept: false })} disabled={answer.isPending}>
            {t('devices.add.deny')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <div className="pairing">
      <QrCode text={pairingLink(offer.code)} label={t('devices.add.qr')} />
      <div className="stack">
        <ol className="pairing-steps">
          <li>{t('devices.add.step1')}</li>
          <li>{t('devices.add.step2')}</li>
          <li>{t('devices.add.step3')}</li>
        </ol>
        <p className="pairing-code-label" id="pairing-code-label">
          {t('devices.add.code')}
        </p>
        <output className="pairing-code" aria-labelledby="pairing-code-label" data-testid="pairing-code">
          {offer.code}
        </output>
        <p className="hint">{t('devices.add.expires', { minutes: Math.floor(left / 60), seconds: String(left % 60).padStart(2, '0') })}</p>
        <p className="hint">{t('devices.add.secret')}</p>
        <div className="button-row">
          <button type="button" onClick={() => cancel.mutate({})} disabled={cancel.isPending}>
            {t('devices.add.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
