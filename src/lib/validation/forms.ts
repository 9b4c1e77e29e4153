// Browser-safe form parsing and validation. Errors are i18n keys, never English, so the page shows
// them in the reader's language next to the field.

export type FieldErrors = Record<string, string>;

/** A text field's value, trimmed; '' when missing or not text. */
export function textField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** A password exactly as typed (spaces count). */
export function passwordField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

export function hasErrors(errors: FieldErrors): boolean {
	return Object.keys(errors).length > 0;
}

export const LIMITS = {
	username: 40,
	/** Characters as a person counts them; checked with the common-password list in server/auth/password-policy.ts. */
	password: { min: 8, max: 256 },
	name: 100,
	serviceName: 120,
	description: 1000,
	jobTitle: 100,
	partInPlan: 300,
	phone: 30,
	email: 254,
	inviteCode: 40,
	goalTitle: 200,
	planText: 2000,
	reason: 1000,
	actionDescription: 300,
	place: 200,
	handoverNote: 1000,
	viewText: 2000,
	viewMessage: 1000,
	ratingText: 1000,
	ratingReply: 1000,
	changeText: 1000
} as const;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export function checkRequired(errors: FieldErrors, field: string, value: string, key: string, max: number): void {
	if (value.length === 0) errors[field] = `${key}.required`;
	else if (value.length > max) errors[field] = `${key}.too_long`;
}

export function validateSignIn(username: string, password: string): FieldErrors {
	const errors: FieldErrors = {};
	if (!username) errors.username = 'auth:sign_in.errors.username_required';
	if (!password) errors.password = 'auth:sign_in.errors.password_required';
	return errors;
}

export function validateUsername(errors: FieldErrors, field: string, username: string): void {
	if (!username) errors[field] = 'common:validation.username.required';
	else if (!USERNAME.test(username)) errors[field] = 'common:validation.username.invalid';
}

const LATEST_TIME_ZONE_AHEAD_MS = 14 * 60 * 60 * 1000;

/** The date a YYYY-MM-DD string names, or null unless it is a real calendar date in that form. */
export function parseDate(value: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return null;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.toISOString().slice(0, 10) === value && date.getUTCFullYear() >= 1900 ? date : null;
}

/** A required real date written YYYY-MM-DD, such as when something is due. */
export function validateDate(errors: FieldErrors, field: string, value: string): void {
	if (!value) errors[field] = 'common:validation.date.required';
	else if (!parseDate(value) || value > '2199-12-31') errors[field] = 'common:validation.date.invalid';
}

/** A real calendar date written YYYY-MM-DD (what a date input sends), not in the future. */
export function validatePastDate(errors: FieldErrors, field: string, value: string, today = new Date()): void {
	if (!value) return;
	const date = parseDate(value);
	if (!date) {
		errors[field] = 'common:validation.date.invalid';
	} else if (date.getTime() > today.getTime() + LATEST_TIME_ZONE_AHEAD_MS) {
		// Compared generously: "today" somewhere in the UK (or any time zone) is never "the future".
		errors[field] = 'common:validation.date.future';
	}
}

export function validateOneOf<T extends string>(
	errors: FieldErrors,
	field: string,
	value: string,
	allowed: readonly T[],
	key: string
): value is T {
	if (!allowed.includes(value as T)) {
		errors[field] = key;
		return false;
	}
	return true;
}

export function validateOptionalEmail(errors: FieldErrors, field: string, value: string): void {
	if (!value) return;
	if (value.length > LIMITS.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
		errors[field] = 'common:validation.email.invalid';
	}
}

/** The field errors a failed form action sent back, if any (for the page to show). */
export function formErrors(form: unknown): FieldErrors | undefined {
	return form && typeof form === 'object' && 'errors' in form ? (form.errors as FieldErrors) : undefined;
}

/** Values that some error messages need, such as how many seconds to wait. */
export function formErrorValues(form: unknown): Record<string, unknown> | undefined {
	return form && typeof form === 'object' && 'errorValues' in form
		? (form.errorValues as Record<string, unknown>)
		: undefined;
}
