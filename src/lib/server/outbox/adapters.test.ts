import { describe, expect, it } from 'vitest';
import { adapterFromEnv, createNotifyAdapter, DeliveryError, type NotifyClientLike, type OutgoingMessage } from './adapters';

// The GOV.UK Notify adapter against a fake client: no network. Notify is told the idempotency key
// as the reference, and asked for it before a possibly repeated send.

interface Sent {
	kind: 'email' | 'sms';
	templateId: string;
	to: string;
	options: { personalisation?: object; reference?: string } | undefined;
}

function fakeNotify(options: { fail?: number; known?: { id: string; reference: string; status: string }[] } = {}) {
	const sent: Sent[] = [];
	const lookups: (string | undefined)[][] = [];
	const fail = () => Object.assign(new Error('Request failed with status code ' + options.fail), { response: { status: options.fail } });
	const client: NotifyClientLike = {
		async sendEmail(templateId, to, opts) {
			if (options.fail) throw fail();
			sent.push({ kind: 'email', templateId, to, options: opts });
			return { data: { id: `notify-${sent.length}` } };
		},
		async sendSms(templateId, to, opts) {
			if (options.fail) throw fail();
			sent.push({ kind: 'sms', templateId, to, options: opts });
			return { data: { id: `notify-${sent.length}` } };
		},
		async getNotifications(type, status, reference) {
			lookups.push([type, status, reference]);
			return { data: { notifications: (options.known ?? []).filter((n) => n.reference === reference) } };
		}
	};
	return { client, sent, lookups };
}

const message = (channel: 'email' | 'sms', address: string): OutgoingMessage => ({
	idempotencyKey: 'key-123',
	channel,
	address,
	text: { subject: 'Something new in Common Ground', body: "There's something new for you in Common Ground: https://x.example/" }
});

const TEMPLATES = { email: 'email-template', sms: 'sms-template' };

describe('the GOV.UK Notify adapter', () => {
	it('sends email and text with the right template, the words as personalisation and the key as reference', async () => {
		const notify = fakeNotify();
		const adapter = createNotifyAdapter(notify.client, TEMPLATES);
		expect(await adapter.send(message('email', 'leo@example.org'))).toBe('notify-1');
		expect(await adapter.send(message('sms', '07700900123'))).toBe('notify-2');
		expect(notify.sent).toEqual([
			{
				kind: 'email',
				templateId: 'email-template',
				to: 'leo@example.org',
				options: { reference: 'key-123', personalisation: message('email', '').text }
			},
			{
				kind: 'sms',
				templateId: 'sms-template',
				to: '07700900123',
				options: { reference: 'key-123', personalisation: message('sms', '').text }
			}
		]);
	});

	it('finds a message Notify already has by its reference, and ignores one Notify refused', async () => {
		const delivered = fakeNotify({ known: [{ id: 'notify-9', reference: 'key-123', status: 'delivered' }] });
		expect(await createNotifyAdapter(delivered.client, TEMPLATES).findSent(message('sms', '07700900123'))).toBe('notify-9');
		expect(delivered.lookups).toEqual([['sms', undefined, 'key-123']]);
		const refused = fakeNotify({ known: [{ id: 'notify-8', reference: 'key-123', status: 'validation-failed' }] });
		expect(await createNotifyAdapter(refused.client, TEMPLATES).findSent(message('sms', '07700900123'))).toBeNull();
		expect(await createNotifyAdapter(fakeNotify().client, TEMPLATES).findSent(message('email', 'a@b.org'))).toBeNull();
	});

	it("turns Notify's errors into a code without the address or the message", async () => {
		const adapter = createNotifyAdapter(fakeNotify({ fail: 400 }).client, TEMPLATES);
		const error = await adapter.send(message('email', 'leo@example.org')).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DeliveryError);
		expect((error as DeliveryError).message).toBe('notify_http_400');
	});
});

describe('choosing the adapter', () => {
	it('uses files by default and Notify when NOTIFY_API_KEY is set with both templates', async () => {
		expect((await adapterFromEnv({})).name).toBe('file');
		await expect(adapterFromEnv({ NOTIFY_API_KEY: 'k' })).rejects.toThrow(/TEMPLATE_ID/);
		// A key in Notify's shape: name-serviceId(36)-secret(36).
		const key = `test-${'11111111-1111-1111-1111-111111111111'}-${'22222222-2222-2222-2222-222222222222'}`;
		const adapter = await adapterFromEnv({ NOTIFY_API_KEY: key, NOTIFY_EMAIL_TEMPLATE_ID: 'e', NOTIFY_SMS_TEMPLATE_ID: 's' });
		expect(adapter.name).toBe('notify');
	});
});
