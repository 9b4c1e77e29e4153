import { describe, expect, it } from 'vitest';
import { CALENDAR_NAMES, fallbackFormatter, missingCalendar } from './calendar-fallback';
import { DATE_FORMATS } from './format';

// The server has full ICU, so Intl there is the reference: every format the portal uses, built from
// the fallback names, must read exactly as Intl writes it, for every month and every weekday, and
// across the clocks changing (the date-time format is in London time).

const MOMENTS = [
	...Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2026, m, 14, 9, 5))),
	...Array.from({ length: 7 }, (_, d) => new Date(Date.UTC(2026, 0, 5 + d, 18, 30))),
	new Date('2026-03-29T00:30:00Z'),
	new Date('2026-03-29T01:30:00Z'),
	new Date('2026-10-25T23:59:00Z'),
	new Date('2026-12-31T23:30:00Z')
];

describe.each(Object.keys(CALENDAR_NAMES))('calendar names for %s', (locale) => {
	const names = CALENDAR_NAMES[locale]!;

	it.each(Object.entries(DATE_FORMATS))('the %s format reads as Intl writes it', (_, options) => {
		const reference = new Intl.DateTimeFormat(locale, options);
		const fallback = fallbackFormatter(names, options);
		expect(MOMENTS.map((m) => fallback.format(m))).toEqual(MOMENTS.map((m) => reference.format(m)));
	});

	it('is not used where the runtime has the locale', () => {
		expect(Intl.DateTimeFormat.supportedLocalesOf([locale])).toEqual([locale]);
		expect(missingCalendar(locale)).toBeNull();
	});

	it('can fail: a wrong name shows', () => {
		const wrong = { ...names, months: names.months.map((m, i) => (i === 10 ? 'November' : m)) };
		expect(fallbackFormatter(wrong, DATE_FORMATS.date).format(new Date(Date.UTC(2026, 10, 23)))).not.toBe(
			new Intl.DateTimeFormat(locale, DATE_FORMATS.date).format(new Date(Date.UTC(2026, 10, 23)))
		);
	});
});
