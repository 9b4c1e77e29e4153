import { error, fail, redirect } from '@sveltejs/kit';
import { addDays, ukToday } from '$lib/server/clock';
import { requireRatingAuthoring } from '$lib/server/policy';
import { RatingRuleError, currentOwnRating, rateService } from '$lib/server/ratings/ratings.service';
import { RATING_WINDOW_DAYS } from '$lib/ratings/ratings';
import { hasErrors } from '$lib/validation/forms';
import { versionField } from '$lib/validation/plan';
import { parseRating } from '$lib/validation/ratings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { user, service } = await requireRatingAuthoring(locals, params.serviceId);
	const current = await currentOwnRating(locals.db, user.id, service.id);
	return {
		service: { id: service.id, name: service.name },
		young: user.role === 'young_person',
		// Within 30 days of rating, the form changes that rating instead of adding another.
		current: current && {
			version: current.version,
			createdAt: current.createdAt,
			changeableUntil: addDays(ukToday(new Date(current.createdAt)), RATING_WINDOW_DAYS)
		},
		values: {
			score: current?.score ?? '',
			what_was_good: current?.whatWasGood ?? '',
			could_be_better: current?.couldBeBetter ?? '',
			name: current && current.firstName !== null ? 'first_name' : 'anonymous'
		},
		firstName: user.displayName.trim().split(/\s+/)[0] ?? ''
	};
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const { user, service } = await requireRatingAuthoring(locals, params.serviceId);
		const form = await request.formData();
		const { values, errors, input } = parseRating(form);
		const version = form.has('version') ? versionField(form) : null;
		// A garbled version is not a form this page made.
		if (version !== null && version < 0) error(400, 'bad_request');
		if (hasErrors(errors) || !input) return fail(400, { values, errors });
		try {
			await rateService(
				locals.db,
				{ userId: user.id, displayName: user.displayName },
				{ id: service.id, ratingReplyDays: service.rating_reply_days },
				input,
				version
			);
		} catch (err) {
			if (err instanceof RatingRuleError) {
				return fail(409, { values, errors: { score: 'services:rate.errors.changed_meanwhile' } });
			}
			throw err;
		}
		redirect(303, `/services/${service.id}?rated=1#your-rating`);
	}
} satisfies Actions;
