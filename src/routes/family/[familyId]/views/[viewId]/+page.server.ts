import { error, fail, redirect } from '@sveltejs/kit';
import { requireOwnView, requireViewAccess, requireViewReply, viewAudiencesFor } from '$lib/server/policy';
import { viewRuleFailure, viewsViewer } from '$lib/server/views/views-http';
import {
	acknowledgeView,
	answerView,
	changeAudience,
	currentVersion,
	discardDraft,
	getViewThread,
	leadWorkerName,
	markSeenByAuthor,
	replyToView,
	saveDraft
} from '$lib/server/views/views.service';
import { hasErrors, textField, type FieldErrors } from '$lib/validation/forms';
import { versionField } from '$lib/validation/plan';
import { parseAudience, parseMessage, parseView } from '$lib/validation/views';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { access, isAuthor, isLead } = await requireViewAccess(locals, params.familyId, params.viewId);
	const [thread, leadName] = await Promise.all([
		getViewThread(locals.db, params.familyId, params.viewId, access.user.id, viewAudiencesFor(access.relation)),
		leadWorkerName(locals.db, params.familyId)
	]);
	if (!thread) error(404, 'not_found');
	// Shown as new this time; seen from now on.
	if (isAuthor && thread.hasNewReply) await markSeenByAuthor(locals.db, thread.id);
	return {
		familyId: params.familyId,
		viewer: viewsViewer(access),
		isAuthor,
		isLead,
		leadName,
		thread
	};
};

const viewPath = (familyId: string, viewId: string, saved: string) => `/family/${familyId}/views/${viewId}?saved=${saved}`;

export const actions = {
	/** Finishing a draft: new words, and perhaps sharing it. The author only. */
	save: async ({ locals, params, request }) => {
		const { view } = await requireOwnView(locals, params.familyId, params.viewId);
		const form = await request.formData();
		const version = versionField(form);
		// Without the version it was opened at, a change is not even read.
		if (version < 0) error(400, 'bad_request');
		const { values, errors, input } = parseView(form);
		if (hasErrors(errors) || !input) return fail(400, { action: 'save', values, errors });
		try {
			await saveDraft(locals.db, view, input, version);
		} catch (err) {
			return viewRuleFailure(err, 'save', 'body', values, await currentVersion(locals.db, view.id));
		}
		redirect(303, viewPath(params.familyId, view.id, input.audience === 'only_me' ? 'draft' : 'shared'));
	},
	/** Who sees it. The author only: a parent or worker who can see it gets 403, anyone else 404. */
	audience: async ({ locals, params, request }) => {
		const { view } = await requireOwnView(locals, params.familyId, params.viewId);
		const form = await request.formData();
		const version = versionField(form);
		if (version < 0) error(400, 'bad_request');
		const errors: FieldErrors = {};
		const audience = parseAudience(form, errors);
		const values = { audience: textField(form, 'audience') };
		if (!audience) return fail(400, { action: 'audience', values, errors });
		try {
			await changeAudience(locals.db, view, audience, version);
		} catch (err) {
			return viewRuleFailure(err, 'audience', 'audience', values, await currentVersion(locals.db, view.id));
		}
		redirect(303, viewPath(params.familyId, view.id, 'audience'));
	},
	discard: async ({ locals, params }) => {
		const { view } = await requireOwnView(locals, params.familyId, params.viewId);
		try {
			await discardDraft(locals.db, view);
		} catch (err) {
			return viewRuleFailure(err, 'audience', 'audience', {});
		}
		redirect(303, `/family/${params.familyId}/views?saved=discarded`);
	},
	/** The young person answers back. */
	answer: async ({ locals, params, request }) => {
		const { view } = await requireOwnView(locals, params.familyId, params.viewId);
		const { values, errors } = parseMessage(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'answer', values, errors });
		try {
			await answerView(locals.db, view, values.message);
		} catch (err) {
			return viewRuleFailure(err, 'answer', 'message', values);
		}
		redirect(303, viewPath(params.familyId, view.id, 'answered'));
	},
	/** "I have read this": the lead worker only. */
	read: async ({ locals, params }) => {
		const { view, access } = await requireViewReply(locals, params.familyId, params.viewId);
		try {
			await acknowledgeView(locals.db, view, access.user.id);
		} catch (err) {
			return viewRuleFailure(err, 'reply', 'message', {});
		}
		redirect(303, viewPath(params.familyId, view.id, 'read'));
	},
	reply: async ({ locals, params, request }) => {
		const { view, access } = await requireViewReply(locals, params.familyId, params.viewId);
		const { values, errors } = parseMessage(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'reply', values, errors });
		try {
			await replyToView(locals.db, view, access.user.id, values.message);
		} catch (err) {
			return viewRuleFailure(err, 'reply', 'message', values);
		}
		redirect(303, viewPath(params.familyId, view.id, 'replied'));
	}
} satisfies Actions;
