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

export function compareFindings(findings: readonly Finding[], justified: readonly Justification[]): { unjustified: Finding[]; stale: Justification[] } {
  const key = (check: string, file: string) => `${check} ${file}`;
  const justifiedKeys = new Set(justified.map((entry) => key(entry.check, entry.file)));
  const foundKeys = new Set(findings.map((finding) => key(finding.check, finding.file)));
  return {
    unjustified: findings.filter((finding) => !justifiedKeys.has(key(finding.check, finding.file))),
    stale: justified.filter((entry) => !foundKeys.has(key(entry.check, entry.file))),
  };
}
