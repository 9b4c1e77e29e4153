import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import { publishNews } from '$lib/server/news/news.service';
import { createFileAdapter, DeliveryError, type OutboxAdapter, type OutgoingMessage } from '$lib/server/outbox/adapters';
import {
	ContactPreferenceError,
	saveContactPreference,
	type ContactPreferenceInput
} from '$lib/server/outbox/contact-preference.service';
import { drainOutbox, SimulatedCrash, type DrainOptions } from '$lib/server/outbox/outbox.service';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addNamedUser, databaseUrl, rejection, uniqueName } from './support/fixtures';
import { addFamilyUser } from './support/worker-fixtures';

// The outbox hands each neutral message to the provider exactly once, even when the sender dies
// between sending and marking it sent; it holds messages through quiet hours, backs off and gives
// up on errors, cancels when the person no longer wants messages, and never sends a young person's
// message to a parent's details.

const ORIGIN = 'https://portal.example.org';
/** Noon in winter: UK time is UTC, and outside any night-time quiet hours. */
const NOON = new Date('2026-01-15T12:00:00.000Z');
const at = (iso: string) => () => new Date(iso);
const NEUTRAL = `There's something new for you in Common Ground: ${ORIGIN}/`;

const ROOT = resolve(import.meta.dirname, '../..');
const DRAINER = join(import.meta.dirname, 'support/outbox-drainer.ts');

/**
 * Starts a real drainer process and SIGKILLs it at `point` (see outbox-drainer.ts); resolves with
 * the key it had in hand.
 */
function killDrainerAt(url: string, dir: string, point: 'before-send' | 'after-send'): Promise<string> {
	// One process (node with tsx's loader), not the tsx wrapper: the SIGKILL must reach the drainer itself.
	const child = spawn(process.execPath, ['--import', 'tsx', DRAINER, url, dir, point], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2_000)));
	return new Promise((done, fail) => {
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			out += chunk;
			const match = /^point (\S+)$/m.exec(out);
			if (match?.[1]) {
				child.kill('SIGKILL');
				child.once('close', () => done(match[1] as string));
			}
		});
		child.once('close', (code, signal) => {
			if (signal !== 'SIGKILL') fail(new Error(`the drainer ended by itself (code ${code}): ${out} ${err}`));
		});
	});
}

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function outboxDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'cg-outbox-'));
	dirs.push(dir);
	return dir;
}

/** Records every hand-off, like a provider would see them. */
function recordingAdapter(inner: OutboxAdapter): OutboxAdapter & { sends: OutgoingMessage[] } {
	const sends: OutgoingMessage[] = [];
	return {
		name: `recording ${inner.name}`,
		sends,
		async send(message) {
			const ref = await inner.send(message);
			sends.push(message);
			return ref;
		},
		findSent: (message) => inner.findSent(message)
	};
}

function preference(overrides: Partial<ContactPreferenceInput>): ContactPreferenceInput {
	return { channel: 'sms', email: '', phone: '', quietFrom: '', quietUntil: '', ...overrides };
}

describeEachDatabase('the outbox', (database) => {
	let db: DB;
	let familyId: string;
	let leo: User;
	let sam: User;
	let dir: string;
	let files: ReturnType<typeof recordingAdapter>;

	beforeEach(async () => {
		db = database.db;
		familyId = (await addFamily(db, uniqueName('Outbox family'))).id;
		leo = await addFamilyUser(db, familyId, uniqueName('Leo Distinctivename'), 'young_person');
		sam = await addFamilyUser(db, familyId, uniqueName('Sam Carername'), 'parent_carer');
		dir = outboxDir();
		files = recordingAdapter(createFileAdapter(dir, () => undefined));
	});

	async function tell(user: User, subjectId = uniqueName('view'), now = NOON) {
		return db.transaction().execute((trx) =>
			publishNews(
				trx,
				[{ userId: user.id, familyId, kind: 'view_reply', subjectId, link: `/family/${familyId}/views/${subjectId}` }],
				now
			)
		);
	}

	/** The person's one queued message (each test queues one per person). */
	async function messageFor(user: User) {
		return db.selectFrom('outbox_message').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
	}

	function firstSend(): OutgoingMessage {
		const [send] = files.sends;
		if (!send) throw new Error('nothing was sent');
		return send;
	}

	function drain(options: Partial<DrainOptions> = {}) {
		return drainOutbox(db, { adapter: files, origin: ORIGIN, now: at(NOON.toISOString()), ...options });
	}

	it('keeps one waiting message per person even when changes are published at the same moment', async () => {
		// Several transactions at once, each for someone new: on PostgreSQL each on its own
		// connection, each finding no message waiting before the others commit.
		for (let round = 0; round < 8; round++) {
			const person = await addFamilyUser(db, familyId, uniqueName('Round person'), 'young_person');
			await saveContactPreference(db, person, preference({ phone: '07700 900 123' }), 'en-GB', NOON);
			const results = await Promise.all([tell(person), tell(person), tell(person), tell(person)]);
			expect(results.every((r) => r.items === 1)).toBe(true);
			const waiting = await db.selectFrom('outbox_message').select('id').where('user_id', '=', person.id).where('status', '=', 'pending').execute();
			expect(waiting, `round ${round}`).toHaveLength(1);
			// The other tests drain whatever is due: this one's messages are not theirs to send.
			await db.deleteFrom('outbox_message').where('user_id', '=', person.id).execute();
		}
	});

	it('sends a neutral line and a link, once, to the address the person has now', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700 900 123' }), 'en-GB', NOON);
		await tell(leo);
		expect(await drain()).toMatchObject({ sent: 1 });
		expect(await drain()).toMatchObject({ sent: 0 });
		const row = await messageFor(leo);
		expect(row.status).toBe('sent');
		expect(row.provider_ref).toBe(join(dir, `${row.idempotency_key}.json`));
		expect(files.sends).toHaveLength(1);
		expect(firstSend()).toMatchObject({ channel: 'sms', address: '07700900123' });
		expect(firstSend().text.body).toBe(NEUTRAL);
	});

	it('writes the message in the language the person chose in', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900124' }), 'cy', NOON);
		await tell(leo);
		await drain();
		expect(firstSend().text.body).toBe(`Mae rhywbeth newydd i chi yn Common Ground: ${ORIGIN}/`);
	});

	it('never puts what the news is about in the message: no names, links or ids', async () => {
		await saveContactPreference(db, leo, preference({ channel: 'email', email: 'leo.outbox@example.org' }), 'en-GB', NOON);
		const subjectId = uniqueName('view-about-the-football-trip');
		await tell(leo, subjectId);
		await drain();
		const written = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8'));
		expect(written).toHaveLength(1);
		const file = written[0] ?? '';
		for (const text of [file, JSON.stringify(firstSend().text)]) {
			expect(text).not.toContain(subjectId);
			expect(text).not.toContain('views');
			expect(text).not.toContain(familyId);
			expect(text).not.toContain('Distinctivename');
			expect(text).not.toContain('football');
		}
		expect(JSON.parse(file)).toEqual({
			to: 'leo.outbox@example.org',
			channel: 'email',
			subject: 'Something new in Common Ground',
			body: NEUTRAL
		});
	});

	it('recognises a message that reached the provider before the sender died, and does not send it again', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900125' }), 'en-GB', NOON);
		await tell(leo);
		// The adapter delivers, then the process "dies" before marking the row sent.
		await expect(
			drain({
				afterSend: () => {
					throw new SimulatedCrash();
				}
			})
		).rejects.toBeInstanceOf(SimulatedCrash);
		expect((await messageFor(leo)).status).toBe('pending');
		// While the dead sender's claim lasts, nobody else takes the row.
		expect(await drain({ now: at('2026-01-15T12:01:00.000Z') })).toMatchObject({ sent: 0, recovered: 0 });
		// After it, the next drain finds the delivered file by its key and marks it, sending nothing.
		expect(await drain({ now: at('2026-01-15T12:10:00.000Z') })).toMatchObject({ sent: 0, recovered: 1 });
		expect(files.sends).toHaveLength(1);
		expect(readdirSync(dir)).toHaveLength(1);
		expect((await messageFor(leo)).status).toBe('sent');
	});

	it('sends a message whose sender died before sending, once, later', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900126' }), 'en-GB', NOON);
		await tell(leo);
		await expect(
			drain({
				beforeSend: () => {
					throw new SimulatedCrash();
				}
			})
		).rejects.toBeInstanceOf(SimulatedCrash);
		expect(files.sends).toHaveLength(0);
		expect(await drain({ now: at('2026-01-15T12:10:00.000Z') })).toMatchObject({ sent: 1, recovered: 0 });
		expect(await drain({ now: at('2026-01-15T12:20:00.000Z') })).toMatchObject({ sent: 0, recovered: 0 });
		expect(files.sends).toHaveLength(1);
	});

	it('sends once across a real process killed (SIGKILL) after the send and before marking it, or before the send', async () => {
		const url = await databaseUrl(db);
		for (const point of ['after-send', 'before-send'] as const) {
			const person = await addFamilyUser(db, familyId, uniqueName('Parent'), 'parent_carer');
			await saveContactPreference(db, person, preference({ channel: 'email', email: `${point}.${person.id}@example.org` }), 'en-GB', NOON);
			const queued = new Date();
			await tell(person, uniqueName('view'), queued);
			const killedDir = outboxDir();
			const key = await killDrainerAt(url, killedDir, point);
			expect(key).toBe((await messageFor(person)).idempotency_key);
			expect(readdirSync(killedDir)).toHaveLength(point === 'after-send' ? 1 : 0);
			expect((await messageFor(person)).status).toBe('pending');
			// After the dead process's claim has run out, the next drain finishes the job, once.
			const later = at(new Date(queued.getTime() + 10 * 60_000).toISOString());
			const adapter = recordingAdapter(createFileAdapter(killedDir, () => undefined));
			const report = await drainOutbox(db, { adapter, origin: ORIGIN, now: later });
			expect(report).toMatchObject(point === 'after-send' ? { recovered: 1, sent: 0 } : { recovered: 0, sent: 1 });
			expect(adapter.sends).toHaveLength(point === 'after-send' ? 0 : 1);
			expect(readdirSync(killedDir)).toEqual([`${key}.json`]);
			expect((await messageFor(person)).status).toBe('sent');
		}
	}, 60_000);

	it('lets two drainers at once send each message once', async () => {
		const people: User[] = [];
		for (let i = 0; i < 6; i++) {
			const person = await addFamilyUser(db, familyId, uniqueName('Parent'), 'parent_carer');
			await saveContactPreference(db, person, preference({ channel: 'email', email: `p${i}.${person.id}@example.org` }), 'en-GB', NOON);
			await tell(person);
			people.push(person);
		}
		const other = database.open();
		const slow: OutboxAdapter = {
			...files,
			async send(message) {
				await new Promise((resolve) => setTimeout(resolve, 5));
				return files.send(message);
			}
		};
		const [a, b] = await Promise.all([
			drainOutbox(db, { adapter: slow, origin: ORIGIN, now: at(NOON.toISOString()) }),
			drainOutbox(other, { adapter: slow, origin: ORIGIN, now: at(NOON.toISOString()) })
		]);
		expect(a.sent + b.sent).toBe(6);
		expect(files.sends).toHaveLength(6);
		expect(new Set(files.sends.map((m) => m.idempotencyKey)).size).toBe(6);
	});

	it('holds a message through quiet hours and sends it when they end', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900127', quietFrom: '21:00', quietUntil: '08:00' }), 'en-GB', NOON);
		await tell(leo, uniqueName('view'), new Date('2026-01-15T22:30:00.000Z'));
		expect((await messageFor(leo)).not_before).toBe('2026-01-16T08:00:00.000Z');
		expect(await drain({ now: at('2026-01-16T07:59:00.000Z') })).toMatchObject({ sent: 0 });
		expect(await drain({ now: at('2026-01-16T08:00:00.000Z') })).toMatchObject({ sent: 1 });
	});

	it('holds a message again if the person set quiet hours after it was queued', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900128' }), 'en-GB', NOON);
		await tell(leo, uniqueName('view'), new Date('2026-01-15T22:30:00.000Z'));
		await saveContactPreference(db, leo, preference({ phone: '07700900128', quietFrom: '22:00', quietUntil: '07:00' }), 'en-GB', NOON);
		expect(await drain({ now: at('2026-01-15T22:31:00.000Z') })).toMatchObject({ held: 1, sent: 0 });
		expect((await messageFor(leo)).not_before).toBe('2026-01-16T07:00:00.000Z');
		expect(await drain({ now: at('2026-01-16T07:00:00.000Z') })).toMatchObject({ sent: 1 });
	});

	it('backs off after an error, doubling the wait, then gives up as failed without storing personal data', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900129' }), 'en-GB', NOON);
		await tell(leo);
		let tries = 0;
		const broken: OutboxAdapter = {
			name: 'broken',
			async send(message) {
				tries++;
				throw new Error(`could not reach ${message.address}`);
			},
			findSent: async () => null
		};
		const options = { adapter: broken, maxAttempts: 3, backoffMs: 60_000 };
		expect(await drain({ ...options })).toMatchObject({ retried: 1 });
		let row = await messageFor(leo);
		expect(row).toMatchObject({ status: 'pending', attempts: 1, not_before: '2026-01-15T12:01:00.000Z' });
		expect(row.last_error).not.toContain('07700');
		// Not before the wait is over.
		expect(await drain({ ...options, now: at('2026-01-15T12:00:30.000Z') })).toMatchObject({ retried: 0 });
		expect(await drain({ ...options, now: at('2026-01-15T12:01:00.000Z') })).toMatchObject({ retried: 1 });
		row = await messageFor(leo);
		expect(row).toMatchObject({ attempts: 2, not_before: '2026-01-15T12:03:00.000Z' });
		expect(await drain({ ...options, now: at('2026-01-15T12:03:00.000Z') })).toMatchObject({ failed: 1 });
		row = await messageFor(leo);
		expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'send_failed' });
		expect(await drain({ ...options, now: at('2026-01-16T12:00:00.000Z') })).toMatchObject({ failed: 0, retried: 0 });
		expect(tries).toBe(3);
		// A provider's own error keeps only its code.
		const refused: OutboxAdapter = { ...broken, send: async () => Promise.reject(new DeliveryError('notify_http_400')) };
		await saveContactPreference(db, sam, preference({ phone: '07700900130' }), 'en-GB', NOON);
		await tell(sam);
		await drain({ adapter: refused });
		expect((await messageFor(sam)).last_error).toBe('notify_http_400');
	});

	it('cancels a message when the person has since chosen no messages', async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900131' }), 'en-GB', NOON);
		await tell(leo);
		await saveContactPreference(db, leo, preference({ channel: 'none', phone: '07700900131' }), 'en-GB', NOON);
		expect(await drain()).toMatchObject({ cancelled: 1, sent: 0 });
		expect((await messageFor(leo)).status).toBe('cancelled');
		expect(files.sends).toHaveLength(0);
	});

	it("refuses a young person's details that a parent in the family uses, and the reverse", async () => {
		await saveContactPreference(db, sam, preference({ phone: '07700 900 140', email: 'family.home@example.org' }), 'en-GB', NOON);
		const refusal = await rejection(
			saveContactPreference(db, leo, preference({ phone: '+44 7700 900140', email: 'Family.Home@example.org' }), 'en-GB', NOON)
		);
		expect(refusal).toBeInstanceOf(ContactPreferenceError);
		expect((refusal as ContactPreferenceError).errors).toEqual({
			phone: 'notifications:errors.phone_shared_with_parent',
			email: 'notifications:errors.email_shared_with_parent'
		});
		await saveContactPreference(db, leo, preference({ phone: '07700900141' }), 'en-GB', NOON);
		const reverse = await rejection(saveContactPreference(db, sam, preference({ phone: '07700900141' }), 'en-GB', NOON));
		expect((reverse as ContactPreferenceError).errors).toEqual({ phone: 'notifications:errors.phone_shared_with_young_person' });
		// Someone in another family may use any number: the rule is about one family's generations.
		const otherFamily = (await addFamily(db, uniqueName('Other family'))).id;
		const stranger = await addFamilyUser(db, otherFamily, uniqueName('Parent elsewhere'), 'parent_carer');
		await saveContactPreference(db, stranger, preference({ phone: '07700900141' }), 'en-GB', NOON);
	});

	it("never sends a young person's message to a parent's details, even if they came to match after it was queued", async () => {
		await saveContactPreference(db, leo, preference({ phone: '07700900150' }), 'en-GB', NOON);
		await tell(leo);
		// A parent with the same number joins the family afterwards (the save-time check could not see it).
		const newParent = await addNamedUser(db, 'parent_carer', uniqueName('New parent'));
		await saveContactPreference(db, newParent, preference({ phone: '07700900150' }), 'en-GB', NOON);
		await db
			.insertInto('family_member')
			.values({
				id: uniqueName('member'),
				family_id: familyId,
				user_id: newParent.id,
				display_name: 'New parent',
				member_type: 'adult',
				date_of_birth: null,
				created_at: NOON.toISOString()
			})
			.execute();
		expect(await drain()).toMatchObject({ cancelled: 1, sent: 0 });
		expect(files.sends).toHaveLength(0);
		expect((await messageFor(leo))).toMatchObject({ status: 'cancelled', last_error: 'address_shared_in_family' });
	});
});

describe('checking the form', () => {
	it('accepts UK mobile numbers as people write them and refuses others', async () => {
		const { normaliseUkMobile } = await import('$lib/server/outbox/contact-preference.service');
		expect(normaliseUkMobile('07700 900 982')).toBe('07700900982');
		expect(normaliseUkMobile('+44 (0)7700-900982')).toBe('07700900982');
		expect(normaliseUkMobile('0044 7700 900982')).toBe('07700900982');
		expect(normaliseUkMobile('447700900982')).toBe('07700900982');
		expect(normaliseUkMobile('0161 496 0000')).toBeNull();
		expect(normaliseUkMobile('07700 900')).toBeNull();
		expect(normaliseUkMobile('phone me')).toBeNull();
	});
});
