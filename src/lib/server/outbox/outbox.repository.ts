import type { Executor } from '../db';

// Timestamps are ISO 8601 UTC text of one length, so comparing them as text compares the instants.

/** Pending rows whose time has come and that no live sender holds, oldest first. */
export async function findDueMessageIds(db: Executor, now: string, limit: number): Promise<string[]> {
	const rows = await db
		.selectFrom('outbox_message')
		.select('id')
		.where('status', '=', 'pending')
		.where('not_before', '<=', now)
		.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
		.orderBy('not_before')
		.limit(limit)
		.execute();
	return rows.map((r) => r.id);
}

/**
 * Takes one row for this sender until `until`, if it is still due and unheld. The condition is
 * re-checked by the update itself (PostgreSQL re-reads a row another transaction changed; SQLite
 * runs one writer at a time), so two senders never both take it. Returns the row as it was, with
 * whether an earlier sender held it and never let go (it may have sent).
 */
export async function claimMessage(db: Executor, id: string, now: string, until: string) {
	// No transaction: the update's own condition (the row unchanged since it was read) is the lock.
	{
		const before = await db
			.selectFrom('outbox_message')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirst();
		if (!before) return null;
		const result = await db
			.updateTable('outbox_message')
			.set({ claimed_until: until })
			.where('id', '=', id)
			.where('status', '=', 'pending')
			.where('not_before', '<=', now)
			.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
			.where((eb) =>
				before.claimed_until === null ? eb('claimed_until', 'is', null) : eb('claimed_until', '=', before.claimed_until)
			)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return null;
		return { ...before, claimed_until: until, wasHeld: before.claimed_until !== null };
	}
}

export async function markMessageSent(db: Executor, id: string, providerRef: string, now: string): Promise<void> {
	await db
		.updateTable('outbox_message')
		.set({ status: 'sent', provider_ref: providerRef, sent_at: now, claimed_until: null, last_error: null })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.execute();
}

export async function markMessageCancelled(db: Executor, id: string, reason: string): Promise<void> {
	await db
		.updateTable('outbox_message')
		.set({ status: 'cancelled', claimed_until: null, last_error: reason })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.execute();
}

/** Lets go of a row to be tried again at `notBefore` (quiet hours, or a backoff after an error). */
export async function releaseMessage(
	db: Executor,
	id: string,
	changes: { notBefore: string; attempts?: number; lastError?: string | null; failed?: boolean }
): Promise<void> {
	await db
		.updateTable('outbox_message')
		.set({
			not_before: changes.notBefore,
			claimed_until: null,
			...(changes.attempts !== undefined && { attempts: changes.attempts }),
			...(changes.lastError !== undefined && { last_error: changes.lastError }),
			...(changes.failed && { status: 'failed' as const })
		})
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.execute();
}

/** The person's current way of being told, with their role: resolved at send time, never copied. */
export async function findRecipient(db: Executor, userId: string) {
	return db
		.selectFrom('app_user')
		.leftJoin('contact_preference', 'contact_preference.user_id', 'app_user.id')
		.select([
			'app_user.id',
			'app_user.role',
			'app_user.disabled_at',
			'contact_preference.channel',
			'contact_preference.email',
			'contact_preference.phone',
			'contact_preference.quiet_from',
			'contact_preference.quiet_until',
			'contact_preference.locale'
		])
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
}
