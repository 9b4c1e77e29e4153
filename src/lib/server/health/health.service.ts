import { sql } from 'kysely';
import type { DB } from '../db';

/** True when the database answers a trivial query. */
export async function checkDatabase(db: DB): Promise<boolean> {
	try {
		await sql`select 1`.execute(db);
		return true;
	} catch (error) {
		console.error('Health check: database unavailable', error);
		return false;
	}
}
