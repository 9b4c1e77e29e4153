import { requireFamilyRequests } from '$lib/server/policy';
import { listFamilyRequests } from '$lib/server/requests/requests.service';
import { findLeadName } from '$lib/server/families/families.repository';
import type { PageServerLoad } from './$types';

// The family's requests for help, each with its status and how long it has waited.
export const load: PageServerLoad = async ({ locals, params }) => {
	const { access, viewer } = await requireFamilyRequests(locals, params.familyId);
	const now = new Date();
	const [requests, leadName] = await Promise.all([
		listFamilyRequests(locals.db, access.familyId, viewer, now),
		findLeadName(locals.db, access.familyId)
	]);
	return { familyId: access.familyId, isFamily: access.relation === 'member', requests, leadName: leadName ?? null };
};
