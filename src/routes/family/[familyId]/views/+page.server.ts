import { fail, redirect } from '@sveltejs/kit';
import { getNextReview } from '$lib/server/plans/plan-view.service';
import { PlanRuleError } from '$lib/server/plans/plan-rules';
import { rethrowAsHttp } from '$lib/server/plans/plan-http';
import { addAgendaItem } from '$lib/server/plans/reviews.service';
import { requireFamilyAccess, requireViewAuthoring, viewAudiencesFor } from '$lib/server/policy';
import { viewsViewer } from '$lib/server/views/views-http';
import { listViews } from '$lib/server/views/views.service';
import { LIMITS, hasErrors } from '$lib/validation/forms';
import { parseRequiredText } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const viewer = viewsViewer(access);
	const [views, review] = await Promise.all([
		listViews(locals.db, params.familyId, access.user.id, viewAudiencesFor(access.relation)),
		viewer === 'young_person' ? getNextReview(locals.db, params.familyId) : null
	]);
	const mine = views.filter((v) => v.authorUserId === access.user.id);
	return {
		familyId: params.familyId,
		viewer,
		// Newest first for their own; others' in the order they were written, as a conversation.
		drafts: mine.filter((v) => v.audience === 'only_me').reverse(),
		shared: mine.filter((v) => v.audience !== 'only_me').reverse(),
		others: views.filter((v) => v.authorUserId !== access.user.id),
		review: review ? { date: review.date, place: review.place } : null
	};
};

export const actions = {
	/** A young person adds to the next review's agenda from here (the plan's agenda, seen by all). */
	agenda: async ({ locals, params, request }) => {
		const access = await requireViewAuthoring(locals, params.familyId);
		const { values, errors } = parseRequiredText(await request.formData(), 'item', 'item', 'plan:errors.agenda_item', LIMITS.reason);
		if (hasErrors(errors)) return fail(400, { values, errors });
		try {
			await addAgendaItem(locals.db, {
				familyId: params.familyId,
				actor: { userId: access.user.id, role: 'member' },
				text: values.text
			});
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'no_review') {
				return fail(409, { values, errors: { item: 'plan:errors.no_review' } });
			}
			rethrowAsHttp(err);
		}
		redirect(303, `/family/${params.familyId}/views?saved=agenda`);
	}
} satisfies Actions;
