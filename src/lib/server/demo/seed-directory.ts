import type { DB } from '../db';
import { importDirectory } from '../directory/directory.service';
import demoDirectory from './directory.oruk.json';

// The demo's services directory: nine services in the fictional town of Millbrook, as an Open
// Referral UK file imported through the same path as the admin's upload. The seed finds the
// services by name afterwards, so their names here must not change.

export const DEMO_DIRECTORY_TEXT = JSON.stringify(demoDirectory);

/** Imports the demo directory, before any other demo data. Throws if the file has any problem. */
export async function loadDemoDirectory(db: DB, now = new Date()): Promise<{ created: number; updated: number }> {
	const result = await importDirectory(db, DEMO_DIRECTORY_TEXT, now);
	if (!result.ok) {
		throw new Error(`The demo directory has problems: ${JSON.stringify(result.problems, null, 2)}`);
	}
	return { created: result.created, updated: result.updated };
}
