import { error } from '@sveltejs/kit';
import { getFamilyOverview } from '$lib/server/families/families.service';
import { requireFamilyAccess } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const overview = await getFamilyOverview(locals.db, params.familyId);
	if (!overview) error(404, 'not_found');
	return { overview, viewer: access.relation === 'member' ? 'family' : 'worker' } as const;
};
