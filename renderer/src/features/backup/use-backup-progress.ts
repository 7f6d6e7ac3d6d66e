import { useEffect, useState } from 'react';
import type { BackupOperation } from '../../../../shared/domain/backup.ts';
import { onApiEvent } from '../../api/client.ts';

/** Shards done of total for a long backup operation while `active` (forgotten when it ends). */
export function useBackupProgress(operation: BackupOperation, active: boolean): { done: number; total: number } | undefined {
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  useEffect(() => {
    if (!active) return undefined;
    const unsubscribe = onApiEvent('backupProgress', (payload) => {
      if (payload.operation === operation) setProgress({ done: payload.done, total: payload.total });
    });
    return () => {
      unsubscribe();
      setProgress(undefined); // the next run starts from nothing
    };
  }, [operation, active]);
  return active ? progress : undefined;
}
