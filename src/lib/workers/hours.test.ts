import { describe, expect, it } from 'vitest';
import { groupHours, isTime, type DayHours, type Weekday } from './hours';

const day = (weekday: Weekday, startsAt = '09:00', endsAt = '17:00'): DayHours => ({ weekday, startsAt, endsAt });

describe('isTime', () => {
	it('takes 24-hour HH:MM from 00:00 to 23:59', () => {
		for (const value of ['00:00', '09:00', '12:30', '19:45', '23:59']) expect(isTime(value)).toBe(true);
	});

	it('refuses anything else', () => {
		for (const value of ['', '9:00', '24:00', '23:60', '12:5', '09:00:00', ' 09:00', '09:00 ', '09.00', '9am', 'ab:cd', '-1:00']) {
			expect(isTime(value)).toBe(false);
		}
	});
});

describe('groupHours', () => {
	it('is empty for a worker with no hours', () => {
		expect(groupHours([])).toEqual([]);
	});

	it('joins consecutive days with the same hours into one span', () => {
		expect(groupHours([day(1), day(2), day(3), day(4), day(5, '09:00', '13:00')])).toEqual([
			{ firstDay: 1, lastDay: 4, startsAt: '09:00', endsAt: '17:00' },
			{ firstDay: 5, lastDay: 5, startsAt: '09:00', endsAt: '13:00' }
		]);
	});

	it('keeps days apart when a day off is between them, even with the same hours', () => {
		expect(groupHours([day(1), day(3), day(4)])).toEqual([
			{ firstDay: 1, lastDay: 1, startsAt: '09:00', endsAt: '17:00' },
			{ firstDay: 3, lastDay: 4, startsAt: '09:00', endsAt: '17:00' }
		]);
	});

	it('splits a run when only the finishing time differs', () => {
		expect(groupHours([day(2), day(3, '09:00', '17:30'), day(4)]).map((s) => [s.firstDay, s.lastDay, s.endsAt])).toEqual([
			[2, 2, '17:00'],
			[3, 3, '17:30'],
			[4, 4, '17:00']
		]);
	});

	it('sorts the days first, and leaves the caller’s list as it was', () => {
		const hours = [day(7, '10:00', '12:00'), day(2), day(6, '10:00', '12:00'), day(1)];
		const copy = structuredClone(hours);
		expect(groupHours(hours)).toEqual([
			{ firstDay: 1, lastDay: 2, startsAt: '09:00', endsAt: '17:00' },
			{ firstDay: 6, lastDay: 7, startsAt: '10:00', endsAt: '12:00' }
		]);
		expect(hours).toEqual(copy);
	});

	it('does not wrap Sunday round to Monday', () => {
		expect(groupHours([day(7), day(1)]).map((s) => [s.firstDay, s.lastDay])).toEqual([
			[1, 1],
			[7, 7]
		]);
	});

	it('makes one span of a whole week', () => {
		expect(groupHours([1, 2, 3, 4, 5, 6, 7].map((d) => day(d as Weekday, '08:00', '20:00')))).toEqual([
			{ firstDay: 1, lastDay: 7, startsAt: '08:00', endsAt: '20:00' }
		]);
	});
});
