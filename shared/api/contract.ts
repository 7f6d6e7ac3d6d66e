/**
 * The one declaration of the API between the renderer and the vault service. Every method and
 * every change event is named here once; channels, the preload, the main-process binding, the
 * test bridge and the renderer's client are all derived from these two objects.
 */
import { z } from 'zod';
import { ContactDraftSchema } from '../domain/contact.ts';
import type { ContactId } from '../domain/ids.ts';
import { PassphraseSchema, VaultNameSchema, VaultSettingsSchema, type VaultHealth, type VaultSettings, type VaultStatus } from '../domain/vault.ts';
import type { ContactListItem, Page } from '../vault/read-model.ts';
import { mutation, query, type MethodSpec } from './define.ts';
import type { Result } from './result.ts';

const noInput = z.object({}).strict();
const ContactIdSchema = z
  .string()
  .regex(/^c[0-9a-z]{26}$/)
  .transform((id) => id as ContactId);

export const api = {
  getVaultStatus: query(noInput).returns<VaultStatus>(),
  createVault: mutation(z.object({ name: VaultNameSchema, passphrase: PassphraseSchema }).strict()).returns<VaultStatus>(),
  unlockVault: mutation(z.object({ passphrase: PassphraseSchema }).strict()).returns<VaultStatus>(),
  lockVault: mutation(noInput).returns<VaultStatus>(),
  changePassphrase: mutation(z.object({ current: PassphraseSchema, next: PassphraseSchema }).strict()).returns<null>(),
  getVaultHealth: query(noInput).returns<VaultHealth>(),
  getSettings: query(noInput).returns<VaultSettings>(),
  updateSettings: mutation(VaultSettingsSchema.partial().strict()).returns<VaultSettings>(),
  listContacts: query(
    z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ).returns<Page<ContactListItem>>(),
  addContact: mutation(ContactDraftSchema).returns<ContactListItem>(),
  updateContact: mutation(z.object({ id: ContactIdSchema, draft: ContactDraftSchema }).strict()).returns<ContactListItem>(),
} as const satisfies Record<string, MethodSpec>;

/** Change events, main → renderer. The payload schemas document the shape and guard the test bridge. */
export const events = {
  vaultStatusChanged: z.object({ state: z.enum(['none', 'locked', 'unlocked']) }),
  contactsChanged: z.object({}),
  settingsChanged: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (before the schema's defaults and trimming). */
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives (after the schema has parsed it). */
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = Api[M] extends MethodSpec<z.ZodType, infer Output> ? Output : never;
export type QueryName = { [M in MethodName]: Api[M]['kind'] extends 'query' ? M : never }[MethodName];

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(api) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(api, name);
}

/** The only place an IPC channel name is spelled. */
export function methodChannel(method: MethodName): string {
  return `enishi:call:${method}`;
}

export function eventChannel(event: EventName): string {
  return `enishi:event:${event}`;
}

/** The name of the object the preload (or the test bridge) puts on the renderer's window. */
export const BRIDGE_GLOBAL = 'enishi';

/** What the renderer sees on `window.enishi`: one function per method, one subscriber per event. */
export interface EnishiBridge {
  readonly api: { readonly [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> };
  readonly on: { readonly [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
}
