import { fail, redirect } from '@sveltejs/kit';
import { planActor } from '$lib/server/plans/plan-http';
import { suggestGoal } from '$lib/server/plans/plans.service';
import { type OutcomeArea } from '$lib/server/plans/plan-rules';
import { requireFamilyAccess } from '$lib/server/policy';
import { hasErrors } from '$lib/validation/forms';
import { parseGoal } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireFamilyAccess(locals, params.familyId, 'edit');
	return { familyId: params.familyId };
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseGoal(await request.formData());
		if (hasErrors(errors)) return fail(400, { values, errors });
		const goalId = await suggestGoal(locals.db, {
			familyId: params.familyId,
			actor: planActor(access),
			goal: { ...values, outcomeArea: values.outcomeArea as OutcomeArea }
		});
		redirect(303, `/family/${params.familyId}/plan/goals/${goalId}?saved=suggested`);
	}
} satisfies Actions;
