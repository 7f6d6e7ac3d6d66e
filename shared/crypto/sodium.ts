import sodium from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodium;

/** libsodium, once its wasm module is ready. */
export async function loadSodium(): Promise<Sodium> {
  await sodium.ready;
  return sodium;
}
