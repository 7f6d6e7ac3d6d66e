import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { useRecentTime } from '../../ui/format.ts';

/** Sync at a glance, in the sidebar: idle (when last synced), syncing, offline, or what went wrong. Hidden with no other devices. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const relative = useRecentTime();
  const status = useApiQuery('getSyncStatus', {});
  const data = status.data;
  if (!data || data.state === 'off' || data.pairedDevices === 0) return null;
  const text =
    data.state === 'syncing'
      ? t('sync.state.syncing')
      : data.state === 'offline'
        ? t('sync.state.offline')
        : data.state === 'error'
          ? t('sync.state.error', { reason: t(`errors.${data.error ?? 'sync-failed'}`) })
          : data.lastSyncAt
            ? t('sync.state.synced', { when: relative(data.lastSyncAt) })
            : t('sync.state.idle');
  return (
    <div role="status">
      <a className={`sync-indicator sync-${data.state}`} href={hrefOf({ view: 'devices' })}>
        <span className="sync-dot" aria-hidden="true" />
        <span>{text}</span>
      </a>
    </div>
  );
}
