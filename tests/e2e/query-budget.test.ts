import { inject } from 'vitest';
import { describe, expect, test } from 'vitest';
import { QUERY_COUNT_HEADER } from '../../src/lib/server/db/query-count';
import type { Actor } from './support/accounts';
import { request } from './support/http';

// How many database queries a page makes, everything counted: the session, the access check, the
// page's own reads and the audit trail's write. The plan page is what families open most, on old
// phones and at city scale, so it has a budget of 6 (issue 10); a page that gains a query per goal
// or per family would show here before it shows in the benchmark.

const demo = inject('demo');

/**
 * The queries one page made. A session's last-used time is written at most once a minute, so of
 * two answers in a row at most one carries that write: the smaller count is the page's own.
 */
async function queriesFor(actor: Actor, path: string): Promise<number> {
	const counts: number[] = [];
	for (let i = 0; i < 2; i++) {
		const response = await request(actor, path);
		expect(response.status, `${actor} ${path}`).toBe(200);
		await response.arrayBuffer();
		const header = response.headers.get(QUERY_COUNT_HEADER);
		expect(header, `${path} says how many queries it made`).toMatch(/^\d+$/);
		counts.push(Number(header));
	}
	return Math.min(...counts);
}

describe('queries per page', () => {
	const planPage = `/family/${demo.familyA}/plan`;

	test.each<[Actor, number]>([
		// The parent and the young person: session, membership, plan header, people, goals with
		// their actions, check-ins and agreements in one query, and the requests the actions carry.
		['amira', 6],
		['leo', 6],
		// Staff opening a family's plan also write it to the audit trail.
		['jo', 7]
	])('the plan page as %s makes at most %i', async (actor, budget) => {
		const queries = await queriesFor(actor, planPage);
		console.log(`queries: the plan page as ${actor}: ${queries} (budget ${budget})`);
		expect(queries).toBeLessThanOrEqual(budget);
		// At least the session and the plan: a count of nothing would mean nothing was counted.
		expect(queries).toBeGreaterThanOrEqual(3);
	});

	test('the count is the same for a plan of another size: no query per goal or per action', async () => {
		// The Hassans' plan and the Kowalskis' differ in goals, actions and check-ins.
		const hassan = await queriesFor('amira', planPage);
		const kowalski = await queriesFor('dan', `/family/${demo.familyB}/plan`);
		expect(kowalski).toBe(hassan);
	});
});
