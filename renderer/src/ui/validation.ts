import type { z } from 'zod';

/**
 * Checks a form's draft against its domain schema (the same one the service applies). The errors
 * by field path ("profiles.0.title"), each an i18n key; empty when the draft is valid.
 */
export function validationErrors(schema: z.ZodType, draft: unknown): Record<string, string> {
  const parsed = schema.safeParse(draft);
  if (parsed.success) return {};
  const found: Record<string, string> = {};
  for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  return found;
}
