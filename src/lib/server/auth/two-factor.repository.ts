import type { Executor } from '../db';
import type { RecoveryCodeRow, UserTotpRow } from '../db/schema';

export async function findTotp(db: Executor, userId: string): Promise<UserTotpRow | undefined> {
	return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new authenticator replaces any old one, confirmed in the same statement. */
export async function saveConfirmedTotp(db: Executor, row: UserTotpRow): Promise<void> {
	await db
		.insertInto('user_totp')
		.values(row)
		.onConflict((oc) =>
			oc.column('user_id').doUpdateSet({
				secret: row.secret,
				created_at: row.created_at,
				confirmed_at: row.confirmed_at,
				last_used_step: row.last_used_step
			})
		)
		.execute();
}

/**
 * Moves the last used step forward, only if no other request has used this step or a later one
 * first; true when this call did. Two requests with the same code: one wins.
 */
export async function advanceTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
	const result = await db
		.updateTable('user_totp')
		.set({ last_used_step: step })
		.where('user_id', '=', userId)
		.where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function deleteTotp(db: Executor, userId: string): Promise<void> {
	await db.deleteFrom('user_totp').where('user_id', '=', userId).execute();
}

export async function insertRecoveryCodes(db: Executor, rows: RecoveryCodeRow[]): Promise<void> {
	if (rows.length > 0) await db.insertInto('recovery_code').values(rows).execute();
}

export async function deleteRecoveryCodes(db: Executor, userId: string): Promise<void> {
	await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
	const row = await db
		.selectFrom('recovery_code')
		.select((eb) => eb.fn.countAll<string | number>().as('count'))
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** Uses one unused recovery code of this person's; true when this call did (each works once). */
export async function useRecoveryCode(db: Executor, userId: string, codeHash: string, now: string): Promise<boolean> {
	const result = await db
		.updateTable('recovery_code')
		.set({ used_at: now })
		.where('user_id', '=', userId)
		.where('code_hash', '=', codeHash)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) >= 1;
}
