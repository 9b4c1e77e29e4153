import type { DB } from '../db';
import { toTimestamp } from '../ids';
import { lockBucket, saveBucket } from './rate-limit.repository';

export interface BucketPolicy {
	/** Most requests allowed in a burst. */
	capacity: number;
	/** Tokens added back each second, up to capacity. */
	refillPerSecond: number;
}

export interface RateDecision {
	allowed: boolean;
	/** Whole seconds until the next request would be allowed (0 when allowed). */
	retryAfterSeconds: number;
}

/**
 * Token bucket kept in the database, so it survives restarts and holds across app processes.
 * Takes one token if there is one.
 */
export async function consumeToken(
	db: DB,
	key: string,
	policy: BucketPolicy,
	now = new Date()
): Promise<RateDecision> {
	return db.transaction().execute(async (trx) => {
		const bucket = await lockBucket(trx, key, { tokens: policy.capacity, updatedAt: toTimestamp(now) });
		const elapsedSeconds = Math.max(0, (now.getTime() - new Date(bucket.updated_at).getTime()) / 1000);
		const available = Math.min(policy.capacity, bucket.tokens + elapsedSeconds * policy.refillPerSecond);
		if (available < 1) {
			await saveBucket(trx, { bucket_key: key, tokens: available, updated_at: toTimestamp(now) });
			return {
				allowed: false,
				retryAfterSeconds: Math.max(1, Math.ceil((1 - available) / policy.refillPerSecond))
			};
		}
		await saveBucket(trx, { bucket_key: key, tokens: available - 1, updated_at: toTimestamp(now) });
		return { allowed: true, retryAfterSeconds: 0 };
	});
}
