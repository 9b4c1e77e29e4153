// Dates and numbers in the reader's language, through Intl (never hand-built strings). Formatters
// are cached per locale: building one is far slower than using it. A browser without a locale's
// calendar (Chromium has no Welsh dates) gets CLDR's names from calendar-fallback.ts instead, so a
// page stays in Welsh after it hydrates.

import { fallbackFormatter, missingCalendar, type DateFormatter } from './calendar-fallback';

/** Every way a date or time is written in the portal. */
export const DATE_FORMATS = {
	date: { dateStyle: 'long', timeZone: 'UTC' },
	short: { day: 'numeric', month: 'short', timeZone: 'UTC' },
	datetime: { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' },
	day: { dateStyle: 'long', timeZone: 'Europe/London' },
	weekday: { weekday: 'long', timeZone: 'UTC' },
	time: { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' },
	month: { month: 'short', year: '2-digit', timeZone: 'UTC' }
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const cache = new Map<string, DateFormatter>();

function formatter(locale: string, key: keyof typeof DATE_FORMATS): DateFormatter {
	const id = `${locale}|${key}`;
	let f = cache.get(id);
	if (!f) {
		const names = missingCalendar(locale);
		const options = DATE_FORMATS[key];
		f = names ? fallbackFormatter(names, options) : new Intl.DateTimeFormat(locale, options);
		cache.set(id, f);
	}
	return f;
}

/** A month (YYYY-MM) as a chart's axis names it: "Nov 26". */
export function formatMonth(locale: string, ym: string): string {
	return formatter(locale, 'month').format(new Date(`${ym}-01T00:00:00Z`));
}

/**
 * Calendar dates already written out, per language and form: a plan names the same few dozen
 * dates many times over (check-ins, due dates, ratings, chart axes), and so does every plan of
 * the same weeks.
 */
const writtenDates = new Map<string, string>();
const WRITTEN_DATES_LIMIT = 20_000;

function writtenDate(locale: string, key: 'date' | 'short', ymd: string): string {
	const id = `${locale}|${key}|${ymd}`;
	let text = writtenDates.get(id);
	if (text === undefined) {
		const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
		text = formatter(locale, key).format(new Date(Date.UTC(y, m - 1, d)));
		if (writtenDates.size >= WRITTEN_DATES_LIMIT) writtenDates.clear();
		writtenDates.set(id, text);
	}
	return text;
}

/** A calendar date (YYYY-MM-DD) such as "3 March 2027", the same wherever the server runs. */
export function formatDate(locale: string, ymd: string): string {
	return writtenDate(locale, 'date', ymd);
}

/** A short calendar date for chart axes, such as "3 Mar". */
export function formatShortDate(locale: string, ymd: string): string {
	return writtenDate(locale, 'short', ymd);
}

/** A moment (ISO timestamp) as UK families see it: date and time in London. */
export function formatDateTime(locale: string, iso: string): string {
	return formatter(locale, 'datetime').format(
		new Date(iso)
	);
}

/** The day a moment (ISO timestamp) fell on in the UK, such as "3 March 2027". */
export function formatDay(locale: string, iso: string): string {
	return formatter(locale, 'day').format(new Date(iso));
}

const percentCache = new Map<string, Intl.NumberFormat>();

/** A share as a whole percentage, such as "80%". */
export function formatPercent(locale: string, part: number, whole: number): string {
	let f = percentCache.get(locale);
	if (!f) {
		f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
		percentCache.set(locale, f);
	}
	return f.format(whole === 0 ? 0 : part / whole);
}

/** A weekday's name (1 = Monday … 7 = Sunday), such as "Monday". */
export function formatWeekday(locale: string, weekday: number): string {
	// 5 January 2026 was a Monday.
	return formatter(locale, 'weekday').format(
		new Date(Date.UTC(2026, 0, 4 + weekday))
	);
}

/** A wall-clock time ('HH:MM') in the reader's style, such as "9:00" (en-GB) or "9:00 AM" (ur). */
export function formatTime(locale: string, hhmm: string): string {
	const [h, m] = hhmm.split(':').map(Number) as [number, number];
	return formatter(locale, 'time').format(
		new Date(Date.UTC(2026, 0, 5, h, m))
	);
}
