import { error } from '@sveltejs/kit';
import { getDirectoryEntry } from '$lib/server/directory/directory.service';
import { requireService } from '$lib/server/policy';
import { serviceRatingsPanel } from '$lib/server/ratings/ratings.service';
import { ASKER_ROLES } from '$lib/requests/requests';
import { statusTakesRatings } from '$lib/ratings/ratings';
import type { PageServerLoad } from './$types';

// A service's entry in the directory: public, like the search. The ratings part depends on who is
// looking: figures for everyone, their own ratings and the replies for the family who wrote them.
export const load: PageServerLoad = async ({ locals, params }) => {
	const service = await requireService(locals, params.serviceId);
	const [entry, ratings] = await Promise.all([
		getDirectoryEntry(locals.db, service.id),
		serviceRatingsPanel(
			locals.db,
			{ id: service.id, status: service.status, ratingReplyDays: service.rating_reply_days },
			locals.user ? { id: locals.user.id, role: locals.user.role } : null
		)
	]);
	if (!entry) error(404, 'not_found');
	// Families see a way to ask for help; the ask page checks the rest (their family, the service's staff).
	const canAsk = locals.user !== null && (ASKER_ROLES as readonly string[]).includes(locals.user.role) && statusTakesRatings(service.status);
	return { entry, ratings, canAsk };
};
