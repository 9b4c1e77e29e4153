import { countByFamily, listNeedsAttention } from '$lib/server/attention/attention.service';
import { listFamiliesForWorker } from '$lib/server/families/families.service';
import { listHandoversForWorker } from '$lib/server/handovers/handovers.service';
import { workerPromisesKept } from '$lib/server/plans/plan-view.service';
import { ukToday } from '$lib/server/clock';
import { requireRole } from '$lib/server/policy';
import { listCoverFor } from '$lib/server/workers/profile.service';
import { findWorkerIdForUser } from '$lib/server/workers/workers.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ['worker', 'manager']);
	const workerId = await findWorkerIdForUser(locals.db, user.id);
	const [families, attention, promises, handovers, covering] = await Promise.all([
		listFamiliesForWorker(locals.db, user.id),
		listNeedsAttention(locals.db, user.id),
		workerPromisesKept(locals.db, user.id),
		workerId ? listHandoversForWorker(locals.db, workerId) : [],
		workerId ? listCoverFor(locals.db, workerId) : []
	]);
	return {
		families,
		attention,
		waitingByFamily: countByFamily(attention),
		promises,
		handovers,
		covering,
		workerId,
		today: ukToday()
	};
};
