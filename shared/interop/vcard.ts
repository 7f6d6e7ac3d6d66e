/**
 * Reading vCard files (2.1, 3.0 and 4.0) into contact drafts, as phones and address books write
 * them: folded lines, quoted-printable, UTF-8 or Shift_JIS (whole files, or per property by
 * CHARSET), and the many places a name's reading hides — Apple's X-PHONETIC-*, 3.0 SORT-STRING,
 * 4.0 SORT-AS, RFC 9554 PHONETIC, and Japanese phones' SOUND;X-IRMC-N. Never throws on bad input:
 * every card becomes a draft or an error naming its line.
 */
import { toHiragana } from 'wanakana';
import { ContactDraftSchema, type ChannelKind, type ContactDraftInput } from '../domain/contact.ts';
import { KANA_ONLY } from '../domain/fields.ts';
import type { ImportProblem } from '../domain/import.ts';
import { importIssue, type ImportIssue } from './import-issues.ts';

export interface ImportedCard {
  /** Line of the card's BEGIN:VCARD (1-based), for messages. */
  readonly line: number;
  readonly draft: ContactDraftInput;
  /** What was in the card but could not be kept (a reading that is not kana, an unreadable birthday…). */
  readonly warnings: readonly ImportIssue[];
}

export type { ImportProblem };

export interface VcardImport {
  readonly encoding: 'utf-8' | 'shift_jis';
  readonly cards: readonly ImportedCard[];
  readonly problems: readonly ImportProblem[];
}

/** More than any address book holds; a file beyond it is refused rather than read for minutes. */
export const MAX_VCARD_BYTES = 64 * 1024 * 1024;
const MAX_CARDS = 100_000;

/** Where characters could not be decoded (neither UTF-8 nor Shift_JIS): the first such line, for a problem. */
export function undecodableLine(text: string): ImportProblem | undefined {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return undefined;
  const line = text.slice(0, at).split(/\r\n|\r|\n/).length;
  return { line, ...importIssue('undecodable-characters') };
}

/** UTF-8 (with or without a BOM) when the bytes are valid UTF-8; otherwise Shift_JIS, as Japanese phones write. */
export function decodeTextFile(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

interface ContentLine {
  readonly line: number;
  readonly group: string;
  readonly name: string;
  readonly params: ReadonlyMap<string, string[]>;
  readonly raw: string;
}

/** Physical lines joined into logical ones: a line starting with a space or tab continues the one before; so does a quoted-printable line ending in "=". */
function unfold(text: string): { line: number; text: string }[] {
  const physical = text.split(/\r\n|\r|\n/);
  const logical: { line: number; text: string }[] = [];
  for (const [index, raw] of physical.entries()) {
    const previous = logical[logical.length - 1];
    if (previous && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      previous.text += raw.slice(1);
    } else if (previous && /QUOTED-PRINTABLE/i.test(previous.text.split(':', 1)[0] ?? '') && previous.text.endsWith('=')) {
      previous.text = previous.text.slice(0, -1) + raw;
    } else {
      logical.push({ line: index + 1, text: raw });
    }
  }
  return logical;
}

/** `group.NAME;param=a,b;BARE:value`, with quoted parameter values; undefined when it is not a content line. */
function parseContentLine(line: number, text: string): ContentLine | undefined {
  let at = 0;
  let inQuotes = false;
  for (; at < text.length; at++) {
    const char = text[at];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ':' && !inQuotes) break;
  }
  if (at >= text.length) return undefined;
  const head = text.slice(0, at);
  const raw = text.slice(at + 1);
  const parts: string[] = [];
  let current = '';
  inQuotes = false;
  for (const char of head) {
    if (char === '"') inQuotes = !inQuotes;
    if (char === ';' && !inQuotes) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  const [nameWithGroup = '', ...paramTexts] = parts;
  const dot = nameWithGroup.lastIndexOf('.');
  const name = nameWithGroup.slice(dot + 1).trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return undefined;
  const params = new Map<string, string[]>();
  for (const param of paramTexts) {
    const equals = param.indexOf('=');
    // vCard 2.1 writes bare parameters: TEL;CELL;PREF, SOUND;X-IRMC-N, QUOTED-PRINTABLE.
    const key = (equals < 0 ? (/^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT)$/i.test(param) ? 'ENCODING' : 'TYPE') : param.slice(0, equals)).trim().toUpperCase();
    const values = (equals < 0 ? param : param.slice(equals + 1)).split(',').map((value) => value.trim().replace(/^"|"$/g, ''));
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { line, group: dot > 0 ? nameWithGroup.slice(0, dot) : '', name, params, raw };
}

function decodeQuotedPrintable(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const hex = char === '=' ? text.slice(i + 1, i + 3) : '';
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const byte of new TextEncoder().encode(char)) bytes.push(byte);
    }
  }
  return Uint8Array.from(bytes);
}

function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').toLowerCase().replace(/^(sjis|x-sjis|shift-jis|cp932|windows-31j)$/, 'shift_jis');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The value as text: quoted-printable and per-property charsets undone. */
function valueText(content: ContentLine): string {
  const encoding = content.params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE') return decodeCharset(decodeQuotedPrintable(content.raw), content.params.get('CHARSET')?.[0]);
  return content.raw;
}

/** Splits on an unescaped separator, then undoes vCard text escapes (\\n, \\, \\; \\\\). */
function splitEscaped(text: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      current += next === 'n' || next === 'N' ? '\n' : next;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string) => splitEscaped(text, ';').join(';');

/** A reading as the app keeps it (hiragana), or undefined when it is not kana at all. */
export function kana(value: string | undefined): string | undefined {
  const normalized = (value ?? '').normalize('NFKC').trim();
  if (!normalized || !KANA_ONLY.test(normalized)) return undefined;
  return toHiragana(normalized, { passRomaji: true });
}

function channelOf(content: ContentLine, value: string): { kind: ChannelKind; value: string; label: string } | undefined {
  const types = (content.params.get('TYPE') ?? []).map((type) => type.toLowerCase()).filter((type) => !['pref', 'voice', 'internet', 'x400'].includes(type));
  const label = types[0] ?? '';
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  if (content.name === 'EMAIL') return { kind: 'email', value: trimmed, label };
  if (content.name === 'TEL') return { kind: 'phone', value: trimmed.replace(/^tel:/i, ''), label };
  if (content.name === 'URL') {
    const kind: ChannelKind = /linkedin\.com/i.test(trimmed) ? 'linkedin' : /(^|\/\/|\.)(x|twitter)\.com/i.test(trimmed) ? 'x' : 'web';
    return { kind, value: trimmed, label };
  }
  if (content.name === 'X-SOCIALPROFILE') {
    // Apple's social profiles: TYPE names the service (line, linkedin, twitter …).
    if (label === 'line') return { kind: 'line', value: trimmed, label: '' };
    if (label === 'linkedin') return { kind: 'linkedin', value: trimmed, label: '' };
    if (label === 'twitter' || label === 'x') return { kind: 'x', value: trimmed, label: '' };
    return { kind: 'other', value: trimmed, label: label === 'other' ? '' : label };
  }
  return undefined;
}

/** 19850412, 1985-04-12, --0412, --04-12 → YYYY-MM-DD or --MM-DD. */
function birthdayOf(value: string): string | undefined {
  const text = value.trim();
  const full = /^(\d{4})-?(\d{2})-?(\d{2})(T.*)?$/.exec(text);
  if (full) return `${full[1]}-${full[2]}-${full[3]}`;
  const noYear = /^--(\d{2})-?(\d{2})$/.exec(text);
  return noYear ? `--${noYear[1]}-${noYear[2]}` : undefined;
}

/** One card's content lines → a draft. */
function cardToDraft(lines: readonly ContentLine[]): { draft: ContactDraftInput; warnings: ImportIssue[] } {
  const warnings: ImportIssue[] = [];
  const first = (name: string) => lines.find((content) => content.name === name);
  const reading = { family: undefined as string | undefined, given: undefined as string | undefined };
  const setReading = (family: string | undefined, given: string | undefined, source: string) => {
    const k = { family: kana(family), given: kana(given) };
    if ((family?.trim() && !k.family) || (given?.trim() && !k.given)) warnings.push(importIssue('reading-not-kana-in', { field: source }));
    reading.family ??= k.family;
    reading.given ??= k.given;
  };

  // The name: N (the non-phonetic one), else FN.
  const names = lines.filter((content) => content.name === 'N');
  const written = names.find((content) => !content.params.has('PHONETIC')) ?? names[0];
  let [family = '', given = ''] = written ? splitEscaped(valueText(written), ';').map((part) => part.trim()) : [];
  if (!family && !given) {
    const formatted = first('FN');
    const full = formatted ? unescape(valueText(formatted)).trim() : '';
    const spaced = full.split(/\s+/);
    if (spaced.length === 2 && /^[\p{Script=Latin}'.-]+$/u.test(full.replace(/\s/g, ''))) [given, family] = spaced as [string, string];
    else family = full;
  }

  // Its reading, from wherever the writer put it (the first found wins).
  const phonetic = names.find((content) => content.params.has('PHONETIC'));
  if (phonetic) {
    const [f, g] = splitEscaped(valueText(phonetic), ';');
    setReading(f, g, 'N;PHONETIC');
  }
  const sortAs = written?.params.get('SORT-AS');
  if (sortAs) setReading(sortAs[0], sortAs[1], 'N;SORT-AS');
  const appleLast = first('X-PHONETIC-LAST-NAME');
  const appleFirst = first('X-PHONETIC-FIRST-NAME');
  if (appleLast || appleFirst) setReading(appleLast && unescape(valueText(appleLast)), appleFirst && unescape(valueText(appleFirst)), 'X-PHONETIC-*');
  const sound = lines.find((content) => content.name === 'SOUND' && (content.params.get('TYPE') ?? []).some((type) => type.toUpperCase() === 'X-IRMC-N'));
  if (sound) {
    const [f, g] = splitEscaped(valueText(sound), ';');
    setReading(f, g, 'SOUND;X-IRMC-N');
  }
  const sortString = first('SORT-STRING');
  if (sortString) {
    const parts = unescape(valueText(sortString)).trim().split(/[\s\u3000]+/);
    setReading(parts[0], parts.length > 1 ? parts.slice(1).join(' ') : undefined, 'SORT-STRING');
  }

  const org = first('ORG');
  const [company = '', department = ''] = org ? splitEscaped(valueText(org), ';').map((part) => part.trim()) : [];
  const companyReading = first('X-PHONETIC-ORG');
  const companyKana = companyReading ? kana(unescape(valueText(companyReading))) : undefined;
  const title = first('TITLE');
  const channels = lines.flatMap((content) => {
    const channel = channelOf(content, unescape(valueText(content)));
    return channel ? [channel] : [];
  });
  const bday = first('BDAY');
  const birthday = bday ? birthdayOf(valueText(bday)) : undefined;
  if (bday && !birthday) warnings.push(importIssue('birthday-not-a-date', { text: valueText(bday).slice(0, 40) }));
  const notes = lines.filter((content) => content.name === 'NOTE').map((content) => unescape(valueText(content)).trim()).filter(Boolean);
  const tags = [...new Set(lines.filter((content) => content.name === 'CATEGORIES').flatMap((content) => splitEscaped(valueText(content), ',').map((tag) => tag.trim()).filter(Boolean)))];

  return {
    draft: {
      familyName: family,
      givenName: given,
      familyNameKana: reading.family ?? '',
      givenNameKana: reading.given ?? '',
      company,
      ...(companyKana && { companyKana }),
      department,
      title: title ? unescape(valueText(title)).trim() : '',
      channels: channels.slice(0, 30),
      ...(birthday && { birthday }),
      notes: notes.map((text) => ({ text })),
      tags: tags.slice(0, 30).map((tag) => tag.slice(0, 40)),
    },
    warnings,
  };
}

/** Reads a vCard file: each card a draft (checked against the contact schema) or a problem with its line. */
export function parseVcards(bytes: Uint8Array): VcardImport {
  const { text, encoding } = decodeTextFile(bytes.length > MAX_VCARD_BYTES ? new Uint8Array(0) : bytes);
  if (bytes.length > MAX_VCARD_BYTES) return { encoding, cards: [], problems: [{ line: 0, ...importIssue('file-too-large', { bytes: bytes.length, max: MAX_VCARD_BYTES }) }] };
  const cards: ImportedCard[] = [];
  const undecodable = undecodableLine(text);
  const problems: ImportProblem[] = undecodable ? [undecodable] : [];
  let open: { line: number; lines: ContentLine[] } | undefined;
  let sawCard = false;
  for (const { line, text: logical } of unfold(text)) {
    if (!logical.trim()) continue;
    const content = parseContentLine(line, logical);
    if (content?.name === 'BEGIN' && content.raw.trim().toUpperCase() === 'VCARD') {
      if (open) problems.push({ line: open.line, ...importIssue('card-without-end') });
      open = { line, lines: [] };
      sawCard = true;
    } else if (content?.name === 'END' && content.raw.trim().toUpperCase() === 'VCARD') {
      if (!open) {
        problems.push({ line, ...importIssue('end-without-card') });
        continue;
      }
      const { draft, warnings } = cardToDraft(open.lines);
      const checked = ContactDraftSchema.safeParse(draft);
      if (checked.success) cards.push({ line: open.line, draft, warnings });
      else problems.push({ line: open.line, ...importIssue('not-a-contact', { details: checked.error.issues.map((issue) => `${issue.path.join('.') || 'card'} ${issue.message}`).join('; ') }) });
      open = undefined;
      if (cards.length + problems.length >= MAX_CARDS) {
        problems.push({ line, ...importIssue('too-many-cards', { max: MAX_CARDS }) });
        break;
      }
    } else if (open) {
      if (content) open.lines.push(content);
      else problems.push({ line, ...importIssue('not-a-vcard-line', { text: logical.slice(0, 40) }) });
    }
  }
  if (open) problems.push({ line: open.line, ...importIssue('last-card-without-end') });
  if (!sawCard) problems.push({ line: 1, ...importIssue('not-a-vcard-file') });
  return { encoding, cards, problems };
}
