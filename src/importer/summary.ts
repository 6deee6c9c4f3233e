import { findAdapter } from '../benchmarks/registry.js';
import { correctionCodes } from '../benchmarks/issues.js';
import type { ImportSummary } from './index.js';

/**
 * The end-of-import report: whether anything changed, totals, every rejected file and skipped row with its
 * reason, every taxonomy merge, corrections by code (described by the generic list or the adapter's).
 */
export function formatSummary(summary: ImportSummary, maxSkipped = 200, adapterKey = 'ubench'): string {
  const lines: string[] = [];
  if (summary.unchanged) {
    lines.push(`revision #${summary.revisionId} was already imported completely; nothing changed`);
  } else {
    lines.push(`revision #${summary.revisionId}: ${summary.status === 'complete' ? 'complete' : 'INCOMPLETE'}`);
  }
  lines.push(`rows read:     ${summary.rowsRead}`);
  lines.push(`rows imported: ${summary.rowsImported}`);
  lines.push(`rows skipped:  ${summary.rowsSkipped}`);
  for (const f of summary.files) lines.push(`  ${f.file}: ${f.rows} rows`);
  if (summary.rejectedFiles.length) {
    lines.push(
      `files rejected or truncated: ${summary.rejectedFiles.length} (the revision stays incomplete until they ` +
        'import: fix them and run the same import again)',
    );
    for (const r of summary.rejectedFiles) lines.push(`  [${r.code}] ${r.message}`);
  }
  const rows = summary.skipped.filter((s) => s.row >= 0);
  if (rows.length) {
    lines.push('skipped rows:');
    for (const s of rows.slice(0, maxSkipped)) lines.push(`  [${s.code}] ${s.message}`);
    if (rows.length > maxSkipped) lines.push(`  … and ${rows.length - maxSkipped} more (see import_issues)`);
  }
  if (summary.taxonomyMerges.length) {
    lines.push('taxonomy values merged (same canonical key; the released spelling is kept as an alias):');
    for (const m of summary.taxonomyMerges) {
      lines.push(`  ${m.axis}: "${m.alias}" → "${m.canonical}" (${m.rows} row${m.rows === 1 ? '' : 's'})`);
    }
  }
  const codes = Object.entries(summary.corrections);
  if (codes.length) {
    const described: Record<string, string> = {
      ...correctionCodes,
      ...(findAdapter(adapterKey)?.release.correctionCodes ?? {}),
    };
    lines.push('corrections:');
    for (const [code, n] of codes)
      lines.push(`  ${code.padEnd(24)} ${String(n).padStart(7)}  ${described[code] ?? ''}`);
  }
  return lines.join('\n');
}
