/**
 * The first screen on disk (first-page.enishi): the vault's name and the first page of the contact
 * list as the app first asks for it, written with the read-model cache and sealed under the same
 * subkey, with the fingerprints of the shard files it was made from. Unlocking shows it while the
 * session opens behind it (VaultService.unlock), but only when every shard file is still as it was:
 * a write after it (the app stopped before saving the cache, another device's changes) and it waits.
 * Derived data like the cache: anything wrong with it reads as no first page.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fromUtf8, utf8 } from '../../../shared/vault-format/bytes.ts';
import { ContactQuerySchema, type ContactQuery } from '../../../shared/domain/queries.ts';
import type { ContactListItem, Page } from '../../../shared/vault/read-model-entries.ts';
import { openDerivedFile, writeDerivedFile, type CacheFileAccess } from './read-model-cache-file.ts';

export const FIRST_PAGE_FILE = 'first-page.enishi';
const FIRST_PAGE_BINDING = utf8('first-page');
const FIRST_PAGE_FORMAT = 1;
/** As many rows as the contact list's first request (renderer/src/api/paged.ts). */
export const FIRST_PAGE_ROWS = 100;

/** The query the contact list opens with: every filter at its default. */
export const FIRST_PAGE_QUERY: ContactQuery = ContactQuerySchema.parse({ offset: 0, limit: FIRST_PAGE_ROWS });

export interface FirstPage {
  readonly vaultName: string;
  readonly total: number;
  readonly items: readonly ContactListItem[];
}

/** The shard files a first page was made from: name → fingerprint (shard-store.ts listFolder). */
export type ShardFiles = Readonly<Record<string, string>>;

const FirstPageFileSchema = z.object({
  v: z.literal(FIRST_PAGE_FORMAT),
  shardFiles: z.record(z.string(), z.string()),
  vaultName: z.string(),
  total: z.number().int().nonnegative(),
  items: z.array(z.object({ id: z.string() }).passthrough()).max(FIRST_PAGE_ROWS),
});

/**
 * The first page the file holds, or undefined when there is none this session can use: none, damaged,
 * or made from shard files other than those in `shardFiles` now.
 */
export async function readFirstPageFile(access: CacheFileAccess, shardFiles: ShardFiles): Promise<FirstPage | undefined> {
  let file: Uint8Array;
  try {
    file = await readFile(join(access.dir, FIRST_PAGE_FILE));
  } catch {
    return undefined;
  }
  const payload = openDerivedFile(access, file, FIRST_PAGE_BINDING);
  if (!payload) return undefined;
  try {
    const contents = FirstPageFileSchema.safeParse(JSON.parse(fromUtf8(payload)));
    if (!contents.success || !sameFiles(contents.data.shardFiles, shardFiles)) return undefined;
    const { vaultName, total, items } = contents.data;
    return { vaultName, total, items: items as unknown as ContactListItem[] };
  } catch {
    return undefined;
  }
}

function sameFiles(a: ShardFiles, b: ShardFiles): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

export async function writeFirstPageFile(access: CacheFileAccess, page: FirstPage, shardFiles: ShardFiles): Promise<void> {
  await writeDerivedFile(access, FIRST_PAGE_FILE, FIRST_PAGE_BINDING, utf8(JSON.stringify({ v: FIRST_PAGE_FORMAT, shardFiles, ...page })));
}

export async function removeFirstPageFile(dir: string): Promise<void> {
  await rm(join(dir, FIRST_PAGE_FILE), { force: true });
}

/** The rows of a page the first page answers: the list's opening query, within the rows it holds. */
export function pageFromFirst(first: FirstPage, query: ContactQuery): Page<ContactListItem> | undefined {
  const { offset, limit, ...filters } = query;
  const { offset: _offset, limit: _limit, ...opening } = FIRST_PAGE_QUERY;
  const keys = Object.keys(opening) as (keyof typeof opening)[];
  if (Object.keys(filters).length !== keys.length || !keys.every((key) => JSON.stringify(filters[key]) === JSON.stringify(opening[key]))) return undefined;
  if (Math.min(offset + limit, first.total) > first.items.length) return undefined;
  return { total: first.total, items: first.items.slice(offset, offset + limit) };
}

/** Whether two first pages show the same (the name, the count and every row as the list draws it). */
export function sameFirstPage(a: FirstPage, b: FirstPage): boolean {
  return a.vaultName === b.vaultName && a.total === b.total && JSON.stringify(a.items) === JSON.stringify(b.items.slice(0, FIRST_PAGE_ROWS));
}
