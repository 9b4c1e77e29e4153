import type { Executor } from '../db';

/** The services a person has rated, by name: where to look for their own ratings. */
export async function listServicesRatedBy(db: Executor, userId: string): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('service')
		.select(['service.id', 'service.name'])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('service_rating')
					.select('service_rating.id')
					.whereRef('service_rating.service_id', '=', 'service.id')
					.where('service_rating.author_user_id', '=', userId)
			)
		)
		.orderBy('service.name')
		.orderBy('service.id')
		.execute();
}

/** The account as its owner may see it: never the password hash, sessions or set-up codes. */
export async function findAccount(
	db: Executor,
	userId: string
): Promise<{ username: string; display_name: string; role: string; created_at: string } | undefined> {
	return db
		.selectFrom('app_user')
		.select(['username', 'display_name', 'role', 'created_at'])
		.where('id', '=', userId)
		.executeTakeFirst();
}
