import type { Executor } from '../db';
import type { NewService, ServiceRow } from '../db/schema';

export async function listServiceRows(db: Executor): Promise<ServiceRow[]> {
	return db.selectFrom('service').selectAll().orderBy('name').execute();
}

export async function findService(db: Executor, serviceId: string): Promise<ServiceRow | undefined> {
	return db.selectFrom('service').selectAll().where('id', '=', serviceId).executeTakeFirst();
}

export async function findServiceByName(db: Executor, name: string): Promise<ServiceRow | undefined> {
	return db.selectFrom('service').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertService(db: Executor, service: NewService): Promise<void> {
	await db.insertInto('service').values(service).execute();
}

export async function updateReplyDays(
	db: Executor,
	serviceId: string,
	column: 'view_reply_days' | 'rating_reply_days',
	days: number
): Promise<void> {
	await db
		.updateTable('service')
		.set({ [column]: days })
		.where('id', '=', serviceId)
		.execute();
}
