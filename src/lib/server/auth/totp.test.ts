import { describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
	decodeTotpSecret,
	encodeTotpSecret,
	generateTotpSecret,
	matchTotpStep,
	normaliseTotpCode,
	totpCode,
	totpStep,
	totpUri
} from './totp';

// RFC 6238 appendix B: the SHA-1 test key "12345678901234567890", 8 digits there; the last 6
// digits are what a 6-digit app shows.
const RFC_KEY = new TextEncoder().encode('12345678901234567890');

describe('totp', () => {
	it('makes the codes of RFC 6238 (SHA-1, 30-second steps)', () => {
		expect(totpCode(RFC_KEY, new Date(59_000))).toBe('287082');
		expect(totpCode(RFC_KEY, new Date(1_111_111_109_000))).toBe('081804');
		expect(totpCode(RFC_KEY, new Date(1_234_567_890_000))).toBe('005924');
		expect(totpCode(RFC_KEY, new Date(2_000_000_000_000))).toBe('279037');
	});

	it('agrees with @oslojs/otp for the current time', () => {
		const key = generateTotpSecret();
		const before = totpCode(key);
		const theirs = generateTOTP(key, 30, 6);
		// Unless a step boundary passed between the two calls, they are the same code.
		expect([before, totpCode(key)]).toContain(theirs);
	});

	it('accepts a code from one step either side, and no further', () => {
		const now = new Date('2026-11-24T10:00:15Z');
		const step = totpStep(now);
		const at = (s: number) => totpCode(RFC_KEY, new Date(s * 30_000));
		expect(matchTotpStep(RFC_KEY, at(step), now, null)).toBe(step);
		expect(matchTotpStep(RFC_KEY, at(step - 1), now, null)).toBe(step - 1);
		expect(matchTotpStep(RFC_KEY, at(step + 1), now, null)).toBe(step + 1);
		expect(matchTotpStep(RFC_KEY, at(step - 2), now, null)).toBeNull();
		expect(matchTotpStep(RFC_KEY, at(step + 2), now, null)).toBeNull();
	});

	it('refuses a code from a step already used, or an earlier one', () => {
		const now = new Date('2026-11-24T10:00:15Z');
		const step = totpStep(now);
		const code = totpCode(RFC_KEY, now);
		expect(matchTotpStep(RFC_KEY, code, now, step)).toBeNull();
		expect(matchTotpStep(RFC_KEY, code, now, step + 1)).toBeNull();
		expect(matchTotpStep(RFC_KEY, code, now, step - 1)).toBe(step);
	});

	it('takes six digits however they were typed', () => {
		expect(normaliseTotpCode('123 456')).toBe('123456');
		expect(normaliseTotpCode(' 123-456 ')).toBe('123456');
		expect(normaliseTotpCode('12345')).toBeNull();
		expect(normaliseTotpCode('1234567')).toBeNull();
		expect(normaliseTotpCode('ABCD-EFGH-JKMN')).toBeNull();
	});

	it('writes secrets of 20 random bytes as base32 and reads them back', () => {
		const key = generateTotpSecret();
		const text = encodeTotpSecret(key);
		expect(text).toMatch(/^[A-Z2-7]{32}$/);
		expect(decodeTotpSecret(text)).toEqual(key);
		expect(decodeTotpSecret(text.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(key);
		expect(decodeBase32IgnorePadding(text)).toEqual(key);
		expect(decodeTotpSecret('ABC')).toBeNull();
		expect(decodeTotpSecret('0000000000000000000000000000000!')).toBeNull();
		expect(generateTotpSecret()).not.toEqual(key);
	});

	it('makes the otpauth address authenticator apps read', () => {
		const uri = new URL(totpUri('jo', RFC_KEY));
		expect(uri.protocol).toBe('otpauth:');
		expect(uri.host).toBe('totp');
		expect(uri.searchParams.get('secret')).toBe(encodeTotpSecret(RFC_KEY));
		expect(uri.searchParams.get('issuer')).toBe('Common Ground');
		expect(uri.searchParams.get('digits')).toBe('6');
		expect(uri.searchParams.get('period')).toBe('30');
		expect(uri.searchParams.get('algorithm')).toBe('SHA1');
	});
});
