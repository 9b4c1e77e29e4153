import type { Selectable } from 'kysely';
import { isPostgres, type Executor } from '../db';
import type { SignInThrottleTable } from '../db/schema';

export type ThrottleRow = Selectable<SignInThrottleTable>;

export async function findThrottle(db: Executor, accountKey: string): Promise<ThrottleRow | undefined> {
	return db.selectFrom('sign_in_throttle').selectAll().where('account_key', '=', accountKey).executeTakeFirst();
}

/**
 * The account's row, locked for the rest of the transaction, made first (with no failures) if there
 * is none. Locking a row that does not exist locks nothing: two first failures at the same moment
 * (two servers, or two connections of one) would both count from zero and one would be lost. The
 * insert makes the second wait for the first to commit, then read its count.
 */
export async function lockThrottle(db: Executor, accountKey: string, now: string): Promise<ThrottleRow> {
	await db
		.insertInto('sign_in_throttle')
		.values({ account_key: accountKey, failures: 0, last_failure_at: now, blocked_until: null })
		.onConflict((oc) => oc.column('account_key').doNothing())
		.execute();
	return db
		.selectFrom('sign_in_throttle')
		.selectAll()
		.where('account_key', '=', accountKey)
		.$if(isPostgres(db), (qb) => qb.forUpdate())
		.executeTakeFirstOrThrow();
}

export async function saveThrottle(db: Executor, row: ThrottleRow): Promise<void> {
	await db
		.insertInto('sign_in_throttle')
		.values(row)
		.onConflict((oc) =>
			oc.column('account_key').doUpdateSet({
				failures: row.failures,
				last_failure_at: row.last_failure_at,
				blocked_until: row.blocked_until
			})
		)
		.execute();
}

export async function deleteThrottle(db: Executor, accountKey: string): Promise<void> {
	await db.deleteFrom('sign_in_throttle').where('account_key', '=', accountKey).execute();
}
