// Working hours, shared by the server (which validates and stores them) and the pages (which show
// them). Weekdays are ISO: 1 = Monday … 7 = Sunday. Times are 'HH:MM' on the 24-hour clock.

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DayHours {
	weekday: Weekday;
	startsAt: string;
	endsAt: string;
}

/** Consecutive days with the same hours, so "Monday to Thursday, 9:00 to 17:00" reads as one line. */
export interface HoursSpan {
	firstDay: Weekday;
	lastDay: Weekday;
	startsAt: string;
	endsAt: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTime(value: string): boolean {
	return TIME.test(value);
}

export function groupHours(hours: readonly DayHours[]): HoursSpan[] {
	const sorted = [...hours].sort((a, b) => a.weekday - b.weekday);
	const spans: HoursSpan[] = [];
	for (const day of sorted) {
		const last = spans.at(-1);
		if (last && last.lastDay === day.weekday - 1 && last.startsAt === day.startsAt && last.endsAt === day.endsAt) {
			last.lastDay = day.weekday;
		} else {
			spans.push({ firstDay: day.weekday, lastDay: day.weekday, startsAt: day.startsAt, endsAt: day.endsAt });
		}
	}
	return spans;
}
