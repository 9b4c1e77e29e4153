import { error } from '@sveltejs/kit';
import { planViewer } from '$lib/server/plans/plan-http';
import { getPlanView, toPlanPage } from '$lib/server/plans/plan-view.service';
import { requestViewerFor, requireFamilyAccess } from '$lib/server/policy';
import { actionRequestStatuses } from '$lib/server/requests/requests.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const plan = await getPlanView(locals.db, params.familyId);
	if (!plan) error(404, 'not_found');
	// On hold, the plan is read only: no links to forms the policy would refuse.
	const viewer = { ...planViewer(access), canEdit: planViewer(access).canEdit && !plan.restricted };
	// The request for help each action carries out, for the family member who may see it and the lead worker.
	const sees = requestViewerFor(access);
	const actionRequests = sees ? await actionRequestStatuses(locals.db, params.familyId, sees.viewer) : {};
	return { plan: toPlanPage(plan), viewer, actionRequests };
};
