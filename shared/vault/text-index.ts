/**
 * Substring search over many short texts: they are joined into one string (with a separator no
 * query contains), so one native indexOf scans them all, and a binary search over the start
 * offsets says which entry a match is in. Entries keep the order given, so a scan can stop early.
 *
 * Large indexes are cut into blocks, each with a small Bloom filter of the character pairs it
 * contains: a query skips every block that cannot hold all of its pairs, so a rare word does not
 * scan megabytes of notes.
 */
const SEPARATOR = '\u0000';
const BLOCK_ENTRIES = 512;
const FILTER_BITS = 1 << 16;

function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;
}

interface Block {
  readonly firstEntry: number;
  readonly start: number;
  readonly end: number;
  readonly filter: Uint32Array | undefined;
}

export class TextIndex<K> {
  private readonly text: string;
  private readonly starts: number[];
  private readonly keys: K[];
  private readonly blocks: Block[];

  constructor(entries: Iterable<readonly [K, string]>, options: { filtered?: boolean } = {}) {
    const parts: string[] = [];
    this.starts = [];
    this.keys = [];
    let offset = 0;
    for (const [key, value] of entries) {
      this.starts.push(offset);
      this.keys.push(key);
      parts.push(value, SEPARATOR);
      offset += value.length + 1;
    }
    this.text = parts.join('');
    this.blocks = [];
    for (let first = 0; first < this.keys.length; first += BLOCK_ENTRIES) {
      const start = this.starts[first]!;
      const end = this.starts[first + BLOCK_ENTRIES] ?? this.text.length;
      this.blocks.push({ firstEntry: first, start, end, filter: options.filtered ? this.pairFilter(start, end) : undefined });
    }
  }

  private pairFilter(start: number, end: number): Uint32Array {
    const bits = new Uint32Array(FILTER_BITS / 32);
    for (let i = start; i + 1 < end; i++) {
      const hash = pairHash(this.text.charCodeAt(i), this.text.charCodeAt(i + 1));
      bits[hash >>> 5]! |= 1 << (hash & 31);
    }
    return bits;
  }

  private mayContain(block: Block, pairs: readonly number[]): boolean {
    if (!block.filter) return true;
    for (const hash of pairs) if ((block.filter[hash >>> 5]! & (1 << (hash & 31))) === 0) return false;
    return true;
  }

  /** Keys of the entries containing `needle`, in entry order, each once. */
  *find(needle: string): Generator<K> {
    if (!needle || needle.includes(SEPARATOR)) return;
    const pairs: number[] = [];
    for (let i = 0; i + 1 < needle.length; i++) pairs.push(pairHash(needle.charCodeAt(i), needle.charCodeAt(i + 1)));
    // The next match found so far; a search that ran past a block end is not repeated for the next block.
    let ahead = -1;
    for (const block of this.blocks) {
      if (ahead >= block.end || !this.mayContain(block, pairs)) continue;
      let at = ahead >= block.start ? ahead : this.text.indexOf(needle, block.start);
      while (at >= 0 && at < block.end) {
        const index = this.entryAt(at);
        yield this.keys[index]!;
        const next = this.starts[index + 1];
        if (next === undefined) return;
        at = this.text.indexOf(needle, next);
      }
      if (at < 0) return;
      ahead = at;
    }
  }

  /** Entries containing `needle`, each with whether one of its matches starts the entry (a prefix). */
  findWithPrefix(needle: string): Map<K, boolean> {
    const found = new Map<K, boolean>();
    if (!needle || needle.includes(SEPARATOR)) return found;
    let at = this.text.indexOf(needle);
    while (at >= 0) {
      const index = this.entryAt(at);
      const key = this.keys[index]!;
      found.set(key, found.get(key) === true || this.starts[index] === at);
      at = this.text.indexOf(needle, at + 1);
    }
    return found;
  }

  private entryAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
