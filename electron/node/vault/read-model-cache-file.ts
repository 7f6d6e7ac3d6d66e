/**
 * The read-model cache on disk (read-model.enishi): the lists and the heads and file tags of every
 * shard they reflect, sealed under the cache subkey. It is derived data: anything wrong with it
 * (damaged, another vault's, an older format) reads as no cache, and unlocking rebuilds it from the shards.
 */
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import type { Sodium } from '../../../shared/crypto/sodium.ts';
import { fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { openPayload, parseHeader, sealFile } from '../../../shared/vault-format/container.ts';
import type { ReadModelCacheData } from '../../../shared/vault/read-model-cache.ts';
import type { ShardId } from '../../../shared/vault/shards.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';

export const CACHE_FILE = 'read-model.enishi';
const CACHE_BINDING = utf8('read-model');
const CACHE_FORMAT = 4;

export interface CacheFile {
  readonly v: number;
  readonly tags: Readonly<Record<string, string>>;
  /** The Automerge heads of each shard that the model reflects. */
  readonly heads?: Readonly<Record<string, readonly string[]>>;
  /** File name → shard id, so opening does not have to hash every possible shard id. */
  readonly shardOf: Readonly<Record<string, ShardId>>;
  readonly model: ReadModelCacheData;
}

export interface CacheFileAccess {
  readonly sodium: Sodium;
  readonly dir: string;
  readonly vaultId: Uint8Array;
  readonly key: Uint8Array;
}

/**
 * The plaintext of a file of derived data (kind `cache`: the cache, the first page) sealed under the
 * cache subkey with `binding`, or undefined when it is damaged, another vault's or of another kind.
 */
export function openDerivedFile(access: CacheFileAccess, file: Uint8Array, binding: Uint8Array): Uint8Array | undefined {
  const { sodium } = access;
  const parsed = parseHeader(sodium, file);
  if (!parsed.ok || parsed.value.header.kind !== 'cache' || !sodium.memcmp(parsed.value.header.vaultId, access.vaultId)) return undefined;
  const payload = openPayload(sodium, file, parsed.value, access.key, binding);
  return payload.ok ? payload.value : undefined;
}

/** Seals a file of derived data (see openDerivedFile) and writes it atomically. */
export async function writeDerivedFile(access: CacheFileAccess, name: string, binding: Uint8Array, plaintext: Uint8Array): Promise<void> {
  await writeFileAtomic(join(access.dir, name), sealFile(access.sodium, { vaultId: access.vaultId, kind: 'cache', payload: { key: access.key, plaintext, binding } }));
}

/** The cache file's bytes, or undefined when there is none. */
export function readCacheBytes(dir: string): Promise<Uint8Array | undefined> {
  return readFile(join(dir, CACHE_FILE)).then(
    (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    () => undefined,
  );
}

/**
 * The cache, or undefined when there is none this session can use; `timings` gets how long decrypting
 * and parsing took. Other work gets a turn between the two (the first page answers while this runs).
 */
export async function readCacheFile(access: CacheFileAccess, timings: Record<string, number>, bytes?: Promise<Uint8Array | undefined>): Promise<CacheFile | undefined> {
  const file = await (bytes ?? readCacheBytes(access.dir));
  if (!file) return undefined;
  const started = performance.now();
  const payload = openDerivedFile(access, file, CACHE_BINDING);
  if (!payload) return undefined;
  timings['cache-decrypt'] = performance.now() - started;
  await nextTurn();
  try {
    const parsing = performance.now();
    const cache = JSON.parse(fromUtf8(payload)) as CacheFile;
    timings['cache-parse'] = performance.now() - parsing;
    return cache.v === CACHE_FORMAT ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Seals and writes the cache (atomically); returns what was written. */
export async function writeCacheFile(access: CacheFileAccess, contents: Omit<CacheFile, 'v'>): Promise<CacheFile> {
  const cache: CacheFile = { v: CACHE_FORMAT, ...contents };
  await writeDerivedFile(access, CACHE_FILE, CACHE_BINDING, utf8(JSON.stringify(cache)));
  return cache;
}
