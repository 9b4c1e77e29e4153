// `npm run reset-two-factor -- USERNAME`: turns off one person's sign-in codes and ends every
// session of theirs, for someone who has lost their phone and their spare codes and whom nobody can
// reset in the portal (the administrator, who is not on the workers page). Needs shell access to
// the server, which is proof enough. They set up new codes at their next sign-in.
import { resetSecondFactor } from '../auth/two-factor.service';
import { DEFAULT_DATABASE_URL, closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import { findUserByUsername } from '../users/users.repository';
import { normaliseUsername } from '../users/users.service';

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
const username = normaliseUsername(process.argv[2] ?? '');
if (!username) {
	console.error('Usage: npm run reset-two-factor -- USERNAME');
	process.exit(2);
}

const db = getDb();
try {
	await migrateToLatest(db);
	const user = await findUserByUsername(db, username);
	if (!user) {
		console.error(`No account is called "${username}". Nothing was changed.`);
		process.exitCode = 1;
	} else {
		await resetSecondFactor(db, user.id);
		console.log(`Sign-in codes for ${username} are turned off and every session of theirs has ended.`);
		console.log('They will set up new codes when they next sign in.');
	}
} finally {
	await closeDb();
}
