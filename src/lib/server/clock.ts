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
