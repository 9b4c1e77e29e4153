import type { DB } from '../db';
import { consumeToken, type BucketPolicy } from '../rate-limit/rate-limit.service';

/** Invite codes can be guessed only slowly: per IP, bursts of 10, then one every 6 seconds. */
export const INVITE_IP_POLICY: BucketPolicy = { capacity: 10, refillPerSecond: 1 / 6 };

export async function inviteAttemptAllowed(db: DB, ip: string, now = new Date()) {
	return consumeToken(db, `invite:ip:${ip}`, INVITE_IP_POLICY, now);
}
