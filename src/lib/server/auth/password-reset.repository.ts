import type { Executor } from '../db';
import type { PasswordResetRow } from '../db/schema';

export async function insertPasswordReset(db: Executor, row: PasswordResetRow): Promise<void> {
	await db.insertInto('password_reset').values(row).execute();
}

export async function findPasswordResetByCodeHash(db: Executor, codeHash: string): Promise<PasswordResetRow | undefined> {
	return db.selectFrom('password_reset').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Only the newest code for a person works: making one retires the older ones. */
export async function retireOpenPasswordResets(db: Executor, userId: string, now: string): Promise<void> {
	await db
		.updateTable('password_reset')
		.set({ expires_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.execute();
}

/** Marks a code used, only if nobody used it first; true when this call did. */
export async function markPasswordResetUsed(db: Executor, resetId: string, now: string): Promise<boolean> {
	const result = await db
		.updateTable('password_reset')
		.set({ used_at: now })
		.where('id', '=', resetId)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
