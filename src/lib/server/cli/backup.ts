// `npm run backup -- [destination]`: an online copy of the SQLite database at DATABASE_URL, safe
// to take while the server runs. Default destination: backups/common-ground-<UTC time>.sqlite.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_DATABASE_URL, isPostgresUrl } from '../db';
import { BackupError, backupSqlite, defaultBackupPath } from '../db/backup';
import { printSummary } from './backup-output';

const source = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (isPostgresUrl(source)) {
	console.error('DATABASE_URL is a PostgreSQL database: back it up with pg_dump (and restore with pg_restore or psql).');
	process.exit(1);
}

const destination = process.argv[2] || defaultBackupPath();
if (!process.argv[2]) mkdirSync(dirname(destination), { recursive: true });
try {
	const result = await backupSqlite(source, destination);
	console.log(`Backed up ${source} in ${Math.round(result.copyMs)} ms; the copy passes integrity_check.`);
	printSummary(result);
} catch (error) {
	if (!(error instanceof BackupError)) throw error;
	console.error(`Backup refused: ${error.message}`);
	process.exit(1);
}
