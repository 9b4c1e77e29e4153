import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Executor } from '../db';
import { toTimestamp } from '../ids';
import { toUser, type User } from '../users/users.service';
import type { Role } from '../db/schema';
import {
	isExpired,
	isStaffRole,
	limitsFor,
	sessionDeadlines,
	shouldTouch,
	staffIdleOverrideMs,
	type SessionDeadlines
} from './session-policy';
import {
	deleteSession,
	deleteUserSessions,
	findSessionWithUser,
	insertSession,
	markSessionVerified,
	touchSession
} from './session.repository';

// Sessions the Lucia guide's way: the token is `<id>.<secret>`; the database keeps the id and a
// SHA-256 of the secret only, so a leaked table cannot be replayed as cookies.

export const SESSION_COOKIE = 'cg_session';

export interface Session {
	id: string;
	userId: string;
	/** When it ends unless used before then: also the cookie's expiry. */
	expiresAt: Date;
	/** False once the absolute limit comes before the idle one: using it no longer moves `expiresAt`. */
	extendable: boolean;
	/** Staff sessions idle out within minutes, so the browser warns before; family sessions do not. */
	idlesOut: boolean;
	/**
	 * What this session still has to do before it may open anything: `code` to type a code from the
	 * person's authenticator (or a recovery code), `setup` for staff who have none yet; null when
	 * nothing is owed. See `secondFactorStep`.
	 */
	secondFactorPending: SecondFactorStep;
}

export type SecondFactorStep = 'code' | 'setup' | null;

/**
 * Staff must have a second factor, and must have used it in this session; a family member only if
 * they chose to turn one on. Everyone else signs in with their password alone.
 */
export function secondFactorStep(role: Role, hasTotp: boolean, verified: boolean): SecondFactorStep {
	if (verified) return null;
	if (hasTotp) return 'code';
	return isStaffRole(role) ? 'setup' : null;
}

export interface NewSessionOptions {
	/**
	 * True only when the second factor was checked as part of making it. Sign-in never sets it; the
	 * e2e suite does for the sessions it writes straight into the database.
	 */
	twoFactorVerified?: boolean;
	/** Whether the person has a confirmed authenticator, so the session knows what it owes. */
	hasTotp?: boolean;
}

export interface SessionValidation {
	session: Session;
	user: User;
	/** True when this use was written down and moved the expiry, so the cookie's expiry must follow. */
	touched: boolean;
}

function randomText(bytes: number): string {
	const buffer = new Uint8Array(bytes);
	crypto.getRandomValues(buffer);
	return encodeBase32LowerCaseNoPadding(buffer);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

function toSession(
	id: string,
	user: { id: string; role: Role },
	deadlines: SessionDeadlines,
	secondFactorPending: SecondFactorStep
): Session {
	return {
		id,
		userId: user.id,
		expiresAt: deadlines.expiresAt,
		extendable: deadlines.extendable,
		idlesOut: isStaffRole(user.role),
		secondFactorPending
	};
}

/**
 * `staffIdleMs` is for the e2e server only (staffIdleOverrideMs); everything else uses the real
 * limits in session-policy.ts.
 */
export async function createSession(
	db: Executor,
	user: { id: string; role: Role },
	now = new Date(),
	staffIdleMs = staffIdleOverrideMs(),
	options: NewSessionOptions = {}
): Promise<{ token: string; session: Session }> {
	const verified = options.twoFactorVerified === true;
	const id = randomText(20);
	const secret = randomText(20);
	const deadlines = sessionDeadlines(limitsFor(user.role, staffIdleMs), now, now);
	await insertSession(db, {
		id,
		user_id: user.id,
		secret_hash: encodeHexLowerCase(hashSecret(secret)),
		created_at: toTimestamp(now),
		last_used_at: toTimestamp(now),
		expires_at: toTimestamp(deadlines.expiresAt),
		two_factor_verified: verified ? 1 : 0
	});
	const pending = secondFactorStep(user.role, options.hasTotp === true, verified);
	return { token: `${id}.${secret}`, session: toSession(id, user, deadlines, pending) };
}

/**
 * The session a cookie's token stands for, or null. An expired session (idle or absolute, decided
 * with `now`), or one whose account was disabled, is deleted. Using a session moves its idle
 * deadline, but is written down at most once a minute, not on every request.
 */
export async function validateSessionToken(
	db: Executor,
	token: string,
	now = new Date(),
	staffIdleMs = staffIdleOverrideMs()
): Promise<SessionValidation | null> {
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;

	const found = await findSessionWithUser(db, id);
	if (!found) return null;

	const expected = new Uint8Array(Buffer.from(found.session.secret_hash, 'hex'));
	if (!constantTimeEqual(hashSecret(secret), expected)) return null;

	const limits = limitsFor(found.user.role, staffIdleMs);
	const createdAt = new Date(found.session.created_at);
	const lastUsedAt = new Date(found.session.last_used_at);
	let deadlines = sessionDeadlines(limits, createdAt, lastUsedAt);
	// expires_at is checked too: it is what the cookie was told, and never later than the rules.
	const storedExpiry = new Date(found.session.expires_at);
	if (isExpired(deadlines, now) || now.getTime() >= storedExpiry.getTime() || found.user.disabled_at !== null) {
		await deleteSession(db, id);
		return null;
	}
	let touched = false;
	if (shouldTouch(lastUsedAt, now)) {
		deadlines = sessionDeadlines(limits, createdAt, now);
		await touchSession(db, id, toTimestamp(now), toTimestamp(deadlines.expiresAt));
		touched = true;
	}
	const pending = secondFactorStep(found.user.role, found.hasTotp, found.session.two_factor_verified === 1);
	return { session: toSession(id, found.user, deadlines, pending), user: toUser(found.user), touched };
}

/**
 * What the browser's idle warning counts down from. Time left rather than a date, so that a
 * computer whose clock is wrong still warns on time.
 */
export function sessionTimeLeft(session: Session, now = new Date()): { endsInMs: number; extendable: boolean } {
	return { endsInMs: Math.max(0, session.expiresAt.getTime() - now.getTime()), extendable: session.extendable };
}

/** The person typed a code from their authenticator, or a recovery code, in this session. */
export async function completeSecondFactor(db: Executor, sessionId: string): Promise<void> {
	await markSessionVerified(db, sessionId);
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

/**
 * Ends every session of one person: "sign out everywhere", a disabled account. With `except`,
 * every session but that one: for a password change, which should not sign out the person making
 * it but must sign out anyone else who knew the old password.
 */
export async function invalidateUserSessions(db: Executor, userId: string, options: { except?: string } = {}): Promise<number> {
	return deleteUserSessions(db, userId, options.except);
}
