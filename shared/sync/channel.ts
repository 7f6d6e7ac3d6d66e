/**
 * An encrypted, authenticated stream of frames in one direction, from a handshake's session key:
 * libsodium secretstream (XChaCha20-Poly1305), the first frame carrying its header. Frames are
 * bound to their order: one dropped, repeated, reordered or changed frame fails every frame after.
 */
import type { Sodium } from '../crypto/sodium.ts';

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
}

export interface Sender {
  /** The stream header: send it before the first frame. */
  readonly header: Uint8Array;
  seal(plaintext: Uint8Array, final?: boolean): Uint8Array;
}

export interface Receiver {
  /** The plaintext of the next frame; throws ChannelError on anything out of order or changed. */
  open(frame: Uint8Array): { plaintext: Uint8Array; final: boolean };
}

export function sender(sodium: Sodium, key: Uint8Array): Sender {
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  let closed = false;
  return {
    header,
    seal(plaintext, final = false) {
      if (closed) throw new ChannelError('the stream is closed');
      closed = final;
      const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      return sodium.crypto_secretstream_xchacha20poly1305_push(state, plaintext, null, tag);
    },
  };
}

export function receiver(sodium: Sodium, key: Uint8Array, header: Uint8Array): Receiver {
  let state: ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_pull']>;
  try {
    state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  } catch {
    throw new ChannelError('bad stream header');
  }
  let closed = false;
  return {
    open(frame) {
      if (closed) throw new ChannelError('frame after the end of the stream');
      let result: { message: Uint8Array; tag: number } | false;
      try {
        result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, frame, null);
      } catch {
        result = false;
      }
      if (!result) {
        closed = true;
        throw new ChannelError('a frame was changed, dropped or reordered');
      }
      closed = result.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      return { plaintext: result.message, final: closed };
    },
  };
}
