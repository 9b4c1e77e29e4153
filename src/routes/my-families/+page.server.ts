import { countByFamily, listNeedsAttention } from '$lib/server/attention/attention.service';
import { listFamiliesForWorker } from '$lib/server/families/families.service';
import { listHandoversForWorker } from '$lib/server/handovers/handovers.service';
import { workerPromisesKept } from '$lib/server/plans/plan-view.service';
import { ukToday } from '$lib/server/clock';
import { requireRole } from '$lib/server/policy';
import { listCoverFor } from '$lib/server/workers/profile.service';
import { findWorkerIdForUser } from '$lib/server/workers/workers.service';
import { listNews, newsBeforeParam } from '$lib/server/news/news.service';
import { listLeadRequests } from '$lib/server/requests/requests.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, ['worker', 'manager']);
	const workerId = await findWorkerIdForUser(locals.db, user.id);
	const newsBefore = newsBeforeParam(url);
	const [families, attention, promises, handovers, covering, news, requests] = await Promise.all([
		listFamiliesForWorker(locals.db, user.id),
		listNeedsAttention(locals.db, user.id),
		workerPromisesKept(locals.db, user.id),
		workerId ? listHandoversForWorker(locals.db, workerId) : [],
		workerId ? listCoverFor(locals.db, workerId) : [],
		// What happened that is theirs to know (a request moved on). What waits on them is in
		// "needs attention" above, never here as well.
		listNews(locals.db, user.id, { before: newsBefore }),
		// Families' open requests to services, listed apart from what needs the worker's attention.
		// Those asked through the worker and not yet passed on do wait on them: they head this list
		// ("Waiting for you to pass on") rather than joining "needs attention", so each request is
		// in one place, next to the service and the family's wait.
		listLeadRequests(locals.db, user.id, new Date())
	]);
	return {
		families,
		attention,
		waitingByFamily: countByFamily(attention),
		promises,
		handovers,
		covering,
		requests: requests.map((r) => ({ id: r.id, familyId: r.familyId, familyName: r.familyName, serviceName: r.serviceName, status: r.status, createdAt: r.createdAt, daysWaited: r.daysWaited })),
		workerId,
		news,
		newsPaged: newsBefore !== null,
		today: ukToday()
	};
};
