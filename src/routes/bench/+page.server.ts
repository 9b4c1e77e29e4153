import { error } from '@sveltejs/kit';
import { benchPageEnabled, getBaselineFigures } from '$lib/server/bench/bench.service';
import type { PageServerLoad } from './$types';

// Deny by default: without CG_BENCH=1 this page does not exist.
export const load: PageServerLoad = async ({ locals }) => {
	if (!benchPageEnabled()) error(404, 'not_found');
	return { figures: await getBaselineFigures(locals.db) };
};
