import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView, DevicesOverview } from '../../../../shared/domain/device.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { PathField } from '../../ui/PathField.tsx';
import { useDateFormat, useRecentTime } from '../../ui/format.ts';
import { useToasts } from '../../ui/Toasts.tsx';
import { PairingPanel } from './PairingPanel.tsx';
import { useSyncStatusText } from './SyncIndicator.tsx';

/** Devices & sync: this device, adding a device, the paired devices (last sync, address, revoke), refused connections. */
export function DevicesView() {
  const { t } = useTranslation();
  const overview = useApiQuery('getDevices', {});
  const syncNow = useApiMutation('syncNow');
  const data = overview.data;
  return (
    <section className="view" aria-labelledby="devices-title">
      <header className="view-header">
        <h1 id="devices-title">{t('devices.title')}</h1>
        {data && data.status.pairedDevices > 0 ? (
          <div className="header-actions">
            <SyncStatusLine overview={data} />
            <button type="button" onClick={() => syncNow.mutate({})} disabled={syncNow.isPending || data.status.state === 'syncing'}>
              {t('devices.syncNow')}
            </button>
          </div>
        ) : null}
      </header>
      <ErrorMessage error={overview.error ?? syncNow.error} />
      {data ? (
        <div className="settings-sections">
          {data.sharing.revokedDeviceHoldsKey ? <RotateSharingKeyCard /> : null}
          <section className="card" aria-labelledby="devices-paired">
            <h2 id="devices-paired">{t('devices.paired.title')}</h2>
            <PairedDevices devices={data.devices.filter((d) => !d.thisDevice)} />
          </section>
          <section className="card" aria-labelledby="devices-add">
            <h2 id="devices-add">{t('devices.add.title')}</h2>
            <PairingPanel offer={data.pairing} />
          </section>
          <ThisDeviceCard device={data.devices.find((d) => d.thisDevice)} listening={data.listening} />
          <SharedFolderCard current={data.sharedFolder} />
          <RefusalsCard refusals={data.refusals} />
        </div>
      ) : null}
    </section>
  );
}

function SyncStatusLine({ overview }: { readonly overview: DevicesOverview }) {
  const statusText = useSyncStatusText();
  return (
    <p className={`status-line sync-${overview.status.state}`} role="status">
      {statusText(overview.status)}
    </p>
  );
}

function ThisDeviceCard({ device, listening }: { readonly device: DeviceView | undefined; readonly listening: readonly string[] }) {
  const { t } = useTranslation();
  const rename = useApiMutation('renameDevice');
  const [name, setName] = useState(device?.name ?? '');
  if (!device) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) rename.mutate({ id: device.id, name });
  };
  return (
    <section className="card" aria-labelledby="devices-this">
      <h2 id="devices-this">{t('devices.this.title')}</h2>
      <dl className="facts">
        <dt>{t('devices.code')}</dt>
        <dd>
          <code className="device-code">{device.code}</code>
        </dd>
        <dt>{t('devices.this.listening')}</dt>
        <dd>{listening.length > 0 ? listening.join(', ') : t('devices.this.notListening')}</dd>
      </dl>
      <form className="inline-form" onSubmit={onSubmit}>
        <Field label={t('devices.this.name')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={rename.isPending || !name.trim() || name.trim() === device.name}>
          {t('common.save')}
        </button>
        <ErrorMessage error={rename.error} />
      </form>
      <p className="hint">{t('devices.this.codeHint')}</p>
    </section>
  );
}

function PairedDevices({ devices }: { readonly devices: readonly DeviceView[] }) {
  const { t } = useTranslation();
  const [revoking, setRevoking] = useState<DeviceView | undefined>();
  if (devices.length === 0) return <p className="empty">{t('devices.paired.none')}</p>;
  return (
    <>
      <ul className="device-list">
        {devices.map((device) => (
          <PairedDeviceRow key={device.id} device={device} onRevoke={() => setRevoking(device)} />
        ))}
      </ul>
      <RevokeDialog device={revoking} onClose={() => setRevoking(undefined)} />
    </>
  );
}

function PairedDeviceRow({ device, onRevoke }: { readonly device: DeviceView; readonly onRevoke: () => void }) {
  const { t } = useTranslation();
  const relative = useRecentTime();
  const { date } = useDateFormat();
  const setAddress = useApiMutation('setDeviceAddress');
  const [address, setAddressText] = useState(device.address ?? '');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAddress.mutate({ id: device.id, address });
  };
  const revoked = device.revokedAt !== undefined;
  return (
    <li className={revoked ? 'device-row revoked' : 'device-row'} aria-label={device.name}>
      <div className="device-main">
        <strong className="device-name">{device.name}</strong>
        <code className="device-code">{device.code}</code>
        <span className="meta">
          {revoked
            ? t('devices.paired.revokedOn', { date: date(device.revokedAt) })
            : device.lastSyncAt
              ? t('devices.paired.lastSync', { when: relative(device.lastSyncAt) })
              : t('devices.paired.neverSynced')}
        </span>
        {!revoked && device.lastError ? <span className="field-error">{t(`errors.${device.lastError}`)}</span> : null}
      </div>
      {revoked ? null : (
        <div className="device-actions">
          <form className="inline-form" onSubmit={onSubmit}>
            <Field label={t('devices.paired.address')} hint={t('devices.paired.addressHint')} value={address} placeholder="192.168.1.20:47291" maxLength={300} onChange={(e) => setAddressText(e.target.value)} />
            <button type="submit" disabled={setAddress.isPending || !address.trim()}>
              {t('common.save')}
            </button>
            <ErrorMessage error={setAddress.error} />
          </form>
          <button type="button" className="danger" onClick={onRevoke}>
            {t('devices.revoke.button')}
          </button>
        </div>
      )}
    </li>
  );
}

function RevokeDialog({ device, onClose }: { readonly device: DeviceView | undefined; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useApiMutation('revokeDevice');
  return (
    <Dialog open={device !== undefined} onClose={onClose} labelledBy="revoke-title">
      {device ? (
        <div className="dialog-body stack">
          <h2 id="revoke-title">{t('devices.revoke.title', { name: device.name })}</h2>
          <p>{t('devices.revoke.effect')}</p>
          <p>{t('devices.revoke.cannotErase')}</p>
          <p>{t('devices.revoke.advice')}</p>
          <ErrorMessage error={revoke.error} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: device.id }, { onSuccess: onClose })}>
              {t('devices.revoke.confirm')}
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}

function RefusalsCard({ refusals }: { readonly refusals: DevicesOverview['refusals'] }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <section className="card" aria-labelledby="devices-refusals">
      <h2 id="devices-refusals">{t('devices.refusals.title')}</h2>
      {refusals.length === 0 ? (
        <p className="empty">{t('devices.refusals.none')}</p>
      ) : (
        <ul className="refusal-list">
          {refusals.map((refusal) => (
            <li key={`${refusal.at}-${refusal.address}-${refusal.reason}`}>
              <time dateTime={new Date(refusal.at).toISOString()}>{dateTime(refusal.at)}</time> — {t(`devices.refusals.reason.${refusal.reason}`, { defaultValue: refusal.reason })} <span className="meta">({refusal.address})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SharedFolderCard({ current }: { readonly current: string | undefined }) {
  const { t } = useTranslation();
  const setFolder = useApiMutation('setSharedFolder');
  const [path, setPath] = useState(current ?? '');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFolder.mutate({ path });
  };
  return (
    <section className="card" aria-labelledby="devices-folder">
      <h2 id="devices-folder">{t('devices.folder.title')}</h2>
      <p className="card-lead">{t('devices.folder.lead')}</p>
      {current ? <p className="status-line">{t('devices.folder.current', { path: current })}</p> : null}
      <form className="inline-form" onSubmit={onSubmit}>
        <PathField purpose="folder" label={t('devices.folder.path')} hint={t('devices.folder.hint')} value={path} placeholder="/Users/you/Dropbox/Enishi" maxLength={4096} onValueChange={setPath} />
        <button type="submit" disabled={setFolder.isPending || !path.trim() || path.trim() === current}>
          {t('devices.folder.use')}
        </button>
        {current ? (
          <button type="button" onClick={() => setFolder.mutate({ path: null }, { onSuccess: () => setPath('') })} disabled={setFolder.isPending}>
            {t('devices.folder.stop')}
          </button>
        ) : null}
        <ErrorMessage error={setFolder.error} />
      </form>
    </section>
  );
}

function RotateSharingKeyCard() {
  const { t } = useTranslation();
  const rotate = useApiMutation('rotateSharingKey');
  const toasts = useToasts();
  return (
    <section className="card warning-card" aria-labelledby="devices-rotate">
      <h2 id="devices-rotate">{t('devices.rotate.title')}</h2>
      <p className="card-lead">{t('devices.rotate.lead')}</p>
      <ErrorMessage error={rotate.error} />
      <div>
        <button type="button" className="primary" onClick={() => rotate.mutate({}, { onSuccess: ({ epoch }) => toasts.show(t('devices.rotate.done', { epoch })) })} disabled={rotate.isPending}>
          {t('devices.rotate.button')}
        </button>
      </div>
    </section>
  );
}
