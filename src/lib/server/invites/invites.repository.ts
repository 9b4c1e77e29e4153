import type { Executor } from '../db';
import type { InviteRow } from '../db/schema';

export async function insertInvite(db: Executor, invite: InviteRow): Promise<void> {
	await db.insertInto('invite').values(invite).execute();
}

export async function findInviteByCodeHash(db: Executor, codeHash: string): Promise<InviteRow | undefined> {
	return db.selectFrom('invite').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Only the newest invite for a person works: making a new one retires the older ones. */
export async function retireOpenInvites(
	db: Executor,
	target: { familyMemberId: string } | { userId: string },
	now: string
): Promise<void> {
	await db
		.updateTable('invite')
		.set({ expires_at: now })
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.$if('familyMemberId' in target, (qb) =>
			qb.where('family_member_id', '=', (target as { familyMemberId: string }).familyMemberId)
		)
		.$if('userId' in target, (qb) => qb.where('user_id', '=', (target as { userId: string }).userId))
		.execute();
}

/** Marks an invite used, only if nobody used it first; returns whether this call did. */
export async function markInviteUsed(db: Executor, inviteId: string, now: string): Promise<boolean> {
	const result = await db
		.updateTable('invite')
		.set({ used_at: now })
		.where('id', '=', inviteId)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
