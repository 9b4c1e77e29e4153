import { error } from '@sveltejs/kit';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { requireServiceManagement } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireServiceManagement(locals, params.serviceId);
	const overview = await getServiceOverview(locals.db, params.serviceId);
	if (!overview) error(404, 'not_found');
	return { overview };
};
