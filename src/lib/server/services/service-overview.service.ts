import { ukToday } from '../clock';
import type { Executor } from '../db';
import type { AssignmentRole } from '../db/schema';
import { listAssignmentsForService } from '../families/families.repository';
import { servicePromisesKept } from '../plans/plan-view.service';
import { type PromisesKept } from '../plans/plan-rules';
import { listAbsences } from '../workers/profile.repository';
import { absenceToShow, absencesWithinNotice, toAbsence, type Absence } from '../workers/profile.service';
import { listWorkers } from '../workers/workers.service';
import { getService, type Service } from './services.service';
import { serviceReplyFigures, type ReplyFigures } from '../views/views.service';
import { feedbackDashboard, type FeedbackDashboard } from '../ratings/ratings.service';

export interface ServiceWorkerSummary {
	workerId: string;
	displayName: string;
	jobTitle: string;
	isManager: boolean;
	families: { id: string; name: string; role: AssignmentRole }[];
	/** Of this worker's promises that came due, how many were done by their date. */
	promises: PromisesKept | null;
	/** Away now, or soon. */
	absence: Absence | null;
}

export interface UncoveredFamily {
	familyId: string;
	familyName: string;
	leadName: string;
	absence: Absence;
}

export interface ServiceOverview {
	service: Service;
	workers: ServiceWorkerSummary[];
	familiesLed: number;
	/** Families whose lead worker is away (now or soon) with nobody covering. */
	uncovered: UncoveredFamily[];
	/** How fast young people's views are answered (counts only). */
	viewReplies: ReplyFigures;
	/** What families said about the service in ratings, and how fast it answered. */
	feedback: FeedbackDashboard;
	/** All the service's workers' promises that came due, and how many were kept. */
	promisesKept: PromisesKept;
}

/** A manager's view of their service: who works there, who is away, which families each supports. */
export async function getServiceOverview(db: Executor, serviceId: string, now = new Date()): Promise<ServiceOverview | null> {
	const today = ukToday(now);
	const service = await getService(db, serviceId);
	if (!service) return null;
	const [workers, assignments, promises, viewReplies, feedback] = await Promise.all([
		listWorkers(db, serviceId),
		listAssignmentsForService(db, serviceId),
		servicePromisesKept(db, serviceId, now),
		serviceReplyFigures(db, serviceId, service.viewReplyDays, now),
		feedbackDashboard(db, service, now)
	]);
	const absences = await listAbsences(
		db,
		workers.map((w) => w.id),
		today
	);
	const uncovered: UncoveredFamily[] = [];
	const summaries = workers.map((w) => {
		const own = absences.filter((a) => a.worker_id === w.id).map((a) => toAbsence(a, today));
		const families = assignments
			.filter((a) => a.worker_id === w.id)
			.map((a) => ({ id: a.family_id, name: a.family_name, role: a.role }));
		// Every stretch away with nobody covering, not just the next one: each needs arranging.
		for (const absence of absencesWithinNotice(own, today).filter((a) => !a.cover)) {
			for (const family of families.filter((f) => f.role === 'lead')) {
				uncovered.push({ familyId: family.id, familyName: family.name, leadName: w.displayName, absence });
			}
		}
		return {
			workerId: w.id,
			displayName: w.displayName,
			jobTitle: w.jobTitle,
			isManager: w.role === 'manager',
			families,
			promises: promises.get(w.id) ?? null,
			absence: absenceToShow(own, today)
		};
	});
	return {
		service,
		workers: summaries,
		familiesLed: new Set(assignments.filter((a) => a.role === 'lead').map((a) => a.family_id)).size,
		uncovered,
		viewReplies,
		feedback,
		promisesKept: [...promises.values()].reduce((sum, p) => ({ kept: sum.kept + p.kept, due: sum.due + p.due }), { kept: 0, due: 0 })
	};
}
