import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo/seed';
import { createFileAdapter } from '$lib/server/outbox/adapters';
import { drainOutbox } from '$lib/server/outbox/outbox.service';
import { findUserByUsername } from '$lib/server/users/users.repository';
import { replyToView } from '$lib/server/views/views.service';
import { describeEachDatabase } from './support/databases';

// The "done when", on the demo data: Jo answers what Leo said; Leo, who chose text
// messages, gets one text, and it says only that there is something new, with a link. Nothing
// goes to his mother, who cannot see a view he kept between himself and Jo.

/** A spring afternoon: 13:00 in London, outside Leo's quiet hours (21:00 to 08:00). */
const NOW = new Date('2026-05-20T12:00:00.000Z');
const LATER = new Date('2026-05-20T12:05:00.000Z');
const ORIGIN = 'https://portal.example.org';
const REPLY = 'Thank you Leo. Let us talk about the football club and your maths homework on Tuesday.';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEachDatabase('a discreet text when the worker replies', (database) => {
	let db: DB;
	let dir: string;
	const drain = (now: Date) =>
		drainOutbox(db, { adapter: createFileAdapter(dir, () => {}), origin: ORIGIN, now: () => now });
	const sent = () => readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>);

	beforeAll(async () => {
		db = database.db;
		dir = mkdtempSync(join(tmpdir(), 'cg-discreet-'));
		dirs.push(dir);
		await seedDemo(db, NOW);
	});

	it("Leo gets one neutral text at his own number when Jo answers his view; no one else's details are used", async () => {
		// Whatever the demo itself queued goes first, so what follows is only the reply's.
		await drain(NOW);
		const before = new Set(readdirSync(dir));

		const leo = await findUserByUsername(db, 'leo');
		const jo = await findUserByUsername(db, 'jo');
		const view = await db
			.selectFrom('young_view')
			.selectAll()
			.where('author_user_id', '=', leo!.id)
			.where('audience', '=', 'worker')
			.where('shared_at', 'is not', null)
			.orderBy('created_at', 'desc')
			.executeTakeFirstOrThrow();
		await replyToView(db, view, jo!.id, REPLY, NOW);

		expect(await drain(LATER)).toMatchObject({ sent: 1 });
		const files = readdirSync(dir).filter((file) => !before.has(file));
		expect(files).toHaveLength(1);
		const message = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Record<string, string>;
		expect(message.channel).toBe('sms');
		expect(message.to).toBe('07700900461');
		expect(message.body).toBe(`There's something new for you in Common Ground: ${ORIGIN}/`);

		// No message anywhere holds the reply, the view or a name.
		const everything = JSON.stringify(sent());
		for (const secret of [REPLY, 'football', view.body, 'Jo', 'Leo', 'Bennett']) {
			if (secret) expect(everything).not.toContain(secret);
		}
		// A second drain sends nothing more.
		expect(await drain(new Date(LATER.getTime() + 60_000))).toMatchObject({ sent: 0 });
		expect(readdirSync(dir).filter((file) => !before.has(file))).toHaveLength(1);
	});
});
