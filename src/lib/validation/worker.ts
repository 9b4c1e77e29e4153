import { isTime, WEEKDAYS, type DayHours } from '$lib/workers/hours';
import { LIMITS, textField, validateDate, validateOptionalEmail, type FieldErrors } from './forms';

// The worker profile's forms: contact details, a working week, and time away.

export function parseContact(form: FormData) {
	const values = { phone: textField(form, 'phone'), email: textField(form, 'email') };
	const errors: FieldErrors = {};
	if (values.phone.length > LIMITS.phone || (values.phone && !/^[0-9+()\s-]{6,}$/.test(values.phone))) {
		errors.phone = 'worker:profile.errors.phone';
	}
	validateOptionalEmail(errors, 'email', values.email);
	return { values, errors };
}

/** Field names for one weekday's row in the hours form. */
export const hoursFields = (day: number) => ({ works: `works-${day}`, startsAt: `starts-${day}`, endsAt: `ends-${day}` });

export function parseHours(form: FormData) {
	const values: Record<string, string> = {};
	const errors: FieldErrors = {};
	const hours: DayHours[] = [];
	for (const weekday of WEEKDAYS) {
		const names = hoursFields(weekday);
		const works = form.get(names.works) === 'yes';
		const startsAt = textField(form, names.startsAt);
		const endsAt = textField(form, names.endsAt);
		values[names.works] = works ? 'yes' : '';
		values[names.startsAt] = startsAt;
		values[names.endsAt] = endsAt;
		if (!works) continue;
		if (!isTime(startsAt)) errors[names.startsAt] = 'worker:profile.errors.time';
		if (!isTime(endsAt)) errors[names.endsAt] = 'worker:profile.errors.time';
		else if (isTime(startsAt) && endsAt <= startsAt) errors[names.endsAt] = 'worker:profile.errors.end_before_start';
		hours.push({ weekday, startsAt, endsAt });
	}
	return { values, errors, hours };
}

/** How far ahead time away can be booked. */
const MAX_ABSENCE_AHEAD_DAYS = 2 * 366;

export function parseAbsence(form: FormData, today: string) {
	const values = {
		startsOn: textField(form, 'startsOn'),
		endsOn: textField(form, 'endsOn'),
		coverWorkerId: textField(form, 'coverWorkerId')
	};
	const errors: FieldErrors = {};
	validateDate(errors, 'startsOn', values.startsOn);
	validateDate(errors, 'endsOn', values.endsOn);
	if (!errors.endsOn && values.endsOn < today) errors.endsOn = 'worker:profile.errors.absence_past';
	if (!errors.startsOn && !errors.endsOn && values.endsOn < values.startsOn) {
		errors.endsOn = 'worker:profile.errors.end_before_start_date';
	}
	const latest = new Date(`${today}T00:00:00Z`);
	latest.setUTCDate(latest.getUTCDate() + MAX_ABSENCE_AHEAD_DAYS);
	if (!errors.endsOn && values.endsOn > latest.toISOString().slice(0, 10)) errors.endsOn = 'worker:profile.errors.too_far';
	return { values, errors };
}
