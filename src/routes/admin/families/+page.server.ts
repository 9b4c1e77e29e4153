import { fail, redirect } from '@sveltejs/kit';
import { createFamily, listAllFamilies } from '$lib/server/families/families.service';
import { requireRole } from '$lib/server/policy';
import { LIMITS, checkRequired, hasErrors, textField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	return { families: await listAllFamilies(locals.db) };
};

export const actions = {
	create: async ({ locals, request }) => {
		requireRole(locals, ['admin']);
		const form = await request.formData();
		const values = { name: textField(form, 'name') };
		const errors: FieldErrors = {};
		checkRequired(errors, 'name', values.name, 'admin:families.errors.name', LIMITS.name);
		if (hasErrors(errors)) return fail(400, { values, errors });
		const family = await createFamily(locals.db, { name: values.name });
		redirect(303, `/admin/families/${family.id}`);
	}
} satisfies Actions;
