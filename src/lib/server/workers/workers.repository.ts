import type { Executor } from '../db';
import type { Role, WorkerRow } from '../db/schema';

export async function insertWorker(db: Executor, worker: WorkerRow): Promise<void> {
	await db.insertInto('worker').values(worker).execute();
}

export async function findWorkerByUser(db: Executor, userId: string): Promise<WorkerRow | undefined> {
	return db.selectFrom('worker').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function findWorkerById(db: Executor, workerId: string): Promise<WorkerRow | undefined> {
	return db.selectFrom('worker').selectAll().where('id', '=', workerId).executeTakeFirst();
}

export interface WorkerListRow {
	worker_id: string;
	user_id: string;
	username: string;
	display_name: string;
	role: Role;
	job_title: string;
	service_id: string;
	service_name: string;
}

export async function listWorkerRows(db: Executor, serviceId?: string): Promise<WorkerListRow[]> {
	return db
		.selectFrom('worker')
		.innerJoin('app_user', 'app_user.id', 'worker.user_id')
		.innerJoin('service', 'service.id', 'worker.service_id')
		.select([
			'worker.id as worker_id',
			'worker.user_id',
			'app_user.username',
			'app_user.display_name',
			'app_user.role',
			'worker.job_title',
			'service.id as service_id',
			'service.name as service_name'
		])
		.$if(serviceId !== undefined, (qb) => qb.where('worker.service_id', '=', serviceId as string))
		.orderBy('app_user.display_name')
		.execute();
}
