import { fail, redirect } from '@sveltejs/kit';
import { requireViewAuthoring } from '$lib/server/policy';
import { createView, leadWorkerName } from '$lib/server/views/views.service';
import { hasErrors } from '$lib/validation/forms';
import { parseView } from '$lib/validation/views';
import { DEFAULT_VIEW_AUDIENCE, VIEW_PROMPTS, type ViewPrompt } from '$lib/views/views';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	await requireViewAuthoring(locals, params.familyId);
	const asked = url.searchParams.get('prompt');
	return {
		familyId: params.familyId,
		leadName: await leadWorkerName(locals.db, params.familyId),
		values: {
			prompt: VIEW_PROMPTS.includes(asked as ViewPrompt) ? (asked as string) : '',
			feeling: '',
			body: '',
			audience: DEFAULT_VIEW_AUDIENCE
		}
	};
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const access = await requireViewAuthoring(locals, params.familyId);
		const { values, errors, input } = parseView(await request.formData());
		if (hasErrors(errors) || !input) return fail(400, { values, errors });
		const viewId = await createView(locals.db, { familyId: params.familyId, authorUserId: access.user.id, view: input });
		redirect(303, `/family/${params.familyId}/views/${viewId}?saved=${input.audience === 'only_me' ? 'draft' : 'shared'}`);
	}
} satisfies Actions;
