import { error, fail, redirect } from '@sveltejs/kit';
import { planActor, rethrowAsHttp } from '$lib/server/plans/plan-http';
import { editGoal, type GoalText } from '$lib/server/plans/plans.service';
import { getPlanView } from '$lib/server/plans/plan-view.service';
import { StaleEditError, type OutcomeArea } from '$lib/server/plans/plan-rules';
import { requireFamilyAccess } from '$lib/server/policy';
import { hasErrors } from '$lib/validation/forms';
import { parseGoal, versionField } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireFamilyAccess(locals, params.familyId, 'edit');
	const plan = await getPlanView(locals.db, params.familyId, { goalId: params.goalId });
	const goal = plan?.goals[0];
	if (!goal) error(404, 'not_found');
	return {
		familyId: params.familyId,
		goalId: goal.id,
		goal: { title: goal.title, whyItMatters: goal.whyItMatters, howWeKnow: goal.howWeKnow, outcomeArea: goal.outcomeArea },
		version: goal.version
	};
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const form = await request.formData();
		const { values, errors } = parseGoal(form);
		const version = versionField(form);
		if (version < 0) error(400, 'bad_request');
		if (hasErrors(errors)) return fail(400, { values, errors, version });
		try {
			await editGoal(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				version,
				goal: { ...values, outcomeArea: values.outcomeArea as OutcomeArea }
			});
		} catch (err) {
			if (err instanceof StaleEditError) {
				const conflict = err as StaleEditError<GoalText>;
				return fail(409, {
					values,
					version: conflict.currentVersion,
					conflict: { theirs: conflict.current, changedByName: conflict.changedByName, changedAt: conflict.changedAt }
				});
			}
			rethrowAsHttp(err);
		}
		redirect(303, `/family/${params.familyId}/plan/goals/${params.goalId}?saved=goal`);
	}
} satisfies Actions;
