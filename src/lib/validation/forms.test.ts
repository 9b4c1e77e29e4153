import { describe, expect, it } from 'vitest';
import {
	LIMITS,
	checkRequired,
	hasErrors,
	passwordField,
	textField,
	validateOneOf,
	validateOptionalEmail,
	validatePastDate,
	validateSignIn,
	validateUsername,
	type FieldErrors
} from './forms';

/** Runs one field validator on a fresh error record and returns what it wrote. */
function errorFor(validate: (errors: FieldErrors, field: string, value: string) => void, value: string) {
	const errors: FieldErrors = {};
	validate(errors, 'field', value);
	return errors.field;
}

describe('reading fields', () => {
	const form = new FormData();
	form.set('name', '  Amira  ');
	form.set('password', '  spaced  ');
	form.set('file', new Blob(['x']));

	it('trims text and treats missing or non-text fields as empty', () => {
		expect(textField(form, 'name')).toBe('Amira');
		expect(textField(form, 'missing')).toBe('');
		expect(textField(form, 'file')).toBe('');
	});

	it('keeps a password exactly as typed', () => {
		expect(passwordField(form, 'password')).toBe('  spaced  ');
		expect(passwordField(form, 'missing')).toBe('');
		expect(passwordField(form, 'file')).toBe('');
	});

	it('says whether there are errors', () => {
		expect(hasErrors({})).toBe(false);
		expect(hasErrors({ name: 'common:validation.name.required' })).toBe(true);
	});
});

describe('validateSignIn', () => {
	it('asks for both fields', () => {
		expect(validateSignIn('', '')).toEqual({
			username: 'auth:sign_in.errors.username_required',
			password: 'auth:sign_in.errors.password_required'
		});
		expect(validateSignIn('amira', '')).toEqual({ password: 'auth:sign_in.errors.password_required' });
		expect(validateSignIn('amira', 'x')).toEqual({});
	});
});

describe('checkRequired', () => {
	it('uses the given key for a missing or too long value', () => {
		const check = (value: string) => errorFor((e, f, v) => checkRequired(e, f, v, 'admin:x', 5), value);
		expect(check('')).toBe('admin:x.required');
		expect(check('123456')).toBe('admin:x.too_long');
		expect(check('12345')).toBeUndefined();
	});
});

describe('validateUsername', () => {
	it.each([
		['', 'common:validation.username.required'],
		['a', 'common:validation.username.invalid'],
		['Amira', 'common:validation.username.invalid'],
		['-amira', 'common:validation.username.invalid'],
		['am ira', 'common:validation.username.invalid'],
		['amira@home', 'common:validation.username.invalid'],
		['a'.repeat(LIMITS.username + 1), 'common:validation.username.invalid']
	])('%j → %s', (value, key) => {
		expect(errorFor(validateUsername, value)).toBe(key);
	});

	it.each(['am', 'amira', 'amira.hassan', 'leo_h-2', '7up', 'a'.repeat(LIMITS.username)])('accepts %j', (value) => {
		expect(errorFor(validateUsername, value)).toBeUndefined();
	});
});

describe('validatePastDate', () => {
	const today = new Date('2026-06-15T12:00:00.000Z');
	const check = (value: string) => errorFor((e, f, v) => validatePastDate(e, f, v, today), value);

	it('allows an empty value (the date is optional)', () => {
		expect(check('')).toBeUndefined();
	});

	it('accepts real past dates, and today', () => {
		expect(check('2011-03-01')).toBeUndefined();
		expect(check('2024-02-29')).toBeUndefined();
		expect(check('1900-01-01')).toBeUndefined();
		expect(check('2026-06-15')).toBeUndefined();
	});

	it.each([
		'2023-02-30',
		'2023-02-29',
		'2023-13-01',
		'2023-00-10',
		'2011-3-1',
		'01/03/2011',
		'2011-03-01T00:00',
		'soon'
	])('refuses %j as not a date', (value) => {
		expect(check(value)).toBe('common:validation.date.invalid');
	});

	it('refuses dates before 1900', () => {
		expect(check('1899-12-31')).toBe('common:validation.date.invalid');
	});

	it('accepts today in a time zone ahead of UTC (just after midnight in the UK in summer)', () => {
		const lateEvening = new Date('2026-06-14T23:30:00.000Z');
		const errors: FieldErrors = {};
		validatePastDate(errors, 'date', '2026-06-15', lateEvening);
		expect(errors).toEqual({});
	});

	it('refuses a date in the future', () => {
		expect(check('2026-06-17')).toBe('common:validation.date.future');
		expect(check('2999-01-01')).toBe('common:validation.date.future');
	});
});

describe('validateOneOf', () => {
	it('accepts one of the allowed values and names the key otherwise', () => {
		const errors: FieldErrors = {};
		expect(validateOneOf(errors, 'role', 'worker', ['worker', 'manager'], 'admin:role')).toBe(true);
		expect(errors).toEqual({});
		expect(validateOneOf(errors, 'role', 'admin', ['worker', 'manager'], 'admin:role')).toBe(false);
		expect(errors).toEqual({ role: 'admin:role' });
	});
});

describe('validateOptionalEmail', () => {
	it('allows empty, accepts an address and refuses what is not one', () => {
		expect(errorFor(validateOptionalEmail, '')).toBeUndefined();
		expect(errorFor(validateOptionalEmail, 'jo.bennett@familysupport.example.org')).toBeUndefined();
		for (const bad of ['jo', 'jo@', '@example.org', 'jo@example', 'jo bennett@example.org']) {
			expect(errorFor(validateOptionalEmail, bad)).toBe('common:validation.email.invalid');
		}
		const tooLong = `${'a'.repeat(LIMITS.email)}@example.org`;
		expect(errorFor(validateOptionalEmail, tooLong)).toBe('common:validation.email.invalid');
	});
});
