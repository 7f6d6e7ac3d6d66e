import { ok } from '../../../shared/api/result.ts';
import type { VaultService } from '../vault/vault-service.ts';
import type { Handlers } from './dispatch.ts';

/** Maps every method of the contract onto the vault service. */
export function vaultHandlers(vault: VaultService): Handlers {
  return {
    getVaultStatus: async () => ok(await vault.status()),
    createVault: ({ name, passphrase }) => vault.create(name, passphrase),
    unlockVault: ({ passphrase }) => vault.unlock(passphrase),
    lockVault: async () => ok(await vault.lock()),
    changePassphrase: ({ current, next }) => vault.changePassphrase(current, next),
    getVaultHealth: () => vault.health(),
    getSettings: () => vault.settings(),
    updateSettings: (changes) => vault.updateSettings(changes),
    listContacts: ({ offset, limit }) => vault.listContacts(offset, limit),
    addContact: (draft) => vault.addContact(draft),
    updateContact: ({ id, draft }) => vault.updateContact(id, draft),
  };
}
