/**
 * Sync through a shared folder (docs/sync.md): any folder that iCloud Drive, Dropbox, OneDrive or
 * Syncthing already copies between the user's machines. The storage service only ever sees
 * encrypted, signed files under opaque names:
 *
 *   <folder>/enishi-<vault tag>/<device tag>/0000000001.enishi …   immutable change files
 *   <folder>/enishi-<vault tag>/<device tag>/manifest.enishi        what the device wrote and has read
 *
 * Each device writes only in its own sub-folder — everything it holds that it has not written there
 * before, including what it received from others — never changes a file once written (temp file,
 * then rename), and deletes only its own files once every other device's manifest says it has read them.
 * Readers take each device's files in order; one that is missing, cut short, altered or not (yet)
 * complete holds back how far they count as read (they try it again next time) but not the files
 * after it, which are applied all the same. Applying the same changes twice changes nothing, so
 * duplicated or re-delivered files are harmless, and copies the sync tool makes ("… (1).enishi")
 * are not read at all. Everything in the folder is untrusted input (untrusted-file.ts): links,
 * FIFOs, devices and oversized files are skipped with a reason. A device that finds one of its own
 * files gone writes an empty one in its place and everything it holds again, so no reader stalls.
 */
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import type { DeviceIdentity } from '../../../shared/sync/identity.ts';
import { ByteReader, ByteWriter, concatBytes, fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { isShardId, type ShardId } from '../../../shared/vault/shards.ts';
import { readUntrustedFile, type UntrustedSkip } from '../fs/untrusted-file.ts';

const MAGIC = utf8('ENSF');
const FORMAT = 1;
const MANIFEST_SEQ = 0xffffffff;
const GRANTS_SEQ = 0xfffffffe;
const GRANTS_FILE = 'grants.enishi';
const CHANGE_FILE = /^(\d{10})\.enishi$/;
const MANIFEST_FILE = 'manifest.enishi';
const TAG_SIZE = 16;
const NONCE_SIZE = 24;
const SIGNATURE_SIZE = 64;
const HEAD_SIZE = 32;
/** A change file holds at most this much (a first export is split over several); readers take no larger file. */
const MAX_FILE_PAYLOAD = 32 * 1024 * 1024;
const MAX_CHANGE_FILE = MAX_FILE_PAYLOAD + 1024 * 1024;
const MAX_SMALL_FILE = 1024 * 1024;

/** What this device keeps about the folder (in its device file). */
export interface FolderProgress {
  /** The last change file this device wrote. */
  readonly written: number;
  /**
   * Per shard, the heads of what this device last wrote (so it does not write it again). What it read
   * from others is not counted: a device that cannot read their files yet (one that does not know a
   * newly paired device) gets those changes from this device's files too.
   */
  readonly covered: Readonly<Record<string, readonly string[]>>;
  /** Per other device (by folder tag), the last of its files this device has applied. */
  readonly read: Readonly<Record<string, number>>;
}

export const EMPTY_PROGRESS: FolderProgress = { written: 0, covered: {}, read: {} };

/** What a shared-folder exchange needs from this device's copy of the vault. */
export interface FolderCopy {
  summary(): Promise<Map<ShardId, readonly string[]>>;
  changesSince(id: ShardId, covered: readonly string[]): Promise<{ changes: Uint8Array; heads: string[] } | null>;
  applyChanges(id: ShardId, changes: Uint8Array, heads: readonly string[]): Promise<boolean>;
}

export interface FolderOptions {
  readonly sodium: Sodium;
  /** The chosen folder. */
  readonly root: string;
  /** The vault's shared-folder subkey. */
  readonly key: Uint8Array;
  readonly vaultId: Uint8Array;
  readonly identity: DeviceIdentity;
  /** Signing keys (hex) of the paired, not revoked devices other than this one: only their files are read. */
  readonly allowed: readonly string[];
}

/**
 * Why a file or folder was not used this time: it fails its signature or encryption (cut short,
 * altered, not written by that device: `invalid`), it is no regular file or too large or still
 * being written (untrusted-file.ts), or the folder is of a device that is not paired.
 */
export type FolderProblemReason = Exclude<UntrustedSkip, 'missing'> | 'invalid' | 'unknown-device';

export interface FolderReport {
  readonly wrote: number;
  readonly applied: number;
  readonly problems: readonly { readonly device: string; readonly file: string; readonly reason: FolderProblemReason }[];
  /** Files of this device's that had gone from the folder and were written again (empty, with everything written anew). */
  readonly replaced: number;
  readonly pruned: number;
  readonly progress: FolderProgress;
}

/** Sub-folder names: opaque to the storage service, the same on every device of the vault ("vault" or "device" tags). */
export function folderTag(sodium: Sodium, key: Uint8Array, label: 'vault' | 'device', data: Uint8Array): string {
  return sodium.to_hex(sodium.crypto_generichash(TAG_SIZE, concatBytes([utf8(label), data]), key));
}

export class SharedFolder {
  private readonly options: FolderOptions;
  private readonly sodium: Sodium;
  readonly vaultDir: string;
  private readonly myTag: string;

  constructor(options: FolderOptions) {
    // A zeroed key (a locked vault's) would encrypt for everyone: refuse it outright.
    if (options.key.length !== 32 || options.sodium.is_zero(options.key)) throw new RangeError('no folder key');
    this.options = options;
    this.sodium = options.sodium;
    this.vaultDir = join(options.root, `enishi-${this.hash(options.vaultId, 'vault')}`);
    this.myTag = this.deviceTag(options.identity.signPublicKey);
  }

  private hash(data: Uint8Array, label: 'vault' | 'device'): string {
    return folderTag(this.sodium, this.options.key, label, data);
  }

  deviceTag(signPublicKey: Uint8Array): string {
    return folderTag(this.sodium, this.options.key, 'device', signPublicKey);
  }

  /** The sharing-key grants the other devices published here (signed files; the grants are checked again by the caller). */
  async readGrants(): Promise<Record<string, string>[]> {
    const found: Record<string, string>[] = [];
    for (const id of this.options.allowed) {
      const signer = this.sodium.from_hex(id);
      const read = await readUntrustedFile(join(this.vaultDir, this.deviceTag(signer), GRANTS_FILE), MAX_SMALL_FILE);
      const opened = 'bytes' in read ? this.open(read.bytes, signer, this.deviceTag(signer), GRANTS_SEQ) : undefined;
      if (!opened) continue;
      try {
        const value = JSON.parse(fromUtf8(opened)) as unknown;
        if (value && typeof value === 'object' && Object.values(value).every((text) => typeof text === 'string')) found.push(value as Record<string, string>);
      } catch {
        // unreadable: skipped
      }
    }
    return found;
  }

  /** Publishes the vault's grants where devices that know only this epoch's key can find them. */
  async writeGrants(grants: Readonly<Record<string, string>>): Promise<void> {
    await this.ownFolder();
    await this.writeOnce(GRANTS_FILE, this.sealFile(utf8(JSON.stringify(grants)), GRANTS_SEQ));
  }

  /**
   * Reads what the others wrote, writes what they lack (only in the newest epoch's folder: `write`),
   * then prunes what all of them have read.
   */
  async exchange(copy: FolderCopy, progress: FolderProgress, { write = true }: { write?: boolean } = {}): Promise<FolderReport> {
    await this.ownFolder();
    const problems = new Map<string, FolderReport['problems'][number]>();
    const problem = (device: string, file: string, reason: FolderProblemReason) => problems.set(`${device}/${file}`, { device, file, reason });
    const read: Record<string, number> = { ...progress.read };
    let covered: Record<string, readonly string[]> = { ...progress.covered };
    const devices = new Map(this.options.allowed.map((id) => [this.deviceTag(this.sodium.from_hex(id)), this.sodium.from_hex(id)] as const));
    // Where this device's own numbering stands, whatever its saved progress says (a folder chosen
    // again, a progress lost): never reuse a number, never start below what it pruned.
    const mine = await this.manifestOf(this.myTag, this.options.identity.signPublicKey);
    const ownFiles = await this.changeFilesOf(this.myTag, { regularOnly: true });
    let written = Math.max(progress.written, mine?.written ?? 0, mine?.pruned ?? 0, ...ownFiles);
    const prunedBefore = mine?.pruned ?? 0;
    const replaced = await this.replaceMissing(ownFiles, prunedBefore, written);
    // What the lost files held is written again, from the start of every shard.
    if (replaced > 0) covered = {};
    // The others' manifests, read once: what they pruned (to read on from there) and what they read (to prune).
    const manifests = new Map<string, Manifest | undefined>();
    for (const [tag, signer] of devices) manifests.set(tag, await this.manifestOf(tag, signer));
    const folders = await this.subfolders();

    // Read: each device's files in order; passes repeat while they make progress, since one device's
    // changes may build on another's that are read later in the same pass. A file that cannot be used
    // yet keeps `read` where it is (it is tried again), and the files after it are still applied.
    let applied = 0;
    for (const tag of folders) if (tag !== this.myTag && !devices.has(tag)) problem(tag, '', 'unknown-device');
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [tag, signer] of devices) {
        if (!folders.includes(tag)) continue;
        // Files the writer pruned were read by every device at the time (this one had them from pairing): skip past them.
        const first = Math.max(read[tag] ?? 0, manifests.get(tag)?.pruned ?? 0) + 1;
        const last = Math.max(0, ...(await this.changeFilesOf(tag)));
        let held = false;
        for (let seq = first; seq <= last; seq++) {
          const file = changeFileName(seq);
          const found = await readUntrustedFile(join(this.vaultDir, tag, file), MAX_CHANGE_FILE);
          if (!('bytes' in found)) {
            if (found.skipped !== 'missing') problem(tag, file, found.skipped);
            held = true;
            continue;
          }
          const entries = this.openFile(found.bytes, signer, tag, seq);
          if (!entries) {
            problem(tag, file, 'invalid');
            held = true;
            continue;
          }
          let complete = true;
          for (const entry of entries) if (!(await copy.applyChanges(entry.id, entry.changes, entry.heads))) complete = false;
          if (!complete || held) {
            held = true; // it builds on changes not read yet, or follows a file not used yet: read again next time
            continue;
          }
          read[tag] = seq;
          applied++;
          progressed = true;
        }
      }
    }

    // Write: per shard, the changes the folder does not hold yet, in new files of at most 32 MiB.
    let entries: FolderEntry[] = [];
    let size = 0;
    let wrote = 0;
    const flush = async () => {
      if (entries.length === 0) return;
      written++;
      await this.writeOnce(changeFileName(written), this.sealFile(encodeEntries(entries), written));
      for (const entry of entries) covered[entry.id] = entry.heads;
      wrote++;
      entries = [];
      size = 0;
    };
    for (const [id, heads] of write ? await copy.summary() : []) {
      const known = covered[id] ?? [];
      if (heads.every((head) => known.includes(head))) continue;
      const changes = await copy.changesSince(id, known);
      if (!changes) continue;
      if (size + changes.changes.length > MAX_FILE_PAYLOAD) await flush();
      entries.push({ id, heads: changes.heads, changes: changes.changes });
      size += changes.changes.length + 64;
    }
    await flush();
    const prunedNow = await this.prune(manifests, written);
    const pruned = Math.max(prunedBefore, prunedNow.through);
    await this.writeOnce(MANIFEST_FILE, this.sealFile(utf8(JSON.stringify({ written, read, pruned })), MANIFEST_SEQ));
    return { wrote, applied, problems: [...problems.values()], replaced, pruned: prunedNow.count, progress: { written, covered, read } };
  }

  /**
   * This device's own folder, made if needed. Anyone with access may have put a link where it should
   * be (to make this device write elsewhere): only real folders are written into.
   */
  private async ownFolder(): Promise<void> {
    const own = join(this.vaultDir, this.myTag);
    await mkdir(own, { recursive: true, mode: 0o700 });
    for (const dir of [this.vaultDir, own]) {
      if (!(await lstat(dir)).isDirectory()) throw new Error('the shared folder holds something other than a folder where this device writes');
    }
  }

  /**
   * The numbers of a device's change files, by our naming pattern only. What is named like one but is
   * no regular file (a link, a FIFO) is listed for readers, who skip it with a reason, but not as
   * this device's own (`regularOnly`): such a file of its own counts as gone.
   */
  private async changeFilesOf(tag: string, { regularOnly = false } = {}): Promise<number[]> {
    try {
      const entries = await readdir(join(this.vaultDir, tag), { withFileTypes: true });
      return entries.flatMap((entry) => {
        const match = !regularOnly || entry.isFile() ? CHANGE_FILE.exec(entry.name) : null;
        return match ? [Number(match[1])] : [];
      });
    } catch {
      return [];
    }
  }

  /**
   * Own files that are gone (deleted by hand, by the sync tool, by someone with access) before every
   * reader had them: each is written again as a file that holds nothing, so readers count past it;
   * the caller then writes everything again.
   */
  private async replaceMissing(ownFiles: readonly number[], pruned: number, written: number): Promise<number> {
    const present = new Set(ownFiles);
    let replaced = 0;
    for (let seq = pruned + 1; seq <= written; seq++) {
      if (present.has(seq)) continue;
      await this.writeOnce(changeFileName(seq), this.sealFile(encodeEntries([]), seq));
      replaced++;
    }
    return replaced;
  }

  /** A device's manifest, if present and signed by it. */
  private async manifestOf(tag: string, signer: Uint8Array): Promise<Manifest | undefined> {
    const found = await readUntrustedFile(join(this.vaultDir, tag, MANIFEST_FILE), MAX_SMALL_FILE);
    const opened = 'bytes' in found ? this.open(found.bytes, signer, tag, MANIFEST_SEQ) : undefined;
    if (!opened) return undefined;
    try {
      const value = JSON.parse(fromUtf8(opened)) as { written?: unknown; pruned?: unknown; read?: unknown };
      const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0);
      const read = value.read && typeof value.read === 'object' ? Object.fromEntries(Object.entries(value.read).map(([key, n]) => [key, count(n)])) : {};
      return { written: count(value.written), pruned: count(value.pruned), read };
    } catch {
      return undefined;
    }
  }

  private async subfolders(): Promise<string[]> {
    try {
      return (await readdir(this.vaultDir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && /^[0-9a-f]{32}$/.test(entry.name)).map((entry) => entry.name);
    } catch {
      return [];
    }
  }

  /** Deletes this device's files that every other device's manifest says it has read (none while one has no manifest). */
  private async prune(manifests: ReadonlyMap<string, Manifest | undefined>, written: number): Promise<{ count: number; through: number }> {
    if (manifests.size === 0) return { count: 0, through: 0 };
    let upTo = written;
    for (const manifest of manifests.values()) {
      if (!manifest) return { count: 0, through: 0 };
      upTo = Math.min(upTo, manifest.read[this.myTag] ?? 0);
    }
    let count = 0;
    for (const name of await readdir(join(this.vaultDir, this.myTag))) {
      const match = CHANGE_FILE.exec(name);
      if (match && Number(match[1]) <= upTo) {
        await rm(join(this.vaultDir, this.myTag, name), { force: true });
        count++;
      }
    }
    return { count, through: upTo };
  }

  /** Files are never rewritten in place: a temp file, then a rename (the manifest is the one name reused). */
  private async writeOnce(name: string, bytes: Uint8Array): Promise<void> {
    const dir = join(this.vaultDir, this.myTag);
    const temp = join(dir, `.${name}.${this.sodium.to_hex(this.sodium.randombytes_buf(4))}.tmp`);
    // Exclusive: a name planted in advance (a link to elsewhere) is never written through.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    await rename(temp, join(dir, name));
  }

  /**
   * ENSF ‖ version ‖ signer ‖ seq ‖ nonce ‖ XChaCha20-Poly1305(payload, ad = all before it and the
   * signer's folder tag) ‖ Ed25519 signature over everything before it.
   */
  private sealFile(payload: Uint8Array, seq: number): Uint8Array {
    const { sodium } = this;
    const head = new ByteWriter().bytes(MAGIC).u8(FORMAT).bytes(this.options.identity.signPublicKey).u32(seq).bytes(sodium.randombytes_buf(NONCE_SIZE)).finish();
    const nonce = head.subarray(head.length - NONCE_SIZE);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(payload, concatBytes([head, utf8(this.myTag)]), null, nonce, this.options.key);
    const body = concatBytes([head, ciphertext]);
    return concatBytes([body, sodium.crypto_sign_detached(body, this.options.identity.signSecretKey)]);
  }

  /** The payload of a file signed by `signer` for that device's folder and position, or undefined. */
  private open(bytes: Uint8Array, signer: Uint8Array, tag: string, seq: number): Uint8Array | undefined {
    const { sodium } = this;
    const headSize = MAGIC.length + 1 + 32 + 4 + NONCE_SIZE;
    if (bytes.length < headSize + 16 + SIGNATURE_SIZE) return undefined;
    const body = bytes.subarray(0, bytes.length - SIGNATURE_SIZE);
    if (!sodium.crypto_sign_verify_detached(bytes.subarray(bytes.length - SIGNATURE_SIZE), body, signer)) return undefined;
    const reader = new ByteReader(body);
    if (fromUtf8(reader.bytes(MAGIC.length)) !== 'ENSF' || reader.u8() !== FORMAT) return undefined;
    if (!sodium.memcmp(reader.bytes(32), signer) || reader.u32() !== seq) return undefined;
    const head = body.subarray(0, headSize);
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, body.subarray(headSize), concatBytes([head, utf8(tag)]), head.subarray(headSize - NONCE_SIZE), this.options.key);
    } catch {
      return undefined;
    }
  }

  private openFile(bytes: Uint8Array, signer: Uint8Array, tag: string, seq: number): FolderEntry[] | undefined {
    const payload = this.open(bytes, signer, tag, seq);
    return payload && decodeEntries(payload);
  }
}

/** What a device's manifest says: the last file it wrote, how far it pruned its own, how far it read each other device. */
interface Manifest {
  readonly written: number;
  readonly pruned: number;
  readonly read: Readonly<Record<string, number>>;
}

interface FolderEntry {
  readonly id: ShardId;
  readonly heads: string[];
  readonly changes: Uint8Array;
}

const changeFileName = (seq: number) => `${String(seq).padStart(10, '0')}.enishi`;

function encodeEntries(entries: readonly FolderEntry[]): Uint8Array {
  const writer = new ByteWriter().u32(entries.length);
  for (const entry of entries) {
    const id = utf8(entry.id);
    writer.u8(id.length).bytes(id).u16(entry.heads.length);
    for (const head of entry.heads) writer.bytes(Uint8Array.from(Buffer.from(head, 'hex')));
    writer.u32(entry.changes.length).bytes(entry.changes);
  }
  return writer.finish();
}

function decodeEntries(payload: Uint8Array): FolderEntry[] | undefined {
  try {
    const reader = new ByteReader(payload);
    const entries: FolderEntry[] = [];
    for (let count = reader.u32(); count > 0; count--) {
      const id = fromUtf8(reader.bytes(reader.u8()));
      if (!isShardId(id)) return undefined;
      const heads: string[] = [];
      for (let n = reader.u16(); n > 0; n--) heads.push(Buffer.from(reader.bytes(HEAD_SIZE)).toString('hex'));
      entries.push({ id, heads, changes: reader.bytes(reader.u32()).slice() });
    }
    return reader.remaining === 0 ? entries : undefined;
  } catch {
    return undefined;
  }
}
