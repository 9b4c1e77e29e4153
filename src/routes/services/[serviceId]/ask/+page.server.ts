import { fail, redirect } from '@sveltejs/kit';
import { requireRequestAsking } from '$lib/server/policy';
import { RequestRuleError, askChoices, askForHelp } from '$lib/server/requests/requests.service';
import { parseAsk } from '$lib/requests/requests';
import { hasErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

// "Ask for help": a parent, carer or young person asks this service for help, in their own words,
// choosing which parts of their plan the service may read.
export const load: PageServerLoad = async ({ locals, params }) => {
	const { access, service, routes } = await requireRequestAsking(locals, params.serviceId);
	const choices = await askChoices(locals.db, access.familyId);
	return {
		service: { id: service.id, name: service.name },
		familyId: access.familyId,
		routes,
		young: access.user.role === 'young_person',
		...choices,
		values: { help_wanted: '', route: routes.length === 1 ? (routes[0] ?? '') : '', share: [] as string[], action_id: '' }
	};
};

export const actions = {
	default: async ({ locals, params, request }) => {
		const { access, service, routes } = await requireRequestAsking(locals, params.serviceId);
		const { values, errors, input } = parseAsk(await request.formData(), routes);
		if (hasErrors(errors) || !input) return fail(400, { values, errors });
		let id: string;
		try {
			id = await askForHelp(locals.db, { userId: access.user.id }, access.familyId, service.id, input, new Date());
		} catch (err) {
			// A goal or action not in this family's plan: not a choice this page offered.
			if (err instanceof RequestRuleError) return fail(400, { values, errors: { share: 'requests:ask.errors.share.invalid' } });
			throw err;
		}
		// Asked through the worker, it has gone to them, not yet to the service: the thanks says so.
		redirect(303, `/family/${access.familyId}/requests/${id}?saved=${input.route === 'worker' ? 'asked_worker' : 'asked'}`);
	}
} satisfies Actions;
