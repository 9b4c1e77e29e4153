import type { Executor } from '../db';
import type { HandoverRow } from '../db/schema';

export async function insertHandover(db: Executor, handover: HandoverRow): Promise<void> {
	await db.insertInto('handover').values(handover).execute();
}

export async function findHandover(db: Executor, handoverId: string): Promise<HandoverRow | undefined> {
	return db.selectFrom('handover').selectAll().where('id', '=', handoverId).executeTakeFirst();
}

export async function findPendingHandover(db: Executor, familyId: string): Promise<HandoverRow | undefined> {
	return db
		.selectFrom('handover')
		.selectAll()
		.where('family_id', '=', familyId)
		.where('applied_at', 'is', null)
		.executeTakeFirst();
}

export async function listDueHandovers(db: Executor, today: string): Promise<HandoverRow[]> {
	return db
		.selectFrom('handover')
		.selectAll()
		.where('applied_at', 'is', null)
		.where('handover_on', '<=', today)
		.orderBy('handover_on')
		.execute();
}

/** Marks a handover done unless someone else already did; true when this call did it. */
export async function markApplied(db: Executor, handoverId: string, at: string): Promise<boolean> {
	const result = await db
		.updateTable('handover')
		.set({ applied_at: at })
		.where('id', '=', handoverId)
		.where('applied_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function deletePendingHandover(db: Executor, familyId: string, handoverId: string): Promise<number> {
	const result = await db
		.deleteFrom('handover')
		.where('id', '=', handoverId)
		.where('family_id', '=', familyId)
		.where('applied_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

export async function updateNote(
	db: Executor,
	handoverId: string,
	side: 'goodbye' | 'hello',
	note: string | null,
	at: string
): Promise<void> {
	await db
		.updateTable('handover')
		.set(
			side === 'goodbye'
				? { goodbye_note: note, goodbye_written_at: note ? at : null }
				: { hello_note: note, hello_written_at: note ? at : null }
		)
		.where('id', '=', handoverId)
		.execute();
}

function handoversWithNames(db: Executor) {
	return db
		.selectFrom('handover')
		.innerJoin('family', 'family.id', 'handover.family_id')
		.innerJoin('worker as from_worker', 'from_worker.id', 'handover.from_worker_id')
		.innerJoin('app_user as from_user', 'from_user.id', 'from_worker.user_id')
		.innerJoin('worker as to_worker', 'to_worker.id', 'handover.to_worker_id')
		.innerJoin('app_user as to_user', 'to_user.id', 'to_worker.user_id')
		.selectAll('handover')
		.select(['family.name as family_name', 'from_user.display_name as from_name', 'to_user.display_name as to_name']);
}

export type HandoverWithNamesRow = HandoverRow & { family_name: string; from_name: string; to_name: string };

export async function findHandoverWithNames(db: Executor, handoverId: string): Promise<HandoverWithNamesRow | undefined> {
	return handoversWithNames(db).where('handover.id', '=', handoverId).executeTakeFirst();
}

export async function findPendingHandoverWithNames(db: Executor, familyId: string): Promise<HandoverWithNamesRow | undefined> {
	return handoversWithNames(db).where('handover.family_id', '=', familyId).where('handover.applied_at', 'is', null).executeTakeFirst();
}

export async function listFamilyHandovers(db: Executor, familyId: string): Promise<HandoverWithNamesRow[]> {
	return handoversWithNames(db)
		.where('handover.family_id', '=', familyId)
		.orderBy('handover.handover_on', 'desc')
		.orderBy('handover.created_at', 'desc')
		.execute();
}

/** Handovers this worker is part of that are still to come or happened since `since`. */
export async function listRecentHandoversForWorker(
	db: Executor,
	workerId: string,
	since: string
): Promise<HandoverWithNamesRow[]> {
	return handoversWithNames(db)
		.where((eb) => eb.or([eb('handover.from_worker_id', '=', workerId), eb('handover.to_worker_id', '=', workerId)]))
		.where((eb) => eb.or([eb('handover.applied_at', 'is', null), eb('handover.handover_on', '>=', since)]))
		.orderBy('handover.handover_on')
		.execute();
}

/**
 * What a family member should be told: the handover waiting to happen, else the newest one that
 * happened and that this person has not yet said they have seen.
 */
export async function findHandoverToAnnounce(
	db: Executor,
	familyId: string,
	userId: string
): Promise<(HandoverWithNamesRow & { seen: number | boolean }) | undefined> {
	return handoversWithNames(db)
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom('handover_seen')
						.select('handover_seen.handover_id')
						.whereRef('handover_seen.handover_id', '=', 'handover.id')
						.where('handover_seen.user_id', '=', userId)
				)
				.as('seen')
		)
		.where('handover.family_id', '=', familyId)
		.orderBy((eb) => eb.case().when('handover.applied_at', 'is', null).then(0).else(1).end())
		.orderBy('handover.handover_on', 'desc')
		.orderBy('handover.created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export async function insertSeen(db: Executor, handoverId: string, userId: string, at: string): Promise<void> {
	await db
		.insertInto('handover_seen')
		.values({ handover_id: handoverId, user_id: userId, seen_at: at })
		.onConflict((oc) => oc.columns(['handover_id', 'user_id']).doNothing())
		.execute();
}
