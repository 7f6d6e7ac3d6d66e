/**
 * The vault service: the vault's lifecycle (create, unlock, lock, change passphrase) and the
 * operations of the API contract. Keys and decrypted data stay in this process; callers get
 * results. Every state change runs through one queue, so operations never interleave.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DATA_AREAS, EventName, EventPayload } from '../../../shared/api/contract.ts';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { loadSodium, type Sodium } from '../../../shared/crypto/sodium.ts';
import { ContactDraftSchema, type ContactDraftInput } from '../../../shared/domain/contact.ts';
import type { ContactId, InteractionId } from '../../../shared/domain/ids.ts';
import { InteractionDraftSchema, type InteractionDraftInput } from '../../../shared/domain/interaction.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import type { VaultHealth, VaultSettings, VaultStatus } from '../../../shared/domain/vault.ts';
import { VAULT_ID_SIZE } from '../../../shared/vault-format/container.ts';
import { DEFAULT_KDF_COST, isBelowFloor, KDF_FLOOR, unwrapStorageKey, VAULT_KEY_SIZE, type KdfCost } from '../../../shared/vault-format/keys.ts';
import { warmUpDocuments } from '../../../shared/vault/documents.ts';
import type { ReadModel } from '../../../shared/vault/read-model.ts';
import type { ContactListItem, Page } from '../../../shared/vault/read-model-entries.ts';
import { shardKind } from '../../../shared/vault/shards.ts';
import { ensurePrivateDir, removeStaleTempFiles, syncDir } from '../fs/atomic-file.ts';
import { acquireDirLock, type DirLock } from '../fs/dir-lock.ts';
import type { Kdf } from './kdf.ts';
import { KEYRING_FILE, migrateKeyring, newDeviceKey, openKeyring, readKeyring, unlockKeyring, writeKeyring } from './keyring-file.ts';
import { SerialQueue } from './serial-queue.ts';
import { NewerFormatError, ShardStorageError } from './shard-store.ts';
import { VaultData } from './vault-data.ts';
import { buildRekeyedVault, recoverRekey, swapInRekeyedVault } from './rekey.ts';
import type { DeviceFilePurpose } from './device-files.ts';
import { prefetchOpening, VaultSession, type OpeningPrefetch, type SessionHandOver } from './vault-session.ts';
import { pageFromFirst, removeFirstPageFile, sameFirstPage, type FirstPage } from './first-page-file.ts';
import type { ContactQuery } from '../../../shared/domain/queries.ts';

/** What operations on an unlocked vault get to work with. */
export interface OpenVault {
  readonly session: VaultSession;
  readonly data: VaultData;
  readonly model: ReadModel;
}

export type DataArea = (typeof DATA_AREAS)[number];

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
  /** Tuning for benchmarks and tests; the defaults suit the app. */
  readonly session?: { readonly maxLoadedShards?: number; readonly compactAfterRecords?: number };
  /** Idle time after the last write before the read-model cache is saved. */
  readonly cacheSaveDelayMs?: number;
  /** Time after unlocking before the timeline and search indexes are built. */
  readonly warmUpDelayMs?: number;
}

/** Loads after which loading runs at its optimised speed (measured: tests/bench, sync catch-up). */
const WARM_UP_LOADS = 6;

export class VaultService {
  private readonly options: VaultServiceOptions;
  private readonly vaultDir: string;
  private readonly queue = new SerialQueue();
  private session: VaultSession | undefined;
  private data: VaultData | undefined;
  private sodium: Sodium | undefined;
  private cacheTimer: ReturnType<typeof setTimeout> | undefined;
  private warmTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly statusListeners = new Set<(state: VaultStatus['state']) => void>();
  private readonly localWriteListeners = new Set<() => void>();

  constructor(options: VaultServiceOptions) {
    this.options = options;
    this.vaultDir = join(options.dataDir, 'vault');
  }

  private get kdfPolicy() {
    return this.options.kdfPolicy ?? { cost: DEFAULT_KDF_COST, floor: KDF_FLOOR };
  }

  private readonly clock = (): number => this.options.clock?.() ?? Date.now();

  private async lib(): Promise<Sodium> {
    this.sodium ??= await loadSodium();
    return this.sodium;
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.options.emit?.(event, payload);
    if (event === 'vaultStatusChanged') for (const listener of this.statusListeners) listener((payload as EventPayload<'vaultStatusChanged'>).state);
  }

  /** Told when the vault is unlocked or locked (sync starts and stops with it). Returns the unsubscriber. */
  onStatusChange(listener: (state: VaultStatus['state']) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Told after each write the user made on this device (not changes received from another device). */
  onLocalWrite(listener: () => void): () => void {
    this.localWriteListeners.add(listener);
    return () => this.localWriteListeners.delete(listener);
  }

  private async keyringExists(): Promise<boolean> {
    const present = async () => {
      try {
        return (await stat(join(this.vaultDir, KEYRING_FILE))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    };
    if (await present()) return true;
    // A re-key a crash cut short between its two renames leaves the finished vault beside the place.
    if (this.session) return false;
    await recoverRekey(this.options.dataDir, this.vaultDir);
    return present();
  }

  /** See VaultSession.diagnostics; undefined while locked. */
  get diagnostics(): VaultSession['diagnostics'] | undefined {
    return this.session?.diagnostics;
  }

  get isUnlocked(): boolean {
    return this.session !== undefined;
  }

  status(): Promise<VaultStatus> {
    return this.queue.run(() => this.currentStatus());
  }

  private async currentStatus(): Promise<VaultStatus> {
    if (this.session) return { state: 'unlocked', name: this.session.vaultName };
    return (await this.keyringExists()) ? { state: 'locked' } : { state: 'none' };
  }

  /** Creates a new vault and leaves it unlocked. */
  create(name: string, passphrase: string): Promise<Result<VaultStatus>> {
    return this.queue.run(async () => {
      const assessment = assessPassphrase(passphrase);
      if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
      if (this.session || (await this.keyringExists())) return fail('vault-exists', 'a vault already exists in this data folder');
      const sodium = await this.lib();
      const vaultId = sodium.randombytes_buf(VAULT_ID_SIZE);
      const vaultKey = sodium.randombytes_buf(VAULT_KEY_SIZE);
      const keys = { vaultKey, deviceKey: newDeviceKey(sodium), storageKey: newDeviceKey(sodium) };

      const staging = await this.newStaging('creating');
      const draft = await VaultSession.open({ dir: staging, sodium, vaultId, ...copyKeys(keys), clock: this.clock });
      try {
        await draft.initialize(name);
      } finally {
        await draft.close();
      }
      return this.install(sodium, staging, vaultId, keys, passphrase);
    });
  }

  /**
   * A vault is built in a staging folder and moved into place in one rename (install), so a crash
   * never leaves a half-made vault where the app looks for one.
   */
  private async newStaging(purpose: 'creating' | 'joining' | 'restoring'): Promise<string> {
    await ensurePrivateDir(this.options.dataDir);
    const staging = join(this.options.dataDir, `vault.${purpose}-${randomBytes(4).toString('hex')}`);
    await ensurePrivateDir(staging);
    return staging;
  }

  /** Writes the keyring into a finished staging folder, moves it into place and opens it. Takes ownership of the keys. */
  private async install(sodium: Sodium, staging: string, vaultId: Uint8Array, keys: VaultKeys, passphrase: string, handedOver?: SessionHandOver): Promise<Result<VaultStatus>> {
    const locked = await this.takeDirLock();
    if (!locked.ok) {
      zeroKeys(sodium, keys);
      await rm(staging, { recursive: true, force: true });
      return locked;
    }
    await writeKeyring(sodium, this.options.kdf, staging, vaultId, keys, passphrase, this.kdfPolicy.cost);
    await this.moveAsideIncompleteVault();
    await rename(staging, this.vaultDir);
    await syncDir(this.options.dataDir);
    this.open(await this.openSession(sodium, vaultId, keys, false, handedOver));
    this.emit('vaultStatusChanged', { state: 'unlocked' });
    return ok(await this.currentStatus());
  }

  /**
   * Makes this device's vault from one that exists elsewhere — another device handed it over
   * (pairing), or a backup holds it: `seed` writes files into a staging folder, `populate` fills
   * the session opened on them, then it is installed under this device's own passphrase, like
   * create(). Any failure leaves no vault folder. Takes ownership of the key.
   */
  createFrom(purpose: 'joining' | 'restoring', vaultId: Uint8Array, vaultKey: Uint8Array, passphrase: string, steps: { seed: (dir: string) => Promise<void>; populate: (session: VaultSession) => Promise<void> }, storageKey?: Uint8Array): Promise<Result<VaultStatus>> {
    return this.queue.run(async () => {
      const sodium = await this.lib();
      const assessment = assessPassphrase(passphrase);
      const refusal = !assessment.acceptable ? fail<VaultStatus>('weak-passphrase', assessment.problem ?? 'passphrase not acceptable') : this.session || (await this.keyringExists()) ? fail<VaultStatus>('vault-exists', 'a vault already exists in this data folder') : undefined;
      if (refusal) {
        sodium.memzero(vaultKey);
        if (storageKey) sodium.memzero(storageKey);
        return refusal;
      }
      const staging = await this.newStaging(purpose);
      // This device's own key: whatever vault it joins or restores, no other device has it. The files
      // it is handed are under the other device's storage key (a restore makes its own).
      const keys = { vaultKey, deviceKey: newDeviceKey(sodium), storageKey: storageKey ?? newDeviceKey(sodium) };
      let draft: VaultSession | undefined;
      try {
        await steps.seed(staging);
        draft = await VaultSession.open({ dir: staging, sodium, vaultId, ...copyKeys(keys), clock: this.clock, ...this.options.session });
        await steps.populate(draft);
      } catch (error) {
        await draft?.close({ saveCache: false });
        await rm(staging, { recursive: true, force: true });
        zeroKeys(sodium, keys);
        throw error;
      }
      return this.install(sodium, staging, vaultId, keys, passphrase, await draft.closeForHandOver());
    });
  }

  private openSession(sodium: Sodium, vaultId: Uint8Array, keys: VaultKeys, acceptLegacyDeviceFiles = false, handedOver?: SessionHandOver, prefetched?: OpeningPrefetch): Promise<VaultSession> {
    return VaultSession.open({ dir: this.vaultDir, sodium, vaultId, ...keys, acceptLegacyDeviceFiles, clock: this.clock, ...this.options.session, ...(handedOver && { handedOver }), ...(prefetched && { prefetched }) });
  }

  private open(session: VaultSession): void {
    this.session = session;
    this.data = new VaultData(session);
    // Once the first screen is up, build what timelines and search need, so they answer at once.
    clearTimeout(this.warmTimer);
    // Warming up only saves time later: a shard it cannot read is reported when it is really needed.
    this.warmTimer = setTimeout(
      () =>
        void this.warmUp()
          .then(() => this.warmUpLoading())
          .then(() => this.upgradeFormat())
          .catch(() => undefined),
      this.options.warmUpDelayMs ?? 1500,
    );
    this.warmTimer.unref?.();
  }

  /**
   * Re-keys this device's vault at rest (rekey.ts): everything is rewritten under a new storage key,
   * in one queue turn (other operations wait; nothing is lost), and the session goes on with it.
   */
  rekeyStorage(): Promise<Result<null>> {
    return this.queue.run(async () => {
      const session = this.session;
      if (!session) return fail('vault-locked', 'the vault is locked');
      const sodium = await this.lib();
      const built = await buildRekeyedVault(sodium, session, this.options.dataDir, { clock: this.clock, ...this.options.session });
      const vaultId = session.vaultId;
      const keys = { vaultKey: session.keys.exportVaultKey(), deviceKey: session.keys.exportDeviceKey(), storageKey: built.storageKey };
      clearTimeout(this.warmTimer);
      this.session = undefined;
      this.data = undefined;
      try {
        await session.close({ saveCache: false });
        await swapInRekeyedVault(this.options.dataDir, this.vaultDir, built.dir);
      } catch (error) {
        // Whatever the swap left is put right, and the session reopens on the keys the keyring in place names.
        await recoverRekey(this.options.dataDir, this.vaultDir).catch(() => undefined);
        const inPlace = await readKeyring(sodium, this.vaultDir);
        const storage = inPlace.ok ? unwrapStorageKey(sodium, keys.deviceKey, inPlace.value) : undefined;
        if (storage?.ok) {
          sodium.memzero(keys.storageKey);
          this.open(await this.openSession(sodium, vaultId, { ...keys, storageKey: storage.value ?? keys.vaultKey.slice() }));
        } else {
          zeroKeys(sodium, keys);
          await this.releaseDirLock();
          this.emit('vaultStatusChanged', { state: 'locked' });
        }
        throw error;
      }
      this.open(await this.openSession(sodium, vaultId, keys));
      return ok(null);
    });
  }

  /** Seals one of this device's own files (vault-session.ts) with the open vault, whichever session it is on now. */
  sealDeviceFile(plaintext: Uint8Array, purpose?: DeviceFilePurpose): Uint8Array {
    if (!this.session) throw new Error('the vault is locked');
    return this.session.keys.sealDeviceFile(plaintext, purpose);
  }

  openDeviceFile(file: Uint8Array, purpose?: DeviceFilePurpose): Result<Uint8Array> {
    if (!this.session) return fail('vault-locked', 'the vault is locked');
    return this.session.keys.openDeviceFile(file, purpose);
  }

  /**
   * Rewrites shards a format before 2.0 wrote (docs/vault-format.md), one queue turn each so the
   * user's own operations go in between; returns how many. Their changes are rewritten as they are.
   */
  async upgradeFormat(): Promise<number> {
    const outdated = await this.read(async ({ session }) => ok(await session.unpaddedShards()));
    if (!outdated.ok) return 0;
    let upgraded = 0;
    for (const id of outdated.value) {
      const done = await this.read(async ({ session }) => ok(await session.upgradeShard(id)));
      if (!done.ok) break; // locked meanwhile
      upgraded++;
    }
    return upgraded;
  }

  /**
   * Loads and frees a few shards, one queue turn each (the user's own operations go in between), so
   * the first shards the user opens or another device sends changes to load at full speed.
   */
  async warmUpLoading(count = WARM_UP_LOADS): Promise<void> {
    const candidates = await this.read(({ session }) => ok(session.warmUpCandidates(count)));
    if (!candidates.ok) return;
    for (const id of candidates.value) {
      const done = await this.read(async ({ session }) => ok(await session.warmUpLoad(id)));
      if (!done.ok) return; // locked meanwhile
    }
  }

  /** Builds the timeline order and the search indexes of the open vault; returns how long it took. */
  warmUp(): Promise<number> {
    return this.queue.run(() => {
      const started = performance.now();
      const model = this.session?.model;
      if (model) {
        model.timeline();
        model.timelineIndex('' as InteractionId);
        model.interactionsOf(model.contactsByReading()[0] ?? ('' as ContactId));
        model.contactSearch();
        model.interactionSearch();
      }
      return performance.now() - started;
    });
  }

  /** A vault folder without a keyring can never be opened; keep it aside rather than delete it. */
  private async moveAsideIncompleteVault(): Promise<void> {
    try {
      await rename(this.vaultDir, `${this.vaultDir}.incomplete-${this.clock()}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /**
   * Unlocks the vault. With `early` (the window's unlock) and a first page in the folder
   * (first-page-file.ts), the answer comes as soon as the keys are derived and the session goes on
   * opening in the same queue turn: the contact list's first page is answered from it meanwhile
   * (openingPage), and everything else waits its turn. Without, the answer waits for the session.
   */
  unlock(passphrase: string, { early = false }: { early?: boolean } = {}): Promise<Result<VaultStatus>> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const answerEarly = (status: VaultStatus) => {
        answered = true;
        resolve(ok(status));
      };
      const turn = this.queue.run(async (): Promise<Result<VaultStatus>> => {
        if (this.session) return ok(await this.currentStatus());
        if (!(await this.keyringExists())) return fail('no-vault', 'there is no vault in this data folder');
        const locked = await this.takeDirLock();
        if (!locked.ok) return locked;
        let opened: Result<VaultStatus>;
        try {
          await recoverRekey(this.options.dataDir, this.vaultDir);
          opened = await this.openWithPassphrase(passphrase, early ? answerEarly : undefined);
        } catch (error) {
          if (!answered && !(error instanceof NewerFormatError)) {
            await this.releaseDirLock();
            throw error;
          }
          opened = fail(error instanceof NewerFormatError ? 'made-by-newer-version' : 'internal', (error as Error).message);
        } finally {
          this.opening = undefined;
        }
        if (!opened.ok) {
          await this.releaseDirLock();
          if (answered) await this.takeBackEarlyAnswer();
        }
        return opened;
      });
      turn.then(resolve, reject); // once answered early, the turn's own answer is ignored
    });
  }

  /**
   * The session did not open after unlock had answered: the window is told the vault is locked, and
   * the first page goes, so the next try waits for the whole session and gets the reason.
   */
  private async takeBackEarlyAnswer(): Promise<void> {
    await removeFirstPageFile(this.vaultDir).catch(() => undefined);
    this.emit('vaultStatusChanged', { state: 'locked' });
  }

  /** The contact list's first page while the session opens after an early answer (see unlock), if it answers this query. */
  openingPage(query: ContactQuery): Page<ContactListItem> | undefined {
    return this.opening && !this.session ? pageFromFirst(this.opening, query) : undefined;
  }

  /** The first page shown while the session opens (set between the early answer of unlock and the session). */
  private opening: FirstPage | undefined;

  private async openWithPassphrase(passphrase: string, answerEarly: ((status: VaultStatus) => void) | undefined): Promise<Result<VaultStatus>> {
    const sodium = await this.lib();
    await removeStaleTempFiles(this.vaultDir);
    const keyring = await readKeyring(sodium, this.vaultDir);
    if (!keyring.ok) return keyring;
    const prefetched = prefetchOpening(this.vaultDir); // needs no key: read while the key is derived
    const derivation = openKeyring(sodium, this.options.kdf, keyring.value, passphrase);
    warmUpDocuments(); // on this thread, while the key is derived on the worker's
    const unlocked = await derivation;
    if (!unlocked.ok) return unlocked;
    const { vaultKey, storageKey, kek } = unlocked.value;
    let session: VaultSession;
    try {
      // A 1.0 keyring gets this device's own key, and its device files are resealed under it; the
      // mark in the keyring keeps the old way of opening them only until that is done (crash-safe).
      let { deviceKey, legacyDeviceFiles } = unlocked.value;
      if (!deviceKey) {
        deviceKey = newDeviceKey(sodium);
        legacyDeviceFiles = true;
        await migrateKeyring(sodium, this.vaultDir, keyring.value, kek!, { vaultKey, deviceKey, storageKey, legacyDeviceFiles });
      } else if (answerEarly) {
        this.opening = await VaultSession.readFirstPage(sodium, this.vaultDir, keyring.value.vaultId, storageKey, prefetched);
        if (this.opening) {
          answerEarly({ state: 'unlocked', name: this.opening.vaultName });
          await nextTurn(); // the answer, and the first page's request if it follows at once, before the long read
        }
      }
      session = await this.openSession(sodium, keyring.value.vaultId, { vaultKey, deviceKey, storageKey }, legacyDeviceFiles, undefined, prefetched);
      if (legacyDeviceFiles) {
        await session.keys.resealLegacyDeviceFiles(session.dir);
        await migrateKeyring(sodium, this.vaultDir, keyring.value, kek!, { vaultKey, deviceKey, storageKey });
        session.keys.stopAcceptingLegacyDeviceFiles();
      }
      if (isBelowFloor(keyring.value.kdf, this.kdfPolicy.floor)) {
        await writeKeyring(sodium, this.options.kdf, this.vaultDir, keyring.value.vaultId, { vaultKey, deviceKey, storageKey }, passphrase, this.kdfPolicy.cost);
      }
    } finally {
      if (kek) sodium.memzero(kek);
    }
    const early = this.opening; // cleared by unlock once this returns; openingPage stops answering as soon as the session is open
    // The window's next unlock should find one: written now when this one found none it could use.
    if (answerEarly && !early) await session.saveFirstPage();
    this.open(session);
    this.emit('vaultStatusChanged', { state: 'unlocked' });
    // What was shown while opening came from the last saved first page: if the vault has moved on since
    // (the app stopped before saving it, or another device's changes were waiting), the list asks again.
    if (early && !sameFirstPage(early, { vaultName: session.vaultName, ...session.firstPage() })) this.emit('dataChanged', { areas: ['contacts'] });
    return ok(await this.currentStatus());
  }

  /** Held while a session is open (see dir-lock.ts): the app and the command-line tool never write at once. */
  private dirLock: DirLock | undefined;

  private async takeDirLock(): Promise<Result<null>> {
    if (this.dirLock) return ok(null);
    await ensurePrivateDir(this.options.dataDir);
    const taken = await acquireDirLock(this.options.dataDir);
    if (!taken.ok) return taken;
    this.dirLock = taken.value;
    return ok(null);
  }

  private async releaseDirLock(): Promise<void> {
    const lock = this.dirLock;
    this.dirLock = undefined;
    await lock?.release();
  }

  lock(): Promise<VaultStatus> {
    return this.queue.run(async () => {
      clearTimeout(this.cacheTimer);
      clearTimeout(this.warmTimer);
      const session = this.session;
      if (session) {
        this.session = undefined;
        this.data = undefined;
        try {
          await session.close();
        } finally {
          await this.releaseDirLock();
        }
        this.emit('vaultStatusChanged', { state: 'locked' });
      }
      return this.currentStatus();
    });
  }

  /** Whether `passphrase` is this vault's (a backup made "with the vault's passphrase" must really have it). */
  checkPassphrase(passphrase: string): Promise<Result<null>> {
    return this.queue.run(async () => {
      if (!(await this.keyringExists())) return fail('no-vault', 'there is no vault in this data folder');
      const sodium = await this.lib();
      const keyring = await readKeyring(sodium, this.vaultDir);
      if (!keyring.ok) return keyring;
      const vaultKey = await unlockKeyring(sodium, this.options.kdf, keyring.value, passphrase);
      if (!vaultKey.ok) return vaultKey;
      sodium.memzero(vaultKey.value);
      return ok(null);
    });
  }

  changePassphrase(current: string, next: string): Promise<Result<null>> {
    return this.queue.run(async () => {
      if (!this.session) return fail('vault-locked', 'the vault is locked');
      const assessment = assessPassphrase(next);
      if (!assessment.acceptable) return fail('weak-passphrase', assessment.problem ?? 'passphrase not acceptable');
      const sodium = await this.lib();
      const keyring = await readKeyring(sodium, this.vaultDir);
      if (!keyring.ok) return keyring;
      const unlocked = await openKeyring(sodium, this.options.kdf, keyring.value, current);
      if (!unlocked.ok) return unlocked;
      const { vaultKey, deviceKey, storageKey, kek } = unlocked.value;
      try {
        if (!deviceKey) return fail('header-damaged', 'the keyring lost this device’s key while the vault was open');
        await writeKeyring(sodium, this.options.kdf, this.vaultDir, keyring.value.vaultId, { vaultKey, deviceKey, storageKey }, next, this.kdfPolicy.cost);
      } finally {
        for (const key of [vaultKey, deviceKey, storageKey, kek]) if (key) sodium.memzero(key);
      }
      return ok(null);
    });
  }

  health(): Promise<Result<VaultHealth>> {
    return this.read(({ session }) =>
      ok({
        problems: session.damage.map((d) => ({
          shardKind: shardKind(d.shardId),
          file: d.file,
          code: d.code,
          quarantined: d.quarantined.map((path) => relative(this.options.dataDir, path)),
          lostContacts: d.lostContacts.slice(0, 20),
          lostContactCount: d.lostContacts.length,
          lostInteractions: d.lostInteractions,
        })),
      }),
    );
  }

  settings(): Promise<Result<VaultSettings>> {
    return this.read(({ session }) => ok(session.settings));
  }

  updateSettings(changes: Partial<VaultSettings>): Promise<Result<VaultSettings>> {
    return this.write([], async ({ session }) => {
      await session.updateSettings(changes);
      this.emit('settingsChanged', {});
      return ok(session.settings);
    });
  }

  /** Convenience for tests, benchmarks and importers: the first page in 五十音 order. */
  listContacts(offset = 0, limit = 200): Promise<Result<Page<ContactListItem>>> {
    return this.read(({ model }) => ok(model.contactsPage(offset, limit)));
  }

  addContact(input: ContactDraftInput): Promise<Result<ContactListItem>> {
    const parsed = ContactDraftSchema.safeParse(input);
    if (!parsed.success) return Promise.resolve(fail('invalid-input', parsed.error.message));
    return this.write(['contacts'], async ({ data, model }) => {
      const [id] = await data.createContacts([parsed.data]);
      return ok(model.contact(id!)!);
    });
  }

  updateContact(id: ContactId, input: ContactDraftInput): Promise<Result<ContactListItem>> {
    const parsed = ContactDraftSchema.safeParse(input);
    if (!parsed.success) return Promise.resolve(fail('invalid-input', parsed.error.message));
    return this.write(['contacts'], async ({ data, model }) => ((await data.updateContact(id, parsed.data)) ? ok(model.contact(id)!) : fail('not-found', `no contact ${id}`)));
  }

  addInteractions(inputs: Iterable<InteractionDraftInput>): Promise<Result<number>> {
    const drafts = [...inputs].map((input) => InteractionDraftSchema.parse(input));
    return this.write(['interactions'], async ({ data }) => ok((await data.createInteractions(drafts)).length));
  }

  /** Bulk insert for importers and the benchmark data generator. */
  importRecords(contacts: readonly ContactDraftInput[], interactions: (ids: readonly ContactId[]) => Iterable<InteractionDraftInput>): Promise<Result<{ contacts: number; interactions: number }>> {
    return this.write(['contacts', 'interactions'], async ({ data }) => {
      const ids = await data.createContacts(contacts.map((contact) => ContactDraftSchema.parse(contact)));
      const added = await data.createInteractions([...interactions(ids)].map((draft) => InteractionDraftSchema.parse(draft)));
      return ok({ contacts: ids.length, interactions: added.length });
    });
  }

  /** Answers from the unlocked vault (queue-ordered with writes); `vault-locked` while locked. */
  read<T>(task: (open: OpenVault) => Result<T> | Promise<Result<T>>): Promise<Result<T>> {
    return this.queue.run(() => (this.session && this.data ? task({ session: this.session, data: this.data, model: this.session.model }) : fail('vault-locked', 'the vault is locked')));
  }

  /**
   * Changes the vault. Storage failures become `storage-failed` (nothing changed); views of the
   * given areas are told to refresh; the read-model cache is saved once things are quiet.
   * Changes received by sync say so: the sync tells views once per run, and they start no sync of their own.
   */
  write<T>(areas: readonly DataArea[], task: (open: OpenVault) => Promise<Result<T>>, source: 'local' | 'sync' = 'local'): Promise<Result<T>> {
    return this.read(async (open) => {
      try {
        const result = await task(open);
        if (result.ok && areas.length > 0 && source === 'local') {
          this.emit('dataChanged', { areas: [...areas] });
          for (const listener of this.localWriteListeners) listener();
        }
        return result;
      } catch (error) {
        if (error instanceof ShardStorageError) return fail('storage-failed', error.message);
        throw error;
      } finally {
        this.scheduleCacheSave();
      }
    });
  }

  private scheduleCacheSave(): void {
    clearTimeout(this.cacheTimer);
    this.cacheTimer = setTimeout(() => {
      void this.queue.run(() => this.session?.saveCache()).catch((error: unknown) => console.error('Enishi: could not save the read-model cache', (error as Error).name));
    }, this.options.cacheSaveDelayMs ?? 10_000);
    this.cacheTimer.unref?.();
  }
}

/** The keys a vault session runs on (keyring-file.ts): the vault key, this device's key, its storage key. */
interface VaultKeys {
  readonly vaultKey: Uint8Array;
  readonly deviceKey: Uint8Array;
  readonly storageKey: Uint8Array;
}

const copyKeys = (keys: VaultKeys): VaultKeys => ({ vaultKey: keys.vaultKey.slice(), deviceKey: keys.deviceKey.slice(), storageKey: keys.storageKey.slice() });

function zeroKeys(sodium: Sodium, keys: VaultKeys): void {
  for (const key of [keys.vaultKey, keys.deviceKey, keys.storageKey]) sodium.memzero(key);
}
