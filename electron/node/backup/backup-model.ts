/**
 * The read model a backup carries (shared/vault-format/backup.ts, format 3): the lists derived from
 * the shards and the heads of each shard they reflect, as raw-DEFLATE-compressed JSON (the model is
 * about four times the size of the shards, and compresses about fourfold).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { ReadModelCacheSchema } from '../../../shared/vault/read-model-schema.ts';
import { isShardId } from '../../../shared/vault/shards.ts';
import type { CarriedReadModel } from '../vault/vault-session.ts';

const CARRIED_FORMAT = 1;
/** Far beyond the heavy benchmark vault's 29 MB; a bound, so a forged stream cannot inflate to gigabytes. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

const CarriedSchema = z
  .object({
    v: z.literal(CARRIED_FORMAT),
    heads: z.record(z.string().refine(isShardId), z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000)),
    model: ReadModelCacheSchema,
  })
  .strict();

export function packReadModel(carried: CarriedReadModel): Uint8Array {
  // Level 1: nearly all of the size gain at a fraction of the time (measured on the heavy vault).
  return deflateRawSync(Buffer.from(JSON.stringify({ v: CARRIED_FORMAT, ...carried })), { level: 1 });
}

/** The model, if the bytes hold a well-formed one; anything else is no model (the restore derives it from the shards). */
export function unpackReadModel(bytes: Uint8Array): CarriedReadModel | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflateRawSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8'));
  } catch {
    return undefined;
  }
  const carried = CarriedSchema.safeParse(parsed);
  return carried.success ? { heads: carried.data.heads, model: carried.data.model } : undefined;
}
