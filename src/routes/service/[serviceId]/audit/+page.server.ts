import { listServiceAuditActors, listServiceFamilies, searchServiceEvents } from '$lib/server/audit/audit.repository';
import { AUDIT_PAGE_SIZE, parseAuditSearch } from '$lib/server/audit/audit-search';
import { requireServiceManagement } from '$lib/server/policy';
import { findService } from '$lib/server/services/services.repository';
import type { PageServerLoad } from './$types';

// The service's audit: who opened or changed the records of the families it supports, and what
// its own staff opened anywhere. Its manager (and the administrator) only.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	await requireServiceManagement(locals, params.serviceId);
	const [service, people, families] = await Promise.all([
		findService(locals.db, params.serviceId),
		listServiceAuditActors(locals.db, params.serviceId),
		listServiceFamilies(locals.db, params.serviceId)
	]);
	const { values, search, errors } = parseAuditSearch(
		url.searchParams,
		params.serviceId,
		new Set(people.map((p) => p.user_id)),
		new Set(families.map((f) => f.id))
	);
	const hasErrors = Object.keys(errors).length > 0;
	const rows = hasErrors ? [] : await searchServiceEvents(locals.db, search);
	const shown = rows.slice(0, AUDIT_PAGE_SIZE);
	const last = shown.at(-1);
	return {
		service: { id: params.serviceId, name: service?.name ?? '' },
		people: people.map((p) => ({ id: p.user_id, name: p.display_name, role: p.role })),
		families,
		values,
		errors: hasErrors ? errors : null,
		events: shown.map((r) => ({
			id: r.id,
			at: r.at,
			actorName: r.actor_name,
			actorRole: r.actor_role,
			relation: r.relation,
			familyName: r.family_name,
			// A family whose records the retention job has removed: its trail stays, its name does not.
			familyGone: r.family_id !== null && r.family_name === null,
			serviceName: r.service_name,
			kind: r.kind,
			action: r.action,
			outcome: r.outcome,
			route: r.route,
			detail: r.detail
		})),
		older: rows.length > AUDIT_PAGE_SIZE && last ? `${last.at}~${last.id}` : null,
		searched: url.search.length > 0
	};
};
