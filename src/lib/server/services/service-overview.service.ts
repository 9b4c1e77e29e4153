import type { Executor } from '../db';
import type { AssignmentRole } from '../db/schema';
import { listAssignmentsForService } from '../families/families.repository';
import { servicePromisesKept } from '../plans/plan-view.service';
import { type PromisesKept } from '../plans/plan-rules';
import { listWorkers } from '../workers/workers.service';
import { getService, type Service } from './services.service';

export interface ServiceWorkerSummary {
	workerId: string;
	displayName: string;
	jobTitle: string;
	isManager: boolean;
	families: { id: string; name: string; role: AssignmentRole }[];
	/** Of this worker's promises that came due, how many were done by their date. */
	promises: PromisesKept | null;
}

export interface ServiceOverview {
	service: Service;
	workers: ServiceWorkerSummary[];
	familiesLed: number;
}

/** A manager's view of their service: who works there and which families each supports. */
export async function getServiceOverview(db: Executor, serviceId: string): Promise<ServiceOverview | null> {
	const service = await getService(db, serviceId);
	if (!service) return null;
	const [workers, assignments, promises] = await Promise.all([
		listWorkers(db, serviceId),
		listAssignmentsForService(db, serviceId),
		servicePromisesKept(db, serviceId)
	]);
	return {
		service,
		workers: workers.map((w) => ({
			workerId: w.id,
			displayName: w.displayName,
			jobTitle: w.jobTitle,
			isManager: w.role === 'manager',
			families: assignments
				.filter((a) => a.worker_id === w.id)
				.map((a) => ({ id: a.family_id, name: a.family_name, role: a.role })),
			promises: promises.get(w.id) ?? null
		})),
		familiesLed: new Set(assignments.filter((a) => a.role === 'lead').map((a) => a.family_id)).size
	};
}
