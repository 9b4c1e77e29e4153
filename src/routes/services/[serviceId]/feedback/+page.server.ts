import { fail, redirect } from '@sveltejs/kit';
import { ukToday } from '$lib/server/clock';
import { requireFeedbackReading, requireRatingReply } from '$lib/server/policy';
import { listFeedback, markRepliesSeen, replyToRating } from '$lib/server/ratings/ratings.service';
import { hasErrors, textField } from '$lib/validation/forms';
import { parseReply } from '$lib/validation/ratings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, service, isStaff } = await requireFeedbackReading(locals, params.serviceId);
	// Staff can narrow the page to what still waits for them.
	const waitingOnly = isStaff && url.searchParams.get('show') === 'waiting';
	// Fifty at a time, newest first: ?page=2 and on for older ones.
	const pageParam = url.searchParams.get('page') ?? '1';
	const page = /^\d{1,6}$/.test(pageParam) && Number(pageParam) >= 1 ? Number(pageParam) : 1;
	const { ratings, more } = await listFeedback(locals.db, service.id, user.id, { awaitingOnly: waitingOnly, page });
	// Shown as new this time; seen from now on.
	await markRepliesSeen(locals.db, ratings);
	return {
		service: { id: service.id, name: service.name },
		ratings,
		page,
		more,
		isStaff,
		waitingOnly,
		today: ukToday()
	};
};

export const actions = {
	/** The service answers one rating (its own staff only). */
	reply: async ({ locals, params, request }) => {
		const form = await request.formData();
		const ratingId = textField(form, 'rating');
		const { service, user } = await requireRatingReply(locals, params.serviceId, ratingId);
		const { values, errors, tag } = parseReply(form);
		if (hasErrors(errors)) {
			// Field ids carry the rating's id, so the error sits next to the right reply box.
			const placed = Object.fromEntries(Object.entries(errors).map(([field, key]) => [`${field}-${ratingId}`, key]));
			return fail(400, { replyTo: ratingId, values, errors: placed });
		}
		await replyToRating(locals.db, ratingId, user.id, { body: values.reply, tag });
		redirect(303, `/services/${service.id}/feedback?replied=1#rating-${ratingId}`);
	}
} satisfies Actions;
