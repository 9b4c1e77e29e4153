import type { Executor } from '../db';
import type { NewUser, UserRow } from '../db/schema';

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
	return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
	return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
	await db.insertInto('app_user').values(user).execute();
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
	await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/**
 * Swaps one stored hash for another only if it has not changed since it was read, so a rehash at
 * sign-in never overwrites a password set at the same moment. True when the swap was made.
 */
export async function replacePasswordHash(
	db: Executor,
	userId: string,
	expectedHash: string,
	passwordHash: string
): Promise<boolean> {
	const result = await db
		.updateTable('app_user')
		.set({ password_hash: passwordHash })
		.where('id', '=', userId)
		.where('password_hash', '=', expectedHash)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
