import type { DB, Executor } from '../db';
import { toTimestamp } from '../ids';
import { deleteThrottle, findThrottle, lockThrottle, saveThrottle } from './throttle.repository';

// Per-account throttling: a few mistakes cost nothing (people mistype on phones), then each
// further failure doubles the wait, up to 15 minutes. A day without failures starts afresh.
const FREE_FAILURES = 3;
const FIRST_DELAY_SECONDS = 5;
const MAX_DELAY_SECONDS = 15 * 60;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export function delayAfterFailures(failures: number): number {
	if (failures < FREE_FAILURES) return 0;
	return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES));
}

/** Seconds until this account may try again; 0 when it may try now. */
export async function accountRetryAfter(db: Executor, accountKey: string, now = new Date()): Promise<number> {
	const row = await findThrottle(db, accountKey);
	if (!row?.blocked_until) return 0;
	const waitMs = new Date(row.blocked_until).getTime() - now.getTime();
	return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export async function recordFailedSignIn(db: DB, accountKey: string, now = new Date()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const row = await lockThrottle(trx, accountKey, toTimestamp(now));
		const stale = now.getTime() - new Date(row.last_failure_at).getTime() > FORGET_AFTER_MS;
		const failures = (stale ? 0 : row.failures) + 1;
		const delay = delayAfterFailures(failures);
		await saveThrottle(trx, {
			account_key: accountKey,
			failures,
			last_failure_at: toTimestamp(now),
			blocked_until: delay > 0 ? toTimestamp(new Date(now.getTime() + delay * 1000)) : null
		});
	});
}

export async function clearFailedSignIns(db: Executor, accountKey: string): Promise<void> {
	await deleteThrottle(db, accountKey);
}
