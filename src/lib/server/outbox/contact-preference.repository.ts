import type { Insertable } from 'kysely';
import type { Executor } from '../db';
import type { ContactPreferenceTable, Role } from '../db/schema';

export async function findContactPreference(db: Executor, userId: string) {
	return db.selectFrom('contact_preference').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertContactPreference(db: Executor, row: Insertable<ContactPreferenceTable>): Promise<void> {
	const { user_id: _userId, ...changes } = row;
	await db
		.insertInto('contact_preference')
		.values(row)
		.onConflict((oc) => oc.column('user_id').doUpdateSet(changes))
		.execute();
}

/**
 * People of `otherRole` who share a family with `userId` and whose saved email or phone is
 * `address`: a young person's messages must never reach a parent's inbox or phone, nor the reverse.
 */
export async function findFamilyUsersWithAddress(
	db: Executor,
	userId: string,
	otherRole: Extract<Role, 'parent_carer' | 'young_person'>,
	field: 'email' | 'phone',
	address: string
): Promise<string[]> {
	const rows = await db
		.selectFrom('family_member as mine')
		.innerJoin('family_member as theirs', 'theirs.family_id', 'mine.family_id')
		.innerJoin('app_user', 'app_user.id', 'theirs.user_id')
		.innerJoin('contact_preference', 'contact_preference.user_id', 'theirs.user_id')
		.select('theirs.user_id as userId')
		.where('mine.user_id', '=', userId)
		.where('theirs.user_id', '!=', userId)
		.where('app_user.role', '=', otherRole)
		.where(`contact_preference.${field}`, '=', address)
		.execute();
	return [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
}
