// `npm run demo`: migrates an embedded SQLite file, loads the demo data (once) and serves the
// built portal, printing the demo sign-ins.
import { DEFAULT_DATABASE_URL, closeDb, getDb, isPostgresUrl } from '../db';
import { migrateToLatest } from '../db/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { serve } from './serve-built';

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
// The demo never sends a real email or text: its messages are files in data/outbox/ and a console line.
delete process.env.NOTIFY_API_KEY;
const where = isPostgresUrl(process.env.DATABASE_URL) ? 'PostgreSQL' : process.env.DATABASE_URL;

const db = getDb();
await migrateToLatest(db);
const loaded = await seedDemo(db);
await closeDb();

const port = process.env.PORT || '3000';
console.log(`\nCommon Ground demo (${loaded ? 'demo data loaded into' : 'demo data already in'} ${where})`);
console.log(`Open http://localhost:${port} and sign in with any of these usernames.`);
console.log(`Every demo account's password is: ${DEMO_PASSWORD}`);
console.log('Staff then type a code from an authenticator app set up with their secret below');
console.log('(or run: oathtool --totp -b SECRET). Family accounts need no code.');
console.log(`Leo gets a text message when there is something new: it is written to ${process.env.OUTBOX_DIR || 'data/outbox'}/ and shown here.\n`);
for (const account of DEMO_ACCOUNTS) {
	const secret = account.totpSecret ? `\n           code secret: ${account.totpSecret}` : '';
	console.log(`  ${account.username.padEnd(8)} ${account.who}${secret}`);
}
console.log('');

serve();
