import { error } from '@sveltejs/kit';
import { planViewer } from '$lib/server/plans/plan-http';
import { getPlanView } from '$lib/server/plans/plan-view.service';
import { requireFamilyAccess } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const plan = await getPlanView(locals.db, params.familyId);
	if (!plan) error(404, 'not_found');
	// On hold, the plan is read only: no links to forms the policy would refuse.
	const viewer = { ...planViewer(access), canEdit: planViewer(access).canEdit && !plan.restricted };
	return { plan, viewer };
};
