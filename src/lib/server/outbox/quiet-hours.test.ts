import { describe, expect, it } from 'vitest';
import { isQuiet, nextSendableTime, ukInstant } from './quiet-hours';

const NIGHT = { from: '21:00', until: '08:00' };

describe('quiet hours, in UK local time', () => {
	it('reads the wall clock in winter (GMT) and summer (BST)', () => {
		expect(ukInstant('2026-01-15', '08:00').toISOString()).toBe('2026-01-15T08:00:00.000Z');
		expect(ukInstant('2026-07-15', '08:00').toISOString()).toBe('2026-07-15T07:00:00.000Z');
	});

	it('knows the day the clocks change', () => {
		// 29 March 2026: 01:00 GMT becomes 02:00 BST.
		expect(ukInstant('2026-03-29', '08:00').toISOString()).toBe('2026-03-29T07:00:00.000Z');
		// 25 October 2026: 02:00 BST becomes 01:00 GMT.
		expect(ukInstant('2026-10-25', '08:00').toISOString()).toBe('2026-10-25T08:00:00.000Z');
	});

	it('is quiet across midnight, from inclusive and until exclusive', () => {
		expect(isQuiet(new Date('2026-01-15T20:59:00Z'), NIGHT)).toBe(false);
		expect(isQuiet(new Date('2026-01-15T21:00:00Z'), NIGHT)).toBe(true);
		expect(isQuiet(new Date('2026-01-16T03:00:00Z'), NIGHT)).toBe(true);
		expect(isQuiet(new Date('2026-01-16T07:59:00Z'), NIGHT)).toBe(true);
		expect(isQuiet(new Date('2026-01-16T08:00:00Z'), NIGHT)).toBe(false);
		// 20:30 UTC in July is 21:30 in London.
		expect(isQuiet(new Date('2026-07-15T20:30:00Z'), NIGHT)).toBe(true);
	});

	it('is quiet within a daytime span too, and never when from equals until', () => {
		const school = { from: '09:00', until: '15:30' };
		expect(isQuiet(new Date('2026-01-15T10:00:00Z'), school)).toBe(true);
		expect(isQuiet(new Date('2026-01-15T16:00:00Z'), school)).toBe(false);
		expect(isQuiet(new Date('2026-01-15T10:00:00Z'), { from: '10:00', until: '10:00' })).toBe(false);
	});

	it('holds a message until the quiet hours end, the same night or the next morning', () => {
		expect(nextSendableTime(new Date('2026-01-15T22:10:00Z'), NIGHT).toISOString()).toBe('2026-01-16T08:00:00.000Z');
		expect(nextSendableTime(new Date('2026-01-16T02:10:00Z'), NIGHT).toISOString()).toBe('2026-01-16T08:00:00.000Z');
		const noon = new Date('2026-01-16T12:00:00Z');
		expect(nextSendableTime(noon, NIGHT)).toBe(noon);
		expect(nextSendableTime(noon, null)).toBe(noon);
	});
});
