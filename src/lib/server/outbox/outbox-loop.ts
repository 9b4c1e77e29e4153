import type { DB } from '../db';
import type { OutboxAdapter } from './adapters';
import { drainOutbox } from './outbox.service';

// The server drains the outbox every OUTBOX_INTERVAL_MS. One drain at a time per process; other
// processes (a second server, `npm run outbox`) are kept apart by the claims in the table.

export const OUTBOX_INTERVAL_MS = 30_000;

export interface OutboxLoop {
	/** Stops the timer and waits for a drain under way to finish. */
	stop(): Promise<void>;
}

export function startOutboxLoop(
	db: () => DB,
	adapter: OutboxAdapter,
	origin: string,
	intervalMs = OUTBOX_INTERVAL_MS
): OutboxLoop {
	let running: Promise<void> | null = null;
	let stopped = false;
	const tick = () => {
		if (running || stopped) return;
		running = drainOutbox(db(), { adapter, origin })
			.then(
				() => undefined,
				(error: unknown) => console.error('The outbox could not be drained', error)
			)
			.finally(() => {
				running = null;
			});
	};
	// unref: the timer never keeps a finished process alive.
	const timer = setInterval(tick, intervalMs).unref();
	tick();
	return {
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}

/** The portal's public address for links in messages: ORIGIN, as the server itself uses. */
export function outboxOrigin(env: Readonly<Record<string, string | undefined>> = process.env): string {
	return env.ORIGIN || `http://localhost:${env.PORT || '3000'}`;
}
