import type { Selectable } from 'kysely';
import { isPostgres, type Executor } from '../db';
import type { SignInThrottleTable } from '../db/schema';

export type ThrottleRow = Selectable<SignInThrottleTable>;

export async function findThrottle(db: Executor, accountKey: string): Promise<ThrottleRow | undefined> {
	return db
		.selectFrom('sign_in_throttle')
		.selectAll()
		.where('account_key', '=', accountKey)
		.$if(isPostgres(db), (qb) => qb.forUpdate())
		.executeTakeFirst();
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
