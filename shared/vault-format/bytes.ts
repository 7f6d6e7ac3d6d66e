/** Little-endian byte writing and bounds-checked reading for the vault file format. */

export class ByteWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  bytes(value: Uint8Array): this {
    this.parts.push(value);
    this.size += value.length;
    return this;
  }

  u8(value: number): this {
    return this.bytes(Uint8Array.of(value));
  }

  u16(value: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    return this.bytes(b);
  }

  finish(): Uint8Array {
    return concatBytes(this.parts, this.size);
  }
}

export class OutOfBytes extends Error {
  constructor() {
    super('read past the end of the input');
    this.name = 'OutOfBytes';
  }
}

export class ByteReader {
  offset = 0;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  bytes(length: number): Uint8Array {
    if (length > this.remaining) throw new OutOfBytes();
    const out = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    return this.bytes(1)[0]!;
  }

  u16(): number {
    const b = this.bytes(2);
    return b[0]! | (b[1]! << 8);
  }

  u32(): number {
    const b = this.bytes(4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
}

export function concatBytes(parts: readonly Uint8Array[], knownSize?: number): Uint8Array {
  const out = new Uint8Array(knownSize ?? parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
