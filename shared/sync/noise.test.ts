/**
 * noise.ts against the Noise community's known-answer vectors (cacophony's, copied unchanged into
 * tests/fixtures/noise/): every handshake message and transport message byte for byte, both sides.
 * A vector that does not match means our Noise is not Noise, whatever our own round trips say.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { IK, NoiseHandshake, NoiseError, type CipherState, type HandshakePattern, type KeyPair } from './noise.ts';

/**
 * Cacophony has no vector for XXpsk0 itself; these two cover every step it takes: a psk token
 * first and every e token mixed into the key (NNpsk0), and XX's static keys with a psk (XXpsk3).
 */
const NN_PSK0: HandshakePattern = { name: 'NNpsk0', responderPreMessage: false, messages: [['psk', 'e'], ['e', 'ee']] };
const XX_PSK3: HandshakePattern = { name: 'XXpsk3', responderPreMessage: false, messages: [['e'], ['e', 'ee', 's', 'es'], ['s', 'se', 'psk']] };

interface Vector {
  readonly name: string;
  readonly init_prologue: string;
  readonly init_psk?: string;
  readonly init_static?: string;
  readonly init_ephemeral: string;
  readonly init_remote_static?: string;
  readonly resp_prologue: string;
  readonly resp_psk?: string;
  readonly resp_static?: string;
  readonly resp_ephemeral: string;
  readonly resp_remote_static?: string;
  readonly messages: readonly { readonly payload: string; readonly ciphertext: string }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../tests/fixtures/noise/cacophony-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const bytes = (hex: string) => sodium.from_hex(hex);
const keyPair = (privateHex: string): KeyPair => ({ privateKey: bytes(privateHex), publicKey: sodium.crypto_scalarmult_base(bytes(privateHex)) });

function side(vector: Vector, pattern: HandshakePattern, initiator: boolean): NoiseHandshake {
  const prefix = initiator ? 'init' : 'resp';
  const s = vector[`${prefix}_static`];
  const rs = vector[`${prefix}_remote_static`];
  const psk = vector[`${prefix}_psk`];
  return new NoiseHandshake(sodium, {
    pattern,
    initiator,
    prologue: bytes(vector[`${prefix}_prologue`]),
    e: keyPair(vector[`${prefix}_ephemeral`]),
    ...(s && { s: keyPair(s) }),
    ...(rs && { rs: bytes(rs) }),
    ...(psk && { psk: bytes(psk) }),
  });
}

/** Runs a vector: the handshake, then transport messages alternating from the initiator. */
function replay(vector: Vector, pattern: HandshakePattern): void {
  const initiator = side(vector, pattern, true);
  const responder = side(vector, pattern, false);
  let transport: { initiator: { send: CipherState; receive: CipherState }; responder: { send: CipherState; receive: CipherState } } | undefined;
  vector.messages.forEach((message, index) => {
    const fromInitiator = index % 2 === 0;
    const payload = bytes(message.payload);
    let sent: Uint8Array;
    let read: Uint8Array;
    if (!transport) {
      const [writer, reader] = fromInitiator ? [initiator, responder] : [responder, initiator];
      sent = writer.writeMessage(payload);
      read = reader.readMessage(sent);
      if (initiator.done && responder.done) {
        expect(sodium.to_hex(initiator.done.handshakeHash)).toBe(sodium.to_hex(responder.done.handshakeHash));
        transport = { initiator: initiator.done, responder: responder.done };
      }
    } else {
      const [writer, reader] = fromInitiator ? [transport.initiator, transport.responder] : [transport.responder, transport.initiator];
      sent = writer.send.encryptWithAd(new Uint8Array(0), payload);
      read = reader.receive.decryptWithAd(new Uint8Array(0), sent);
    }
    expect(sodium.to_hex(sent), `${vector.name} message ${index}`).toBe(message.ciphertext);
    expect(sodium.to_hex(read)).toBe(message.payload);
  });
  expect(transport, 'the handshake completed').toBeDefined();
}

const vector = (name: string) => {
  const found = fixture.vectors.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no vector ${name}`);
  return found;
};

describe('Noise against the cacophony vectors', () => {
  test('Noise_IK_25519_ChaChaPoly_BLAKE2b, byte for byte', () => {
    replay(vector('Noise_IK_25519_ChaChaPoly_BLAKE2b'), IK);
  });

  test('Noise_NNpsk0_25519_ChaChaPoly_BLAKE2b and Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b, byte for byte', () => {
    replay(vector('Noise_NNpsk0_25519_ChaChaPoly_BLAKE2b'), NN_PSK0);
    replay(vector('Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b'), XX_PSK3);
  });

  test('a changed byte in any handshake message fails authentication, and the responder learns no static key', () => {
    const ik = vector('Noise_IK_25519_ChaChaPoly_BLAKE2b');
    for (const at of [0, 31, 32, 80, 100]) {
      const initiator = side(ik, IK, true);
      const responder = side(ik, IK, false);
      const message = initiator.writeMessage(bytes(ik.messages[0]!.payload));
      message[at]! ^= 1;
      expect(() => responder.readMessage(message), `byte ${at}`).toThrow(NoiseError);
    }
  });
});
