import { resolve } from 'node:path';
import type { Scale } from './people.ts';

/** Generated vaults are synthetic data: their passphrase is no secret. */
export const BENCH_PASSPHRASE = 'enishi-bench-vault-passphrase';

export const benchDir = (scale: Scale) => resolve('.bench', scale);

/** The floors live beside the vault: the same data as one encrypted JSON file, and as one Automerge document. */
export const floorFiles = (scale: Scale) => ({
  json: resolve(benchDir(scale), 'floor-json.enishi'),
  jsonKey: resolve(benchDir(scale), 'floor-json.key'),
  monolith: resolve(benchDir(scale), 'floor-monolith.automerge'),
});

/**
 * Written beside a made vault; a vault made by an older generator (different data) is made again.
 * Raise it whenever generateVault's output changes.
 */
export const GENERATOR_VERSION = '3'; // 3: vault format 2.0 (padded files, device keys)
export const generatorStamp = (scale: Scale) => resolve(benchDir(scale), 'generator-version');
