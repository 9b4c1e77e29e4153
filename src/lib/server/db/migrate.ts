import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../../../../migrations/index';
import type { DB } from './index';

/** The one way migrations run: the CLI, server start and the tests all call this. */
export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const result = await migrator.migrateToLatest();
	if (result.error) {
		throw result.error instanceof Error ? result.error : new Error(String(result.error));
	}
	return result;
}
