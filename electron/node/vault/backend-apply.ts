/**
 * Changes from another device applied to a shard that is not loaded, through Automerge's backend
 * alone. Loading a shard is mostly building its JavaScript document (two thirds of the time on a
 * contact bucket); a catch-up that touches a few records in each of a hundred shards needs none of
 * it: the backend takes the changes, reports which records they touched, and only those records are
 * read out for the read model.
 */
import * as Automerge from '@automerge/automerge';
import { touchedRecords, type RecordLookup } from '../../../shared/vault/read-model.ts';
import { withConflicts } from '../../../shared/vault/documents.ts';
import { shardKind, type ShardId } from '../../../shared/vault/shards.ts';

type Backend = ReturnType<typeof Automerge.getBackend>;

export interface BackendApplied {
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** The new changes, as saveSince() writes them (what the log records); empty when nothing was new. */
  readonly change: Uint8Array;
  /** The records the changes touched, as they are now (undefined: deleted); 'whole' when the shard's map itself changed. */
  readonly records: RecordLookup | 'whole';
}

/** Applies `changes` to the backend of a shard whose JavaScript document is not kept up to date. */
export function applyToBackend(id: ShardId, backend: Backend, changes: Uint8Array): BackendApplied {
  const before = backend.getHeads();
  backend.loadIncremental(changes);
  const after = backend.getHeads();
  if (before.length === after.length && before.every((head, i) => head === after[i])) return { before, after, change: new Uint8Array(), records: new Map() };
  const change = backend.saveSince(before);
  const kind = shardKind(id);
  if (kind === 'root') return { before, after, change, records: 'whole' };
  const touched = touchedByOps(kind, backend, before) ?? touchedRecords(id, backend.diff(before, after));
  if (touched === 'whole') return { before, after, change, records: 'whole' };
  const map = backend.getWithType('_root', kind);
  const records = new Map<string, unknown>();
  for (const recordId of touched) records.set(recordId, map?.[0] === 'map' ? recordAt(backend, map[1], recordId) : undefined);
  return { before, after, change, records };
}

/**
 * The records the new changes' operations are on, read from the operations themselves (a diff of
 * the whole document costs more than loading it). undefined when an operation is on an object
 * that is no longer in the document (inside a record deleted since): the diff tells then.
 */
function touchedByOps(kind: string, backend: Backend, before: readonly string[]): Set<string> | 'whole' | undefined {
  const touched = new Set<string>();
  const pathOf = new Map<string, readonly (string | number)[] | undefined>();
  for (const change of backend.getChanges([...before])) {
    for (const op of Automerge.decodeChange(change).ops) {
      if (op.obj === '_root') {
        if (op.key === kind) return 'whole';
        continue;
      }
      if (!pathOf.has(op.obj)) pathOf.set(op.obj, backend.objInfo(op.obj).path);
      const path = pathOf.get(op.obj);
      if (!path) return undefined;
      if (path[0] !== kind) continue;
      if (path.length === 1) touched.add(String(op.key));
      else touched.add(String(path[1]));
    }
  }
  return touched;
}

/** A record as the JavaScript document holds it, with the concurrent values of its fields (fieldConflicts). */
function recordAt(backend: Backend, map: string, recordId: string): unknown {
  const object = backend.getWithType(map, recordId);
  if (object?.[0] !== 'map') return valueOf(backend, object);
  const record = backend.materialize(object[1]) as object;
  const conflicts: Record<string, string[]> = {};
  for (const field of backend.keys(object[1])) {
    const values = backend.getAll(object[1], field);
    if (values.length < 2) continue;
    // A scalar comes as [type, value, operation id]; an object as [type, its id, which is the operation's].
    conflicts[field] = values
      .map((entry): [string, string] => (entry.length === 3 ? [entry[2], String(entry[1])] : [entry[1], entry[0] === 'text' ? backend.text(entry[1]) : '']))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => value);
  }
  return withConflicts(record, conflicts);
}

/** A value (as getWithType gives it) as the JavaScript document would hold it: objects materialized, scalars as they are. */
function valueOf(backend: Backend, value: ReturnType<Backend['getWithType']>): unknown {
  if (!value) return undefined;
  const [type, content] = value;
  return type === 'map' || type === 'list' || type === 'text' || type === 'table' ? backend.materialize(content) : content;
}
