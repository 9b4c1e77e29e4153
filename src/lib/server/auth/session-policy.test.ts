import { describe, expect, it } from 'vitest';
import { FAMILY_LIMITS, STAFF_LIMITS, isExpired, limitsFor, sessionDeadlines, shouldTouch, staffIdleOverrideMs } from './session-policy';

const T0 = new Date('2026-11-23T09:00:00.000Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('session policy', () => {
	it('gives staff 30 minutes idle and 12 hours in all, and families 30 days sliding within 90', () => {
		for (const role of ['worker', 'manager', 'admin'] as const) expect(limitsFor(role)).toEqual({ idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE });
		for (const role of ['parent_carer', 'young_person'] as const) expect(limitsFor(role)).toEqual({ idleMs: 30 * 24 * 60 * MINUTE, absoluteMs: 90 * 24 * 60 * MINUTE });
	});

	it('takes the earlier deadline, and says whether using the session can still move it', () => {
		const fresh = sessionDeadlines(STAFF_LIMITS, T0, at(MINUTE));
		expect(fresh).toEqual({ idleExpiresAt: at(31 * MINUTE), absoluteExpiresAt: at(720 * MINUTE), expiresAt: at(31 * MINUTE), extendable: true });
		const late = sessionDeadlines(STAFF_LIMITS, T0, at(700 * MINUTE));
		expect(late).toMatchObject({ expiresAt: at(720 * MINUTE), extendable: false });
		expect(sessionDeadlines(FAMILY_LIMITS, T0, T0).expiresAt).toEqual(at(30 * 24 * 60 * MINUTE));
	});

	it('ends a session at its deadline exactly, not a millisecond before', () => {
		const d = sessionDeadlines(STAFF_LIMITS, T0, T0);
		expect(isExpired(d, at(30 * MINUTE - 1))).toBe(false);
		expect(isExpired(d, at(30 * MINUTE))).toBe(true);
	});

	it('writes a use down once a minute at most', () => {
		expect(shouldTouch(T0, at(MINUTE - 1))).toBe(false);
		expect(shouldTouch(T0, at(MINUTE))).toBe(true);
	});

	it('takes the test-only staff idle limit from the environment only when set, and only a whole number', () => {
		expect(staffIdleOverrideMs({})).toBeUndefined();
		expect(staffIdleOverrideMs({ CG_TEST_STAFF_IDLE_MINUTES: '' })).toBeUndefined();
		expect(staffIdleOverrideMs({ CG_TEST_STAFF_IDLE_MINUTES: '90' })).toBe(90 * MINUTE);
		expect(() => staffIdleOverrideMs({ CG_TEST_STAFF_IDLE_MINUTES: 'lots' })).toThrow();
		expect(limitsFor('worker', 90 * MINUTE).idleMs).toBe(90 * MINUTE);
		// Families never idle out in minutes, whatever a test server says.
		expect(limitsFor('parent_carer', 90 * MINUTE)).toEqual(FAMILY_LIMITS);
	});
});
