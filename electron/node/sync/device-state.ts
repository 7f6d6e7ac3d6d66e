/**
 * What this device keeps for sync and never syncs (vault/device.enishi, sealed under this device's
 * own key, which no other device holds): its signing key, where its peers were last reached and how their last sync
 * went, the revocations it has seen, and the connections it refused.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { newDeviceIdentity, type DeviceIdentity } from '../../../shared/sync/identity.ts';
import { fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import { QUARANTINE_DIR } from '../vault/shard-store.ts';
import { DEVICE_FILE_NAMES } from '../vault/device-files.ts';
import type { SessionKeys } from '../vault/session-keys.ts';

/** Who seals and opens this device's files: the open vault (VaultService, whatever session it is on after a re-key) or a session being built. */
export type DeviceFiles = Pick<SessionKeys, 'sealDeviceFile' | 'openDeviceFile'>;
import type { FolderProgress } from './shared-folder.ts';

export const DEVICE_FILE = DEVICE_FILE_NAMES.sync;
const MAX_REFUSALS = 50;

export interface PeerState {
  /** host:port where the peer last answered or was told to be. */
  readonly address?: string;
  readonly lastSyncAt?: number;
  /** Why the last attempt failed (an error code), cleared by the next success. */
  readonly lastError?: string;
}

export interface Refusal {
  readonly at: number;
  readonly reason: string;
  /** Who knocked: the address it came from (only ever shown to the user, in the devices view). */
  readonly address: string;
}

const HexKey = z.string().regex(/^[0-9a-f]{64}$/);
const StoredSchema = z.object({
  v: z.literal(1),
  signPublicKey: HexKey,
  signSecretKey: z.string().regex(/^[0-9a-f]{128}$/),
  peers: z.record(HexKey, z.object({ address: z.string().max(300).optional(), lastSyncAt: z.number().optional(), lastError: z.string().max(80).optional() })),
  revoked: z.array(HexKey),
  /** Revoked devices this device has since re-keyed its vault at rest for (rekey.ts). */
  rekeyedFor: z.array(HexKey).optional(),
  refusals: z.array(z.object({ at: z.number(), reason: z.string().max(80), address: z.string().max(300) })).max(MAX_REFUSALS),
  folder: z
    .object({
      path: z.string().max(4096),
      epochs: z.record(
        z.string(),
        z.object({
          written: z.number().int().min(0),
          covered: z.record(z.string(), z.array(z.string().regex(/^[0-9a-f]{64}$/))),
          read: z.record(z.string(), z.number().int().min(0)),
        }),
      ),
    })
    .optional(),
});

export class DeviceState {
  readonly identity: DeviceIdentity;
  readonly peers = new Map<string, PeerState>();
  /** Revocations this device has seen: they stay even if the vault's list were edited to drop one. */
  readonly revoked = new Set<string>();
  /** Revoked devices whose revocation this device has re-keyed its vault at rest for. */
  readonly rekeyedFor = new Set<string>();
  refusals: Refusal[] = [];
  /** The shared folder this device syncs through, and how far it has got there in each sharing-key epoch. */
  folder: { readonly path: string; readonly epochs: Readonly<Record<string, FolderProgress>> } | undefined;
  private readonly session: DeviceFiles;
  private readonly dir: string;
  private saving: Promise<void> = Promise.resolve();

  private constructor(session: DeviceFiles, dir: string, identity: DeviceIdentity) {
    this.session = session;
    this.dir = dir;
    this.identity = identity;
  }

  /**
   * Reads this device's file, or starts a new identity when there is none. A damaged file is kept
   * aside in quarantine and a new identity starts (the other devices will have to pair it again).
   */
  static async load(sodium: Sodium, session: DeviceFiles, dir: string, fresh?: DeviceIdentity): Promise<DeviceState> {
    const path = join(dir, DEVICE_FILE);
    let file: Uint8Array | undefined;
    try {
      file = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (file) {
      const opened = session.openDeviceFile(file);
      const parsed = opened.ok ? parseStored(opened.value) : undefined;
      if (parsed) {
        const state = new DeviceState(session, dir, { signPublicKey: sodium.from_hex(parsed.signPublicKey), signSecretKey: sodium.from_hex(parsed.signSecretKey) });
        for (const [id, peer] of Object.entries(parsed.peers)) state.peers.set(id, peer);
        for (const id of parsed.revoked) state.revoked.add(id);
        for (const id of parsed.rekeyedFor ?? []) state.rekeyedFor.add(id);
        state.refusals = parsed.refusals;
        state.folder = parsed.folder;
        return state;
      }
      await mkdir(join(dir, QUARANTINE_DIR), { recursive: true, mode: 0o700 });
      await rename(path, join(dir, QUARANTINE_DIR, `${DEVICE_FILE}.${Date.now()}`));
    }
    const state = new DeviceState(session, dir, fresh ?? newDeviceIdentity(sodium));
    await state.save();
    return state;
  }

  peer(id: string): PeerState {
    return this.peers.get(id) ?? {};
  }

  updatePeer(id: string, change: Partial<PeerState>): void {
    const next: Record<string, unknown> = { ...this.peer(id), ...change };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    this.peers.set(id, next);
  }

  logRefusal(refusal: Refusal): void {
    this.refusals = [refusal, ...this.refusals].slice(0, MAX_REFUSALS);
  }

  /** Writes the file (atomically); saves queue behind each other. */
  save(): Promise<void> {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const stored = {
      v: 1,
      signPublicKey: hex(this.identity.signPublicKey),
      signSecretKey: hex(this.identity.signSecretKey),
      peers: Object.fromEntries(this.peers),
      revoked: [...this.revoked],
      rekeyedFor: [...this.rekeyedFor],
      refusals: this.refusals,
      ...(this.folder && { folder: this.folder }),
    };
    const sealed = this.session.sealDeviceFile(utf8(JSON.stringify(stored)));
    this.saving = this.saving.catch(() => undefined).then(() => writeFileAtomic(join(this.dir, DEVICE_FILE), sealed));
    return this.saving;
  }
}

function parseStored(bytes: Uint8Array): z.infer<typeof StoredSchema> | undefined {
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(fromUtf8(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
