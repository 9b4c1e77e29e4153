import { fail, redirect } from '@sveltejs/kit';
import { ukToday } from '$lib/server/clock';
import { isStaffOf, requireService, requireServiceStaff } from '$lib/server/policy';
import { RatingRuleError, addChange, listFeedback, listServiceChanges } from '$lib/server/ratings/ratings.service';
import { hasErrors } from '$lib/validation/forms';
import { parseChange } from '$lib/validation/ratings';
import type { Actions, PageServerLoad } from './$types';

// "You said, we did" is public like the directory: what changed, and the words that led to it,
// never who said them.
export const load: PageServerLoad = async ({ locals, params }) => {
	const service = await requireService(locals, params.serviceId);
	const [changes, isStaff] = await Promise.all([
		listServiceChanges(locals.db, service.id),
		isStaffOf(locals, service.id)
	]);
	// The service's staff link a new change to the ratings that led to it (the newest page of them).
	const ratings = isStaff && locals.user ? (await listFeedback(locals.db, service.id, locals.user.id)).ratings : [];
	return {
		service: { id: service.id, name: service.name },
		changes,
		isStaff,
		ratings,
		values: { you_said: '', we_did: '', made_on: ukToday(), ratings: [] as string[] }
	};
};

export const actions = {
	add: async ({ locals, params, request }) => {
		const { user, service } = await requireServiceStaff(locals, params.serviceId);
		const { values, errors, input } = parseChange(await request.formData());
		if (hasErrors(errors) || !input) return fail(400, { values, errors });
		try {
			await addChange(locals.db, service.id, user.id, input);
		} catch (error) {
			if (error instanceof RatingRuleError) return fail(400, { values, errors: { ratings: 'services:changes.errors.ratings' } });
			throw error;
		}
		redirect(303, `/services/${service.id}/you-said-we-did?added=1`);
	}
} satisfies Actions;
