/**
 * Importing contacts from a file the user chose (vCard, or a LinkedIn, Google Contacts or Eight
 * CSV): first a preview of what would happen to each row, which the user confirms; then the import
 * itself, planned again against the vault as it is then, in one write. Nothing is imported that
 * was not previewed, and a row that cannot be a contact is reported with its line, never guessed.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import { ContactDraftSchema, type ContactDraft } from '../../../shared/domain/contact.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { parseContactCsv } from '../../../shared/interop/csv-contacts.ts';
import { JSON_EXPORT_FORMAT } from '../../../shared/interop/export-contacts.ts';
import type { ImportFormat, ImportOutcome, ImportPreview, RowAction, RowChoice } from '../../../shared/domain/import.ts';
import { matchKeys, planImport, type PlannedRow } from '../../../shared/interop/import-plan.ts';
import { importIssue, NOT_A_CONTACTS_FILE, type ImportIssue } from '../../../shared/interop/import-issues.ts';
import { decodeTextFile, MAX_VCARD_BYTES, parseVcards, type ImportedCard, type ImportProblem } from '../../../shared/interop/vcard.ts';
import { displayName } from '../../../shared/domain/names.ts';
import { contactShard } from '../../../shared/vault/shards.ts';
import type { VaultData } from '../vault/vault-data.ts';
import type { ReadModel } from '../../../shared/vault/read-model.ts';
import type { VaultService } from '../vault/vault-service.ts';

/** A preview is good for this long; after it, preview again (the file or the vault may have changed). */
const PREVIEW_TTL_MS = 30 * 60_000;

interface Pending {
  readonly rows: readonly { line: number; draft: ContactDraft; warnings: readonly ImportIssue[] }[];
  readonly at: number;
}

/** Reads an export: vCard when it says BEGIN:VCARD (or ends in .vcf), else one of the CSV formats. */
export function parseContactFile(bytes: Uint8Array, fileName: string): { format: ImportFormat | undefined; encoding: 'utf-8' | 'shift_jis'; cards: readonly ImportedCard[]; problems: readonly ImportProblem[] } {
  const start = decodeTextFile(bytes.subarray(0, 4096)).text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') && start.includes(JSON_EXPORT_FORMAT)) return { format: 'json', encoding: 'utf-8', ...parseJsonExport(bytes) };
  if (/^BEGIN:VCARD/i.test(start) || ['.vcf', '.vcard'].includes(extname(fileName).toLowerCase())) return { format: 'vcard', ...parseVcards(bytes) };
  const csv = parseContactCsv(bytes);
  return { ...csv, format: csv.format };
}

/** Enishi's own JSON export: each contact checked against the schema, numbered by its place in the list. */
function parseJsonExport(bytes: Uint8Array): { cards: ImportedCard[]; problems: ImportProblem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeTextFile(bytes).text);
  } catch {
    return { cards: [], problems: [{ line: 1, ...importIssue('json-unreadable') }] };
  }
  const contacts = (parsed as { format?: unknown; contacts?: unknown }).format === JSON_EXPORT_FORMAT ? (parsed as { contacts?: unknown }).contacts : undefined;
  if (!Array.isArray(contacts)) return { cards: [], problems: [{ line: 1, ...importIssue('not-an-enishi-export') }] };
  const cards: ImportedCard[] = [];
  const problems: ImportProblem[] = [];
  for (const [index, contact] of contacts.slice(0, 100_000).entries()) {
    const checked = ContactDraftSchema.safeParse(contact);
    if (checked.success) cards.push({ line: index + 1, draft: checked.data, warnings: [] });
    else problems.push({ line: index + 1, ...importIssue('not-a-contact', { details: checked.error.issues[0]?.message ?? 'invalid' }) });
  }
  return { cards, problems };
}

/** Who is in the vault, by the keys rows are matched with. */
function existingIndex(model: ReadModel): Map<string, ContactId> {
  const index = new Map<string, ContactId>();
  for (const contact of model.allContacts()) {
    const entry = model.searchEntry(contact.id);
    for (const key of matchKeys({ ...contact, emails: entry?.emails ?? [], phones: entry?.phones ?? [] })) if (!index.has(key)) index.set(key, contact.id);
  }
  return index;
}

/** The rows planned against the vault as it is: matched people's drafts loaded shard by shard. */
async function plan(rows: Pending['rows'], model: ReadModel, data: VaultData, separate: ReadonlySet<number> = new Set()): Promise<PlannedRow[]> {
  const index = existingIndex(model);
  const matched = new Set<ContactId>();
  for (const row of rows) {
    const emails = row.draft.channels.filter((c) => c.kind === 'email').map((c) => c.value);
    const phones = row.draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value);
    for (const key of matchKeys({ ...row.draft, emails, phones })) {
      const id = index.get(key);
      if (id) matched.add(id);
    }
  }
  const drafts = new Map<ContactId, ContactDraft>();
  for (const id of [...matched].sort((a, b) => contactShard(a).localeCompare(contactShard(b)))) {
    const draft = await data.contactDraft(id);
    if (draft) {
      const { createdAt: _createdAt, ...rest } = draft;
      drafts.set(id, rest);
    }
  }
  return planImport(rows, { find: (key) => index.get(key), draftOf: (id) => drafts.get(id) }, separate);
}

export class ImportService {
  private readonly vault: VaultService;
  private readonly clock: () => number;
  private readonly pending = new Map<string, Pending>();

  constructor(options: { vault: VaultService; clock?: () => number }) {
    this.vault = options.vault;
    this.clock = options.clock ?? Date.now;
  }

  /** Reads the file and says what importing it would do; nothing changes yet. */
  async preview(path: string): Promise<Result<ImportPreview>> {
    let bytes: Uint8Array;
    try {
      const info = await stat(path);
      if (!info.isFile()) return fail('not-a-contacts-file', 'that is not a regular file');
      if (info.size > MAX_VCARD_BYTES) return fail('not-a-contacts-file', `the file is ${info.size} bytes, more than an address book export`);
      bytes = await readFile(path);
    } catch (error) {
      return fail('file-not-found', `the file cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const parsed = parseContactFile(bytes, path);
    if (!parsed.format || (parsed.cards.length === 0 && parsed.problems.some((problem) => NOT_A_CONTACTS_FILE.includes(problem.code)))) {
      return fail('not-a-contacts-file', parsed.problems[0]?.message ?? 'not a contacts export');
    }
    const rows = parsed.cards.map((card) => ({ line: card.line, draft: ContactDraftSchema.parse(card.draft), warnings: card.warnings }));
    const planned = await this.vault.read(async ({ model, data }) => ok(await plan(rows, model, data)));
    if (!planned.ok) return planned;
    const names = await this.vault.read(({ model }) => {
      const found = new Map(planned.value.flatMap((row) => (row.into ? [[row.into, model.contact(row.into)] as const] : [])));
      return ok((id: ContactId) => {
        const person = found.get(id);
        return person ? displayName(person) : '';
      });
    });
    if (!names.ok) return names;
    this.forgetExpired();
    const token = randomBytes(16).toString('hex');
    this.pending.set(token, { rows, at: this.clock() });
    const count = (action: RowAction) => planned.value.filter((row) => row.action === action).length;
    return ok({
      token,
      format: parsed.format,
      encoding: parsed.encoding,
      rows: planned.value.map((row) => ({
        line: row.line,
        action: row.action,
        name: displayName(row.draft),
        company: row.draft.company,
        ...(row.into && { intoName: names.value(row.into) }),
        ...(row.sameAsLine !== undefined && { sameAsLine: row.sameAsLine }),
        warnings: row.warnings,
      })),
      problems: parsed.problems,
      counts: { add: count('add'), update: count('update'), unchanged: count('unchanged'), problems: parsed.problems.length },
    });
  }

  /**
   * Imports what a preview showed, planned again against the vault as it is now, in one write. The
   * user's choices take rows out (`skip`) or add them as people of their own (`separate`).
   */
  async commit(token: string, choices: readonly { line: number; choice: RowChoice }[] = []): Promise<Result<ImportOutcome>> {
    this.forgetExpired();
    const pending = this.pending.get(token);
    if (!pending) return fail('not-found', 'that import preview has expired or was already imported: preview the file again');
    this.pending.delete(token);
    const skipped = new Set(choices.filter((entry) => entry.choice === 'skip').map((entry) => entry.line));
    const separate = new Set(choices.filter((entry) => entry.choice === 'separate').map((entry) => entry.line));
    const rows = pending.rows.filter((row) => !skipped.has(row.line));
    return this.vault.write(['contacts'], async ({ model, data }) => {
      const planned = await plan(rows, model, data, separate);
      const added = planned.filter((row) => row.action === 'add');
      // A person filled in by several rows gets the last (cumulative) draft.
      const updates = new Map<ContactId, ContactDraft>();
      for (const row of planned) if (row.action === 'update' && row.into) updates.set(row.into, row.draft);
      await data.createContacts(added.map((row) => row.draft));
      for (const [id, draft] of [...updates].sort(([a], [b]) => contactShard(a).localeCompare(contactShard(b)))) await data.updateContact(id, draft);
      return ok({ added: added.length, updated: planned.filter((row) => row.action === 'update').length, unchanged: planned.filter((row) => row.action === 'unchanged').length });
    });
  }

  private forgetExpired(): void {
    const now = this.clock();
    for (const [token, pending] of this.pending) if (now - pending.at > PREVIEW_TTL_MS) this.pending.delete(token);
  }
}
