import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { encode } from 'uqr';
import type { DB, Executor } from '../db';
import type { Role } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { generateInviteCode, normaliseInviteCode } from '../invites/invite-code';
import { isStaffRole } from './session-policy';
import { invalidateUserSessions } from './session.service';
import { accountRetryAfter, clearFailedSignIns, recordFailedSignIn } from './throttle.service';
import {
	decodeTotpSecret,
	encodeTotpSecret,
	generateTotpSecret,
	matchTotpStep,
	normaliseTotpCode,
	totpUri
} from './totp';
import {
	advanceTotpStep,
	countUnusedRecoveryCodes,
	deleteRecoveryCodes,
	deleteTotp,
	findTotp,
	insertRecoveryCodes,
	saveConfirmedTotp,
	useRecoveryCode
} from './two-factor.repository';

// The second factor: a code from an authenticator app (totp.ts), or one of ten single-use recovery
// codes for when the phone is lost. Staff must have one; family members may choose to. Wrong codes
// are throttled per person with the sign-in throttle's rules (a few free, then doubling waits).

export const RECOVERY_CODE_COUNT = 10;

export class TwoFactorError extends Error {
	constructor(
		public readonly code: 'invalid_code' | 'invalid_setup' | 'throttled' | 'required' | 'not_enabled',
		public readonly retryAfterSeconds = 0
	) {
		super(code);
		this.name = 'TwoFactorError';
	}
}

export interface TwoFactorStatus {
	enabled: boolean;
	/** Staff may not turn it off. */
	required: boolean;
	recoveryCodesLeft: number;
}

export interface TotpSetup {
	/** Base32, shown for typing into an app and sent back with the first code. */
	secret: string;
	uri: string;
	/** The QR code's dark modules, row by row, with its quiet zone: drawn as SVG by QrCode.svelte. */
	qr: boolean[][];
}

function throttleKey(userId: string): string {
	return `two-factor:${userId}`;
}

function hashRecoveryCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseInviteCode(code))));
}

export async function twoFactorStatus(db: Executor, user: { id: string; role: Role }): Promise<TwoFactorStatus> {
	const totp = await findTotp(db, user.id);
	const enabled = Boolean(totp?.confirmed_at);
	return {
		enabled,
		required: isStaffRole(user.role),
		recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(db, user.id) : 0
	};
}

export async function hasTotp(db: Executor, userId: string): Promise<boolean> {
	return Boolean((await findTotp(db, userId))?.confirmed_at);
}

/** A new secret to set up (or the one already shown, sent back with a wrong first code). */
export function totpSetup(username: string, secret?: string): TotpSetup {
	const key = (secret ? decodeTotpSecret(secret) : null) ?? generateTotpSecret();
	const uri = totpUri(username, key);
	return { secret: encodeTotpSecret(key), uri, qr: encode(uri, { ecc: 'M', border: 4 }).data };
}

/** Refuses while the person is throttled; otherwise runs `check` and counts a failure against them. */
async function throttled<T>(db: DB, userId: string, now: Date, check: () => Promise<T | null>): Promise<T> {
	const wait = await accountRetryAfter(db, throttleKey(userId), now);
	if (wait > 0) throw new TwoFactorError('throttled', wait);
	const result = await check();
	if (result === null) {
		await recordFailedSignIn(db, throttleKey(userId), now);
		throw new TwoFactorError('invalid_code');
	}
	await clearFailedSignIns(db, throttleKey(userId));
	return result;
}

async function replaceRecoveryCodes(db: Executor, userId: string, now: Date): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateInviteCode);
	await deleteRecoveryCodes(db, userId);
	await insertRecoveryCodes(
		db,
		codes.map((code) => ({ id: newId(), user_id: userId, code_hash: hashRecoveryCode(code), created_at: toTimestamp(now), used_at: null }))
	);
	return codes;
}

/**
 * Turns the second factor on with the secret that was shown and the first code from it, which
 * proves the app has it. Returns the recovery codes, shown this once; only their hashes are kept.
 */
export async function enableTotp(db: DB, userId: string, secret: string, code: string, now = new Date()): Promise<string[]> {
	const key = decodeTotpSecret(secret);
	if (!key) throw new TwoFactorError('invalid_setup');
	const digits = normaliseTotpCode(code);
	const step = await throttled(db, userId, now, async () => (digits ? matchTotpStep(key, digits, now, null) : null));
	return db.transaction().execute(async (trx) => {
		const confirmedAt = toTimestamp(now);
		await saveConfirmedTotp(trx, {
			user_id: userId,
			secret: encodeTotpSecret(key),
			created_at: confirmedAt,
			confirmed_at: confirmedAt,
			last_used_step: step
		});
		return replaceRecoveryCodes(trx, userId, now);
	});
}

/**
 * Checks a code from the person's app, or one of their recovery codes (which is then used up).
 * Each app code works once: its time step is recorded, and that step or an earlier one is refused.
 */
export async function verifySecondFactor(
	db: DB,
	userId: string,
	input: string,
	now = new Date()
): Promise<'totp' | 'recovery'> {
	const totp = await findTotp(db, userId);
	if (!totp?.confirmed_at) throw new TwoFactorError('not_enabled');
	return throttled(db, userId, now, async () => {
		const digits = normaliseTotpCode(input);
		if (digits) {
			const key = decodeTotpSecret(totp.secret);
			const step = key ? matchTotpStep(key, digits, now, totp.last_used_step) : null;
			// The conditional update makes two requests with the same code race safely: one wins.
			return step !== null && (await advanceTotpStep(db, userId, step)) ? 'totp' : null;
		}
		const recovery = normaliseInviteCode(input);
		if (recovery.length !== 12) return null;
		return (await useRecoveryCode(db, userId, hashRecoveryCode(recovery), toTimestamp(now))) ? 'recovery' : null;
	});
}

/** New recovery codes after a current code; the old set stops working. */
export async function regenerateRecoveryCodes(db: DB, userId: string, code: string, now = new Date()): Promise<string[]> {
	await verifySecondFactor(db, userId, code, now);
	return db.transaction().execute((trx) => replaceRecoveryCodes(trx, userId, now));
}

/** A family member turns their second factor off, with a current code. Staff may not. */
export async function disableTotp(db: DB, user: { id: string; role: Role }, code: string, now = new Date()): Promise<void> {
	if (isStaffRole(user.role)) throw new TwoFactorError('required');
	await verifySecondFactor(db, user.id, code, now);
	await db.transaction().execute(async (trx) => {
		await deleteTotp(trx, user.id);
		await deleteRecoveryCodes(trx, user.id);
	});
}

/**
 * The administrator clears a staff member's second factor (a lost phone and lost recovery codes).
 * Every session of theirs ends; at their next sign-in they set up a new one.
 */
export async function resetSecondFactor(db: DB, userId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await deleteTotp(trx, userId);
		await deleteRecoveryCodes(trx, userId);
		await invalidateUserSessions(trx, userId);
	});
	await clearFailedSignIns(db, throttleKey(userId));
}
