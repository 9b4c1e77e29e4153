import { describe, expect, it } from 'vitest';
import { countReplyTimes } from './reply-times';

// "Answered by the date we promised", for young people's views and families' ratings alike: a
// first reply counts on the UK date it came; one not answered counts only once its date has passed.

const TODAY = '2026-11-23';

const answered = (reply_due_on: string | null, first_reply_at: string) => ({ reply_due_on, first_reply_at });
const waiting = (reply_due_on: string | null) => ({ reply_due_on, first_reply_at: null });

describe('countReplyTimes', () => {
	it('counts nothing when there is nothing', () => {
		expect(countReplyTimes([], TODAY)).toEqual({ due: 0, answeredInTime: 0, overdue: 0 });
	});

	it('counts a first reply on or before its date as in time, and one after it as late', () => {
		expect(countReplyTimes([answered('2026-11-20', '2026-11-18T10:00:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
		expect(countReplyTimes([answered('2026-11-20', '2026-11-20T16:59:59.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
		expect(countReplyTimes([answered('2026-11-20', '2026-11-21T09:00:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 0, overdue: 0 });
	});

	it('counts a reply answered ahead of its date even when the date is still to come', () => {
		expect(countReplyTimes([answered('2026-11-30', '2026-11-23T09:00:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
	});

	it('takes the UK date of the reply: in summer 23:30 UTC is already the next day', () => {
		// 00:30 on 9 July in the UK: a day late.
		expect(countReplyTimes([answered('2026-07-08', '2026-07-08T23:30:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 0, overdue: 0 });
		expect(countReplyTimes([answered('2026-07-08', '2026-07-08T22:30:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
		// In winter the UK keeps UTC: 23:30 on the due date is still in time.
		expect(countReplyTimes([answered('2026-12-01', '2026-12-01T23:30:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
	});

	it('counts one not answered as overdue only once its date has gone by', () => {
		expect(countReplyTimes([waiting('2026-11-22')], TODAY)).toEqual({ due: 1, answeredInTime: 0, overdue: 1 });
		// Due today, or later: not yet due, so not in the base either.
		expect(countReplyTimes([waiting(TODAY)], TODAY)).toEqual({ due: 0, answeredInTime: 0, overdue: 0 });
		expect(countReplyTimes([waiting('2026-11-30')], TODAY)).toEqual({ due: 0, answeredInTime: 0, overdue: 0 });
	});

	it('treats a missing due date as due today: counted once answered, never overdue', () => {
		expect(countReplyTimes([waiting(null)], TODAY)).toEqual({ due: 0, answeredInTime: 0, overdue: 0 });
		expect(countReplyTimes([answered(null, '2026-11-23T10:00:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 1, overdue: 0 });
		expect(countReplyTimes([answered(null, '2026-11-24T10:00:00.000Z')], TODAY)).toEqual({ due: 1, answeredInTime: 0, overdue: 0 });
	});

	it('adds them up', () => {
		const rows = [
			answered('2026-11-10', '2026-11-09T10:00:00.000Z'),
			answered('2026-11-10', '2026-11-10T10:00:00.000Z'),
			answered('2026-11-10', '2026-11-12T10:00:00.000Z'),
			waiting('2026-11-01'),
			waiting('2026-11-20'),
			waiting(TODAY),
			waiting('2026-11-27')
		];
		expect(countReplyTimes(rows, TODAY)).toEqual({ due: 5, answeredInTime: 2, overdue: 2 });
		// A week later, the two still waiting have passed their dates too.
		expect(countReplyTimes(rows, '2026-11-30')).toEqual({ due: 7, answeredInTime: 2, overdue: 4 });
	});
});
