import { error, redirect } from '@sveltejs/kit';
import { makeResetCode } from '$lib/server/auth/password-reset-http';
import { getFamilyOverview } from '$lib/server/families/families.service';
import { handoverNoticeFor, markHandoverSeen } from '$lib/server/handovers/handovers.service';
import { requireFamilyAccess, requireLeadWorker, viewAudiencesFor } from '$lib/server/policy';
import { glanceAtViews } from '$lib/server/views/views.service';
import { getSupportTeam } from '$lib/server/workers/support-team.service';
import { textField } from '$lib/validation/forms';
import { servicesWithNewReplies } from '$lib/server/ratings/ratings.service';
import { getRecordStatus } from '$lib/server/retention/retention.service';
import { listNews, newsBeforeParam } from '$lib/server/news/news.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const isFamily = access.relation === 'member';
	const newsBefore = newsBeforeParam(url);
	const [overview, handover, views, ratingReplies, record, news] = await Promise.all([
		getFamilyOverview(locals.db, params.familyId),
		handoverNoticeFor(locals.db, params.familyId, access.user.id),
		glanceAtViews(locals.db, params.familyId, access.user.id, viewAudiencesFor(access.relation)),
		// A service answered something this person said about it.
		isFamily ? servicesWithNewReplies(locals.db, access.user.id) : [],
		// Only the family opens a record on hold (staff are refused), so only they are told.
		isFamily ? getRecordStatus(locals.db, params.familyId) : null,
		// The family's own "What's new". Staff who open this page have theirs on their own home.
		isFamily ? listNews(locals.db, access.user.id, { before: newsBefore }) : null
	]);
	if (!overview) error(404, 'not_found');
	const support = await getSupportTeam(locals.db, params.familyId, overview);
	return {
		overview,
		support,
		// Staff see a change coming, but only the family is asked to say they have read it.
		handover: handover && (isFamily || handover.kind === 'coming') ? handover : null,
		viewer: isFamily ? 'family' : 'worker',
		isYoungPerson: access.user.role === 'young_person',
		isLead: access.relation === 'lead',
		// Managers are not among the people young people share views with: no section at all.
		// Only the lead worker replies, so only they are told what waits.
		views: access.relation === 'manager' ? null : { ...views, waiting: access.relation === 'lead' ? views.waiting : 0 },
		ratingReplies,
		news,
		newsPaged: newsBefore !== null,
		restricted: Boolean(record?.restrictedAt)
	} as const;
};

export const actions = {
	seenHandover: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'acknowledge');
		const form = await request.formData();
		if (!(await markHandoverSeen(locals.db, params.familyId, textField(form, 'handoverId'), access.user.id))) {
			error(404, 'not_found');
		}
		redirect(303, `/family/${params.familyId}`);
	},

	/** The lead worker makes a one-time code for a family member who has forgotten their password. */
	resetCode: async ({ locals, params, request }) => {
		const access = await requireLeadWorker(locals, params.familyId);
		return makeResetCode(locals, request, params.familyId, access.user.id);
	}
} satisfies Actions;
