import { error } from '@sveltejs/kit';
import { getPlanHistory } from '$lib/server/plans/plan-view.service';
import { requireFamilyAccess } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	await requireFamilyAccess(locals, params.familyId, 'read');
	const goalId = url.searchParams.get('goal') ?? undefined;
	const entries = await getPlanHistory(locals.db, params.familyId, goalId);
	if (!entries) error(404, 'not_found');
	return { familyId: params.familyId, goalId: goalId ?? null, entries };
};
