import { getFamilyOverview } from '$lib/server/families/families.service';
import { requireOwnInformation } from '$lib/server/policy';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireOwnInformation(locals, params.familyId);
	const overview = await getFamilyOverview(locals.db, params.familyId);
	if (!overview) error(404, 'not_found');
	return {
		familyId: params.familyId,
		isYoungPerson: access.user.role === 'young_person',
		restricted: Boolean(overview.family.restrictedAt)
	};
};
