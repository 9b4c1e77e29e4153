import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageText } from './message-text';

// Where messages go. The idempotency key goes with every message (Notify's reference, the file
// adapter's file name), so a send whose "sent" mark was lost (the process died in between) is
// recognised on the next try instead of repeated.

export interface OutgoingMessage {
	idempotencyKey: string;
	channel: 'email' | 'sms';
	/** The email address or UK mobile number, as resolved just now from the person's preference. */
	address: string;
	text: MessageText;
}

export interface OutboxAdapter {
	readonly name: string;
	/** Sends, returning the provider's reference for it. */
	send(message: OutgoingMessage): Promise<string>;
	/** The provider's reference if a message with this key already reached it; null if not. */
	findSent(message: OutgoingMessage): Promise<string | null>;
}

/** An error whose message is safe to store: it never carries an address or the message. */
export class DeliveryError extends Error {
	constructor(readonly code: string) {
		super(code);
		this.name = 'DeliveryError';
	}
}

export const DEFAULT_OUTBOX_DIR = 'data/outbox';

/**
 * The default, for development and the demo: each message is a JSON file named by its key, made
 * with the `wx` flag so a second write of the same key fails (the first one counts as the send),
 * and one line on the console.
 */
export function createFileAdapter(dir = process.env.OUTBOX_DIR || DEFAULT_OUTBOX_DIR, log: (line: string) => void = console.log): OutboxAdapter {
	const fileFor = (key: string) => join(dir, `${key}.json`);
	return {
		name: 'file',
		async send(message) {
			await mkdir(dir, { recursive: true });
			const file = fileFor(message.idempotencyKey);
			let handle;
			try {
				handle = await open(file, 'wx');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EEXIST') return file;
				throw error;
			}
			try {
				await handle.writeFile(JSON.stringify({ to: message.address, channel: message.channel, ...message.text }, null, '\t'));
				await handle.sync();
			} finally {
				await handle.close();
			}
			// The address stays in the file: a log is read by more people than a mailbox.
			log(`Outbox: ${message.channel === 'sms' ? 'text message' : 'email'} ${message.idempotencyKey}: ${message.text.body}`);
			return file;
		},
		async findSent(message) {
			const file = fileFor(message.idempotencyKey);
			try {
				await readFile(file);
				return file;
			} catch {
				return null;
			}
		}
	};
}

/** The part of notifications-node-client's NotifyClient the adapter uses (a fake in tests). */
export interface NotifyClientLike {
	sendEmail(templateId: string, emailAddress: string, options?: { personalisation?: object; reference?: string }): Promise<{ data: { id: string } }>;
	sendSms(templateId: string, phoneNumber: string, options?: { personalisation?: object; reference?: string }): Promise<{ data: { id: string } }>;
	getNotifications(
		templateType?: string,
		status?: string,
		reference?: string
	): Promise<{ data: { notifications: { id: string; reference?: string | null; status?: string }[] } }>;
}

export interface NotifyTemplates {
	email: string;
	sms: string;
}

/** Notify statuses that mean the message was refused rather than sent: sending again is right. */
const NOT_SENT = new Set(['validation-failed', 'technical-failure', 'permanent-failure']);

/**
 * GOV.UK Notify. Each template is one placeholder set, `((body))` (and `((subject))` for email), so
 * the words stay in our locale files in every language.
 */
export function createNotifyAdapter(client: NotifyClientLike, templates: NotifyTemplates): OutboxAdapter {
	const describe = (error: unknown): DeliveryError => {
		// Notify's errors carry a status and an error class; keep those only, never the request.
		const status = (error as { response?: { status?: number } }).response?.status;
		return new DeliveryError(status ? `notify_http_${status}` : 'notify_unreachable');
	};
	return {
		name: 'notify',
		async send(message) {
			const options = {
				personalisation: { subject: message.text.subject, body: message.text.body },
				reference: message.idempotencyKey
			};
			try {
				const response =
					message.channel === 'email'
						? await client.sendEmail(templates.email, message.address, options)
						: await client.sendSms(templates.sms, message.address, options);
				return response.data.id;
			} catch (error) {
				throw describe(error);
			}
		},
		async findSent(message) {
			try {
				const response = await client.getNotifications(message.channel, undefined, message.idempotencyKey);
				const found = response.data.notifications.find(
					(n) => n.reference === message.idempotencyKey && !NOT_SENT.has(n.status ?? '')
				);
				return found?.id ?? null;
			} catch (error) {
				throw describe(error);
			}
		}
	};
}

/** Notify when NOTIFY_API_KEY is set (with both template ids), the file adapter otherwise. */
export async function adapterFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Promise<OutboxAdapter> {
	const apiKey = env.NOTIFY_API_KEY;
	if (!apiKey) return createFileAdapter(env.OUTBOX_DIR || DEFAULT_OUTBOX_DIR);
	const email = env.NOTIFY_EMAIL_TEMPLATE_ID;
	const sms = env.NOTIFY_SMS_TEMPLATE_ID;
	if (!email || !sms) throw new Error('NOTIFY_API_KEY is set, so NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_SMS_TEMPLATE_ID must be too');
	const { NotifyClient } = await import('notifications-node-client');
	return createNotifyAdapter(new NotifyClient(apiKey) as unknown as NotifyClientLike, { email, sms });
}
