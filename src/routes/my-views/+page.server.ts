import { error, redirect } from '@sveltejs/kit';
import { findFamilyIdForMember } from '$lib/server/families/families.service';
import { requireRole } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

// "My views" in the menu: the signed-in young person's own views page.
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ['young_person']);
	const familyId = await findFamilyIdForMember(locals.db, user.id);
	if (!familyId) error(404, 'not_found');
	redirect(303, `/family/${familyId}/views`);
};
