/**
 * Devices as the user has them, for sync tests: one vault service and one sync service per device,
 * each in its own temp folder, listening on 127.0.0.1. Sync runs only when a test says so.
 */
import { expect } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/api/result.ts';
import { splitAddress } from '../../shared/domain/device.ts';
import { createDispatcher, type BackupMethodName, type DesktopMethodName, type Handlers, type InteropMethodName } from '../../electron/node/api/dispatch.ts';
import { syncHandlers, vaultHandlers } from '../../electron/node/api/handlers.ts';
import type { Discovery } from '../../electron/node/sync/discovery.ts';
import { SyncService } from '../../electron/node/sync/sync-service.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { TEST_KDF_POLICY, testKdf } from './fast-kdf.ts';
import { makeTempDir } from './temp-dir.ts';

export const PASSPHRASE = 'kumo-no-ue-de-hirune-suru-neko';
export const OTHER_PASSPHRASE = 'yama-no-ue-no-chiisana-toshokan';

export interface Device {
  readonly vault: VaultService;
  readonly sync: SyncService;
  readonly dataDir: string;
  readonly events: string[];
  /** What the joinProgress events said, in order (the join screen shows them). */
  readonly joinProgress: { vaultName: string; comparison: string }[];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  attempt<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
}

export type Cleanups = (() => Promise<void>)[];

export interface DeviceOptions {
  /** 127.0.0.1 unless a test needs the device reachable on the machine's LAN address. */
  readonly listenHost?: string;
  readonly discovery?: Discovery;
}

export async function device(name: string, cleanups: Cleanups, options: DeviceOptions = {}): Promise<Device> {
  const dir = await makeTempDir('enishi-device-');
  cleanups.push(dir.remove);
  const events: string[] = [];
  const joinProgress: { vaultName: string; comparison: string }[] = [];
  const emit = (event: string, payload?: unknown) => {
    events.push(event);
    if (event === 'joinProgress') joinProgress.push(payload as { vaultName: string; comparison: string });
  };
  const vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, emit });
  const sync = new SyncService({ vault, emit, listen: { host: options.listenHost ?? '127.0.0.1', port: 0 }, advertisedHost: '127.0.0.1', defaultDeviceName: name, syncDelayMs: 3_600_000, periodicMs: 0, ...(options.discovery && { discovery: options.discovery }) });
  const handlers: Omit<Handlers, BackupMethodName | InteropMethodName | DesktopMethodName> = { ...vaultHandlers(vault), ...syncHandlers(sync) };
  const dispatch = createDispatcher(handlers, { onInternalError: (_m, error) => console.error(error) });
  cleanups.push(async () => {
    await sync.stop();
    await vault.lock();
  });
  const attempt = (method: MethodName, input: unknown) => dispatch(method, input) as Promise<Result<never>>;
  return {
    vault,
    sync,
    dataDir: dir.path,
    events,
    joinProgress,
    attempt,
    async call(method, input) {
      const result = await attempt(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
  };
}

export const person = (familyName: string) => ({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
export const names = async (d: Device) => (await d.call('listContacts', { limit: 1000 })).items.map((c) => c.familyName).sort();

/** A desktop with a vault and a few people, and a second device paired to it through a pairing code. */
export async function pairedPair(cleanups: Cleanups, laptopName = 'Laptop', options: { desktop?: DeviceOptions; laptop?: DeviceOptions } = {}): Promise<{ desktop: Device; laptop: Device }> {
  const desktop = await device('Desktop', cleanups, options.desktop);
  await desktop.call('createVault', { name: '縁', passphrase: PASSPHRASE });
  await desktop.sync.ready;
  for (const name of ['田中', '佐藤']) await desktop.call('addContact', person(name));
  const laptop = await join(desktop, laptopName, cleanups, options.laptop);
  return { desktop, laptop };
}

/**
 * `joining` joins with `code` while the user at `existing` does what they should: waits for the
 * request, checks that both screens show the same comparison code, and lets it in (or, with
 * accept false, does not).
 */
export async function joinAnswered(existing: Device, joining: Device, input: { code: string; deviceName: string; passphrase?: string }, accept = true) {
  const result = joining.attempt('joinVault', { passphrase: OTHER_PASSPHRASE, ...input });
  const asked = await Promise.race([
    (async () => {
      for (;;) {
        const request = (await existing.call('getDevices', {})).pairing?.request;
        if (request) return request;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })(),
    result.then(() => undefined),
  ]);
  if (asked) {
    // The joining side shows the digits once it has read the existing device's introduction, which may come a moment later.
    await expect.poll(() => joining.joinProgress.at(-1)?.comparison).toBe(asked.comparison);
    expect(asked.name).toBe(input.deviceName);
    await existing.call('answerPairing', { accept });
  }
  return { result: await result, asked };
}

/** Pairs one more device with `existing`. */
export async function join(existing: Device, name: string, cleanups: Cleanups, options: DeviceOptions = {}): Promise<Device> {
  const joining = await device(name, cleanups, options);
  const { code } = await existing.call('startPairing', {});
  const { result } = await joinAnswered(existing, joining, { code, deviceName: name });
  expect(result).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  await joining.sync.ready;
  return joining;
}

/** The port a device listens on now (a new one after each unlock in tests). */
export const listeningPort = async (d: Device) => splitAddress((await d.call('getDevices', {})).listening[0]!).port;

export const idOf = async (d: Device, which: (device: { thisDevice: boolean; name: string }) => boolean) => (await d.call('getDevices', {})).devices.find(which)!.id;
