import { error, fail, redirect } from '@sveltejs/kit';
import { planActor, planViewer, rethrowAsHttp } from '$lib/server/plans/plan-http';
import { PlanRuleError } from '$lib/server/plans/plan-rules';
import { addAgendaItem, listPastReviews, noteAgendaItem, recordReviewDecisions, scheduleReview } from '$lib/server/plans/reviews.service';
import { getNextReview } from '$lib/server/plans/plan-view.service';
import { requireFamilyAccess } from '$lib/server/policy';
import { LIMITS, hasErrors, textField } from '$lib/validation/forms';
import { parseRequiredText, parseReview } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const viewer = planViewer(access);
	const [review, past] = await Promise.all([
		getNextReview(locals.db, params.familyId),
		listPastReviews(locals.db, params.familyId)
	]);
	if (review === undefined) error(404, 'not_found');
	return { familyId: params.familyId, review, past, viewer };
};

const reviewPath = (familyId: string, saved: string) => `/family/${familyId}/plan/review?saved=${saved}`;

function noReview(action: string, values: Record<string, string>, field: string) {
	return fail(409, { action, values, errors: { [field]: 'plan:errors.no_review' } });
}

export const actions = {
	schedule: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseReview(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'schedule', values, errors });
		try {
			await scheduleReview(locals.db, { familyId: params.familyId, actor: planActor(access), ...values });
		} catch (err) {
			rethrowAsHttp(err);
		}
		redirect(303, reviewPath(params.familyId, 'scheduled'));
	},
	agenda: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseRequiredText(await request.formData(), 'item', 'item', 'plan:errors.agenda_item', LIMITS.reason);
		if (hasErrors(errors)) return fail(400, { action: 'agenda', values, errors });
		try {
			await addAgendaItem(locals.db, { familyId: params.familyId, actor: planActor(access), text: values.text });
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'no_review') return noReview('agenda', values, 'item');
			rethrowAsHttp(err);
		}
		redirect(303, reviewPath(params.familyId, 'agenda'));
	},
	noted: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const itemId = textField(await request.formData(), 'itemId');
		try {
			await noteAgendaItem(locals.db, { familyId: params.familyId, actor: planActor(access), itemId });
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'no_review') error(404, 'not_found');
			rethrowAsHttp(err);
		}
		redirect(303, reviewPath(params.familyId, 'noted'));
	},
	decisions: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseRequiredText(
			await request.formData(),
			'decisions',
			'decisions',
			'plan:errors.decisions',
			LIMITS.planText
		);
		if (hasErrors(errors)) return fail(400, { action: 'decisions', values, errors });
		try {
			await recordReviewDecisions(locals.db, { familyId: params.familyId, actor: planActor(access), decisions: values.text });
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'no_review') return noReview('decisions', values, 'decisions');
			rethrowAsHttp(err);
		}
		redirect(303, reviewPath(params.familyId, 'held'));
	}
} satisfies Actions;
