// The child process of the outbox's SIGKILL test (outbox.test.ts starts it with tsx; never the app).
//
//   tsx outbox-drainer.ts <database url> <outbox dir> <before-send|after-send>
//
// Drains the outbox through the real file adapter and, at the chosen point (just before the send,
// or after the file is written and before the row is marked sent), writes "point <key>" to stdout
// with a synchronous write and waits to be killed: the parent's SIGKILL lands exactly there.
import { writeSync } from 'node:fs';
import { createDb } from '../../../src/lib/server/db/index';
import { createFileAdapter } from '../../../src/lib/server/outbox/adapters';
import { drainOutbox } from '../../../src/lib/server/outbox/outbox.service';

const [url, dir, point] = process.argv.slice(2);
if (!url || !dir || (point !== 'before-send' && point !== 'after-send')) {
	console.error('usage: outbox-drainer.ts <database url> <outbox dir> <before-send|after-send>');
	process.exit(2);
}

const stop = async (message: { idempotencyKey: string }) => {
	writeSync(1, `point ${message.idempotencyKey}\n`);
	// Wait for the SIGKILL; never go on to mark the row.
	await new Promise(() => setInterval(() => undefined, 1 << 30));
};

const db = createDb(url);
await drainOutbox(db, {
	adapter: createFileAdapter(dir, () => undefined),
	origin: 'https://portal.example.org',
	...(point === 'before-send' ? { beforeSend: stop } : { afterSend: stop })
});
writeSync(1, 'drained without reaching the point\n');
await db.destroy();
