import { ukToday } from './clock';

// "Answered by the date we promised": the same sum for young people's views and families' ratings.

export interface ReplyTimes {
	/** Those whose first reply has come or is overdue: the fair base for "answered in time". */
	due: number;
	answeredInTime: number;
	/** Not answered yet and past the date. */
	overdue: number;
}

/** Counts first replies against their due dates; ones not yet due and not answered do not count yet. */
export function countReplyTimes(
	rows: readonly { reply_due_on: string | null; first_reply_at: string | null }[],
	today: string
): ReplyTimes {
	let due = 0;
	let answeredInTime = 0;
	let overdue = 0;
	for (const row of rows) {
		const dueOn = row.reply_due_on ?? today;
		if (row.first_reply_at) {
			due += 1;
			if (ukToday(new Date(row.first_reply_at)) <= dueOn) answeredInTime += 1;
		} else if (dueOn < today) {
			due += 1;
			overdue += 1;
		}
	}
	return { due, answeredInTime, overdue };
}
