/** The electronegativity findings docs/security.md justifies, and how a scan compares with them. */

export interface Finding {
  readonly check: string;
  /** Relative to the repository, or "(global)" for a finding about the app as a whole. */
  readonly file: string;
  readonly line: number;
  readonly severity: string;
  readonly confidence: string;
  readonly description: string;
}

export interface Justification {
  readonly check: string;
  readonly file: string;
  readonly reason: string;
}

/** Rows of a Markdown table whose first cell is a check id (`| SANDBOX_JS_CHECK | electron/main/index.ts | why |`). */
export function justifiedFindings(markdown: string): Justification[] {
  const rows: Justification[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim().replace(/^`|`$/g, ''));
    const [, check, file, reason] = cells;
    if (check && /^[A-Z_]+_CHECK$/.test(check) && file && reason) rows.push({ check, file, reason });
  }
  return rows;
}

/**
 * Each finding needs a row of its own (same check, same file): lines move with every edit, so they
 * are not compared, but a second finding of a check in a file needs a second row.
 */
export function compareFindings(findings: readonly Finding[], justified: readonly Justification[]): { unjustified: Finding[]; stale: Justification[] } {
  const key = (check: string, file: string) => `${check} ${file}`;
  const rows = new Map<string, Justification[]>();
  for (const entry of justified) rows.set(key(entry.check, entry.file), [...(rows.get(key(entry.check, entry.file)) ?? []), entry]);
  const unjustified: Finding[] = [];
  for (const finding of [...findings].sort((a, b) => a.line - b.line)) {
    const left = rows.get(key(finding.check, finding.file));
    if (left && left.length > 0) left.shift();
    else unjustified.push(finding);
  }
  return { unjustified, stale: [...rows.values()].flat() };
}
