import { afterEach, describe, expect, it } from 'vitest';
import { formatDay, formatTime, formatWeekday } from './format';

// Whatever the ICU build puts between a time and "AM" (a space, a no-break or narrow no-break
// space) reads the same; compare with plain spaces.
const plain = (text: string) => text.replace(/\s/g, ' ');

const WEEK = [1, 2, 3, 4, 5, 6, 7];

describe('formatWeekday', () => {
	it('names the days Monday (1) to Sunday (7) in English', () => {
		expect(WEEK.map((d) => formatWeekday('en-GB', d))).toEqual([
			'Monday',
			'Tuesday',
			'Wednesday',
			'Thursday',
			'Friday',
			'Saturday',
			'Sunday'
		]);
	});

	it('names them in Welsh', () => {
		expect(WEEK.map((d) => formatWeekday('cy', d))).toEqual([
			'Dydd Llun',
			'Dydd Mawrth',
			'Dydd Mercher',
			'Dydd Iau',
			'Dydd Gwener',
			'Dydd Sadwrn',
			'Dydd Sul'
		]);
	});

	it('names them in Urdu', () => {
		expect(WEEK.map((d) => formatWeekday('ur', d))).toEqual(['پیر', 'منگل', 'بدھ', 'جمعرات', 'جمعہ', 'ہفتہ', 'اتوار']);
	});

	it('names them in Easy Read as in English', () => {
		expect(WEEK.map((d) => formatWeekday('en-GB-x-easy', d))).toEqual(WEEK.map((d) => formatWeekday('en-GB', d)));
	});
});

describe('formatTime', () => {
	const TIMES = ['00:00', '09:00', '12:30', '13:05', '17:30', '23:59'];

	it('uses the 24-hour clock in English and Welsh', () => {
		expect(TIMES.map((t) => formatTime('en-GB', t))).toEqual(['0:00', '9:00', '12:30', '13:05', '17:30', '23:59']);
		expect(TIMES.map((t) => formatTime('cy', t))).toEqual(['0:00', '9:00', '12:30', '13:05', '17:30', '23:59']);
	});

	it('uses the 12-hour clock in Urdu, with midnight as 12 AM', () => {
		expect(TIMES.map((t) => plain(formatTime('ur', t)))).toEqual([
			'12:00 AM',
			'9:00 AM',
			'12:30 PM',
			'1:05 PM',
			'5:30 PM',
			'11:59 PM'
		]);
	});
});

describe('formatDay', () => {
	it('gives the day a moment fell on in the UK, not in UTC: in summer time 23:16 UTC is already the next day', () => {
		expect(formatDay('en-GB', '2026-10-20T23:16:00.000Z')).toBe('21 October 2026');
		expect(formatDay('en-GB', '2026-11-24T23:16:00.000Z')).toBe('24 November 2026');
		// A calendar date alone is that day.
		expect(formatDay('en-GB', '2026-10-20')).toBe('20 October 2026');
	});
});

describe('independent of where the server runs', () => {
	const original = process.env.TZ;
	afterEach(() => {
		if (original === undefined) delete process.env.TZ;
		else process.env.TZ = original;
	});

	it('gives the same day and time when the server clock is far behind UTC', () => {
		// Formatters are cached per locale, so this uses one (German) that no other test here has
		// built: it is made while the process clock is 11 hours behind UTC, where 00:30 on a
		// Monday in UTC is still Sunday afternoon.
		process.env.TZ = 'Pacific/Pago_Pago';
		expect(new Date(Date.UTC(2026, 0, 5, 0, 30)).getDate()).toBe(4);
		expect([formatWeekday('de', 1), formatWeekday('de', 7), formatTime('de', '00:30'), formatTime('de', '23:30')]).toEqual([
			'Montag',
			'Sonntag',
			'0:30',
			'23:30'
		]);
	});
});
