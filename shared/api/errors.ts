/**
 * The closed set of outcome codes that cross the API boundary. The renderer translates each one
 * (see renderer/src/i18n); adding a code here without a translation fails the i18n test.
 */
export const ERROR_CODES = [
  // contract and transport
  'invalid-input',
  'unknown-method',
  'forbidden-sender',
  'internal',
  /** The vault engine's process stopped before it answered; a fresh one starts with the vault locked. */
  'engine-stopped',
  // vault lifecycle
  'no-vault',
  'vault-exists',
  'vault-locked',
  'vault-in-use',
  'weak-passphrase',
  'wrong-passphrase',
  // reading vault files
  'not-a-vault',
  'made-by-newer-version',
  'header-damaged',
  'kdf-params-out-of-bounds',
  'payload-damaged',
  'truncated',
  'trailing-data',
  'wrong-vault',
  'storage-failed',
  'not-a-backup',
  'file-not-found',
  'not-a-contacts-file',
  // domain
  'not-found',
  // devices and sync
  'pairing-code-malformed',
  'pairing-code-mistyped',
  'pairing-refused',
  'pairing-declined',
  'peer-unreachable',
  'sync-refused',
  'sync-failed',
  'folder-unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
