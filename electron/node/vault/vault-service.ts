/**
 * The vault service: owns the vault folder, the keys and the open documents, and answers the API
 * contract. Everything decrypted stays in this process; callers get results, never keys.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { compareByReading, type ContactDraft, type ContactSummary } from '../../../shared/domain/contact.ts';
import { newContactId, newInteractionId, type ContactId, type InteractionId } from '../../../shared/domain/ids.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import type { VaultStatus } from '../../../shared/domain/vault.ts';
import { utf8 } from '../../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile, VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import {
  DEFAULT_KDF_COST,
  deriveSubkey,
  isBelowFloor,
  KDF_FLOOR,
  newKdfParams,
  shardFileName,
  unwrapVaultKey,
  VAULT_KEY_SIZE,
  wrapVaultKey,
  type KdfCost,
} from '../../../shared/vault-format/keys.ts';
import {
  contactRecord,
  contactSummary,
  interactionRecord,
  newShardDoc,
  scalar,
  text,
  type ContactBucketDoc,
  type InteractionDraft,
  type InteractionLogDoc,
  type RootDoc,
  type ShardDoc,
} from '../../../shared/vault/documents.ts';
import { contactShard, interactionShard, isShardId, ROOT_SHARD, shardKind, type ShardId } from '../../../shared/vault/shards.ts';
import { ensurePrivateDir, removeStaleTempFiles, syncDir, writeFileAtomic } from '../fs/atomic-file.ts';
import type { Kdf } from './kdf.ts';
import { SerialQueue } from './serial-queue.ts';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface VaultServiceOptions {
  /** The app's data folder; the vault lives in its `vault` sub-folder. */
  readonly dataDir: string;
  readonly kdf: Kdf;
  /**
   * Argon2id cost for new keyrings, and the floor below which a keyring is re-wrapped at that cost
   * after an unlock. Tests lower both to run fast; the app uses the defaults.
   */
  readonly kdfPolicy?: { readonly cost: KdfCost; readonly floor: KdfCost };
  readonly clock?: () => number;
  readonly emit?: EventSink;
}

const KEYRING_FILE = 'keyring.enishi';

interface OpenVault {
  readonly vaultId: Uint8Array;
  readonly keys: { readonly vault: Uint8Array; readonly payload: Uint8Array; readonly names: Uint8Array };
  readonly actor: string;
  readonly docs: Map<ShardId, Automerge.Doc<ShardDoc>>;
}

export class VaultService {
  private readonly options: VaultServiceOptions;
  private readonly vaultDir: string;
  private readonly queue = new SerialQueue();
  private open: OpenVault | undefined;
  private sodium: Sodium | undefined;

  constructor(options: VaultServiceOptions) {
    this.options = options;
    this.vaultDir = join(options.dataDir, 'vault');
  }

  private get kdfPolicy() {
    return this.options.kdfPolicy ?? { cost: DEFAULT_KDF_COST, floor: KDF_FLOOR };
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  private async lib(): Promise<Sodium> {
    this.sodium ??= await loadSodium();
    return this.sodium;
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.options.emit?.(event, payload);
  }

  private async keyringExists(): Promise<boolean> {
    try {
      return (await stat(join(this.vaultDir, KEYRING_FILE))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  status(): Promise<VaultStatus> {
    return this.queue.run(() => this.currentStatus());
  }

  private async currentStatus(): Promise<VaultStatus> {
    if (this.open) return { state: 'unlocked', name: this.vaultName(this.open) };
    return (await this.keyringExists()) ? { state: 'locked' } : { state: 'none' };
  }

  private vaultName(vault: OpenVault): string {
    const root = vault.docs.get(ROOT_SHARD) as Automerge.Doc<RootDoc> | undefined;
    return text(root?.meta?.name);
  }

  /** Creates a new vault and leaves it unlocked. */
  create(name: string, passphrase: string): Promise<Result<VaultStatus>> {
    return this.queue.run(async () => {
      const assessment = assessPassphrase(passphrase);
      if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
      if (this.open || (await this.keyringExists())) return fail('vault-exists', 'a vault already exists in this data folder');
      const sodium = await this.lib();

      const vaultId = sodium.randombytes_buf(VAULT_ID_SIZE);
      const vaultKey = sodium.randombytes_buf(VAULT_KEY_SIZE);
      const kdf = newKdfParams(sodium, this.kdfPolicy.cost);
      const kek = await this.options.kdf.derive(passphrase, kdf);
      const wrappedKey = wrapVaultKey(sodium, kek, vaultKey, vaultId, kdf);
      sodium.memzero(kek);

      const vault = this.openVault(sodium, vaultId, vaultKey);
      const root = Automerge.change(newShardDoc(ROOT_SHARD, vault.actor) as Automerge.Doc<RootDoc>, (doc) => {
        doc.meta = { name: scalar(name), createdAt: this.now() };
      });
      vault.docs.set(ROOT_SHARD, root);

      // Build the vault in a staging folder and move it into place in one rename, so a crash
      // never leaves a half-made vault where the app looks for one.
      await ensurePrivateDir(this.options.dataDir);
      const staging = join(this.options.dataDir, `vault.creating-${randomBytes(4).toString('hex')}`);
      await ensurePrivateDir(staging);
      await writeFileAtomic(join(staging, shardFileName(sodium, vault.keys.names, ROOT_SHARD)), this.sealShard(sodium, vault, ROOT_SHARD));
      await writeFileAtomic(join(staging, KEYRING_FILE), sealFile(sodium, { vaultId, kind: 'keyring', kdf, wrappedKey }));
      await this.moveAsideIncompleteVault();
      await rename(staging, this.vaultDir);
      await syncDir(this.options.dataDir);

      this.open = vault;
      this.emit('vaultStatusChanged', { state: 'unlocked' });
      return ok({ state: 'unlocked', name: this.vaultName(vault) });
    });
  }

  /** A vault folder without a keyring can never be opened; keep it aside rather than delete it. */
  private async moveAsideIncompleteVault(): Promise<void> {
    try {
      await rename(this.vaultDir, `${this.vaultDir}.incomplete-${this.now()}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private openVault(sodium: Sodium, vaultId: Uint8Array, vaultKey: Uint8Array): OpenVault {
    return {
      vaultId,
      keys: { vault: vaultKey, payload: deriveSubkey(sodium, vaultKey, 'shardPayload'), names: deriveSubkey(sodium, vaultKey, 'fileNames') },
      actor: sodium.to_hex(sodium.randombytes_buf(16)),
      docs: new Map(),
    };
  }

  unlock(passphrase: string): Promise<Result<VaultStatus>> {
    return this.queue.run(async () => {
      if (this.open) return ok(await this.currentStatus());
      if (!(await this.keyringExists())) return fail('no-vault', 'there is no vault in this data folder');
      const sodium = await this.lib();
      await removeStaleTempFiles(this.vaultDir);

      const keyringFile = new Uint8Array(await readFile(join(this.vaultDir, KEYRING_FILE)));
      const parsed = parseHeader(sodium, keyringFile);
      if (!parsed.ok) return parsed;
      const { header } = parsed.value;
      if (header.kind !== 'keyring' || !header.kdf) return fail('not-a-vault', `the keyring file is a ${header.kind} file`);

      const kek = await this.options.kdf.derive(passphrase, header.kdf);
      const unwrapped = unwrapVaultKey(sodium, kek, header);
      sodium.memzero(kek);
      if (!unwrapped.ok) return unwrapped;

      const vault = this.openVault(sodium, header.vaultId, unwrapped.value);
      const loaded = await this.loadAllShards(sodium, vault);
      if (!loaded.ok) {
        this.zeroKeys(sodium, vault);
        return loaded;
      }
      this.open = vault;
      if (isBelowFloor(header.kdf, this.kdfPolicy.floor)) await this.rewrapKeyring(sodium, vault, passphrase);
      this.emit('vaultStatusChanged', { state: 'unlocked' });
      return ok(await this.currentStatus());
    });
  }

  /** A keyring made with a cost below today's floor gets the default cost once the passphrase is known good. */
  private async rewrapKeyring(sodium: Sodium, vault: OpenVault, passphrase: string): Promise<void> {
    const kdf = newKdfParams(sodium, this.kdfPolicy.cost);
    const kek = await this.options.kdf.derive(passphrase, kdf);
    const wrappedKey = wrapVaultKey(sodium, kek, vault.keys.vault, vault.vaultId, kdf);
    sodium.memzero(kek);
    await writeFileAtomic(join(this.vaultDir, KEYRING_FILE), sealFile(sodium, { vaultId: vault.vaultId, kind: 'keyring', kdf, wrappedKey }));
  }

  private async loadAllShards(sodium: Sodium, vault: OpenVault): Promise<Result<void>> {
    const root = await this.loadShard(sodium, vault, ROOT_SHARD);
    if (!root.ok) return root;
    vault.docs.set(ROOT_SHARD, root.value);
    for (const id of Object.keys((root.value as RootDoc).shards ?? {})) {
      if (!isShardId(id)) continue;
      const shard = await this.loadShard(sodium, vault, id);
      if (!shard.ok) return shard;
      vault.docs.set(id, shard.value);
    }
    return ok(undefined);
  }

  private async loadShard(sodium: Sodium, vault: OpenVault, id: ShardId): Promise<Result<Automerge.Doc<ShardDoc>>> {
    let file: Uint8Array;
    try {
      file = new Uint8Array(await readFile(join(this.vaultDir, shardFileName(sodium, vault.keys.names, id))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('payload-damaged', `the file of shard ${id} is missing`);
      throw error;
    }
    const parsed = parseHeader(sodium, file);
    if (!parsed.ok) return fail(parsed.error.code, `shard ${id}: ${parsed.error.message}`);
    if (parsed.value.header.kind !== 'snapshot') return fail('header-damaged', `shard ${id} is stored as a ${parsed.value.header.kind} file`);
    if (!sodium.memcmp(parsed.value.header.vaultId, vault.vaultId)) return fail('wrong-vault', `shard ${id} belongs to another vault`);
    const payload = openPayload(sodium, file, parsed.value, vault.keys.payload, utf8(id));
    if (!payload.ok) return fail(payload.error.code, `shard ${id}: ${payload.error.message}`);
    try {
      return ok(Automerge.load<ShardDoc>(payload.value, { actor: vault.actor }));
    } catch (error) {
      return fail('payload-damaged', `shard ${id} does not hold a readable document: ${(error as Error).message}`);
    }
  }

  private sealShard(sodium: Sodium, vault: OpenVault, id: ShardId): Uint8Array {
    const doc = vault.docs.get(id);
    if (!doc) throw new Error(`shard ${id} is not loaded`);
    return sealFile(sodium, {
      vaultId: vault.vaultId,
      kind: 'snapshot',
      payload: { key: vault.keys.payload, plaintext: Automerge.save(doc), binding: utf8(id) },
    });
  }

  private async saveShards(vault: OpenVault, ids: Iterable<ShardId>): Promise<void> {
    const sodium = await this.lib();
    // Shards first, the root (with its registry of shards) last: a crash in between leaves only
    // an unregistered file holding writes that were never acknowledged.
    const ordered = [...new Set(ids)].sort((a, b) => Number(a === ROOT_SHARD) - Number(b === ROOT_SHARD));
    for (const id of ordered) {
      await writeFileAtomic(join(this.vaultDir, shardFileName(sodium, vault.keys.names, id)), this.sealShard(sodium, vault, id));
    }
  }

  lock(): Promise<VaultStatus> {
    return this.queue.run(async () => {
      if (this.open) {
        this.zeroKeys(await this.lib(), this.open);
        this.open = undefined;
        this.emit('vaultStatusChanged', { state: 'locked' });
      }
      return this.currentStatus();
    });
  }

  private zeroKeys(sodium: Sodium, vault: OpenVault): void {
    for (const key of Object.values(vault.keys)) sodium.memzero(key);
    vault.docs.clear();
  }

  listContacts(): Promise<Result<readonly ContactSummary[]>> {
    return this.queue.run(() => {
      const vault = this.open;
      if (!vault) return fail('vault-locked', 'the vault is locked');
      const contacts: ContactSummary[] = [];
      for (const [id, doc] of vault.docs) {
        if (shardKind(id) !== 'contacts') continue;
        for (const [contactId, record] of Object.entries((doc as ContactBucketDoc).contacts ?? {})) {
          contacts.push(contactSummary(contactId as ContactId, record));
        }
      }
      return ok(contacts.sort(compareByReading));
    });
  }

  addContact(draft: ContactDraft): Promise<Result<ContactSummary>> {
    return this.queue.run(async () => {
      const vault = this.open;
      if (!vault) return fail('vault-locked', 'the vault is locked');
      const [summary] = await this.writeContacts(vault, [draft]);
      this.emit('contactsChanged', {});
      return ok(summary!);
    });
  }

  /** Bulk insert for importers and the benchmark data generator. */
  importRecords(contacts: readonly ContactDraft[], interactions: (ids: readonly ContactId[]) => Iterable<InteractionDraft>): Promise<Result<{ contacts: number; interactions: number }>> {
    return this.queue.run(async () => {
      const vault = this.open;
      if (!vault) return fail('vault-locked', 'the vault is locked');
      const added = await this.writeContacts(vault, contacts);
      const count = await this.writeInteractions(vault, interactions(added.map((c) => c.id)));
      this.emit('contactsChanged', {});
      return ok({ contacts: added.length, interactions: count });
    });
  }

  private shardFor(vault: OpenVault, id: ShardId, touched: Set<ShardId>): Automerge.Doc<ShardDoc> {
    let doc = vault.docs.get(id);
    if (!doc) {
      doc = newShardDoc(id, vault.actor);
      const root = vault.docs.get(ROOT_SHARD) as Automerge.Doc<RootDoc>;
      vault.docs.set(
        ROOT_SHARD,
        Automerge.change(root, (r) => {
          r.shards ??= {};
          r.shards[id] = true;
        }),
      );
      touched.add(ROOT_SHARD);
    }
    touched.add(id);
    return doc;
  }

  private async writeContacts(vault: OpenVault, drafts: readonly ContactDraft[]): Promise<ContactSummary[]> {
    const now = this.now();
    const touched = new Set<ShardId>();
    const byShard = new Map<ShardId, { id: ContactId; draft: ContactDraft }[]>();
    for (const draft of drafts) {
      const id = newContactId(randomBytes(16));
      const shard = contactShard(id);
      let list = byShard.get(shard);
      if (!list) byShard.set(shard, (list = []));
      list.push({ id, draft });
    }
    const summaries: ContactSummary[] = [];
    for (const [shard, entries] of byShard) {
      const doc = this.shardFor(vault, shard, touched) as Automerge.Doc<ContactBucketDoc>;
      vault.docs.set(
        shard,
        Automerge.change(doc, (d) => {
          d.contacts ??= {};
          for (const { id, draft } of entries) d.contacts[id] = contactRecord(draft, now);
        }),
      );
      for (const { id, draft } of entries) summaries.push(contactSummary(id, contactRecord(draft, now)));
    }
    await this.saveShards(vault, touched);
    return summaries;
  }

  private async writeInteractions(vault: OpenVault, drafts: Iterable<InteractionDraft>): Promise<number> {
    const now = this.now();
    const touched = new Set<ShardId>();
    const byShard = new Map<ShardId, { id: InteractionId; draft: InteractionDraft }[]>();
    let count = 0;
    for (const draft of drafts) {
      const id = newInteractionId(draft.occurredAt, randomBytes(10));
      const shard = interactionShard(id);
      let list = byShard.get(shard);
      if (!list) byShard.set(shard, (list = []));
      list.push({ id, draft });
      count++;
    }
    for (const [shard, entries] of byShard) {
      const doc = this.shardFor(vault, shard, touched) as Automerge.Doc<InteractionLogDoc>;
      vault.docs.set(
        shard,
        Automerge.change(doc, (d) => {
          d.interactions ??= {};
          for (const { id, draft } of entries) d.interactions[id] = interactionRecord(draft, now);
        }),
      );
    }
    await this.saveShards(vault, touched);
    return count;
  }
}
