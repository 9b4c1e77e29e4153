// Dates as the families live them: the portal serves families in the UK, so "today" (which
// decides what is overdue, who is away and when a handover happens) is the date in Europe/London.

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date where the families are (YYYY-MM-DD). */
export function ukToday(now = new Date()): string {
	return UK_DATE.format(now);
}

/** A YYYY-MM-DD date moved by whole days. */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

// Bank holidays in England and Wales (GOV.UK's published list, including substitute days), which
// are not working days. Add each new year's dates when GOV.UK publishes them; a year missing here
// counts only weekends as days off.
const BANK_HOLIDAYS = new Set([
	'2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
	'2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
	'2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
	'2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'
]);

/** Monday to Friday, and not a bank holiday. */
export function isWorkingDay(date: string): boolean {
	const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
	return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(date);
}

/** The date `days` working days after `date` ("reply within 5 working days" from a Friday is the next Friday). */
export function addWorkingDays(date: string, days: number): string {
	let current = date;
	let left = days;
	while (left > 0) {
		current = addDays(current, 1);
		if (isWorkingDay(current)) left -= 1;
	}
	return current;
}

/** The instant the UK day `date` (YYYY-MM-DD) begins: midnight in London, GMT or BST. */
export function ukMidnight(date: string): Date {
	const utcMidnight = new Date(`${date}T00:00:00Z`);
	// In summer, London's midnight is 23:00 UTC the day before.
	const hourEarlier = new Date(utcMidnight.getTime() - 60 * 60 * 1000);
	return ukToday(hourEarlier) === date ? hourEarlier : utcMidnight;
}
