import * as Automerge from '@automerge/automerge';
import { describe, expect, test } from 'vitest';
import { newContactId, newInteractionId } from '../domain/ids.ts';
import { InteractionDraftSchema, type InteractionDraftInput } from '../domain/interaction.ts';
import { newShardDoc, scalar, type InteractionLogDoc } from './documents.ts';
import { interactionEntry, interactionRecord as recordOf } from './activity-records.ts';

const interactionRecord = (draft: InteractionDraftInput, now: number) => recordOf(InteractionDraftSchema.parse(draft), now);
import { interactionShard } from './shards.ts';

const contact = newContactId(new Uint8Array(16).fill(1));
const id = newInteractionId(Date.UTC(2026, 0, 5), new Uint8Array(10).fill(2));
const shard = interactionShard(id);

function device(actor: string, base: Uint8Array): Automerge.Doc<InteractionLogDoc> {
  return Automerge.load<InteractionLogDoc>(base, { actor });
}

describe('shard documents on two devices', () => {
  test('shards created independently on two devices merge without hiding either side', () => {
    let a = newShardDoc(shard, 'aaaa') as Automerge.Doc<InteractionLogDoc>;
    let b = newShardDoc(shard, 'bbbb') as Automerge.Doc<InteractionLogDoc>;
    const other = newInteractionId(Date.UTC(2026, 0, 6), new Uint8Array(10).fill(3));
    a = Automerge.change(a, (d) => void (d.interactions![id] = interactionRecord({ contactIds: [contact], occurredAt: 1, kind: 'met', direction: 'gave', summary: 'A' }, 1)));
    b = Automerge.change(b, (d) => void (d.interactions![other] = interactionRecord({ contactIds: [contact], occurredAt: 2, kind: 'met', direction: 'gave', summary: 'B' }, 2)));
    const merged = Automerge.merge(a, b);
    expect(Object.keys(merged.interactions!).sort()).toEqual([id, other].sort());
  });

  test('concurrent edits of the same notes are kept as a conflict to resolve, not dropped', () => {
    const start = Automerge.change(newShardDoc(shard, '0000') as Automerge.Doc<InteractionLogDoc>, (d) => {
      d.interactions![id] = interactionRecord({ contactIds: [contact], occurredAt: 1, kind: 'met', direction: 'gave', summary: 's', note: { text: 'original' } }, 1);
    });
    const base = Automerge.save(start);
    let laptop = device('aaaa', base);
    let phone = device('bbbb', base);
    laptop = Automerge.change(laptop, (d) => void (d.interactions![id]!.notes = scalar('from the laptop')));
    phone = Automerge.change(phone, (d) => void (d.interactions![id]!.notes = scalar('from the phone')));
    let merged = Automerge.merge(laptop, phone);

    const entry = interactionEntry(id, merged.interactions![id]!);
    expect(entry.notesConflict).toEqual(['from the laptop', 'from the phone']);
    expect(['from the laptop', 'from the phone']).toContain(entry.note.text);

    // Writing the notes again (the user's merged text) resolves it.
    merged = Automerge.change(merged, (d) => void (d.interactions![id]!.notes = scalar('from the laptop; from the phone')));
    const resolved = interactionEntry(id, merged.interactions![id]!);
    expect(resolved.notesConflict).toBeUndefined();
    expect(resolved.note.text).toBe('from the laptop; from the phone');
  });
});
