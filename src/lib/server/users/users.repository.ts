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
