import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFailedSignIn } from '../../src/lib/server/auth/throttle.service';
import { addDays, ukToday } from '../../src/lib/server/clock';
import { createDb, type DB } from '../../src/lib/server/db';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { planHandover } from '../../src/lib/server/handovers/handovers.service';
import { consumeToken } from '../../src/lib/server/rate-limit/rate-limit.service';
import { demoTotpCode, loadDemoData } from './global-setup';
import type { DemoIds } from './support/accounts';
import { createSharedDatabase, sessionFor, startNode, stopNode, type Answer, type Node, type SharedDatabase } from './support/scale-out';

// Scale-out: two app processes on one database. Sessions, sign-in and second-factor throttling,
// and the audit trail live in the database, so a person signed in through one process is served
// by the other, mistakes made through both count together, and writes through both all land.
// CI sets TEST_DATABASE_URL: the processes then share a new PostgreSQL database made for this file.
// Without it (a developer's `npm test`) they share one SQLite file; the describe says which ran.
// Every request here has its own database, so nothing counts against the suite's sign-in budget.

const DIALECT = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

const outcome = (answer: Answer) => (answer.status >= 300 && answer.status < 400 ? `${answer.status} ${answer.location}` : String(answer.status));

describe(`two app processes on one ${DIALECT} database`, () => {
	let database: SharedDatabase;
	let db: DB;
	let demo: DemoIds;
	let a: Node;
	let b: Node;
	/** "What's new" lines for dates coming up that the start-up sweep must write again, and messages queued before. */
	let sweptLines = 0;
	let messagesBefore: string[] = [];
	/** A handover whose day came while no server ran: both apply it at start-up, one may. */
	let dueHandover = '';

	beforeAll(async () => {
		database = await createSharedDatabase();
		expect(database.dialect).toBe(DIALECT);
		({ demo } = await loadDemoData(database.url));
		db = createDb(database.url);
		// The demo's sweep wrote the lines for actions and reviews coming up; remove them, so that
		// both processes' start-up sweeps find them missing at the same moment.
		const dated = ['action_due', 'review_due'] as const;
		sweptLines = Number((await db.selectFrom('news_item').select((eb) => eb.fn.countAll().as('n')).where('kind', 'in', dated).executeTakeFirstOrThrow()).n);
		await db.deleteFrom('news_item').where('kind', 'in', dated).execute();
		// Family B's lead changes from Priya to Chris "tomorrow"; then the day comes before any server runs.
		const today = ukToday();
		dueHandover = await planHandover(
			db,
			{ familyId: demo.familyB, toWorkerId: demo.workers.chris, handoverOn: addDays(today, 1), withinServiceId: null },
			demo.people.admin.userId
		);
		await db.updateTable('handover').set({ handover_on: today }).where('id', '=', dueHandover).execute();
		messagesBefore = (await db.selectFrom('outbox_message').select('id').execute()).map((r) => r.id);
		// Started together: both run their start-up work (migrations, handovers, the news sweep, an
		// outbox drain) on the same database at the same moment, as a rolling deploy would.
		[a, b] = await Promise.all([startNode('A', database.url), startNode('B', database.url)]);
	});

	afterAll(async () => {
		await Promise.all([stopNode(a), stopNode(b)]);
		await db?.destroy();
		await database?.drop();
	});

	it('each process has its own ORIGIN: a form posted to B with A\'s Origin is refused', async () => {
		const token = await sessionFor(db, demo.people.dan.userId);
		expect((await b.send('/sign-out', token, {}, { origin: a.baseURL })).status).toBe(403);
		// Not signed out by it.
		expect((await b.send('/account', token)).status).toBe(200);
	});

	/** Signs in with the password through `node`: the new session and where it was sent. */
	async function signIn(node: Node, username: string, password = DEMO_PASSWORD): Promise<Answer> {
		return node.send('/sign-in', null, { username, password });
	}

	it('a family member signed in through A is served by B, and signing out through B ends the session on A', async () => {
		const signedIn = await signIn(a, 'amira');
		expect(outcome(signedIn)).toMatch(/^303 \/family\//);
		const token = signedIn.token as string;
		expect(token).toBeTruthy();

		const onB = await b.send('/account', token);
		expect(onB.status).toBe(200);
		expect(onB.body).toContain('amira');
		// Her home, through the other process.
		expect((await b.send(signedIn.location, token)).status).toBe(200);

		expect(outcome(await b.send('/sign-out', token, {}))).toBe('303 /?signed_out=1');
		expect(outcome(await a.send('/account', token))).toBe('303 /sign-in');
		expect(outcome(await b.send('/account', token))).toBe('303 /sign-in');
	});

	it('a member of staff types the password on A and the code on B, and then A serves her', async () => {
		const signedIn = await signIn(a, 'jo');
		expect(outcome(signedIn)).toBe('303 /sign-in/code');
		const token = signedIn.token as string;
		// The session owes its code wherever it goes: the other process knows it too.
		expect(outcome(await b.send('/account', token))).toBe('303 /sign-in/code');

		const typed = await b.send('/sign-in/code', token, { code: demoTotpCode('jo') as string });
		expect(outcome(typed)).toMatch(/^303 \/(?!sign-in)/);
		const onA = await a.send('/account', token);
		expect(onA.status).toBe(200);
		expect(onA.body).toContain('jo');
	});

	// The rule (src/lib/server/auth/throttle.service.ts): three wrong passwords cost nothing, the
	// third then blocks the account for 5 s, so the fourth attempt is refused with 429.
	it('wrong passwords through A and B count together: the lock comes at the same attempt as on one process', async () => {
		const alternating = [];
		for (const node of [a, b, a, b]) alternating.push((await signIn(node, 'dan', 'not-his-password')).status);
		const oneProcess = [];
		for (const node of [a, a, a, a]) oneProcess.push((await signIn(node, 'mia', 'not-her-password')).status);
		expect(oneProcess).toEqual([400, 400, 400, 429]);
		expect(alternating).toEqual(oneProcess);
		// Even the right password waits: the lock is the account's, whichever process is asked.
		expect((await signIn(a, 'dan')).status).toBe(429);
	});

	it('wrong passwords sent through both at the same moment are all counted', async () => {
		// A name no one has: throttled all the same, so the answer never tells which names are real.
		const username = 'nobody-scale-out';
		const answers = await Promise.all([a, b, a, b].map((node) => signIn(node, username, 'guess')));
		const refused = answers.filter((x) => x.status === 400).length;
		// One that came late may find the name already locked (429); each one checked must count.
		expect(answers.filter((x) => x.status !== 400 && x.status !== 429)).toEqual([]);
		expect(refused).toBeGreaterThanOrEqual(3);
		const row = await db
			.selectFrom('sign_in_throttle')
			.select('failures')
			.where('account_key', '=', `sign-in:account:${username}`)
			.executeTakeFirst();
		expect(row?.failures).toBe(refused);
		expect((await signIn(b, username, 'guess')).status).toBe(429);
	});

	it('wrong second-factor codes through A and B count together', async () => {
		const signedIn = await signIn(a, 'priya');
		expect(outcome(signedIn)).toBe('303 /sign-in/code');
		const token = signedIn.token as string;
		const statuses = [];
		// Six digits that are not her code now (nor the step either side of it).
		const right = demoTotpCode('priya') as string;
		const wrong = right === '000000' ? '111111' : '000000';
		for (const node of [a, b, a, b]) statuses.push((await node.send('/sign-in/code', token, { code: wrong })).status);
		expect(statuses).toEqual([400, 400, 400, 429]);
		// The right code is refused too while the wait lasts, on either process.
		expect((await a.send('/sign-in/code', token, { code: right })).status).toBe(429);
	});

	// Real actions of one family (A, the Hassans), all at once through both processes: Leo shares
	// views with his worker, Amira and Jo (the lead) check in on one goal.
	it('writes through both at the same moment all land, and each is read through the other', async () => {
		const leo = await sessionFor(db, demo.people.leo.userId);
		const amira = await sessionFor(db, demo.people.amira.userId);
		const jo = await sessionFor(db, demo.people.jo.userId);
		const goalPage = `/family/${demo.familyA}/plan/goals/${demo.goalA}`;
		const posts: { node: Node; who: string; path: string; token: string; form: Record<string, string>; text: string }[] = [];
		for (const node of [a, b]) {
			for (let i = 1; i <= 4; i++) {
				const viewText = `Scale-out view ${i} through ${node.name}`;
				posts.push({
					node,
					who: 'leo',
					path: `/family/${demo.familyA}/views/new`,
					token: leo,
					form: { prompt: 'school', feeling: '', body: viewText, audience: 'worker' },
					text: viewText
				});
				for (const [who, token] of [['amira', amira], ['jo', jo]] as const) {
					const comment = `Scale-out check-in ${i} by ${who} through ${node.name}`;
					posts.push({ node, who, path: `${goalPage}?/checkin`, token, form: { score: String(i + 4), comment }, text: comment });
				}
			}
		}
		const started = Date.now();
		const answers = await Promise.all(posts.map((p) => p.node.send(p.path, p.token, p.form)));
		const elapsed = Date.now() - started;
		expect(answers.map(outcome).filter((o) => !o.startsWith('303 '))).toEqual([]);
		answers.forEach((answer, i) => {
			const post = posts[i] as (typeof posts)[number];
			expect(answer.location).toMatch(post.who === 'leo' ? /^\/family\/[^/]+\/views\/[^/?]+\?saved=shared$/ : /\?saved=checkin#progress$/);
		});
		console.log(`scale-out: ${posts.length} form posts through two processes at once took ${elapsed} ms`);

		// In the database: every one, once.
		const views = await db.selectFrom('young_view').select('body').where('body', 'like', 'Scale-out view %').execute();
		expect(views.map((v) => v.body).sort()).toEqual(posts.filter((p) => p.who === 'leo').map((p) => p.text).sort());
		const checkins = await db.selectFrom('goal_checkin').select('comment').where('comment', 'like', 'Scale-out check-in %').execute();
		expect(checkins.map((c) => c.comment).sort()).toEqual(posts.filter((p) => p.who !== 'leo').map((p) => p.text).sort());

		// Through the other process: each view, to Leo and to Jo (his lead worker)…
		const other = (node: Node) => (node === a ? b : a);
		const reads: { node: Node; answer: Answer }[] = [];
		for (const [i, post] of posts.entries()) {
			if (post.who !== 'leo') continue;
			const path = (answers[i] as Answer).location.split('?')[0] as string;
			for (const token of [leo, jo]) {
				const node = other(post.node);
				const answer = await node.send(path, token);
				expect(answer.status).toBe(200);
				expect(answer.body).toContain(post.text);
				if (token === jo) reads.push({ node, answer });
			}
		}
		// …and every check-in in the goal's history, through each process.
		for (const [node, token] of [[a, amira], [b, jo]] as const) {
			const history = await node.send(`/family/${demo.familyA}/plan/history?goal=${demo.goalA}`, token);
			expect(history.status).toBe(200);
			for (const post of posts.filter((p) => p.who !== 'leo')) expect(history.body).toContain(post.text);
			if (token === jo) reads.push({ node, answer: history });
		}

		// The audit trail: one row per change, from both processes, by their own request ids; and a
		// read row for each page Jo (staff) opened.
		const ids = answers.map((x) => x.requestId);
		expect(new Set(ids).size).toBe(posts.length);
		const rows = await db.selectFrom('audit_event').selectAll().where('request_id', 'in', ids).execute();
		expect(rows).toHaveLength(posts.length);
		for (const row of rows) {
			expect(row).toMatchObject({ family_id: demo.familyA, action: 'change', outcome: 'done' });
		}
		const byRequest = new Map(rows.map((r) => [r.request_id, r]));
		posts.forEach((post, i) => {
			const row = byRequest.get((answers[i] as Answer).requestId);
			expect(row?.actor_user_id).toBe(demo.people[post.who as 'leo'].userId);
			expect(row?.detail).toBe(post.who === 'leo' ? 'default' : 'checkin');
		});
		for (const node of [a, b]) {
			const fromNode = posts.map((p, i) => (p.node === node ? (answers[i] as Answer).requestId : null)).filter((id) => id !== null);
			expect(rows.filter((r) => fromNode.includes(r.request_id))).toHaveLength(posts.length / 2);
		}
		const readRows = await db
			.selectFrom('audit_event')
			.select(['request_id', 'action', 'actor_user_id'])
			.where(
				'request_id',
				'in',
				reads.map((r) => r.answer.requestId)
			)
			.execute();
		expect(readRows).toHaveLength(reads.length);
		expect(readRows.every((r) => r.action === 'read' && r.actor_user_id === demo.people.jo.userId)).toBe(true);
	});

	it('an edit made from an out-of-date goal is refused by the other process, as by the same one', async () => {
		const jo = await sessionFor(db, demo.people.jo.userId);
		const path = `/family/${demo.familyA}/plan/goals/${demo.goalA}/edit`;
		const goal = await db.selectFrom('goal').selectAll().where('id', '=', demo.goalA).executeTakeFirstOrThrow();
		const edit = (title: string, version: number) => ({
			title,
			whyItMatters: goal.why_it_matters,
			howWeKnow: goal.how_we_know,
			outcomeArea: goal.outcome_area,
			version: String(version)
		});
		// Both opened the editor at the same version; A saves first, then B's save is out of date.
		expect(outcome(await a.send(path, jo, edit('Enough money for food, bills and the school trip', goal.version)))).toMatch(/^303 /);
		const late = await b.send(path, jo, edit('Enough money for food and the bus', goal.version));
		expect(late.status).toBe(409);
		// At the same moment through both, from the now current version: exactly one wins.
		const both = await Promise.all([
			a.send(path, jo, edit('Through A at once', goal.version + 1)),
			b.send(path, jo, edit('Through B at once', goal.version + 1))
		]);
		expect(both.map((x) => x.status).sort()).toEqual([303, 409]);
		const saved = await db.selectFrom('goal').select(['title', 'version']).where('id', '=', demo.goalA).executeTakeFirstOrThrow();
		expect(saved.version).toBe(goal.version + 2);
		expect(saved.title).toBe(both[0]?.status === 303 ? 'Through A at once' : 'Through B at once');
	});

	it('the start-up work both ran at once wrote everything once: the handover, the dated news, the messages', async () => {
		// The handover happened, once: one lead for family B, Chris.
		const handover = await db.selectFrom('handover').select('applied_at').where('id', '=', dueHandover).executeTakeFirstOrThrow();
		expect(handover.applied_at).not.toBeNull();
		const leads = await db
			.selectFrom('family_worker')
			.select('worker_id')
			.where('family_id', '=', demo.familyB)
			.where('role', '=', 'lead')
			.where('ended_at', 'is', null)
			.execute();
		expect(leads).toEqual([{ worker_id: demo.workers.chris }]);
		// Each dated line is back, once.
		expect(sweptLines).toBeGreaterThan(0);
		const lines = await db.selectFrom('news_item').select(['user_id', 'dedupe_key']).where('kind', 'in', ['action_due', 'review_due']).execute();
		expect(lines).toHaveLength(sweptLines);
		// At most one new "something new" message per person, however many processes swept.
		const messages = await db.selectFrom('outbox_message').select(['id', 'user_id']).execute();
		const added = messages.filter((m) => !messagesBefore.includes(m.id));
		expect(added.length).toBe(new Set(added.map((m) => m.user_id)).size);
	});

	// Two pools on one PostgreSQL database make the race on purpose, so it does not depend on when
	// the servers' password checks happen to finish: first failures at the same moment used to
	// lock a row that did not exist yet, and all but one were lost. SQLite gives each process one
	// connection and takes the write lock at BEGIN, so its transactions never overlap: registered
	// only on PostgreSQL, so a SQLite run reports no skipped test.
	if (DIALECT === 'postgres') {
		it('first failures and first requests recorded at the same moment through two pools all count', async () => {
			const [one, two] = [createDb(database.url), createDb(database.url)];
			try {
				for (let round = 0; round < 5; round++) {
					const key = `scale-out:race:${round}`;
					await Promise.all([one, two, one, two].map((pool) => recordFailedSignIn(pool, key)));
					const row = await db.selectFrom('sign_in_throttle').select('failures').where('account_key', '=', key).executeTakeFirstOrThrow();
					expect(row.failures).toBe(4);
					const policy = { capacity: 20, refillPerSecond: 0 };
					const decisions = await Promise.all([one, two, one, two].map((pool) => consumeToken(pool, key, policy)));
					expect(decisions.every((d) => d.allowed)).toBe(true);
					const bucket = await db.selectFrom('rate_limit_bucket').select('tokens').where('bucket_key', '=', key).executeTakeFirstOrThrow();
					expect(Number(bucket.tokens)).toBe(16);
				}
			} finally {
				await Promise.all([one.destroy(), two.destroy()]);
			}
		});
	}

	it('neither process logged an error', () => {
		expect(a.errors()).toBe('');
		expect(b.errors()).toBe('');
	});
});
