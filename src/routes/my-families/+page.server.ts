import { listFamiliesForWorker } from '$lib/server/families/families.service';
import { listNeedsReply, workerPromisesKept } from '$lib/server/plans/plan-view.service';
import { requireRole } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ['worker', 'manager']);
	const [families, needsReply, promises] = await Promise.all([
		listFamiliesForWorker(locals.db, user.id),
		listNeedsReply(locals.db, user.id),
		workerPromisesKept(locals.db, user.id)
	]);
	return { families, needsReply, promises };
};
