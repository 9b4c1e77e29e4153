import { isPostgres, type Executor } from '../db';
import type { Selectable } from 'kysely';
import type { RateLimitBucketTable } from '../db/schema';

/**
 * The bucket, locked for the rest of the transaction, made full first if there is none. Locking a
 * row that does not exist locks nothing: two first requests at the same moment (two servers, or two
 * connections of one) would both start from a full bucket and one token would be lost. The insert
 * makes the second wait for the first to commit, then read what it left.
 */
export async function lockBucket(
	db: Executor,
	key: string,
	fresh: { tokens: number; updatedAt: string }
): Promise<Selectable<RateLimitBucketTable>> {
	await db
		.insertInto('rate_limit_bucket')
		.values({ bucket_key: key, tokens: fresh.tokens, updated_at: fresh.updatedAt })
		.onConflict((oc) => oc.column('bucket_key').doNothing())
		.execute();
	return db
		.selectFrom('rate_limit_bucket')
		.selectAll()
		.where('bucket_key', '=', key)
		// SQLite serialises writers already; PostgreSQL needs the row lock.
		.$if(isPostgres(db), (qb) => qb.forUpdate())
		.executeTakeFirstOrThrow();
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
