import { error, fail, redirect } from '@sveltejs/kit';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { setReplyDays } from '$lib/server/services/services.service';
import { VIEW_REPLY_DAYS_RANGE } from '$lib/views/views';
import { requireServiceManagement } from '$lib/server/policy';
import { textField } from '$lib/validation/forms';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireServiceManagement(locals, params.serviceId);
	const overview = await getServiceOverview(locals.db, params.serviceId);
	if (!overview) error(404, 'not_found');
	return { overview };
};

async function saveReplyDays(
	{ locals, params, request }: RequestEvent<{ serviceId: string }>,
	what: 'view' | 'rating',
	field: 'replyDays' | 'ratingReplyDays'
) {
	await requireServiceManagement(locals, params.serviceId);
	const value = textField(await request.formData(), field);
	const days = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
	if (!(days >= VIEW_REPLY_DAYS_RANGE.min && days <= VIEW_REPLY_DAYS_RANGE.max)) {
		return fail(400, { values: { [field]: value }, errors: { [field]: 'worker:service.reply_days_error' } });
	}
	await setReplyDays(locals.db, params.serviceId, what, days);
	redirect(303, `/service/${params.serviceId}?saved=${field}`);
}

export const actions = {
	/** How many working days the service gives itself to answer a young person's view. */
	replyDays: (event) => saveReplyDays(event, 'view', 'replyDays'),
	/** How many working days the service gives itself to answer a family's rating. */
	ratingReplyDays: (event) => saveReplyDays(event, 'rating', 'ratingReplyDays')
} satisfies Actions;
