/**
 * The two icon containers packaging needs, written from PNG images: Windows .ico (PNG-compressed
 * entries, Vista and later) and macOS .icns (PNG-typed entries, OS X 10.7 and later).
 */

export interface SizedPng {
  readonly size: number;
  readonly png: Uint8Array;
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((byte, i) => png[i] !== byte)) throw new Error('not a PNG image');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** ICONDIR, one ICONDIRENTRY per image (a size of 256 is written as 0), then the PNGs themselves. */
export function icoFromPngs(images: readonly SizedPng[]): Uint8Array {
  const headerSize = 6 + 16 * images.length;
  const total = headerSize + images.reduce((sum, image) => sum + image.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true);
  view.setUint16(2, 1, true);
  view.setUint16(4, images.length, true);
  let offset = headerSize;
  images.forEach((image, i) => {
    if (image.size > 256) throw new RangeError('an .ico image is at most 256 pixels wide');
    const entry = 6 + 16 * i;
    out[entry] = image.size === 256 ? 0 : image.size;
    out[entry + 1] = image.size === 256 ? 0 : image.size;
    view.setUint16(entry + 4, 1, true);
    view.setUint16(entry + 6, 32, true);
    view.setUint32(entry + 8, image.png.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(image.png, offset);
    offset += image.png.length;
  });
  return out;
}

/** The icns element type that holds a PNG of a given pixel size (1x and 2x entries share sizes). */
export const ICNS_TYPES: readonly { readonly type: string; readonly size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic13', size: 256 },
  { type: 'ic14', size: 512 },
];

/** 'icns', the file length, then (type, length including its 8-byte header, PNG) per element. */
export function icnsFromPngs(images: readonly SizedPng[]): Uint8Array {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const elements = ICNS_TYPES.flatMap(({ type, size }) => {
    const png = bySize.get(size);
    return png ? [{ type, png }] : [];
  });
  const total = 8 + elements.reduce((sum, element) => sum + 8 + element.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (text: string, at: number) => out.set(new TextEncoder().encode(text), at);
  ascii('icns', 0);
  view.setUint32(4, total);
  let offset = 8;
  for (const element of elements) {
    ascii(element.type, offset);
    view.setUint32(offset + 4, 8 + element.png.length);
    out.set(element.png, offset + 8);
    offset += 8 + element.png.length;
  }
  return out;
}

/** The element types and lengths of an icns file, for checking one. */
export function icnsElements(icns: Uint8Array): { type: string; png: Uint8Array }[] {
  const view = new DataView(icns.buffer, icns.byteOffset, icns.byteLength);
  if (new TextDecoder().decode(icns.subarray(0, 4)) !== 'icns' || view.getUint32(4) !== icns.length) throw new Error('not an icns file');
  const elements: { type: string; png: Uint8Array }[] = [];
  for (let offset = 8; offset < icns.length; ) {
    const length = view.getUint32(offset + 4);
    if (length < 8 || offset + length > icns.length) throw new Error('icns element runs past the end');
    elements.push({ type: new TextDecoder().decode(icns.subarray(offset, offset + 4)), png: icns.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return elements;
}

/** The entries of an ico file: their stated size and the PNG each holds. */
export function icoEntries(ico: Uint8Array): { size: number; png: Uint8Array }[] {
  const view = new DataView(ico.buffer, ico.byteOffset, ico.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('not an ico file');
  return Array.from({ length: view.getUint16(4, true) }, (_, i) => {
    const entry = 6 + 16 * i;
    const length = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    if (offset + length > ico.length) throw new Error('ico entry runs past the end');
    return { size: ico[entry] || 256, png: ico.subarray(offset, offset + length) };
  });
}
