import { isPostgres, type Executor } from '../db';
import type { Selectable } from 'kysely';
import type { RateLimitBucketTable } from '../db/schema';

export async function findBucketForUpdate(
	db: Executor,
	key: string
): Promise<Selectable<RateLimitBucketTable> | undefined> {
	return db
		.selectFrom('rate_limit_bucket')
		.selectAll()
		.where('bucket_key', '=', key)
		// SQLite serialises writers already; PostgreSQL needs the row lock.
		.$if(isPostgres(db), (qb) => qb.forUpdate())
		.executeTakeFirst();
}

export async function saveBucket(db: Executor, bucket: Selectable<RateLimitBucketTable>): Promise<void> {
	await db
		.insertInto('rate_limit_bucket')
		.values(bucket)
		.onConflict((oc) =>
			oc.column('bucket_key').doUpdateSet({ tokens: bucket.tokens, updated_at: bucket.updated_at })
		)
		.execute();
}
