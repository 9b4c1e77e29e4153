import type { Executor } from '../db';
import type { WorkerAbsenceRow, WorkerHoursRow, WorkerPhotoRow } from '../db/schema';

/** A worker with what their profile shows: name, service, contact and whether they have a photo. */
export async function findWorkerProfile(db: Executor, workerId: string) {
	return db
		.selectFrom('worker')
		.innerJoin('app_user', 'app_user.id', 'worker.user_id')
		.innerJoin('service', 'service.id', 'worker.service_id')
		.leftJoin('worker_photo', 'worker_photo.worker_id', 'worker.id')
		.select([
			'worker.id',
			'worker.user_id',
			'worker.service_id',
			'service.name as service_name',
			'app_user.display_name',
			'app_user.role',
			'worker.job_title',
			'worker.phone',
			'worker.email',
			'worker_photo.updated_at as photo_updated_at'
		])
		.where('worker.id', '=', workerId)
		.executeTakeFirst();
}

export async function updateWorkerContact(
	db: Executor,
	workerId: string,
	contact: { phone: string | null; email: string | null }
): Promise<void> {
	await db.updateTable('worker').set(contact).where('id', '=', workerId).execute();
}

export async function findPhoto(db: Executor, workerId: string): Promise<WorkerPhotoRow | undefined> {
	return db.selectFrom('worker_photo').selectAll().where('worker_id', '=', workerId).executeTakeFirst();
}

export async function upsertPhoto(db: Executor, photo: WorkerPhotoRow): Promise<void> {
	await db
		.insertInto('worker_photo')
		.values(photo)
		.onConflict((oc) =>
			oc.column('worker_id').doUpdateSet({
				content_type: photo.content_type,
				image: photo.image,
				width: photo.width,
				height: photo.height,
				uploaded_by_user_id: photo.uploaded_by_user_id,
				updated_at: photo.updated_at
			})
		)
		.execute();
}

export async function deletePhoto(db: Executor, workerId: string): Promise<void> {
	await db.deleteFrom('worker_photo').where('worker_id', '=', workerId).execute();
}

export async function listHours(db: Executor, workerIds: readonly string[]): Promise<WorkerHoursRow[]> {
	if (workerIds.length === 0) return [];
	return db
		.selectFrom('worker_hours')
		.selectAll()
		.where('worker_id', 'in', workerIds)
		.orderBy('worker_id')
		.orderBy('weekday')
		.execute();
}

export async function replaceHours(db: Executor, workerId: string, hours: readonly WorkerHoursRow[]): Promise<void> {
	await db.deleteFrom('worker_hours').where('worker_id', '=', workerId).execute();
	if (hours.length > 0) await db.insertInto('worker_hours').values([...hours]).execute();
}

export interface AbsenceWithCoverRow extends WorkerAbsenceRow {
	cover_name: string | null;
	cover_phone: string | null;
	cover_email: string | null;
	cover_job_title: string | null;
}

/** Absences of these workers that have not ended by `today`, soonest first, with the cover's contact. */
export async function listAbsences(
	db: Executor,
	workerIds: readonly string[],
	today: string
): Promise<AbsenceWithCoverRow[]> {
	if (workerIds.length === 0) return [];
	return db
		.selectFrom('worker_absence')
		.leftJoin('worker as cover', 'cover.id', 'worker_absence.cover_worker_id')
		.leftJoin('app_user as cover_user', 'cover_user.id', 'cover.user_id')
		.selectAll('worker_absence')
		.select([
			'cover_user.display_name as cover_name',
			'cover.phone as cover_phone',
			'cover.email as cover_email',
			'cover.job_title as cover_job_title'
		])
		.where('worker_absence.worker_id', 'in', workerIds)
		.where('worker_absence.ends_on', '>=', today)
		.orderBy('worker_absence.starts_on')
		.orderBy('worker_absence.id')
		.execute();
}

/**
 * Time away overlapping these dates, if any: the worker's own (`worker_id`), or someone's that
 * they have agreed to cover (`cover_worker_id`).
 */
export async function findOverlappingAbsence(
	db: Executor,
	who: 'worker_id' | 'cover_worker_id',
	workerId: string,
	startsOn: string,
	endsOn: string
): Promise<WorkerAbsenceRow | undefined> {
	return db
		.selectFrom('worker_absence')
		.selectAll()
		.where(who, '=', workerId)
		.where('starts_on', '<=', endsOn)
		.where('ends_on', '>=', startsOn)
		.executeTakeFirst();
}

export async function insertAbsence(db: Executor, absence: WorkerAbsenceRow): Promise<void> {
	await db.insertInto('worker_absence').values(absence).execute();
}

export async function deleteAbsence(db: Executor, workerId: string, absenceId: string): Promise<number> {
	const result = await db
		.deleteFrom('worker_absence')
		.where('id', '=', absenceId)
		.where('worker_id', '=', workerId)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Time away this worker has agreed to cover, not yet over. */
export async function listCoverDuties(db: Executor, coverWorkerId: string, today: string) {
	return db
		.selectFrom('worker_absence')
		.innerJoin('worker', 'worker.id', 'worker_absence.worker_id')
		.innerJoin('app_user', 'app_user.id', 'worker.user_id')
		.select(['worker_absence.id', 'worker_absence.starts_on', 'worker_absence.ends_on', 'app_user.display_name'])
		.where('worker_absence.cover_worker_id', '=', coverWorkerId)
		.where('worker_absence.ends_on', '>=', today)
		.orderBy('worker_absence.starts_on')
		.execute();
}
