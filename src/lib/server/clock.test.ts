import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, isWorkingDay, ukToday } from './clock';

describe('ukToday', () => {
	it('uses London time: in summer 23:30 UTC is already tomorrow', () => {
		expect(ukToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
	});

	it('in winter London is on UTC, so 23:30 UTC is still today', () => {
		expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
	});

	it('follows the clocks changing', () => {
		// British Summer Time starts at 01:00 UTC on 29 March 2026.
		expect(ukToday(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
		expect(ukToday(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
	});

	it('writes the date as YYYY-MM-DD', () => {
		expect(ukToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});
});

describe('addDays', () => {
	it('crosses month and year ends and leap days', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
	});
});

describe('isWorkingDay', () => {
	it('is Monday to Friday', () => {
		// 23 to 29 November 2026: Monday to Sunday.
		expect(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map(isWorkingDay)).toEqual([
			true,
			true,
			true,
			true,
			true,
			false,
			false
		]);
	});

	it('leaves out bank holidays in England and Wales, substitute days included', () => {
		// Christmas Day 2026 is a Friday; Boxing Day falls on a Saturday, so Monday 28th is the day off.
		expect(isWorkingDay('2026-12-24')).toBe(true);
		expect(isWorkingDay('2026-12-25')).toBe(false);
		expect(isWorkingDay('2026-12-28')).toBe(false);
		expect(isWorkingDay('2026-12-29')).toBe(true);
		// Easter 2027: Good Friday and Easter Monday.
		expect(isWorkingDay('2027-03-25')).toBe(true);
		expect(isWorkingDay('2027-03-26')).toBe(false);
		expect(isWorkingDay('2027-03-29')).toBe(false);
		expect(isWorkingDay('2027-03-30')).toBe(true);
		// New Year’s Day 2028 is a Saturday: Monday 3 January is the substitute.
		expect(isWorkingDay('2028-01-03')).toBe(false);
		expect(isWorkingDay('2028-01-04')).toBe(true);
	});

	it('counts Scottish-only holidays as working days', () => {
		// 2 January and St Andrew’s Day are bank holidays in Scotland only.
		expect(isWorkingDay('2026-11-30')).toBe(true);
		expect(isWorkingDay('2026-01-02')).toBe(true);
	});
});

describe('addWorkingDays', () => {
	it('from a Friday, five working days is the next Friday', () => {
		expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
	});

	it('from a weekend day, counts from the Monday after', () => {
		expect(addWorkingDays('2026-11-21', 5)).toBe('2026-11-27');
		expect(addWorkingDays('2026-11-22', 1)).toBe('2026-11-23');
		expect(addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
	});

	it('from a weekday, skips the weekend in between', () => {
		expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
		expect(addWorkingDays('2026-11-26', 2)).toBe('2026-11-30');
		expect(addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
	});

	it('skips Christmas, Boxing Day’s substitute and New Year’s Day', () => {
		// Wed 23 Dec 2026 + 5: Thu 24, Tue 29, Wed 30, Thu 31, Mon 4 Jan (1 Jan 2027 is a Friday bank holiday).
		expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
		expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
		// From Christmas Day itself (not a working day), the count starts after it.
		expect(addWorkingDays('2026-12-25', 1)).toBe('2026-12-29');
	});

	it('skips the Easter weekend', () => {
		// Thu 25 Mar 2027 + 1: Good Friday, the weekend and Easter Monday are all off.
		expect(addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
		expect(addWorkingDays('2027-03-25', 5)).toBe('2027-04-05');
	});

	it('crosses month and year ends, and returns the date itself for zero days', () => {
		expect(addWorkingDays('2026-11-30', 20)).toBe('2026-12-30');
		expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
		expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-28');
	});
});
