import { describe, expect, it } from 'vitest';
import { hoursFields, parseAbsence, parseContact, parseHours } from './worker';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
}

describe('parseContact', () => {
	it('takes UK phone numbers as people write them, and an email', () => {
		for (const phone of ['0161 496 0123', '+44 (0)161-496-0123', '07700900123', '']) {
			expect(parseContact(form({ phone, email: 'jo@example.org' }))).toEqual({
				values: { phone, email: 'jo@example.org' },
				errors: {}
			});
		}
	});

	it('trims what was typed and allows both to be left empty', () => {
		expect(parseContact(form({ phone: '  0161 496 0123 ', email: ' ' }))).toEqual({
			values: { phone: '0161 496 0123', email: '' },
			errors: {}
		});
		expect(parseContact(new FormData())).toEqual({ values: { phone: '', email: '' }, errors: {} });
	});

	it('refuses a phone number with letters, one too short, or one over 30 characters', () => {
		for (const phone of ['call me', '0161 ext 5', '12345', '0'.repeat(31)]) {
			expect(parseContact(form({ phone })).errors).toEqual({ phone: 'worker:profile.errors.phone' });
		}
		expect(parseContact(form({ phone: '0'.repeat(30) })).errors).toEqual({});
	});

	it('refuses an email that is not one, keeping what was typed', () => {
		expect(parseContact(form({ phone: '0161 496 0123', email: 'jo at example' }))).toEqual({
			values: { phone: '0161 496 0123', email: 'jo at example' },
			errors: { email: 'common:validation.email.invalid' }
		});
	});
});

describe('parseHours', () => {
	const works = (day: number, startsAt: string, endsAt: string) => {
		const names = hoursFields(day);
		return { [names.works]: 'yes', [names.startsAt]: startsAt, [names.endsAt]: endsAt };
	};

	it('names each weekday’s fields', () => {
		expect(hoursFields(3)).toEqual({ works: 'works-3', startsAt: 'starts-3', endsAt: 'ends-3' });
	});

	it('returns the days ticked, Monday first, whatever order the form sent them in', () => {
		const result = parseHours(form({ ...works(5, '09:00', '13:00'), ...works(1, '09:00', '17:00') }));
		expect(result.errors).toEqual({});
		expect(result.hours).toEqual([
			{ weekday: 1, startsAt: '09:00', endsAt: '17:00' },
			{ weekday: 5, startsAt: '09:00', endsAt: '13:00' }
		]);
		expect(result.values).toMatchObject({ 'works-1': 'yes', 'works-2': '', 'works-5': 'yes', 'starts-5': '09:00' });
	});

	it('ignores the times of a day that is not ticked, but keeps them in the form', () => {
		const result = parseHours(form({ 'starts-2': '25:00', 'ends-2': 'nonsense' }));
		expect(result).toEqual({
			values: expect.objectContaining({ 'works-2': '', 'starts-2': '25:00', 'ends-2': 'nonsense' }),
			errors: {},
			hours: []
		});
	});

	it('only counts a day as worked when its box says yes', () => {
		expect(parseHours(form({ 'works-3': 'on', 'starts-3': '09:00', 'ends-3': '17:00' })).hours).toEqual([]);
	});

	it('asks for real times on a day that is ticked', () => {
		const result = parseHours(form({ ...works(1, '9am', ''), ...works(2, '09:00', '24:00') }));
		expect(result.errors).toEqual({
			'starts-1': 'worker:profile.errors.time',
			'ends-1': 'worker:profile.errors.time',
			'ends-2': 'worker:profile.errors.time'
		});
	});

	it('refuses a day that ends when or before it starts', () => {
		const result = parseHours(form({ ...works(3, '17:00', '09:00'), ...works(4, '12:00', '12:00'), ...works(5, '12:00', '12:01') }));
		expect(result.errors).toEqual({
			'ends-3': 'worker:profile.errors.end_before_start',
			'ends-4': 'worker:profile.errors.end_before_start'
		});
	});

	it('does not call the end early when it is the start that is wrong', () => {
		expect(parseHours(form(works(6, 'xx', '10:00'))).errors).toEqual({ 'starts-6': 'worker:profile.errors.time' });
	});
});

describe('parseAbsence', () => {
	const TODAY = '2026-11-23';

	it('takes dates from today on, with or without cover', () => {
		expect(parseAbsence(form({ startsOn: '2026-12-01', endsOn: '2026-12-05', coverWorkerId: 'w1' }), TODAY)).toEqual({
			values: { startsOn: '2026-12-01', endsOn: '2026-12-05', coverWorkerId: 'w1' },
			errors: {}
		});
		expect(parseAbsence(form({ startsOn: TODAY, endsOn: TODAY }), TODAY)).toEqual({
			values: { startsOn: TODAY, endsOn: TODAY, coverWorkerId: '' },
			errors: {}
		});
	});

	it('allows time away that began already and has not ended (booked late, while off sick)', () => {
		expect(parseAbsence(form({ startsOn: '2026-11-20', endsOn: TODAY }), TODAY).errors).toEqual({});
	});

	it('asks for both dates, written as real dates', () => {
		expect(parseAbsence(new FormData(), TODAY).errors).toEqual({
			startsOn: 'common:validation.date.required',
			endsOn: 'common:validation.date.required'
		});
		expect(parseAbsence(form({ startsOn: '2026-02-30', endsOn: '1/12/2026' }), TODAY).errors).toEqual({
			startsOn: 'common:validation.date.invalid',
			endsOn: 'common:validation.date.invalid'
		});
	});

	it('refuses time away that is already over', () => {
		expect(parseAbsence(form({ startsOn: '2026-11-01', endsOn: '2026-11-22' }), TODAY).errors).toEqual({
			endsOn: 'worker:profile.errors.absence_past'
		});
	});

	it('refuses an end before the start', () => {
		expect(parseAbsence(form({ startsOn: '2026-12-05', endsOn: '2026-12-01' }), TODAY).errors).toEqual({
			endsOn: 'worker:profile.errors.end_before_start_date'
		});
	});

	it('takes bookings up to 732 days ahead and no further', () => {
		// 2026-11-23 + 732 days = 2028-11-24 (29 February 2028 is on the way).
		expect(parseAbsence(form({ startsOn: '2028-11-20', endsOn: '2028-11-24' }), TODAY).errors).toEqual({});
		expect(parseAbsence(form({ startsOn: '2028-11-20', endsOn: '2028-11-25' }), TODAY).errors).toEqual({
			endsOn: 'worker:profile.errors.too_far'
		});
	});
});
