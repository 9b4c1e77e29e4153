import type { DB } from '../db';
import { consumeToken, type BucketPolicy } from '../rate-limit/rate-limit.service';
import { findUserByUsername, replacePasswordHash } from '../users/users.repository';
import { normaliseUsername, toUser, type User } from '../users/users.service';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';
import { createSession, type SecondFactorStep } from './session.service';
import { findTotp } from './two-factor.repository';
import { accountRetryAfter, clearFailedSignIns, recordFailedSignIn } from './throttle.service';

/** Per IP address: bursts of 20 attempts, then one every 3 seconds. */
export const SIGN_IN_IP_POLICY: BucketPolicy = { capacity: 20, refillPerSecond: 1 / 3 };

export type SignInResult =
	| {
			ok: true;
			user: User;
			token: string;
			expiresAt: Date;
			/** What the new session must do before it may open anything: type a code, or set one up. */
			secondFactor: SecondFactorStep;
	  }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export interface SignInAttempt {
	username: string;
	password: string;
	ip: string;
	now?: Date;
}

export async function signIn(db: DB, attempt: SignInAttempt): Promise<SignInResult> {
	const now = attempt.now ?? new Date();
	const username = normaliseUsername(attempt.username);

	const ipDecision = await consumeToken(db, `sign-in:ip:${attempt.ip}`, SIGN_IN_IP_POLICY, now);
	if (!ipDecision.allowed) {
		return { ok: false, reason: 'throttled', retryAfterSeconds: ipDecision.retryAfterSeconds };
	}

	// Throttle by the name typed, whether or not such an account exists, so the answer never
	// tells anyone which usernames are real.
	const accountKey = `sign-in:account:${username}`;
	const wait = await accountRetryAfter(db, accountKey, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };

	const row = await findUserByUsername(db, username);
	const valid =
		row && row.password_hash && row.disabled_at === null
			? await verifyPassword(row.password_hash, attempt.password)
			: await verifyAgainstDummy(attempt.password);
	if (!row || !valid) {
		await recordFailedSignIn(db, accountKey, now);
		return { ok: false, reason: 'invalid' };
	}

	await clearFailedSignIns(db, accountKey);
	// Only now is the password known: a hash made with weaker settings than today's is redone.
	if (row.password_hash && needsRehash(row.password_hash)) {
		await rehashPassword(db, row.id, row.password_hash, attempt.password);
	}
	// A new session on every sign-in, never a reused one (no session fixation). It is not yet
	// verified: a person with a second factor (every member of staff) must still use it.
	const hasTotp = Boolean((await findTotp(db, row.id))?.confirmed_at);
	const { token, session } = await createSession(db, row, now, undefined, { hasTotp });
	return { ok: true, user: toUser(row), token, expiresAt: session.expiresAt, secondFactor: session.secondFactorPending };
}

/** Stores a hash made with today's settings. A failure is logged, never a reason to refuse the sign-in. */
async function rehashPassword(db: DB, userId: string, oldHash: string, password: string): Promise<void> {
	try {
		await replacePasswordHash(db, userId, oldHash, await hashPassword(password));
	} catch (error) {
		console.error(`Sign-in: the password hash of user ${userId} could not be upgraded`, error);
	}
}
