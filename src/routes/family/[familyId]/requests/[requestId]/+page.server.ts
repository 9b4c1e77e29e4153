import { error, fail, redirect } from '@sveltejs/kit';
import { requireOwnRequest, requireRequestAccess, requireRequestPassOn } from '$lib/server/policy';
import { findLeadName } from '$lib/server/families/families.repository';
import {
	RequestRuleError,
	answerQuestion,
	passOnRequest,
	sharedPlanFor,
	toRequest,
	withdrawConsent
} from '$lib/server/requests/requests.service';
import { parseText, parseWorkerNote } from '$lib/requests/requests';
import { hasErrors } from '$lib/validation/forms';
import { versionField } from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

// One request for help, as the family (and their lead worker) see it: its status, how long it
// has waited, the service's question to answer, and what of the plan the service may read.
export const load: PageServerLoad = async ({ locals, params }) => {
	// The policy has read the request already: the page uses that row rather than reading it again.
	const found = await requireRequestAccess(locals, params.familyId, params.requestId);
	const { access } = found;
	const request = toRequest(found.request, new Date());
	const [shared, leadName] = await Promise.all([sharedPlanFor(locals.db, request), findLeadName(locals.db, access.familyId)]);
	return {
		familyId: access.familyId,
		isFamily: access.relation === 'member',
		isLead: access.relation === 'lead',
		request,
		shared,
		leadName: leadName ?? null
	};
};

const requestPath = (familyId: string, requestId: string, saved: string) => `/family/${familyId}/requests/${requestId}?saved=${saved}`;

export const actions = {
	/** Answering the service's question: the family member who sees the request. */
	answer: async ({ locals, params, request }) => {
		const { access, request: row } = await requireOwnRequest(locals, params.familyId, params.requestId);
		const form = await request.formData();
		const version = versionField(form);
		if (version < 0) error(400, 'bad_request');
		const { values, errors } = parseText(form, 'answer');
		if (hasErrors(errors)) return fail(400, { action: 'answer', values, errors });
		const current = toRequest(row, new Date());
		try {
			await answerQuestion(locals.db, access.user.id, { ...current, version }, values.answer ?? '', new Date());
		} catch (err) {
			if (err instanceof RequestRuleError) return fail(409, { action: 'answer', values, errors: { answer: 'requests:errors.changed' } });
			throw err;
		}
		redirect(303, requestPath(params.familyId, params.requestId, 'answered'));
	},
	/** Passing a request asked through the worker on to the service: the family's lead worker. */
	pass_on: async ({ locals, params, request }) => {
		const { access, request: row } = await requireRequestPassOn(locals, params.familyId, params.requestId);
		const form = await request.formData();
		const version = versionField(form);
		if (version < 0) error(400, 'bad_request');
		const { values, errors, note } = parseWorkerNote(form);
		if (hasErrors(errors)) return fail(400, { action: 'pass_on', values, errors });
		const current = toRequest(row, new Date());
		try {
			await passOnRequest(locals.db, access.user.id, { ...current, version }, note, new Date());
		} catch (err) {
			if (err instanceof RequestRuleError) return fail(409, { action: 'pass_on', values, errors: { worker_note: 'requests:errors.changed' } });
			throw err;
		}
		redirect(303, requestPath(params.familyId, params.requestId, 'passed_on'));
	},
	/** Taking back consent to share the plan: the service sees none of it from now on. */
	withdraw: async ({ locals, params }) => {
		const { request: row } = await requireOwnRequest(locals, params.familyId, params.requestId);
		await withdrawConsent(locals.db, toRequest(row, new Date()), new Date());
		redirect(303, requestPath(params.familyId, params.requestId, 'withdrawn'));
	}
} satisfies Actions;
