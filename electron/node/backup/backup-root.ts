/**
 * What a merge takes from a backup's root shard. Never an Automerge merge of its history: the root
 * also says who may read the vault (devices, sharing-key grants), and a history once merged travels
 * to every device at the next sync. So the root's content is computed aside and written as one new
 * change of this device's own, leaving out everything that decides who can read:
 *
 * - a backup proven to be of this vault (a MAC only a vault-key holder can make): the content of
 *   this root merged with the backup's, as Automerge's union would have it (what was deleted since
 *   stays deleted), in a scratch copy that is thrown away;
 * - any other backup: what the user made there (goals, sources, merge links, dismissed pairs),
 *   added where this vault has nothing under the same id.
 */
import * as Automerge from '@automerge/automerge';
import { newShardDoc, type RootDoc, type ShardDoc } from '../../../shared/vault/documents.ts';
import { ROOT_SHARD } from '../../../shared/vault/shards.ts';
import type { BackupShard } from '../../../shared/vault-format/backup.ts';
import { concatBytes } from '../../../shared/vault-format/bytes.ts';
import type { VaultSession } from '../vault/vault-session.ts';

/**
 * Root fields a backup never writes: who may sync (devices), the sharing keys (keyGrants), and the
 * shard registry (each merged shard registers itself).
 */
export const ROOT_FIELDS_NEVER_MERGED = ['devices', 'keyGrants', 'shards'] as const satisfies readonly (keyof RootDoc)[];
const NEVER_MERGED = new Set<string>(ROOT_FIELDS_NEVER_MERGED);

/** A backup's shard as a document: its saved snapshot loaded as such (much faster than merged into an empty one), then its changes. */
export function loadBackupShard(shard: BackupShard): Automerge.Doc<ShardDoc> {
  const doc = shard.snapshot ? Automerge.load<ShardDoc>(shard.snapshot) : newShardDoc(shard.id, '00');
  return shard.records.length > 0 ? Automerge.loadIncremental(doc, concatBytes([...shard.records])) : doc;
}

type Plain = Record<string, unknown>;
const isMap = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Automerge.ImmutableString) && !(value instanceof Uint8Array) && !(value instanceof Date);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Makes `target` (a document being changed) hold `wanted`, touching only what differs, and never the fields in `skip`. */
function becomeLike(target: Plain, wanted: Plain, skip: ReadonlySet<string> = new Set()): void {
  for (const key of Object.keys(target)) if (!skip.has(key) && !(key in wanted)) delete target[key];
  for (const [key, value] of Object.entries(wanted)) {
    if (skip.has(key)) continue;
    const current = target[key];
    if (isMap(value) && isMap(current)) becomeLike(current, value);
    else if (!same(current, value)) target[key] = value;
  }
}

/** From a backup proven to be of this vault: the root's content as the union of both histories would have it. */
async function mergeOwnRoot(session: VaultSession, shard: BackupShard): Promise<void> {
  const theirs = loadBackupShard(shard);
  const scratch = await session.read<RootDoc, Automerge.Doc<ShardDoc>>(ROOT_SHARD, (root) => Automerge.clone(root));
  const merged = Automerge.merge(scratch, theirs);
  const wanted = Automerge.toJS(merged) as Plain;
  Automerge.free(merged);
  Automerge.free(theirs);
  const current = session.root as Plain;
  const differs = Object.keys({ ...current, ...wanted }).some((key) => !NEVER_MERGED.has(key) && !same(current[key], wanted[key]));
  if (differs) await session.change(ROOT_SHARD, (root: RootDoc) => becomeLike(root as Plain, wanted, NEVER_MERGED));
}

/** From another vault's root: what the user made (goals, sources, merge links, dismissed pairs), added where this vault has nothing under the same id. */
async function addForeignRootContent(session: VaultSession, shard: BackupShard): Promise<void> {
  const loaded = loadBackupShard(shard);
  const theirs = Automerge.toJS(loaded) as RootDoc;
  Automerge.free(loaded);
  const mine = session.root;
  const missing = <T>(from: Record<string, T> | undefined, into: Record<string, T> | undefined) => Object.entries(from ?? {}).filter(([id]) => !(into && id in into));
  const goals = missing(theirs.goals, mine.goals);
  const sources = missing(theirs.sources, mine.sources);
  const aliases = missing(theirs.aliases, mine.aliases);
  const dismissed = missing(theirs.dismissedDuplicates, mine.dismissedDuplicates);
  if (goals.length + sources.length + aliases.length + dismissed.length === 0) return;
  await session.change(ROOT_SHARD, (root: RootDoc) => {
    // Each map is created, then read back from the document: `??=` would hand back the plain object, not the document's.
    if (goals.length > 0) root.goals ??= {};
    for (const [id, goal] of goals) root.goals![id] = goal;
    if (sources.length > 0) root.sources ??= {};
    for (const [id, source] of sources) root.sources![id] = source;
    if (aliases.length > 0) root.aliases ??= {};
    for (const [id, alias] of aliases) root.aliases![id] = alias;
    if (dismissed.length > 0) root.dismissedDuplicates ??= {};
    for (const [pair] of dismissed) root.dismissedDuplicates![pair] = true;
  });
}

/** Takes what a merge may take from a backup's root shard (see the top of this file). */
export function mergeBackupRoot(session: VaultSession, shard: BackupShard, provenSameVault: boolean): Promise<void> {
  return provenSameVault ? mergeOwnRoot(session, shard) : addForeignRootContent(session, shard);
}
