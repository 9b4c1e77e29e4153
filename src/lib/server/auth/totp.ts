import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';

// Time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA-1,
// 30-second steps, 6 digits. The step is counted here from an injected clock, rather than by
// @oslojs/otp's verifyTOTP (which reads Date.now()), so that tests can set the time and so the
// caller learns which step matched and can refuse it a second time.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes from one step either side of now are accepted: phones' clocks drift, and people are slow. */
export const TOTP_WINDOW_STEPS = 1;
const SECRET_BYTES = 20;
const ISSUER = 'Common Ground';

export function generateTotpSecret(): Uint8Array {
	const key = new Uint8Array(SECRET_BYTES);
	crypto.getRandomValues(key);
	return key;
}

/** Upper-case base32 without padding: what authenticator apps take when typed in. */
export function encodeTotpSecret(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key);
}

/** The key a stored or submitted base32 secret stands for, or null if it is not a whole 20-byte key. */
export function decodeTotpSecret(text: string): Uint8Array | null {
	const cleaned = text.replace(/[\s-]/g, '').toUpperCase();
	if (!/^[A-Z2-7]+$/.test(cleaned)) return null;
	try {
		const key = decodeBase32IgnorePadding(cleaned);
		return key.length === SECRET_BYTES ? key : null;
	} catch {
		return null;
	}
}

export function totpStep(now: Date): number {
	return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCodeAt(key: Uint8Array, step: number): string {
	return generateHOTP(key, BigInt(step), TOTP_DIGITS);
}

/** The code an authenticator app shows at `now`. */
export function totpCode(key: Uint8Array, now = new Date()): string {
	return totpCodeAt(key, totpStep(now));
}

/** Six digits, however they were typed ("123 456", "123-456"); null for anything else. */
export function normaliseTotpCode(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * The time step whose code `code` is, within the window around `now`, or null. A step at or before
 * `lastUsedStep` never matches: each code works once, even inside its own 90 seconds.
 */
export function matchTotpStep(key: Uint8Array, code: string, now: Date, lastUsedStep: number | null): number | null {
	const typed = new TextEncoder().encode(code);
	const current = totpStep(now);
	let matched: number | null = null;
	// Every candidate is compared, in constant time, whichever matches.
	for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
		const expected = new TextEncoder().encode(totpCodeAt(key, step));
		if (constantTimeEqual(typed, expected) && matched === null) matched = step;
	}
	if (matched === null) return null;
	return lastUsedStep !== null && matched <= lastUsedStep ? null : matched;
}

/** The otpauth:// address an app reads from the QR code. */
export function totpUri(username: string, key: Uint8Array): string {
	return createTOTPKeyURI(ISSUER, username, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}
