import { isUniqueViolation, type DB, type Executor } from '../db';
import { newId, toTimestamp } from '../ids';
import { findUserByUsername, insertUser } from '../users/users.repository';
import { findWorkerByUser, insertWorker, listWorkerRows, type WorkerListRow } from './workers.repository';

export type StaffRole = 'worker' | 'manager';

export interface Worker {
	id: string;
	userId: string;
	username: string;
	displayName: string;
	role: StaffRole;
	jobTitle: string;
	serviceId: string;
	serviceName: string;
}

export class WorkerRuleError extends Error {
	constructor(public readonly code: 'username_taken') {
		super(code);
		this.name = 'WorkerRuleError';
	}
}

function toWorker(row: WorkerListRow): Worker {
	return {
		id: row.worker_id,
		userId: row.user_id,
		username: row.username,
		displayName: row.display_name,
		role: row.role === 'manager' ? 'manager' : 'worker',
		jobTitle: row.job_title,
		serviceId: row.service_id,
		serviceName: row.service_name
	};
}

export async function listWorkers(db: Executor, serviceId?: string): Promise<Worker[]> {
	return (await listWorkerRows(db, serviceId)).map(toWorker);
}

/** The service a worker or manager belongs to, if any. */
export async function serviceIdForUser(db: Executor, userId: string): Promise<string | null> {
	return (await findWorkerByUser(db, userId))?.service_id ?? null;
}

export interface NewWorkerInput {
	username: string;
	displayName: string;
	role: StaffRole;
	serviceId: string;
	jobTitle: string;
	phone?: string | null;
	email?: string | null;
	/** Set for demo data; otherwise the worker sets their own password through an invite. */
	passwordHash?: string | null;
}

/** Creates the worker's account and their place in a service, in one transaction. */
export async function createWorker(db: DB, input: NewWorkerInput, now = new Date()): Promise<Worker> {
	try {
		return await insertWorkerAccount(db, input, now);
	} catch (error) {
		if (isUniqueViolation(error)) throw new WorkerRuleError('username_taken');
		throw error;
	}
}

async function insertWorkerAccount(db: DB, input: NewWorkerInput, now: Date): Promise<Worker> {
	return db.transaction().execute(async (trx) => {
		if (await findUserByUsername(trx, input.username)) throw new WorkerRuleError('username_taken');
		const userId = newId();
		const workerId = newId();
		await insertUser(trx, {
			id: userId,
			username: input.username,
			display_name: input.displayName,
			role: input.role,
			password_hash: input.passwordHash ?? null,
			created_at: toTimestamp(now),
			disabled_at: null
		});
		await insertWorker(trx, {
			id: workerId,
			user_id: userId,
			service_id: input.serviceId,
			job_title: input.jobTitle,
			phone: input.phone ?? null,
			email: input.email ?? null,
			created_at: toTimestamp(now)
		});
		const [created] = (await listWorkerRows(trx, input.serviceId)).filter((w) => w.worker_id === workerId);
		if (!created) throw new Error('Worker vanished inside its own transaction');
		return toWorker(created);
	});
}

/** The worker record of a worker or manager's account, if they have one. */
export async function findWorkerIdForUser(db: Executor, userId: string): Promise<string | null> {
	return (await findWorkerByUser(db, userId))?.id ?? null;
}
