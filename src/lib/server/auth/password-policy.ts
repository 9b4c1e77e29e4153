import { LIMITS } from '$lib/validation/forms';
// Bundled with the server code (no file to find at run time, no network): the list ships in the repo.
import commonPasswordList from './common-passwords.txt?raw';

// What a chosen password must be (NIST SP 800-63B): long enough, not too long to hash, and not one
// that people guess first. No rules about digits, capitals or symbols: they push people towards
// "Password1!" and do not make guessing harder. Spaces, emoji and any script are welcome.

/** The portal's own name, which is among the first things anyone would guess here. */
const PORTAL_NAME = /^common[\s._-]*ground\d*$/;

let commonPasswords: ReadonlySet<string> | undefined;

/** The shipped list as a set, read once on first use (lines starting "# " are notes). */
export function commonPasswordSet(): ReadonlySet<string> {
	commonPasswords ??= new Set(
		commonPasswordList
			.split(/\r?\n/)
			.filter((line) => line !== '' && !line.startsWith('# '))
			.map((line) => line.trim().toLowerCase())
	);
	return commonPasswords;
}

/** Length as a person counts it: an accented letter or an emoji is one character. */
export function passwordLength(password: string): number {
	return [...password.normalize('NFC')].length;
}

export interface PasswordContext {
	/** The username the password goes with; a password that is just the username is refused. */
	username?: string;
}

/**
 * Why a newly chosen password cannot be used, as an i18n key, or undefined when it is fine. The one
 * check for every place a password is chosen.
 */
export function newPasswordError(password: string, context: PasswordContext = {}): string | undefined {
	if (!password) return 'common:validation.password.required';
	const length = passwordLength(password);
	if (length < LIMITS.password.min) return 'common:validation.password.too_short';
	if (length > LIMITS.password.max) return 'common:validation.password.too_long';

	// Compared as people misremember them: any case, spaces around it ignored.
	const guessable = password.normalize('NFC').trim().toLowerCase();
	const username = context.username?.trim().toLowerCase();
	if (username && guessable === username) return 'common:validation.password.same_as_username';
	if (
		new Set(guessable).size <= 1 ||
		PORTAL_NAME.test(guessable) ||
		commonPasswordSet().has(guessable)
	) {
		return 'common:validation.password.too_common';
	}
	return undefined;
}

/** A chosen password was refused; `key` is the i18n key that says why. */
export class PasswordRejectedError extends Error {
	constructor(public readonly key: string) {
		super(key);
		this.name = 'PasswordRejectedError';
	}
}

/** Throws PasswordRejectedError unless `password` may be chosen. */
export function assertNewPasswordAllowed(password: string, context: PasswordContext = {}): void {
	const error = newPasswordError(password, context);
	if (error) throw new PasswordRejectedError(error);
}
