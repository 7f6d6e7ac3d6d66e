/**
 * One exchange with the shared folder (docs/sync.md, "Shared folder"), in every sharing-key epoch
 * this device holds a key for: it reads each (devices that have not learned of a rotation yet still
 * write in the older one) and writes only in the newest. Grants published there that this device
 * lacks are taken into the vault (they are checked when opened), and this device publishes the
 * vault's grants in each, so a device that knows only an older key can learn the newer one — if it
 * was granted one.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { verifiedEpochGrants } from '../../../shared/sync/sharing-keys.ts';
import { scalar, type RootDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { serviceFolderCopy } from './shard-sync.ts';
import { EMPTY_PROGRESS, SharedFolder, type FolderProgress, type FolderReport } from './shared-folder.ts';
import { grantsOf, type Active } from './sync-active.ts';

export interface FolderExchangeOptions {
  readonly vault: VaultService;
  readonly sodium: () => Sodium;
  readonly clock: () => number;
  readonly isCurrent: (active: Active) => boolean;
  /** Re-reads who may sync and the sharing keys (what was read may name new ones). */
  readonly refreshPins: () => Promise<void>;
}

export class FolderExchange {
  private readonly options: FolderExchangeOptions;
  /** Problems already logged (device tag, file, reason), so a run every minute does not repeat them. */
  private readonly problemsLogged = new Set<string>();

  constructor(options: FolderExchangeOptions) {
    this.options = options;
  }

  /** The changes applied from the folder, or 'failed' (folder missing or not writable). */
  async exchange(active: Active, again = true): Promise<number | 'failed'> {
    const { vault, isCurrent } = this.options;
    const sodium = this.options.sodium();
    const settings = active.state.folder!;
    const copy = serviceFolderCopy(vault);
    const grants = await vault.read(({ session }) => ok(grantsOf(session.root)));
    if (!grants.ok) return 'failed';
    const epochs: Record<string, FolderProgress> = { ...settings.epochs };
    const newest = active.epochs.at(-1)?.epoch ?? 0;
    let learned = false;
    try {
      for (const keys of [...active.epochs]) {
        // Its own copy of the key: refreshing the keys (another device synced meanwhile) zeroes the old ones.
        const key = keys.folder.slice();
        const folder = new SharedFolder({ sodium, root: settings.path, key, vaultId: active.vaultId, identity: active.state.identity, allowed: [...active.allowed] });
        let report: FolderReport;
        try {
          for (const published of await folder.readGrants()) if (await this.takeGrants(active, published, grants.value)) learned = true;
          report = await folder.exchange(copy, epochs[keys.epoch] ?? EMPTY_PROGRESS, { write: keys.epoch === newest });
          if (Object.keys(grants.value).length > 0) await folder.writeGrants(grants.value);
        } finally {
          sodium.memzero(key);
        }
        if (!isCurrent(active)) return 'failed';
        epochs[keys.epoch] = report.progress;
        this.log(active, report);
      }
    } catch {
      return 'failed';
    }
    // The user may have chosen another folder meanwhile: progress made in this one is not that one's.
    if (active.state.folder?.path !== settings.path) return copy.received();
    active.state.folder = { path: settings.path, epochs };
    // What was read may name a newer key, or a device paired meanwhile whose files the changes
    // read build on: take them in right away rather than at the next run.
    const known = new Set(active.allowed);
    await this.options.refreshPins();
    if ((learned || [...active.allowed].some((id) => !known.has(id))) && again) {
      const more = await this.exchange(active, false);
      return more === 'failed' ? more : copy.received() + more;
    }
    return copy.received();
  }

  private log(active: Active, report: FolderReport): void {
    for (const problem of report.problems) {
      const key = `${problem.device}/${problem.file}/${problem.reason}`;
      if (this.problemsLogged.has(key)) continue;
      this.problemsLogged.add(key);
      // Once per folder, file and reason while the app runs; the log says why, never which file (names are tags, still worth nothing to a reader of logs).
      if (problem.reason === 'unknown-device') active.state.logRefusal({ at: this.options.clock(), reason: 'unknown-device', address: 'shared-folder' });
      else console.warn(`Enishi: shared folder: skipped a file (${problem.reason})`);
    }
    if (report.replaced > 0) console.warn(`Enishi: shared folder: ${report.replaced} of this device's files had gone; wrote them again`);
  }

  /** Takes epochs from grants found in the folder into the vault, if signed by a trusted device and new; whether any were. */
  private async takeGrants(active: Active, published: Readonly<Record<string, string>>, known: Readonly<Record<string, string>>): Promise<boolean> {
    const sodium = this.options.sodium();
    const fresh = Object.entries(published).filter(([epoch, text]) => known[epoch] === undefined && verifiedEpochGrants(sodium, Number(epoch), text, (id) => id === active.me || active.allowed.has(id)));
    if (fresh.length === 0) return false;
    await this.options.vault.write([], async ({ session }) => {
      await session.change(ROOT_SHARD, (root: RootDoc) => {
        root.keyGrants ??= {};
        for (const [epoch, text] of fresh) if (root.keyGrants[epoch] === undefined) root.keyGrants[epoch] = scalar(text);
      });
      return ok(null);
    }, 'sync');
    return true;
  }
}

/** Whether a folder the user chose can be synced through: it is one, and this device can read and write it. */
export async function checkSharedFolder(path: string): Promise<Result<null>> {
  try {
    if (!(await stat(path)).isDirectory()) return fail('folder-unavailable', 'not a folder');
    await access(path, constants.W_OK | constants.R_OK);
  } catch {
    return fail('folder-unavailable', 'the folder does not exist or cannot be written');
  }
  return ok(null);
}
