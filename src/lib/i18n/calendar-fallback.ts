// Month and weekday names for a browser that lacks a locale's calendar data. Chromium ships a
// reduced ICU without Welsh dates: `Intl.DateTimeFormat('cy')` there falls back to American
// English ("November 23, 2026"), and a page the server wrote in Welsh would turn English as it
// hydrates. These names are CLDR's, as Node's full ICU has them; calendar-fallback.test.ts checks
// every one, and every format built from them, against Intl on the server.

export interface CalendarNames {
	/** January … December, as in "23 Tachwedd 2026". */
	readonly months: readonly string[];
	/** Short months, as on a chart's axis: "23 Tach". */
	readonly monthsShort: readonly string[];
	/** Monday … Sunday. */
	readonly weekdays: readonly string[];
	/** What joins a date and a time: " am " in "23 Tachwedd 2026 am 14:05". */
	readonly dateTimeJoin: string;
}

export const CALENDAR_NAMES: Readonly<Record<string, CalendarNames>> = {
	cy: {
		months: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
		monthsShort: ['Ion', 'Chwef', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gorff', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag'],
		weekdays: ['Dydd Llun', 'Dydd Mawrth', 'Dydd Mercher', 'Dydd Iau', 'Dydd Gwener', 'Dydd Sadwrn', 'Dydd Sul'],
		dateTimeJoin: ' am '
	}
};

const ENGLISH_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Something with `format(date)`, as an `Intl.DateTimeFormat` is. */
export interface DateFormatter {
	format(date: Date): string;
}

/** The names to use for `locale` when this runtime cannot format it itself; null when it can. */
export function missingCalendar(locale: string): CalendarNames | null {
	const names = CALENDAR_NAMES[locale.split('-')[0]?.toLowerCase() ?? ''];
	if (!names) return null;
	return Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0 ? names : null;
}

/**
 * Formats as British English does, which orders the parts as CLDR's Welsh does (day, month, year,
 * "at" time), and puts the locale's names in place of the English ones.
 */
export function fallbackFormatter(names: CalendarNames, options: Intl.DateTimeFormatOptions): DateFormatter {
	const english = new Intl.DateTimeFormat('en-GB', options);
	const which = new Intl.DateTimeFormat('en-GB', { timeZone: options.timeZone, month: 'numeric', weekday: 'short' });
	const short = options.month === 'short';
	return {
		format(date: Date): string {
			const index = which.formatToParts(date);
			const month = Number(index.find((p) => p.type === 'month')?.value) - 1;
			const weekday = ENGLISH_WEEKDAYS.indexOf(index.find((p) => p.type === 'weekday')?.value ?? '');
			return english
				.formatToParts(date)
				.map((part) => {
					if (part.type === 'month') return (short ? names.monthsShort : names.months)[month] ?? part.value;
					if (part.type === 'weekday') return names.weekdays[weekday] ?? part.value;
					if (part.type === 'literal' && part.value === ' at ') return names.dateTimeJoin;
					return part.value;
				})
				.join('');
		}
	};
}
