import { error, fail, redirect } from '@sveltejs/kit';
import { planActor } from '$lib/server/plans/plan-http';
import { getPlanView } from '$lib/server/plans/plan-view.service';
import { savePlanSummary } from '$lib/server/plans/plans.service';
import { StaleEditError, type PlanSummary } from '$lib/server/plans/plan-rules';
import { requireFamilyAccess } from '$lib/server/policy';
import { hasErrors } from '$lib/validation/forms';
import { parseSummary, versionField } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireFamilyAccess(locals, params.familyId, 'edit');
	const plan = await getPlanView(locals.db, params.familyId);
	if (!plan) error(404, 'not_found');
	return { familyId: plan.familyId, summary: plan.summary, version: plan.version };
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const form = await request.formData();
		const { values, errors } = parseSummary(form);
		const version = versionField(form);
		if (version < 0) error(400, 'bad_request');
		if (hasErrors(errors)) return fail(400, { values, errors, version });
		try {
			await savePlanSummary(locals.db, { familyId: params.familyId, actor: planActor(access), version, summary: values });
		} catch (err) {
			if (err instanceof StaleEditError) {
				const conflict = err as StaleEditError<PlanSummary>;
				return fail(409, {
					values,
					// The form now carries their version number: saving again is a deliberate choice.
					version: conflict.currentVersion,
					conflict: { theirs: conflict.current, changedByName: conflict.changedByName, changedAt: conflict.changedAt }
				});
			}
			throw err;
		}
		redirect(303, `/family/${params.familyId}/plan?saved=summary`);
	}
} satisfies Actions;
