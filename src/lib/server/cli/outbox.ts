// `npm run outbox [-- --once]`: sends the waiting "something new" messages, through GOV.UK Notify
// when NOTIFY_API_KEY is set, else as files in OUTBOX_DIR (data/outbox/). `--once` drains what is
// due now and exits (for cron or a test); without it, it keeps draining every 30 seconds until
// stopped. The server drains too: running both is safe, a message is only ever taken by one.
import { closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import { adapterFromEnv } from '../outbox/adapters';
import { outboxOrigin, startOutboxLoop } from '../outbox/outbox-loop';
import { drainOutbox } from '../outbox/outbox.service';

const once = process.argv.includes('--once');
const db = getDb();
await migrateToLatest(db);
const adapter = await adapterFromEnv();
const origin = outboxOrigin();
if (once) {
	try {
		const report = await drainOutbox(db, { adapter, origin });
		console.log(
			`Outbox (${adapter.name}): ${report.sent} sent, ${report.recovered} found already sent, ${report.cancelled} cancelled, ` +
				`${report.held} held for quiet hours, ${report.retried} to retry, ${report.failed} failed.`
		);
	} finally {
		await closeDb();
	}
} else {
	const loop = startOutboxLoop(() => db, adapter, origin);
	// Keeps the process alive (the loop's own timer is unref'd) until a signal stops it.
	const alive = setInterval(() => undefined, 1 << 30);
	console.log(`Outbox (${adapter.name}) is draining every 30 seconds. Stop with Ctrl+C.`);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			// A send under way is finished and marked before the database closes.
			void loop
				.stop()
				.then(() => closeDb())
				.finally(() => clearInterval(alive));
		});
	}
}
