import { ukToday } from '../clock';
import type { Executor } from '../db';
import type { AssignedWorker } from '../families/families.service';
import { listOpenActionsForWorkers } from '../plans/plans.repository';
import type { DayHours } from '$lib/workers/hours';
import { listAbsences, listHours } from './profile.repository';
import { absenceToShow, toAbsence, toDayHours, type Absence } from './profile.service';

// The family's "Your worker" card and "the team around your family": who each person is, when
// they work, who covers while they are away, and what they have promised in the plan.

export interface OpenPromise {
	goalId: string;
	description: string;
	dueDate: string;
}

export interface WorkerCard extends AssignedWorker {
	hours: DayHours[];
	/** Time away to tell the family about: now, or coming up soon. */
	absence: Absence | null;
	/** What they are doing in the plan and have not finished yet. */
	promises: OpenPromise[];
}

export interface SupportTeam {
	lead: WorkerCard | null;
	team: WorkerCard[];
}

export async function getSupportTeam(
	db: Executor,
	familyId: string,
	workers: { lead: AssignedWorker | null; team: AssignedWorker[] },
	now = new Date()
): Promise<SupportTeam> {
	const today = ukToday(now);
	const all = [...(workers.lead ? [workers.lead] : []), ...workers.team];
	const ids = all.map((w) => w.workerId);
	const [hours, absences, promises] = await Promise.all([
		listHours(db, ids),
		listAbsences(db, ids, today),
		listOpenActionsForWorkers(db, familyId, ids)
	]);
	const card = (worker: AssignedWorker): WorkerCard => ({
		...worker,
		hours: hours.filter((h) => h.worker_id === worker.workerId).map(toDayHours),
		absence: absenceToShow(
			absences.filter((a) => a.worker_id === worker.workerId).map((a) => toAbsence(a, today)),
			today
		),
		promises: promises
			.filter((p) => p.owner_worker_id === worker.workerId)
			.map((p) => ({ goalId: p.goal_id, description: p.description, dueDate: p.due_date }))
	});
	return { lead: workers.lead ? card(workers.lead) : null, team: workers.team.map(card) };
}
