import type { DatabaseFileSummary } from '../db/backup';

/** Path, size and the row count of every table that has rows. */
export function printSummary(summary: DatabaseFileSummary): void {
	console.log(`${summary.path}: ${(summary.bytes / 1024).toFixed(0)} KiB`);
	const rows = Object.entries(summary.tables).filter(([, count]) => count > 0);
	for (const [table, count] of rows) console.log(`  ${table.padEnd(28)} ${count}`);
	const empty = Object.keys(summary.tables).length - rows.length;
	if (empty > 0) console.log(`  (${empty} tables empty)`);
}
