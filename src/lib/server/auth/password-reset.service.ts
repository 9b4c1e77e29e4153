import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { DB } from '../db';
import { findMember } from '../families/families.repository';
import { newId, toTimestamp } from '../ids';
import { generateInviteCode, normaliseInviteCode } from '../invites/invite-code';
import { consumeToken, type BucketPolicy } from '../rate-limit/rate-limit.service';
import { findUserById, updatePasswordHash } from '../users/users.repository';
import { normaliseUsername } from '../users/users.service';
import { hashPassword } from './password';
import { assertNewPasswordAllowed } from './password-policy';
import {
	findPasswordResetByCodeHash,
	insertPasswordReset,
	markPasswordResetUsed,
	retireOpenPasswordResets
} from './password-reset.repository';
import { isStaffRole } from './session-policy';
import { invalidateUserSessions } from './session.service';
import { accountRetryAfter, clearFailedSignIns, recordFailedSignIn } from './throttle.service';
import { deleteRecoveryCodes, deleteTotp } from './two-factor.repository';

// Many parents and young people have no email, so a forgotten password is reset with a one-time
// code from their lead worker or the administrator, read out or written down like an invite code:
// 12 characters without look-alikes, hashed at rest, shown once, single-use, and short-lived.

/** Long enough to be read out on the phone today and typed in tonight; short enough not to linger. */
export const PASSWORD_RESET_LIFETIME_HOURS = 24;
/** Reset codes can be guessed only slowly: per IP, bursts of 10, then one every 6 seconds. */
export const PASSWORD_RESET_IP_POLICY: BucketPolicy = { capacity: 10, refillPerSecond: 1 / 6 };

export class PasswordResetError extends Error {
	constructor(
		public readonly code: 'invalid_code' | 'no_account' | 'throttled',
		public readonly retryAfterSeconds = 0
	) {
		super(code);
		this.name = 'PasswordResetError';
	}
}

function hashResetCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseInviteCode(code))));
}

function accountKey(username: string): string {
	return `password-reset:account:${normaliseUsername(username)}`;
}

/**
 * A code for a member of `familyId` who has an account (a parent or young person, never staff).
 * Only its hash is kept: the caller shows it once. Any older open code for them stops working.
 */
export async function createPasswordReset(
	db: DB,
	target: { familyId: string; memberId: string },
	createdByUserId: string,
	now = new Date()
): Promise<{ code: string; expiresAt: Date; username: string }> {
	const code = generateInviteCode();
	const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LIFETIME_HOURS * 60 * 60 * 1000);
	const username = await db.transaction().execute(async (trx) => {
		const member = await findMember(trx, target.memberId);
		if (!member || member.family_id !== target.familyId || !member.user_id) throw new PasswordResetError('no_account');
		const user = await findUserById(trx, member.user_id);
		if (!user || isStaffRole(user.role) || user.disabled_at !== null) throw new PasswordResetError('no_account');
		await retireOpenPasswordResets(trx, user.id, toTimestamp(now));
		await insertPasswordReset(trx, {
			id: newId(),
			user_id: user.id,
			code_hash: hashResetCode(code),
			created_by_user_id: createdByUserId,
			created_at: toTimestamp(now),
			expires_at: toTimestamp(expiresAt),
			used_at: null
		});
		return user.username;
	});
	return { code, expiresAt, username };
}

export interface PasswordResetInput {
	username: string;
	code: string;
	password: string;
	ip: string;
}

/**
 * Sets a new password with a reset code made for this username. Every session of the person ends
 * (whoever knew the old password is signed out), and any second factor is turned off; they then
 * sign in with the new password. Throws
 * PasswordRejectedError for a password that may not be chosen, before the code is looked at.
 */
export async function resetPassword(db: DB, input: PasswordResetInput, now = new Date()): Promise<void> {
	const username = normaliseUsername(input.username);
	assertNewPasswordAllowed(input.password, { username });

	const ipDecision = await consumeToken(db, `password-reset:ip:${input.ip}`, PASSWORD_RESET_IP_POLICY, now);
	if (!ipDecision.allowed) throw new PasswordResetError('throttled', ipDecision.retryAfterSeconds);
	const wait = await accountRetryAfter(db, accountKey(username), now);
	if (wait > 0) throw new PasswordResetError('throttled', wait);

	const passwordHash = await hashPassword(input.password);
	const done = await db.transaction().execute(async (trx) => {
		const reset = await findPasswordResetByCodeHash(trx, hashResetCode(input.code));
		if (!reset || reset.used_at !== null || reset.expires_at <= toTimestamp(now)) return false;
		const user = await findUserById(trx, reset.user_id);
		// The username must be the one the code was made for: a code alone opens nothing.
		if (!user || user.username !== username || user.disabled_at !== null) return false;
		if (!(await markPasswordResetUsed(trx, reset.id, toTimestamp(now)))) return false;
		await updatePasswordHash(trx, user.id, passwordHash);
		// Whoever proved who they are to their worker gets back in even if their phone (and its
		// spare codes) went with their password: they can turn sign-in codes on again afterwards.
		await deleteTotp(trx, user.id);
		await deleteRecoveryCodes(trx, user.id);
		await invalidateUserSessions(trx, user.id);
		return true;
	});
	if (!done) {
		await recordFailedSignIn(db, accountKey(username), now);
		throw new PasswordResetError('invalid_code');
	}
	await clearFailedSignIns(db, accountKey(username));
	// A person who forgot their password has often been locked out by wrong guesses: start afresh.
	await clearFailedSignIns(db, `sign-in:account:${username}`);
}
