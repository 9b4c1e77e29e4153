import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/seed';
import {
	PasswordRejectedError,
	assertNewPasswordAllowed,
	commonPasswordSet,
	newPasswordError,
	passwordLength
} from './password-policy';

const TOO_SHORT = 'common:validation.password.too_short';
const TOO_LONG = 'common:validation.password.too_long';
const TOO_COMMON = 'common:validation.password.too_common';

describe('the common-password list', () => {
	const list = commonPasswordSet();

	it(`ships ${list.size} passwords, lower case and trimmed, at least 3,000`, () => {
		console.info(`common-passwords.txt: ${list.size} passwords`);
		expect(list.size).toBeGreaterThanOrEqual(3000);
		for (const entry of list) expect(entry).toBe(entry.trim().toLowerCase());
		expect(list.has('password')).toBe(true);
	});

	it('has no duplicates and no notes among the passwords', async () => {
		const { default: text } = await import('./common-passwords.txt?raw');
		const lines = text.split('\n').filter((line) => line !== '');
		const notes = lines.filter((line) => line.startsWith('# '));
		expect(notes.join(' ')).toMatch(/SecLists.*commit [0-9a-f]{40}.*MIT/s);
		expect(lines.length - notes.length).toBe(list.size);
		expect(list.has('# the 10,000 most common passwords, one a line, lower case.')).toBe(false);
	});

	it('is read once', () => {
		expect(commonPasswordSet()).toBe(list);
	});
});

describe('newPasswordError', () => {
	it('needs a password', () => {
		expect(newPasswordError('')).toBe('common:validation.password.required');
	});

	it('needs 8 characters and allows up to 256', () => {
		expect(newPasswordError('tulip42')).toBe(TOO_SHORT);
		expect(newPasswordError('tulip42x')).toBeUndefined();
		expect(newPasswordError('blue kettle on a slow train to '.padEnd(64, 'z'))).toBeUndefined();
		expect(newPasswordError('y'.repeat(199) + 'z')).toBeUndefined();
		expect(newPasswordError('x'.repeat(255) + 'z')).toBeUndefined();
		expect(newPasswordError('x'.repeat(256) + 'z')).toBe(TOO_LONG);
	});

	it('counts an emoji or an accented letter as one character, however it was typed', () => {
		// Seven characters, though "🦊" is two UTF-16 units and the NFD "é" is two code points.
		expect(passwordLength('🦊🦊🦊🦊🦊🦊x')).toBe(7);
		expect(newPasswordError('🦊🦊🦊🦊🦊🦊x')).toBe(TOO_SHORT);
		expect(newPasswordError('🦊🦊🦊🦊🦊🦊xy')).toBeUndefined();
		expect(passwordLength('cafe\u0301')).toBe(4);
		expect(newPasswordError('cafe\u0301caf')).toBe(TOO_SHORT);
		expect(newPasswordError('🦊'.repeat(255) + 'x')).toBeUndefined();
		expect(newPasswordError('🦊'.repeat(256) + 'x')).toBe(TOO_LONG);
	});

	it('takes any characters, spaces included, with no rules about digits or capitals', () => {
		for (const password of [
			'only lower case words here',
			'ÇA VA BIEN, MERCI',
			'كلمة سر طويلة جداً',
			'پاس ورڈ میرا ہے',
			'     gap     ',
			'zażółć gęślą jaźń',
			'🦊 fox in the 🌧 rain'
		]) {
			expect(newPasswordError(password), password).toBeUndefined();
		}
	});

	it('refuses common passwords in any case and with spaces around them', () => {
		for (const password of ['password1', 'PASSWORD1 ', '  Password1', 'qwertyuiop', 'iloveyou', '12345678']) {
			expect(newPasswordError(password), password).toBe(TOO_COMMON);
		}
	});

	it("refuses the portal's name and one character repeated", () => {
		const portalNames = ['commonground', 'Common Ground', 'common-ground', 'CommonGround2026'];
		for (const password of [...portalNames, 'zzzzzzzzzzzz', '        ', '🦊🦊🦊🦊🦊🦊🦊🦊']) {
			expect(newPasswordError(password), JSON.stringify(password)).toBe(TOO_COMMON);
		}
	});

	it('refuses the username as the password', () => {
		expect(newPasswordError('amira.hassan', { username: 'amira.hassan' })).toBe(
			'common:validation.password.same_as_username'
		);
		expect(newPasswordError(' Amira.Hassan', { username: 'amira.hassan' })).toBe(
			'common:validation.password.same_as_username'
		);
		expect(newPasswordError('amira.hassan', { username: 'leo.hassan' })).toBeUndefined();
	});

	it('accepts the demo password, which the demo promises to everyone who tries it', () => {
		expect(DEMO_PASSWORD).toBe('common-ground-demo');
		expect(newPasswordError(DEMO_PASSWORD)).toBeUndefined();
		expect(newPasswordError(DEMO_PASSWORD, { username: 'demo-parent' })).toBeUndefined();
	});
});

describe('assertNewPasswordAllowed', () => {
	it('throws the reason as an i18n key, and nothing for a good password', () => {
		expect(() => assertNewPasswordAllowed('three random words')).not.toThrow();
		let thrown: unknown;
		try {
			assertNewPasswordAllowed('Password1');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(PasswordRejectedError);
		expect((thrown as PasswordRejectedError).key).toBe(TOO_COMMON);
	});
});
