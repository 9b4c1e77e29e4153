import { requireServiceRequests, seesWaitingTimes } from '$lib/server/policy';
import { listServiceRequests, waitingTimes } from '$lib/server/requests/requests.service';
import type { PageServerLoad } from './$types';

// The requests families made to this service, for its staff; managers also see how long families
// waited, month by month.
export const load: PageServerLoad = async ({ locals, params }) => {
	const { user, service } = await requireServiceRequests(locals, params.serviceId);
	const now = new Date();
	const [requests, waits] = await Promise.all([
		listServiceRequests(locals.db, service.id, now),
		seesWaitingTimes(user) ? waitingTimes(locals.db, service.id, now) : Promise.resolve(null)
	]);
	const open = requests.filter((r) => r.status === 'waiting' || r.status === 'question');
	const closed = requests.filter((r) => r.status === 'accepted' || r.status === 'declined').reverse().slice(0, 20);
	// Staff read the family's words on the request's own page; the lists say only who and how long.
	const brief = (r: (typeof requests)[number]) => ({
		id: r.id,
		askerName: r.askerName,
		status: r.status,
		createdAt: r.createdAt,
		decidedAt: r.decidedAt,
		daysWaited: r.daysWaited
	});
	return { service: { id: service.id, name: service.name }, open: open.map(brief), closed: closed.map(brief), waits };
};
