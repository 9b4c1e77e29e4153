import type { DB } from '../db';
import { findUserById, replacePasswordHash } from '../users/users.repository';
import { hashPassword, verifyPassword } from './password';
import { assertNewPasswordAllowed } from './password-policy';
import { invalidateUserSessions } from './session.service';
import { accountRetryAfter, clearFailedSignIns, recordFailedSignIn } from './throttle.service';

export class PasswordChangeError extends Error {
	constructor(
		public readonly code: 'wrong_password' | 'throttled',
		public readonly retryAfterSeconds = 0
	) {
		super(code);
		this.name = 'PasswordChangeError';
	}
}

/**
 * A signed-in person changes their password: the current one first (someone at an unlocked screen
 * cannot lock its owner out), then the new one under the password policy. Every other session of
 * theirs ends, so whoever else knew the old password is signed out; this one stays.
 */
export async function changePassword(
	db: DB,
	input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
	now = new Date()
): Promise<void> {
	const user = await findUserById(db, input.userId);
	if (!user?.password_hash) throw new PasswordChangeError('wrong_password');
	const key = `password-change:${user.id}`;
	const wait = await accountRetryAfter(db, key, now);
	if (wait > 0) throw new PasswordChangeError('throttled', wait);
	if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
		await recordFailedSignIn(db, key, now);
		throw new PasswordChangeError('wrong_password');
	}
	await clearFailedSignIns(db, key);
	assertNewPasswordAllowed(input.newPassword, { username: user.username });
	const newHash = await hashPassword(input.newPassword);
	await db.transaction().execute(async (trx) => {
		// Only over the hash just checked: a change made at the same moment elsewhere is not overwritten.
		if (!(await replacePasswordHash(trx, user.id, user.password_hash as string, newHash))) {
			throw new PasswordChangeError('wrong_password');
		}
		await invalidateUserSessions(trx, user.id, { except: input.sessionId });
	});
}
