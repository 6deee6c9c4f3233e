import { correctionCodes } from './issues.js';
import type { ImportSummary } from './index.js';

/** The end-of-import report: totals, every skipped row with its reason, corrections by code. */
export function formatSummary(summary: ImportSummary, maxSkipped = 200): string {
  const lines: string[] = [];
  lines.push(`revision #${summary.revisionId}`);
  lines.push(`rows read:     ${summary.rowsRead}`);
  lines.push(`rows imported: ${summary.rowsImported}`);
  lines.push(`rows skipped:  ${summary.rowsSkipped}`);
  for (const f of summary.files) lines.push(`  ${f.file}: ${f.rows} rows`);
  if (summary.rejectedFiles.length) {
    lines.push(`files rejected: ${summary.rejectedFiles.length}`);
    for (const r of summary.rejectedFiles) lines.push(`  [${r.code}] ${r.message}`);
  }
  const rows = summary.skipped.filter((s) => s.row >= 0);
  if (rows.length) {
    lines.push('skipped rows:');
    for (const s of rows.slice(0, maxSkipped)) lines.push(`  [${s.code}] ${s.message}`);
    if (rows.length > maxSkipped) lines.push(`  … and ${rows.length - maxSkipped} more (see import_issues)`);
  }
  const codes = Object.entries(summary.corrections);
  if (codes.length) {
    lines.push('corrections:');
    for (const [code, n] of codes) {
      const what = (correctionCodes as Record<string, string>)[code] ?? '';
      lines.push(`  ${code.padEnd(24)} ${String(n).padStart(7)}  ${what}`);
    }
  }
  return lines.join('\n');
}
