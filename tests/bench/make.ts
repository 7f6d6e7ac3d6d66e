/**
 * Makes a benchmark vault (.bench/<scale>) from the deterministic generator, and beside it the two
 * floors the benchmarks compare against: the same data as one encrypted JSON file (what a naive
 * app would store) and as one monolithic Automerge document (what a naive local-first app would).
 */
import { rm, writeFile } from 'node:fs/promises';
import * as Automerge from '@automerge/automerge';
import { loadSodium } from '../../shared/crypto/sodium.ts';
import { ContactDraftSchema } from '../../shared/domain/contact.ts';
import { newContactId, type NoteId } from '../../shared/domain/ids.ts';
import { InteractionDraftSchema } from '../../shared/domain/interaction.ts';
import { utf8 } from '../../shared/vault-format/bytes.ts';
import { sealFile } from '../../shared/vault-format/container.ts';
import { type ContactRecord, type InteractionRecord } from '../../shared/vault/documents.ts';
import { interactionRecord } from '../../shared/vault/activity-records.ts';
import { contactRecord } from '../../shared/vault/contact-records.ts';
import { kdfWorkerSourceUrl } from '../../electron/node/vault/kdf-worker-source.ts';
import { workerKdf } from '../../electron/node/vault/kdf.ts';
import { VaultService } from '../../electron/node/vault/vault-service.ts';
import { BENCH_PASSPHRASE, benchDir, floorFiles, GENERATOR_VERSION, generatorStamp } from './config.ts';
import { generateVault, type Scale } from './people.ts';

export async function makeBenchVault(scale: Scale, log: (line: string) => void = console.log): Promise<void> {
  const dataDir = benchDir(scale);
  await rm(dataDir, { recursive: true, force: true });
  const started = performance.now();
  const vault = new VaultService({ dataDir, kdf: workerKdf(kdfWorkerSourceUrl) });
  const created = await vault.create(`Bench (${scale})`, BENCH_PASSPHRASE);
  if (!created.ok) throw new Error(created.error.message);
  const data = generateVault(scale);
  const imported = await vault.importRecords(data.contacts, data.interactions);
  if (!imported.ok) throw new Error(imported.error.message);
  await vault.lock();
  log(`made the ${scale} vault in ${dataDir}: ${imported.value.contacts} contacts, ${imported.value.interactions} interactions, ${(performance.now() - started).toFixed(0)} ms`);

  // The same records, regenerated (the generator is deterministic), with ids of the same shape.
  const again = generateVault(scale);
  const sodium = await loadSodium();
  const ids = again.contacts.map((_, i) => newContactId(sodium.crypto_generichash(16, utf8(`contact ${i}`), null)));
  const contacts = again.contacts.map((draft, i) => ({ id: ids[i]!, ...draft }));
  const interactions = [...again.interactions(ids)].map((draft, i) => ({ id: `i${i}`, ...draft }));

  const files = floorFiles(scale);
  const key = sodium.randombytes_buf(32);
  const json = utf8(JSON.stringify({ contacts, interactions }));
  await writeFile(files.jsonKey, key);
  await writeFile(files.json, sealFile(sodium, { vaultId: new Uint8Array(16), kind: 'snapshot', payload: { key, plaintext: json } }));
  log(`wrote the JSON floor: ${(json.length / 1024 / 1024).toFixed(1)} MiB of JSON`);

  type Monolith = { contacts: Record<string, ContactRecord>; interactions: Record<string, InteractionRecord> };
  let doc = Automerge.from<Monolith>({ contacts: {}, interactions: {} });
  const BATCH = 5000;
  for (let at = 0; at < contacts.length; at += BATCH) {
    doc = Automerge.change(doc, (d) => {
      for (const { id, ...draft } of contacts.slice(at, at + BATCH)) d.contacts[id] = contactRecord(ContactDraftSchema.parse(draft), 0, () => 'n0000000000000000' as NoteId);
    });
  }
  for (let at = 0; at < interactions.length; at += BATCH) {
    doc = Automerge.change(doc, (d) => {
      for (const { id, ...draft } of interactions.slice(at, at + BATCH)) d.interactions[id] = interactionRecord(InteractionDraftSchema.parse(draft), 0);
    });
  }
  const saved = Automerge.save(doc);
  await writeFile(files.monolith, saved);
  await writeFile(generatorStamp(scale), GENERATOR_VERSION);
  log(`wrote the monolithic Automerge floor: ${(saved.length / 1024 / 1024).toFixed(1)} MiB saved`);
}
