import { listFamiliesForWorker } from '$lib/server/families/families.service';
import { requireRole } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ['worker', 'manager']);
	return { families: await listFamiliesForWorker(locals.db, user.id) };
};
