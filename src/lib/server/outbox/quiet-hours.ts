import { ukToday, addDays } from '../clock';

// Quiet hours are in UK local time, as the person lives them: "not between 21:00 and 08:00" means
// the same on a winter night and a summer one, whatever UTC says.

const UK_TIME = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: string): boolean {
	return HH_MM.test(value);
}

function minutesOf(time: string): number {
	const match = HH_MM.exec(time);
	if (!match) throw new Error(`not a HH:MM time: ${time}`);
	return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since UK midnight at `at` (a wall clock: 0 to 1439). */
function ukMinutes(at: Date): number {
	return minutesOf(UK_TIME.format(at));
}

/** The instant the UK wall clock reads `time` on the UK date `date`. */
export function ukInstant(date: string, time: string): Date {
	const wanted = minutesOf(time);
	// Start from the time read as UTC, then step back by London's offset (0 or 60 minutes).
	const asUtc = new Date(`${date}T${time}:00Z`);
	for (const offset of [0, 60]) {
		const candidate = new Date(asUtc.getTime() - offset * 60_000);
		if (ukToday(candidate) === date && ukMinutes(candidate) === wanted) return candidate;
	}
	// A time the clocks skip (01:30 on the last Sunday of March): the first minute after the gap.
	return new Date(asUtc.getTime());
}

export interface QuietHours {
	from: string;
	until: string;
}

/** Whether `at` falls within the quiet hours: from inclusive, until exclusive; may cross midnight. */
export function isQuiet(at: Date, quiet: QuietHours): boolean {
	const from = minutesOf(quiet.from);
	const until = minutesOf(quiet.until);
	if (from === until) return false;
	const now = ukMinutes(at);
	return from < until ? now >= from && now < until : now >= from || now < until;
}

/**
 * The earliest instant at or after `at` outside the quiet hours: `at` itself when it is not quiet,
 * otherwise the next time the clock reads `until`.
 */
export function nextSendableTime(at: Date, quiet: QuietHours | null): Date {
	if (!quiet || !isQuiet(at, quiet)) return at;
	const today = ukToday(at);
	const untilToday = ukInstant(today, quiet.until);
	return untilToday.getTime() > at.getTime() ? untilToday : ukInstant(addDays(today, 1), quiet.until);
}
