import { describe, expect, it } from 'vitest';
import { delayAfterFailures } from './throttle.service';

describe('delayAfterFailures', () => {
	it('is free for the first failures, then doubles from 5 seconds', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 7].map(delayAfterFailures)).toEqual([0, 0, 0, 5, 10, 20, 40, 80]);
	});

	it('stops growing at 15 minutes', () => {
		expect([9, 10, 11, 12, 50, 1000].map(delayAfterFailures)).toEqual([320, 640, 900, 900, 900, 900]);
	});
});
