import { error, fail, redirect } from '@sveltejs/kit';
import { requireServiceRequest } from '$lib/server/policy';
import { RequestRuleError, decideRequest, sharedPlanFor, toRequest, type StaffDecision } from '$lib/server/requests/requests.service';
import { parseText } from '$lib/requests/requests';
import { hasErrors, type FieldErrors } from '$lib/validation/forms';
import { versionField } from '$lib/validation/plan';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// One request to the service, for its staff: what the family asked, the parts of their plan they
// chose to share (nothing else, and nothing once they take their consent back), and the decision.
export const load: PageServerLoad = async ({ locals, params }) => {
	const found = await requireServiceRequest(locals, params.serviceId, params.requestId);
	const { service } = found;
	const request = toRequest(found.request, new Date());
	const shared = await sharedPlanFor(locals.db, request);
	return {
		service: { id: service.id, name: service.name },
		request: {
			id: request.id,
			askerName: request.askerName,
			route: request.route,
			helpWanted: request.helpWanted,
			status: request.status,
			declineReason: request.declineReason,
			question: request.question,
			answer: request.answer,
			createdAt: request.createdAt,
			decidedAt: request.decidedAt,
			daysWaited: request.daysWaited,
			consentWithdrawn: request.consentWithdrawn,
			workerNote: request.workerNote,
			version: request.version
		},
		shared
	};
};

async function decide(event: RequestEvent, action: string, read: (form: FormData) => { decision: StaffDecision | null; values: Record<string, string>; errors: FieldErrors }) {
	const { locals, params, request } = event;
	const { user, request: row } = await requireServiceRequest(locals, params.serviceId, params.requestId);
	const form = await request.formData();
	const version = versionField(form);
	if (version < 0) error(400, 'bad_request');
	const { decision, values, errors } = read(form);
	if (hasErrors(errors) || !decision) return fail(400, { action, values, errors });
	const current = toRequest(row, new Date());
	try {
		await decideRequest(locals.db, user.id, { ...current, version }, decision, new Date());
	} catch (err) {
		if (err instanceof RequestRuleError) {
			const field = Object.keys(values)[0] ?? 'decision';
			return fail(409, { action, values, errors: { [field]: 'requests:errors.changed' } });
		}
		throw err;
	}
	redirect(303, `/service/${params.serviceId}/requests/${params.requestId}?saved=${action}`);
}

export const actions = {
	accept: (event) => decide(event, 'accept', () => ({ decision: { kind: 'accept' }, values: {}, errors: {} })),
	decline: (event) =>
		decide(event, 'decline', (form) => {
			const { values, errors } = parseText(form, 'reason');
			return { decision: hasErrors(errors) ? null : { kind: 'decline', reason: values.reason ?? '' }, values, errors };
		}),
	question: (event) =>
		decide(event, 'question', (form) => {
			const { values, errors } = parseText(form, 'question');
			return { decision: hasErrors(errors) ? null : { kind: 'question', question: values.question ?? '' }, values, errors };
		})
} satisfies Actions;
