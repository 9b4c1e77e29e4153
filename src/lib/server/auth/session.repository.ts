import type { Executor } from '../db';
import { reusedQuery } from '../db/reused-query';
import type { NewSession, SessionRow, UserRow } from '../db/schema';

export async function insertSession(db: Executor, session: NewSession): Promise<void> {
	await db.insertInto('user_session').values(session).execute();
}

/**
 * Every signed-in request's first query, so it is reused (built and compiled once, see
 * reused-query.ts). The left join says whether the person has a second factor.
 */
const sessionWithUserQuery = reusedQuery((db: Executor, sessionId: string) =>
	db
		.selectFrom('user_session')
		.innerJoin('app_user', 'app_user.id', 'user_session.user_id')
		.leftJoin('user_totp', 'user_totp.user_id', 'user_session.user_id')
		.select([
			'user_session.id as session_id',
			'user_session.user_id',
			'user_session.secret_hash',
			'user_session.created_at as session_created_at',
			'user_session.last_used_at',
			'user_session.expires_at',
			'user_session.two_factor_verified',
			'user_totp.confirmed_at as totp_confirmed_at',
			'app_user.username',
			'app_user.display_name',
			'app_user.role',
			'app_user.password_hash',
			'app_user.created_at as user_created_at',
			'app_user.disabled_at'
		])
		.where('user_session.id', '=', sessionId)
);

export async function findSessionWithUser(
	db: Executor,
	sessionId: string
): Promise<{ session: SessionRow; user: UserRow; hasTotp: boolean } | undefined> {
	const [row] = await sessionWithUserQuery(db, sessionId);
	if (!row) return undefined;
	return {
		session: {
			id: row.session_id,
			user_id: row.user_id,
			secret_hash: row.secret_hash,
			created_at: row.session_created_at,
			last_used_at: row.last_used_at,
			expires_at: row.expires_at,
			two_factor_verified: Number(row.two_factor_verified)
		},
		user: {
			id: row.user_id,
			username: row.username,
			display_name: row.display_name,
			role: row.role,
			password_hash: row.password_hash,
			created_at: row.user_created_at,
			disabled_at: row.disabled_at
		},
		hasTotp: row.totp_confirmed_at !== null
	};
}

export async function touchSession(db: Executor, sessionId: string, lastUsedAt: string, expiresAt: string): Promise<void> {
	await db
		.updateTable('user_session')
		.set({ last_used_at: lastUsedAt, expires_at: expiresAt })
		.where('id', '=', sessionId)
		.execute();
}

/** Records that a code from the person's authenticator (or a recovery code) was typed in this session. */
export async function markSessionVerified(db: Executor, sessionId: string): Promise<void> {
	await db.updateTable('user_session').set({ two_factor_verified: 1 }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

/** Deletes one person's sessions, all or all but `exceptId`; returns how many went. */
export async function deleteUserSessions(db: Executor, userId: string, exceptId?: string): Promise<number> {
	let query = db.deleteFrom('user_session').where('user_id', '=', userId);
	if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows);
}
