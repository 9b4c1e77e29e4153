import type { Executor } from '../db';
import { toTimestamp } from '../ids';
import { DeliveryError, type OutboxAdapter, type OutgoingMessage } from './adapters';
import { isSharedWithOtherGeneration } from './contact-preference.service';
import { messageText } from './message-text';
import {
	claimMessage,
	findDueMessageIds,
	findRecipient,
	markMessageCancelled,
	markMessageSent,
	releaseMessage
} from './outbox.repository';
import { isQuiet, nextSendableTime } from './quiet-hours';

// Draining the outbox: take each due message, look up how the person wants to be told *now*, send
// through the adapter, mark it sent. A message is claimed for a while before sending; if the sender
// dies before marking, the claim runs out and the next drain asks the provider whether the message
// (by its idempotency key) already arrived before sending it again.

export interface DrainOptions {
	adapter: OutboxAdapter;
	/** The portal's public address, for the link in the message. */
	origin: string;
	now?: () => Date;
	/** How many rows one drain takes at most. */
	batch?: number;
	/** How long a claim holds a row: longer than any send takes. */
	claimMs?: number;
	/** Tries before a message is given up as failed. */
	maxAttempts?: number;
	/** The first retry's wait; each further one doubles it. */
	backoffMs?: number;
	/** Test hooks: called around the send, to simulate a crash at exactly that point. */
	beforeSend?: (message: OutgoingMessage) => void | Promise<void>;
	afterSend?: (message: OutgoingMessage) => void | Promise<void>;
}

export interface DrainReport {
	sent: number;
	/** Found already delivered by an earlier sender that died before marking it. */
	recovered: number;
	cancelled: number;
	held: number;
	retried: number;
	failed: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 60_000;
export const DEFAULT_CLAIM_MS = 5 * 60_000;

/** The wait before try number `attempts + 1`: backoff, doubled for each try already made. */
export function retryDelayMs(attempts: number, backoffMs = DEFAULT_BACKOFF_MS): number {
	return backoffMs * 2 ** Math.max(0, attempts - 1);
}

export async function drainOutbox(db: Executor, options: DrainOptions): Promise<DrainReport> {
	const clock = options.now ?? (() => new Date());
	const report: DrainReport = { sent: 0, recovered: 0, cancelled: 0, held: 0, retried: 0, failed: 0 };
	const started = clock();
	const ids = await findDueMessageIds(db, toTimestamp(started), options.batch ?? 50);
	for (const id of ids) {
		const now = clock();
		const claimed = await claimMessage(
			db,
			id,
			toTimestamp(now),
			toTimestamp(new Date(now.getTime() + (options.claimMs ?? DEFAULT_CLAIM_MS)))
		);
		if (!claimed) continue; // another sender took it first
		await deliver(db, claimed, now, options, report);
	}
	return report;
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimMessage>>>;

async function deliver(db: Executor, row: Claimed, now: Date, options: DrainOptions, report: DrainReport): Promise<void> {
	// The way and address the person has chosen now, not when the message was queued: a person who
	// moved from email to text since gets a text, and one who said "no messages" gets none.
	const recipient = await findRecipient(db, row.user_id);
	const channel = recipient?.channel;
	const address = channel === 'email' ? recipient?.email : channel === 'sms' ? recipient?.phone : null;
	if (!recipient || recipient.disabled_at || (channel !== 'email' && channel !== 'sms') || !address) {
		await markMessageCancelled(db, row.id, 'no_contact_preference');
		report.cancelled++;
		return;
	}
	// Checked again at send time: a parent may have joined the family, or saved the same details, since.
	if (await isSharedWithOtherGeneration(db, recipient, channel === 'email' ? 'email' : 'phone', address)) {
		await markMessageCancelled(db, row.id, 'address_shared_in_family');
		report.cancelled++;
		return;
	}
	const quiet = recipient.quiet_from && recipient.quiet_until ? { from: recipient.quiet_from, until: recipient.quiet_until } : null;
	if (quiet && isQuiet(now, quiet)) {
		// The person changed their quiet hours since the message was queued: hold it till they end.
		await releaseMessage(db, row.id, { notBefore: toTimestamp(nextSendableTime(now, quiet)) });
		report.held++;
		return;
	}

	const message: OutgoingMessage = {
		idempotencyKey: row.idempotency_key,
		channel,
		address,
		text: messageText(row.template, recipient.locale, options.origin, row.link)
	};
	const attempts = row.attempts + 1;
	try {
		if (row.wasHeld) {
			// An earlier sender took this row and never marked it: it may have sent. Ask first.
			const ref = await options.adapter.findSent(message);
			if (ref) {
				await markMessageSent(db, row.id, ref, toTimestamp(now));
				report.recovered++;
				return;
			}
		}
		await options.beforeSend?.(message);
		const ref = await options.adapter.send(message);
		await options.afterSend?.(message);
		await markMessageSent(db, row.id, ref, toTimestamp(now));
		report.sent++;
	} catch (error) {
		if (error instanceof SimulatedCrash) throw error;
		// Only a code is stored: an adapter's own error text may quote the address.
		const code = error instanceof DeliveryError ? error.code : (error as NodeJS.ErrnoException)?.code ?? 'send_failed';
		const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
		const failed = attempts >= maxAttempts;
		await releaseMessage(db, row.id, {
			attempts,
			lastError: String(code).slice(0, 100),
			notBefore: toTimestamp(new Date(now.getTime() + (failed ? 0 : retryDelayMs(attempts, options.backoffMs)))),
			failed
		});
		if (failed) report.failed++;
		else report.retried++;
	}
}

/** Thrown by a test hook to stop a drain dead, as if the process had died there. */
export class SimulatedCrash extends Error {
	constructor() {
		super('simulated crash');
		this.name = 'SimulatedCrash';
	}
}
