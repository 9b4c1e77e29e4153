// `npm run retention [-- --dry-run]`: deletes every family whose record is past its retention date
// (CG_RETENTION_YEARS after support ended, 6 by default), one transaction per family, and prints
// what went from each table. `--dry-run` lists the families that would go and changes nothing.
// Run it daily (cron or a systemd timer); it migrates first, like the server.
import { closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import { RETENTION_TABLES, configuredRetentionYears, runRetention } from '../retention/retention.service';

const dryRun = process.argv.includes('--dry-run');
let years: number;
try {
	years = configuredRetentionYears();
} catch (error) {
	console.error(`Retention refused: ${(error as Error).message}.`);
	process.exit(1);
}
const db = getDb();
try {
	await migrateToLatest(db);
	const report = await runRetention(db, { years, dryRun });
	console.log(`Retention: ${years} years after support ended. Today (UK): ${report.today}.${dryRun ? ' Dry run: nothing is deleted.' : ''}`);
	for (const family of report.deleted) {
		console.log(
			`${dryRun ? 'Would delete' : 'Deleted'} family ${family.id} (${family.name}): support ended ${family.supportEndedOn}, kept until ${family.retainUntil}`
		);
		if (family.counts) {
			const rows = RETENTION_TABLES.filter((t) => family.counts?.[t]).map((t) => `${t} ${family.counts?.[t]}`);
			console.log(`  rows: ${rows.join(', ') || 'none'}`);
		}
	}
	for (const family of report.held) {
		console.log(`Kept family ${family.id} (${family.name}) past ${family.retainUntil}: its record is restricted for a legal claim.`);
	}
	if (!dryRun) {
		const total = RETENTION_TABLES.map((t) => `${t} ${report.totals[t]}`).join(', ');
		console.log(`${report.deleted.length} ${report.deleted.length === 1 ? 'family' : 'families'} deleted. Rows: ${total}.`);
	} else {
		console.log(`${report.deleted.length} ${report.deleted.length === 1 ? 'family' : 'families'} would be deleted.`);
	}
} finally {
	await closeDb();
}
