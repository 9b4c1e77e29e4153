import type { Executor } from '../db';
import type { ContactChannel, Role } from '../db/schema';
import { toTimestamp } from '../ids';
import { DEFAULT_LOCALE, findLocale, type Locale } from '$lib/i18n/locales';
import { findContactPreference, findFamilyUsersWithAddress, upsertContactPreference } from './contact-preference.repository';
import { isClockTime } from './quiet-hours';

// How a person wants to hear that there is something new in Common Ground. Each person sets their
// own, on their own account page; nobody can set it for them. A young person's details are theirs
// alone: an email address or number a parent or carer in their family uses is refused (and the
// reverse), so a young person's message can never land in a parent's inbox or phone.

export const CHANNELS = ['none', 'email', 'sms'] as const satisfies readonly ContactChannel[];

export interface ContactPreference {
	channel: ContactChannel;
	email: string | null;
	phone: string | null;
	quietFrom: string | null;
	quietUntil: string | null;
	locale: Locale;
}

export const NO_PREFERENCE: ContactPreference = {
	channel: 'none',
	email: null,
	phone: null,
	quietFrom: null,
	quietUntil: null,
	locale: DEFAULT_LOCALE
};

/** What the form sent, as typed: kept and shown again when something needs fixing. */
export interface ContactPreferenceInput {
	channel: string;
	email: string;
	phone: string;
	quietFrom: string;
	quietUntil: string;
}

export type ContactPreferenceErrors = Partial<Record<keyof ContactPreferenceInput, string>>;

export class ContactPreferenceError extends Error {
	constructor(readonly errors: ContactPreferenceErrors) {
		super('contact preference refused');
		this.name = 'ContactPreferenceError';
	}
}

export async function getContactPreference(db: Executor, userId: string): Promise<ContactPreference> {
	const row = await findContactPreference(db, userId);
	if (!row) return NO_PREFERENCE;
	return {
		channel: row.channel,
		email: row.email,
		phone: row.phone,
		quietFrom: row.quiet_from,
		quietUntil: row.quiet_until,
		locale: findLocale(row.locale) ?? DEFAULT_LOCALE
	};
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address as stored and compared: trimmed and lower case. Null when it does not look like one. */
export function normaliseEmail(input: string): string | null {
	const email = input.trim().toLowerCase();
	return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/**
 * A UK mobile number as stored and compared: 07 and nine more digits. Accepts spaces, dashes,
 * brackets and the +44 or 0044 forms. Null when it is not a UK mobile number.
 */
export function normaliseUkMobile(input: string): string | null {
	let digits = input.replace(/[\s\-().]/g, '');
	if (digits.startsWith('+44')) digits = `0${digits.slice(3)}`;
	else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
	else if (digits.startsWith('44') && digits.length === 12) digits = `0${digits.slice(2)}`;
	digits = digits.replace(/^0\(?0\)?7/, '07');
	return /^07\d{9}$/.test(digits) ? digits : null;
}

interface Checked {
	channel: ContactChannel;
	email: string | null;
	phone: string | null;
	quietFrom: string | null;
	quietUntil: string | null;
}

/** Checks the form on its own; returns the clean values or the error key for each field. */
export function checkContactPreference(input: ContactPreferenceInput): { value?: Checked; errors: ContactPreferenceErrors } {
	const errors: ContactPreferenceErrors = {};
	const channel = CHANNELS.find((c) => c === input.channel);
	if (!channel) errors.channel = 'notifications:errors.channel_required';

	let email: string | null = null;
	if (input.email.trim()) {
		email = normaliseEmail(input.email);
		if (!email) errors.email = 'notifications:errors.email_invalid';
	} else if (channel === 'email') errors.email = 'notifications:errors.email_required';

	let phone: string | null = null;
	if (input.phone.trim()) {
		phone = normaliseUkMobile(input.phone);
		if (!phone) errors.phone = 'notifications:errors.phone_invalid';
	} else if (channel === 'sms') errors.phone = 'notifications:errors.phone_required';

	const from = input.quietFrom.trim();
	const until = input.quietUntil.trim();
	if (from && !isClockTime(from)) errors.quietFrom = 'notifications:errors.time_invalid';
	if (until && !isClockTime(until)) errors.quietUntil = 'notifications:errors.time_invalid';
	if (from && !until && !errors.quietFrom) errors.quietUntil = 'notifications:errors.quiet_both';
	if (until && !from && !errors.quietUntil) errors.quietFrom = 'notifications:errors.quiet_both';
	if (from && until && from === until && !errors.quietFrom && !errors.quietUntil) {
		errors.quietUntil = 'notifications:errors.quiet_same';
	}

	if (!channel || Object.keys(errors).length > 0) return { errors };
	return { value: { channel, email, phone, quietFrom: from || null, quietUntil: until || null }, errors };
}

/** The other generation in a family, whose details a person may not share; null for staff. */
function otherGeneration(role: Role): 'parent_carer' | 'young_person' | null {
	if (role === 'young_person') return 'parent_carer';
	if (role === 'parent_carer') return 'young_person';
	return null;
}

/**
 * Whether `address` is one a person of the other generation in `user`'s family has saved: a young
 * person's messages go to their own details only. Checked when saving and again when sending.
 */
export async function isSharedWithOtherGeneration(
	db: Executor,
	user: { id: string; role: Role },
	field: 'email' | 'phone',
	address: string
): Promise<boolean> {
	const other = otherGeneration(user.role);
	if (!other) return false;
	return (await findFamilyUsersWithAddress(db, user.id, other, field, address)).length > 0;
}

/** Saves the person's own choice; throws ContactPreferenceError with field error keys. */
export async function saveContactPreference(
	db: Executor,
	user: { id: string; role: Role },
	input: ContactPreferenceInput,
	locale: Locale,
	now: Date
): Promise<void> {
	const { value, errors } = checkContactPreference(input);
	if (!value) throw new ContactPreferenceError(errors);
	const sharedKey = user.role === 'young_person' ? 'with_parent' : 'with_young_person';
	if (value.email && (await isSharedWithOtherGeneration(db, user, 'email', value.email))) {
		errors.email = `notifications:errors.email_shared_${sharedKey}`;
	}
	if (value.phone && (await isSharedWithOtherGeneration(db, user, 'phone', value.phone))) {
		errors.phone = `notifications:errors.phone_shared_${sharedKey}`;
	}
	if (Object.keys(errors).length > 0) throw new ContactPreferenceError(errors);
	await upsertContactPreference(db, {
		user_id: user.id,
		channel: value.channel,
		email: value.email,
		phone: value.phone,
		quiet_from: value.quietFrom,
		quiet_until: value.quietUntil,
		locale,
		updated_at: toTimestamp(now)
	});
}
