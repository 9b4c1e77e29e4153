// Dates and numbers in the reader's language, through Intl (never hand-built strings). Formatters
// are cached per locale: building one is far slower than using it.

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const id = `${locale}|${key}`;
	let f = cache.get(id);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, options);
		cache.set(id, f);
	}
	return f;
}

/** A calendar date (YYYY-MM-DD) such as "3 March 2027", the same wherever the server runs. */
export function formatDate(locale: string, ymd: string): string {
	const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
	return formatter(locale, 'date', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A short calendar date for chart axes, such as "3 Mar". */
export function formatShortDate(locale: string, ymd: string): string {
	const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
	return formatter(locale, 'short', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
		new Date(Date.UTC(y, m - 1, d))
	);
}

/** A moment (ISO timestamp) as UK families see it: date and time in London. */
export function formatDateTime(locale: string, iso: string): string {
	return formatter(locale, 'datetime', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }).format(
		new Date(iso)
	);
}

/** The day a moment (ISO timestamp) fell on in the UK, such as "3 March 2027". */
export function formatDay(locale: string, iso: string): string {
	return formatter(locale, 'day', { dateStyle: 'long', timeZone: 'Europe/London' }).format(new Date(iso));
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
	return formatter(locale, 'weekday', { weekday: 'long', timeZone: 'UTC' }).format(
		new Date(Date.UTC(2026, 0, 4 + weekday))
	);
}

/** A wall-clock time ('HH:MM') in the reader's style, such as "9:00" (en-GB) or "9:00 AM" (ur). */
export function formatTime(locale: string, hhmm: string): string {
	const [h, m] = hhmm.split(':').map(Number) as [number, number];
	return formatter(locale, 'time', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
		new Date(Date.UTC(2026, 0, 5, h, m))
	);
}
