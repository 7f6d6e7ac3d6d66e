/** What a delete took, kept for a while so it can be put back (the toast's "Undo"). */
import { randomBytes } from 'node:crypto';

const UNDO_WINDOW_MS = 10 * 60_000;

interface UndoEntry {
  readonly expiresAt: number;
  readonly restore: () => Promise<void>;
}

export class UndoMemory {
  private readonly undoable = new Map<string, UndoEntry>();
  private readonly clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  remember(restore: () => Promise<void>): string {
    const now = this.clock();
    for (const [token, entry] of this.undoable) if (entry.expiresAt < now) this.undoable.delete(token);
    const token = randomBytes(16).toString('hex');
    this.undoable.set(token, { expiresAt: now + UNDO_WINDOW_MS, restore });
    return token;
  }

  async undo(token: string): Promise<boolean> {
    const entry = this.undoable.get(token);
    this.undoable.delete(token);
    if (!entry || entry.expiresAt < this.clock()) return false;
    await entry.restore();
    return true;
  }
}
