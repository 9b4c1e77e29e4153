import { error, fail, redirect } from '@sveltejs/kit';
import { ukToday } from '$lib/server/clock';
import { getFamilyOverview } from '$lib/server/families/families.service';
import {
	HandoverRuleError,
	cancelHandover,
	getPendingHandover,
	planHandover
} from '$lib/server/handovers/handovers.service';
import { requireHandoverManagement } from '$lib/server/policy';
import { listWorkers } from '$lib/server/workers/workers.service';
import { hasErrors, textField, validateDate, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { withinServiceId } = await requireHandoverManagement(locals, params.familyId);
	const [overview, pending, workers] = await Promise.all([
		getFamilyOverview(locals.db, params.familyId),
		getPendingHandover(locals.db, params.familyId),
		listWorkers(locals.db, withinServiceId ?? undefined)
	]);
	if (!overview) error(404, 'not_found');
	return {
		family: overview.family,
		lead: overview.lead,
		pending,
		candidates: workers.filter((w) => w.id !== overview.lead?.workerId),
		today: ukToday()
	};
};

export const actions = {
	plan: async ({ locals, params, request }) => {
		const { user, withinServiceId } = await requireHandoverManagement(locals, params.familyId);
		const form = await request.formData();
		const values = { toWorkerId: textField(form, 'toWorkerId'), handoverOn: textField(form, 'handoverOn') };
		const errors: FieldErrors = {};
		if (!values.toWorkerId) errors.toWorkerId = 'worker:handover.errors.worker_unknown';
		validateDate(errors, 'handoverOn', values.handoverOn);
		if (!errors.handoverOn && values.handoverOn < ukToday()) errors.handoverOn = 'worker:handover.errors.date_past';
		if (hasErrors(errors)) return fail(400, { values, errors });
		try {
			await planHandover(locals.db, { familyId: params.familyId, ...values, withinServiceId }, user.id);
		} catch (err) {
			if (err instanceof HandoverRuleError) {
				return fail(409, { values, errors: { [err.field]: `worker:handover.errors.${err.code}` } });
			}
			throw err;
		}
		redirect(303, `/family/${params.familyId}/handover?planned=1`);
	},
	cancel: async ({ locals, params, request }) => {
		await requireHandoverManagement(locals, params.familyId);
		const form = await request.formData();
		if (!(await cancelHandover(locals.db, params.familyId, textField(form, 'handoverId')))) error(404, 'not_found');
		redirect(303, `/family/${params.familyId}/handover?cancelled=1`);
	}
} satisfies Actions;
