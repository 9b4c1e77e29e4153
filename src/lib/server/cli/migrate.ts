// `npm run db:migrate`: brings the database at DATABASE_URL up to the latest migration.
import { closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';

const result = await migrateToLatest(getDb());
for (const r of result.results ?? []) console.log(`${r.status}: ${r.migrationName}`);
if (!result.results?.length) console.log('Database already up to date.');
await closeDb();
