import type { Executor } from '../db';
import type { RestrictionReason } from '../db/schema';

export async function setRestriction(
	db: Executor,
	familyId: string,
	restriction: { restricted_at: string; restriction_reason: RestrictionReason } | null
): Promise<void> {
	await db
		.updateTable('family')
		.set(restriction ?? { restricted_at: null, restriction_reason: null })
		.where('id', '=', familyId)
		.execute();
}

export interface RecordStatusRow {
	restricted_at: string | null;
	restriction_reason: RestrictionReason | null;
	support_ended_on: string | null;
}

export async function findRecordStatus(db: Executor, familyId: string): Promise<RecordStatusRow | undefined> {
	return db
		.selectFrom('family')
		.select(['restricted_at', 'restriction_reason', 'support_ended_on'])
		.where('id', '=', familyId)
		.executeTakeFirst();
}

export async function setSupportEndedOn(db: Executor, familyId: string, date: string | null): Promise<void> {
	await db.updateTable('family').set({ support_ended_on: date }).where('id', '=', familyId).execute();
}

export interface RetentionCandidateRow {
	id: string;
	name: string;
	support_ended_on: string;
	restriction_reason: RestrictionReason | null;
}

/** Every family whose support has ended: the only ones that can reach their retention date. */
export async function listFamiliesWithSupportEnded(db: Executor): Promise<RetentionCandidateRow[]> {
	const rows = await db
		.selectFrom('family')
		.select(['id', 'name', 'support_ended_on', 'restriction_reason'])
		.where('support_ended_on', 'is not', null)
		.orderBy('support_ended_on')
		.orderBy('id')
		.execute();
	return rows.map((r) => ({ ...r, support_ended_on: r.support_ended_on as string }));
}

/** The tables a family's record lives in, in the order they are emptied (children before parents). */
export const RETENTION_TABLES = [
	'service_change_rating',
	'service_rating_reply',
	'service_rating',
	'young_view_message',
	'young_view',
	'service_request_share',
	'service_request',
	'handover_seen',
	'handover',
	'plan_history',
	'agenda_item',
	'review_meeting',
	'goal_checkin',
	'goal_position',
	'goal_action',
	'goal',
	'plan',
	'family_worker',
	'invite',
	'news_item',
	'outbox_message',
	'contact_preference',
	'password_reset',
	'recovery_code',
	'user_totp',
	'user_session',
	'sign_in_throttle',
	'family_member',
	'app_user',
	'family'
] as const;

export type RetentionTable = (typeof RETENTION_TABLES)[number];
export type RetentionCounts = Record<RetentionTable, number>;

/**
 * Deletes one family's record and every row about its members, returning how many rows went from
 * each table. Run it inside the caller's transaction, so a family goes whole or not at all. Workers,
 * services and the append-only audit trail (which holds no content) are left alone.
 */
export async function deleteFamilyRecord(trx: Executor, familyId: string): Promise<RetentionCounts> {
	const members = await trx.selectFrom('family_member').select(['id', 'user_id']).where('family_id', '=', familyId).execute();
	const memberIds = members.map((m) => m.id);
	const userIds = members.flatMap((m) => (m.user_id ? [m.user_id] : []));
	const users = userIds.length
		? await trx.selectFrom('app_user').select('username').where('id', 'in', userIds).execute()
		: [];
	const throttleKeys = users.map((u) => `sign-in:account:${u.username}`);
	const plans = trx.selectFrom('plan').select('id').where('family_id', '=', familyId);
	const goals = trx.selectFrom('goal').select('id').where('plan_id', 'in', plans);
	const reviews = trx.selectFrom('review_meeting').select('id').where('plan_id', 'in', plans);
	const views = trx.selectFrom('young_view').select('id').where('family_id', '=', familyId);
	const handovers = trx.selectFrom('handover').select('id').where('family_id', '=', familyId);
	const none = ['\u0000'];
	const ratings = trx
		.selectFrom('service_rating')
		.select('id')
		.where('author_user_id', 'in', userIds.length ? userIds : none);

	const n = (result: { numDeletedRows: bigint }): number => Number(result.numDeletedRows);
	const counts = {} as RetentionCounts;
	counts.service_change_rating = n(await trx.deleteFrom('service_change_rating').where('rating_id', 'in', ratings).executeTakeFirstOrThrow());
	counts.service_rating_reply = n(await trx.deleteFrom('service_rating_reply').where('rating_id', 'in', ratings).executeTakeFirstOrThrow());
	counts.service_rating = n(
		await trx.deleteFrom('service_rating').where('author_user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	const requests = trx.selectFrom('service_request').select('id').where('family_id', '=', familyId);
	counts.service_request_share = n(await trx.deleteFrom('service_request_share').where('request_id', 'in', requests).executeTakeFirstOrThrow());
	counts.service_request = n(await trx.deleteFrom('service_request').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.young_view_message = n(await trx.deleteFrom('young_view_message').where('view_id', 'in', views).executeTakeFirstOrThrow());
	counts.young_view = n(await trx.deleteFrom('young_view').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.handover_seen = n(await trx.deleteFrom('handover_seen').where('handover_id', 'in', handovers).executeTakeFirstOrThrow());
	counts.handover = n(await trx.deleteFrom('handover').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.plan_history = n(await trx.deleteFrom('plan_history').where('plan_id', 'in', plans).executeTakeFirstOrThrow());
	counts.agenda_item = n(await trx.deleteFrom('agenda_item').where('review_id', 'in', reviews).executeTakeFirstOrThrow());
	counts.review_meeting = n(await trx.deleteFrom('review_meeting').where('plan_id', 'in', plans).executeTakeFirstOrThrow());
	counts.goal_checkin = n(await trx.deleteFrom('goal_checkin').where('goal_id', 'in', goals).executeTakeFirstOrThrow());
	counts.goal_position = n(await trx.deleteFrom('goal_position').where('goal_id', 'in', goals).executeTakeFirstOrThrow());
	counts.goal_action = n(await trx.deleteFrom('goal_action').where('goal_id', 'in', goals).executeTakeFirstOrThrow());
	counts.goal = n(await trx.deleteFrom('goal').where('plan_id', 'in', plans).executeTakeFirstOrThrow());
	counts.plan = n(await trx.deleteFrom('plan').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.family_worker = n(await trx.deleteFrom('family_worker').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.invite = n(
		await trx
			.deleteFrom('invite')
			.where((eb) =>
				eb.or([
					eb('family_member_id', 'in', memberIds.length ? memberIds : none),
					eb('user_id', 'in', userIds.length ? userIds : none)
				])
			)
			.executeTakeFirstOrThrow()
	);
	// News about the family (its members' and its workers' lines), and the members' own news,
	// messages waiting to go and contact details.
	counts.news_item = n(
		await trx
			.deleteFrom('news_item')
			.where((eb) => eb.or([eb('family_id', '=', familyId), eb('user_id', 'in', userIds.length ? userIds : none)]))
			.executeTakeFirstOrThrow()
	);
	counts.outbox_message = n(
		await trx.deleteFrom('outbox_message').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	counts.contact_preference = n(
		await trx.deleteFrom('contact_preference').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	// Sign-in codes, spare codes and password reset codes of the members' accounts.
	counts.password_reset = n(
		await trx.deleteFrom('password_reset').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	counts.recovery_code = n(
		await trx.deleteFrom('recovery_code').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	counts.user_totp = n(
		await trx.deleteFrom('user_totp').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	counts.user_session = n(
		await trx.deleteFrom('user_session').where('user_id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow()
	);
	counts.sign_in_throttle = n(
		await trx
			.deleteFrom('sign_in_throttle')
			.where('account_key', 'in', throttleKeys.length ? throttleKeys : none)
			.executeTakeFirstOrThrow()
	);
	counts.family_member = n(await trx.deleteFrom('family_member').where('family_id', '=', familyId).executeTakeFirstOrThrow());
	counts.app_user = n(await trx.deleteFrom('app_user').where('id', 'in', userIds.length ? userIds : none).executeTakeFirstOrThrow());
	counts.family = n(await trx.deleteFrom('family').where('id', '=', familyId).executeTakeFirstOrThrow());
	return counts;
}
