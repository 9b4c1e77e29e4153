import { getFamilyWorkerHistory } from '$lib/server/handovers/handovers.service';
import { requireFamilyAccess } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	return {
		history: await getFamilyWorkerHistory(locals.db, params.familyId),
		familyId: params.familyId,
		viewer: access.relation === 'member' ? 'family' : 'worker'
	} as const;
};
