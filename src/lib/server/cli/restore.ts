// `npm run restore -- <backup file>`: puts a backup in place as the SQLite database at
// DATABASE_URL. Stop the server first; the database that was there is kept beside it.
import { DEFAULT_DATABASE_URL, isPostgresUrl } from '../db';
import { BackupError, restoreSqlite } from '../db/backup';
import { printSummary } from './backup-output';

const target = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (isPostgresUrl(target)) {
	console.error('DATABASE_URL is a PostgreSQL database: restore it with pg_restore or psql from a pg_dump file.');
	process.exit(1);
}
const backup = process.argv[2];
if (!backup) {
	console.error('Usage: npm run restore -- <backup file>');
	process.exit(2);
}

try {
	const result = restoreSqlite(backup, target);
	console.log(`Restored ${backup} to ${target}; it passes integrity_check.`);
	if (result.previous) console.log(`The database that was there is kept as ${result.previous}`);
	printSummary(result);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(`Restore refused, nothing changed: ${error.message}`);
	process.exit(1);
}
