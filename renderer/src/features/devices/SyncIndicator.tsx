import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/domain/device.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { useRecentTime } from '../../ui/format.ts';

/** The status in words: when last synced, syncing, offline, or what went wrong. */
export function useSyncStatusText(): (status: SyncStatus) => string {
  const { t } = useTranslation();
  const relative = useRecentTime();
  return ({ state, lastSyncAt, error }) =>
    state === 'syncing'
      ? t('sync.state.syncing')
      : state === 'offline'
        ? t('sync.state.offline')
        : state === 'error'
          ? t('sync.state.error', { reason: t(`errors.${error ?? 'sync-failed'}`) })
          : lastSyncAt
            ? t('sync.state.synced', { when: relative(lastSyncAt) })
            : t('sync.state.idle');
}

/** Sync at a glance, in the sidebar. Hidden with no other devices. */
export function SyncIndicator() {
  const statusText = useSyncStatusText();
  const status = useApiQuery('getSyncStatus', {});
  const data = status.data;
  if (!data || data.state === 'off' || data.pairedDevices === 0) return null;
  const text = statusText(data);
  return (
    <div role="status">
      <a className={`sync-indicator sync-${data.state}`} href={hrefOf({ view: 'devices' })}>
        <span className="sync-dot" aria-hidden="true" />
        <span>{text}</span>
      </a>
    </div>
  );
}
