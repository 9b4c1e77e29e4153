import { describe, expect, it } from 'vitest';
import { addDays, ukToday } from './clock';

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
