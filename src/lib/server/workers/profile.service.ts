import { addDays, ukToday } from '../clock';
import type { DB, Executor } from '../db';
import { photoVersion } from '../families/families.service';
import { newId, toTimestamp } from '../ids';
import type { DayHours, Weekday } from '$lib/workers/hours';
import {
	deleteAbsence,
	deletePhoto,
	findOverlappingAbsence,
	findPhoto,
	findWorkerProfile,
	insertAbsence,
	listAbsences,
	listCoverDuties,
	listHours,
	replaceHours,
	updateWorkerContact,
	upsertPhoto,
	type AbsenceWithCoverRow
} from './profile.repository';
import type { PhotoResult } from './photo';
import { findWorkerById } from './workers.repository';
import { listWorkers, type Worker } from './workers.service';

export interface Contact {
	displayName: string;
	jobTitle: string;
	phone: string | null;
	email: string | null;
}

export interface Absence {
	id: string;
	startsOn: string;
	endsOn: string;
	/** Away today. */
	current: boolean;
	cover: Contact | null;
}

export interface WorkerProfile {
	id: string;
	userId: string;
	serviceId: string;
	serviceName: string;
	displayName: string;
	jobTitle: string;
	phone: string | null;
	email: string | null;
	/** Changes whenever the photo does, so the photo's address can be cached for good; null = initials. */
	photoVersion: string | null;
	hours: DayHours[];
	absences: Absence[];
}

/** Why an absence was refused, for the form to explain. */
export class AvailabilityRuleError extends Error {
	constructor(
		public readonly code: 'overlap' | 'covering_then' | 'cover_unknown' | 'cover_away' | 'cover_is_self',
		public readonly field: 'startsOn' | 'coverWorkerId'
	) {
		super(code);
		this.name = 'AvailabilityRuleError';
	}
}

export function toAbsence(row: AbsenceWithCoverRow, today: string): Absence {
	return {
		id: row.id,
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		current: row.starts_on <= today && today <= row.ends_on,
		cover: row.cover_name
			? {
					displayName: row.cover_name,
					jobTitle: row.cover_job_title ?? '',
					phone: row.cover_phone,
					email: row.cover_email
				}
			: null
	};
}

export function toDayHours(row: { weekday: number; starts_at: string; ends_at: string }): DayHours {
	return { weekday: row.weekday as Weekday, startsAt: row.starts_at, endsAt: row.ends_at };
}

export async function getWorkerProfile(db: Executor, workerId: string, now = new Date()): Promise<WorkerProfile | null> {
	const today = ukToday(now);
	const [worker, hours, absences] = await Promise.all([
		findWorkerProfile(db, workerId),
		listHours(db, [workerId]),
		listAbsences(db, [workerId], today)
	]);
	if (!worker) return null;
	return {
		id: worker.id,
		userId: worker.user_id,
		serviceId: worker.service_id,
		serviceName: worker.service_name,
		displayName: worker.display_name,
		jobTitle: worker.job_title,
		phone: worker.phone,
		email: worker.email,
		photoVersion: photoVersion(worker.photo_updated_at),
		hours: hours.map(toDayHours),
		absences: absences.map((a) => toAbsence(a, today))
	};
}

/** Colleagues who could cover this worker: everyone else in their service. */
export async function listPossibleCover(db: Executor, profile: WorkerProfile): Promise<Worker[]> {
	return (await listWorkers(db, profile.serviceId)).filter((w) => w.id !== profile.id);
}

export async function saveContact(
	db: Executor,
	workerId: string,
	contact: { phone: string | null; email: string | null }
): Promise<void> {
	await updateWorkerContact(db, workerId, contact);
}

export async function savePhoto(
	db: Executor,
	workerId: string,
	photo: Extract<PhotoResult, { ok: true }>,
	byUserId: string,
	now = new Date()
): Promise<void> {
	await upsertPhoto(db, {
		worker_id: workerId,
		content_type: photo.contentType,
		image: photo.image,
		width: photo.width,
		height: photo.height,
		uploaded_by_user_id: byUserId,
		updated_at: toTimestamp(now)
	});
}

export async function removePhoto(db: Executor, workerId: string): Promise<void> {
	await deletePhoto(db, workerId);
}

/** Replaces the worker's week: the days given are the days they work. */
export async function saveHours(db: DB, workerId: string, hours: readonly DayHours[]): Promise<void> {
	await db.transaction().execute((trx) =>
		replaceHours(
			trx,
			workerId,
			hours.map((h) => ({ worker_id: workerId, weekday: h.weekday, starts_at: h.startsAt, ends_at: h.endsAt }))
		)
	);
}

export interface NewAbsence {
	workerId: string;
	startsOn: string;
	endsOn: string;
	coverWorkerId: string | null;
}

/**
 * Books time away. The cover must be a colleague in the same service who is not away themselves
 * on any of those days; a worker cannot be away twice at once, nor while covering for someone.
 */
export async function addAbsence(db: DB, input: NewAbsence, byUserId: string, now = new Date()): Promise<string> {
	return db.transaction().execute(async (trx) => {
		const worker = await findWorkerById(trx, input.workerId);
		if (!worker) throw new Error('addAbsence: no such worker');
		if (await findOverlappingAbsence(trx, 'worker_id', input.workerId, input.startsOn, input.endsOn)) {
			throw new AvailabilityRuleError('overlap', 'startsOn');
		}
		// Families were told this worker covers on those days: other cover must be found first.
		if (await findOverlappingAbsence(trx, 'cover_worker_id', input.workerId, input.startsOn, input.endsOn)) {
			throw new AvailabilityRuleError('covering_then', 'startsOn');
		}
		if (input.coverWorkerId) {
			if (input.coverWorkerId === input.workerId) throw new AvailabilityRuleError('cover_is_self', 'coverWorkerId');
			const cover = await findWorkerById(trx, input.coverWorkerId);
			if (!cover || cover.service_id !== worker.service_id) {
				throw new AvailabilityRuleError('cover_unknown', 'coverWorkerId');
			}
			if (await findOverlappingAbsence(trx, 'worker_id', input.coverWorkerId, input.startsOn, input.endsOn)) {
				throw new AvailabilityRuleError('cover_away', 'coverWorkerId');
			}
		}
		const id = newId();
		await insertAbsence(trx, {
			id,
			worker_id: input.workerId,
			starts_on: input.startsOn,
			ends_on: input.endsOn,
			cover_worker_id: input.coverWorkerId,
			created_by_user_id: byUserId,
			created_at: toTimestamp(now)
		});
		return id;
	});
}

/** Cancels a booked absence; false when there was none by that id for this worker. */
export async function removeAbsence(db: Executor, workerId: string, absenceId: string): Promise<boolean> {
	return (await deleteAbsence(db, workerId, absenceId)) > 0;
}

/** How far ahead a family is told about planned time away. */
export const ABSENCE_NOTICE_DAYS = 42;

/** Absences (not yet over) that start within the notice period, soonest first. */
export function absencesWithinNotice(absences: readonly Absence[], today: string): Absence[] {
	const horizon = addDays(today, ABSENCE_NOTICE_DAYS);
	return absences.filter((a) => a.startsOn <= horizon);
}

/** The absence a family should know about now: the current one, else the next within notice. */
export function absenceToShow(absences: readonly Absence[], today: string): Absence | null {
	const soon = absencesWithinNotice(absences, today);
	return soon.find((a) => a.current) ?? soon[0] ?? null;
}

export async function getWorkerPhoto(db: Executor, workerId: string) {
	const row = await findPhoto(db, workerId);
	return row ? { contentType: row.content_type, image: row.image } : null;
}

export interface CoverDuty {
	id: string;
	forName: string;
	startsOn: string;
	endsOn: string;
}

/** Whom this worker covers for, and when. */
export async function listCoverFor(db: Executor, workerId: string, now = new Date()): Promise<CoverDuty[]> {
	return (await listCoverDuties(db, workerId, ukToday(now))).map((r) => ({
		id: r.id,
		forName: r.display_name,
		startsOn: r.starts_on,
		endsOn: r.ends_on
	}));
}
