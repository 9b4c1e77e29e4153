import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Executor } from '../db';
import { toTimestamp } from '../ids';
import { toUser, type User } from '../users/users.service';
import {
	deleteSession,
	deleteUserSessions,
	findSessionWithUser,
	insertSession,
	updateSessionExpiry
} from './session.repository';

// Sessions the Lucia guide's way: the token is `<id>.<secret>`; the database keeps the id and a
// SHA-256 of the secret only, so a leaked table cannot be replayed as cookies.

export const SESSION_COOKIE = 'cg_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** Sliding expiry: a session used in its second half is extended to a full lifetime again. */
const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export interface SessionValidation {
	session: Session;
	user: User;
	/** True when this use extended the session, so the cookie's expiry must follow. */
	renewed: boolean;
}

function randomText(bytes: number): string {
	const buffer = new Uint8Array(bytes);
	crypto.getRandomValues(buffer);
	return encodeBase32LowerCaseNoPadding(buffer);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
	db: Executor,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const id = randomText(20);
	const secret = randomText(20);
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
	await insertSession(db, {
		id,
		user_id: userId,
		secret_hash: encodeHexLowerCase(hashSecret(secret)),
		created_at: toTimestamp(now),
		expires_at: toTimestamp(expiresAt)
	});
	return { token: `${id}.${secret}`, session: { id, userId, expiresAt } };
}

export async function validateSessionToken(
	db: Executor,
	token: string,
	now = new Date()
): Promise<SessionValidation | null> {
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;

	const found = await findSessionWithUser(db, id);
	if (!found) return null;

	const expected = new Uint8Array(Buffer.from(found.session.secret_hash, 'hex'));
	if (!constantTimeEqual(hashSecret(secret), expected)) return null;

	let expiresAt = new Date(found.session.expires_at);
	let renewed = false;
	if (now.getTime() >= expiresAt.getTime() || found.user.disabled_at !== null) {
		await deleteSession(db, id);
		return null;
	}
	if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
		expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await updateSessionExpiry(db, id, toTimestamp(expiresAt));
		renewed = true;
	}
	return { session: { id, userId: found.user.id, expiresAt }, user: toUser(found.user), renewed };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: Executor, userId: string): Promise<void> {
	await deleteUserSessions(db, userId);
}
