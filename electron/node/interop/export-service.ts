/**
 * Exporting contacts to a file (shared/interop/export-contacts.ts). The file is NOT encrypted: the
 * app and the command-line tool say so before writing one. Private and confidential notes stay
 * out unless the user includes them explicitly.
 */
import { fail, ok, type Result } from '../../../shared/api/result.ts';
import type { ContactDraft } from '../../../shared/domain/contact.ts';
import type { ExportOutcome } from '../../../shared/domain/import.ts';
import { exportContacts, shareable, type ExportFormat } from '../../../shared/interop/export-contacts.ts';
import { contactShard } from '../../../shared/vault/shards.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { VaultService } from '../vault/vault-service.ts';


const EXTENSION: Record<ExportFormat, string> = { vcard4: '.vcf', vcard3: '.vcf', csv: '.csv', json: '.json' };

export class ExportService {
  private readonly vault: VaultService;
  private readonly clock: () => number;

  constructor(options: { vault: VaultService; clock?: () => number }) {
    this.vault = options.vault;
    this.clock = options.clock ?? Date.now;
  }

  /** Writes every contact (archived ones too) in `format`; the file name gets the format's extension if it lacks it. */
  async write(requestedPath: string, format: ExportFormat, options: { includePrivate?: boolean } = {}): Promise<Result<ExportOutcome>> {
    const extension = EXTENSION[format];
    const path = requestedPath.toLowerCase().endsWith(extension) ? requestedPath : `${requestedPath}${extension}`;
    const drafts = await this.vault.read(async ({ model, data }) => {
      const ids = [...model.allContacts()].map((contact) => contact.id).sort((a, b) => contactShard(a).localeCompare(contactShard(b)) || (a < b ? -1 : 1));
      const all: ContactDraft[] = [];
      for (const id of ids) {
        const draft = await data.contactDraft(id);
        if (draft) {
          const { createdAt: _createdAt, ...rest } = draft;
          all.push(shareable(rest, options.includePrivate ?? false));
        }
      }
      return ok(all);
    });
    if (!drafts.ok) return drafts;
    const text = new TextEncoder().encode(exportContacts(drafts.value, format, this.clock()));
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      return fail('storage-failed', `the export could not be written: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return ok({ path, contacts: drafts.value.length, bytes: text.length, privateIncluded: options.includePrivate ?? false });
  }
}
