import { sql } from 'kysely';
import type { DB, Executor } from '$lib/server/db';
import type { Role } from '$lib/server/db/schema';
import { addFamilyMember, assignWorker, type AssignmentRole } from '$lib/server/families/families.service';
import type { User } from '$lib/server/users/users.service';
import { createWorker, type StaffRole, type Worker } from '$lib/server/workers/workers.service';
import { addNamedUser, uniqueName } from './fixtures';

// Shared with the other integration tests; re-exported so the named-worker tests import from one place.
export { asUser, localsFor } from './fixtures';

// Builders for the named-worker tests (photos, hours, time away, handovers): people with names of
// their own, so that "who is shown" can be checked, and assignments that start when the test says.

/** When the test families' workers started, well before any date the tests use. */
export const STARTED = new Date('2026-01-05T09:00:00.000Z');

export async function addNamedWorker(
	db: DB,
	serviceId: string,
	displayName: string,
	options: { role?: StaffRole; phone?: string | null; email?: string | null; jobTitle?: string } = {}
): Promise<Worker> {
	return createWorker(db, {
		username: uniqueName(options.role ?? 'worker'),
		displayName,
		role: options.role ?? 'worker',
		serviceId,
		jobTitle: options.jobTitle ?? 'Family support worker',
		phone: options.phone ?? null,
		email: options.email ?? null,
		passwordHash: null
	});
}

/** A signed-in person in a family: an account and the member row linked to it. */
export async function addFamilyUser(
	db: Executor,
	familyId: string,
	displayName: string,
	role: Extract<Role, 'parent_carer' | 'young_person'> = 'parent_carer'
): Promise<User> {
	const user = await addNamedUser(db, role, displayName);
	await addFamilyMember(db, {
		familyId,
		displayName,
		memberType: role === 'young_person' ? 'young_person' : 'adult',
		dateOfBirth: role === 'young_person' ? '2012-02-02' : null,
		userId: user.id
	});
	return user;
}

export async function assignAt(
	db: DB,
	familyId: string,
	workerId: string,
	role: AssignmentRole,
	at = STARTED,
	partInPlan: string | null = null
): Promise<void> {
	await assignWorker(db, { familyId, workerId, role, partInPlan }, at);
}

/** The workers holding a current lead assignment in a family, straight from the table. */
export async function currentLeads(db: Executor, familyId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('family_worker')
		.select('worker_id')
		.where('family_id', '=', familyId)
		.where('role', '=', 'lead')
		.where('ended_at', 'is', null)
		.execute();
	return rows.map((r) => r.worker_id);
}

/** Every assignment row of a family, oldest first, as [worker, role, still current]. */
export async function assignmentRows(db: Executor, familyId: string): Promise<[string, AssignmentRole, boolean][]> {
	const rows = await db
		.selectFrom('family_worker')
		.select(['worker_id', 'role', 'ended_at', 'started_at'])
		.where('family_id', '=', familyId)
		.orderBy('started_at')
		.orderBy('role')
		.execute();
	return rows.map((r) => [r.worker_id, r.role, r.ended_at === null]);
}

/** Waits until some statement in this PostgreSQL database is waiting for a lock. */
export async function waitForLockWait(db: DB): Promise<void> {
	for (let i = 0; i < 200; i++) {
		const { rows } = await sql<{ waiting: number }>`
			select count(*) as waiting from pg_stat_activity
			where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
		if (Number(rows[0]?.waiting) > 0) return;
		await new Promise((done) => setTimeout(done, 10));
	}
	throw new Error('No statement started waiting for a lock');
}

/** A promise and the function that settles it, for holding one piece of work while another runs. */
export function gate(): { opened: Promise<void>; open: () => void } {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => {
		open = resolve;
	});
	return { opened, open };
}
