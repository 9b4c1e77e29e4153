import { listAllFamilies } from '$lib/server/families/families.service';
import { requireRole } from '$lib/server/policy';
import { listServices } from '$lib/server/services/services.service';
import { listWorkers } from '$lib/server/workers/workers.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	const [services, workers, families] = await Promise.all([
		listServices(locals.db),
		listWorkers(locals.db),
		listAllFamilies(locals.db)
	]);
	return { counts: { services: services.length, workers: workers.length, families: families.length } };
};
