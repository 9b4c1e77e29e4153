import { fail, redirect } from '@sveltejs/kit';
import { createFamilyWithLead, listAllFamilies } from '$lib/server/families/families.service';
import { listWorkers } from '$lib/server/workers/workers.service';
import { requireRole } from '$lib/server/policy';
import { LIMITS, checkRequired, hasErrors, textField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	const [families, workers] = await Promise.all([listAllFamilies(locals.db), listWorkers(locals.db)]);
	return { families, workers };
};

export const actions = {
	create: async ({ locals, request }) => {
		requireRole(locals, ['admin']);
		const form = await request.formData();
		const values = { name: textField(form, 'name'), leadWorkerId: textField(form, 'leadWorkerId') };
		const errors: FieldErrors = {};
		checkRequired(errors, 'name', values.name, 'admin:families.errors.name', LIMITS.name);
		const workers = await listWorkers(locals.db);
		if (!workers.some((w) => w.id === values.leadWorkerId)) errors.leadWorkerId = 'admin:families.errors.lead_worker';
		if (hasErrors(errors)) return fail(400, { values, errors });
		const family = await createFamilyWithLead(locals.db, { name: values.name, leadWorkerId: values.leadWorkerId });
		redirect(303, `/admin/families/${family.id}`);
	}
} satisfies Actions;
