import { beforeAll, expect, it } from 'vitest';
import { listNeedsAttention } from '$lib/server/attention/attention.service';
import { verifyPassword } from '$lib/server/auth/password';
import type { Database } from '$lib/server/db/schema';
import { findWorkerByUser } from '$lib/server/workers/workers.repository';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { listFamilyRequests, listLeadRequests, waitingTimes } from '$lib/server/requests/requests.service';
import { LEO_PRIVATE_SENTENCE } from '$lib/server/demo/seed-views';
import { getFamilyOverview, listAllFamilies, type FamilyOverview } from '$lib/server/families/families.service';
import { getFamilyWorkerHistory, handoverNoticeFor } from '$lib/server/handovers/handovers.service';
import { familyRelation, requireRatingAuthoring, viewAudiencesFor } from '$lib/server/policy';
import {
	currentOwnRating,
	feedbackDashboard,
	listFeedback,
	listOwnRatings,
	listServiceChanges,
	ratingFigures
} from '$lib/server/ratings/ratings.service';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { getServiceByName, listServices, type Service } from '$lib/server/services/services.service';
import { FAIR_FIGURES_MINIMUM } from '$lib/ratings/ratings';
import { findUserByUsername } from '$lib/server/users/users.repository';
import { toUser, type User } from '$lib/server/users/users.service';
import { getViewThread, listViews } from '$lib/server/views/views.service';
import type { ViewThread } from '$lib/views/views';
import { getWorkerPhoto, getWorkerProfile } from '$lib/server/workers/profile.service';
import { getSupportTeam } from '$lib/server/workers/support-team.service';
import { listWorkers, type Worker } from '$lib/server/workers/workers.service';
import { listNews } from '$lib/server/news/news.service';
import { describeEachDatabase } from './support/databases';
import { countRows, localsFor } from './support/fixtures';

const NOW = new Date('2026-05-20T12:00:00.000Z');
const TABLES: (keyof Database)[] = [
	'app_user',
	'service',
	'worker',
	'family',
	'family_member',
	'family_worker',
	'invite',
	'user_session',
	'user_totp',
	'worker_photo',
	'worker_hours',
	'worker_absence',
	'handover',
	'handover_seen',
	'young_view',
	'young_view_message',
	'service_kind',
	'service_language',
	'service_rating',
	'service_rating_reply',
	'service_change',
	'service_change_rating',
	'news_item',
	'service_request',
	'service_request_share'
];

/** Other families in the demo who rated services; they have accounts nobody can sign in to. */
const DEMO_RATERS = 11;

describeEachDatabase('demo data', (database) => {
	let loaded: boolean;

	beforeAll(async () => {
		loaded = await seedDemo(database.db, NOW);
	});

	async function counts(): Promise<Record<string, number>> {
		const entries = await Promise.all(TABLES.map(async (t) => [t, await countRows(database.db, t)] as const));
		return Object.fromEntries(entries);
	}

	async function overview(name: string): Promise<FamilyOverview> {
		const family = (await listAllFamilies(database.db)).find((f) => f.name === name);
		const result = family ? await getFamilyOverview(database.db, family.id, NOW) : null;
		if (!result) throw new Error(`No ${name} family in the demo data`);
		return result;
	}

	async function demoUser(username: string): Promise<User> {
		const row = await findUserByUsername(database.db, username);
		if (!row) throw new Error(`No ${username} in the demo data`);
		return toUser(row);
	}

	/** Every view `username` may open in the family, each with its thread, as the view page loads it. */
	async function threadsFor(username: string, familyId: string): Promise<ViewThread[]> {
		const user = await demoUser(username);
		const relation = await familyRelation(database.db, user, familyId);
		if (!relation) return [];
		const audiences = viewAudiencesFor(relation);
		const views = await listViews(database.db, familyId, user.id, audiences, NOW);
		const threads = await Promise.all(views.map((v) => getViewThread(database.db, familyId, v.id, user.id, audiences, NOW)));
		return threads.filter((t): t is ViewThread => t !== null);
	}

	it('loads once; a second run returns false and changes nothing', async () => {
		expect(loaded).toBe(true);
		const before = await counts();
		expect(before).toMatchObject({
			app_user: DEMO_ACCOUNTS.length + DEMO_RATERS,
			family: 2,
			worker_photo: 1,
			worker_absence: 1,
			handover: 1,
			handover_seen: 0,
			// Leo's three and Mia's two (one waiting past its date, one Priya has answered).
			young_view: 5,
			young_view_message: 4,
			// 14 ratings of the Family Support Service (12 answered) and 3 of School Nursing (2 answered).
			service_rating: 17,
			service_rating_reply: 14,
			service_change: 2,
			service_change_rating: 3,
			// Amira's three requests (one waiting 12 days, one with Jo to pass on) and seven decided ones
			// that give the managers figures.
			service_request: 10,
			service_request_share: 2
		});
		// The services directory: at least the services the demo's workers work for, and more.
		expect(before.service).toBeGreaterThanOrEqual(8);
		expect(await seedDemo(database.db, NOW)).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('has every listed demo account, each opening with the demo password', async () => {
		const results = await Promise.all(
			DEMO_ACCOUNTS.map(async ({ username }) => {
				const row = await findUserByUsername(database.db, username);
				const works = row?.password_hash ? await verifyPassword(row.password_hash, DEMO_PASSWORD) : false;
				return [username, works] as const;
			})
		);
		expect(results).toEqual(DEMO_ACCOUNTS.map(({ username }) => [username, true]));
	});

	it('gives every member of staff sign-in codes with the published secret, and no family account any', async () => {
		const rows = await database.db
			.selectFrom('user_totp')
			.innerJoin('app_user', 'app_user.id', 'user_totp.user_id')
			.select(['app_user.username', 'user_totp.secret', 'user_totp.confirmed_at'])
			.orderBy('app_user.username')
			.execute();
		const expected = DEMO_ACCOUNTS.filter((a) => a.totpSecret).map((a) => [a.username, a.totpSecret]);
		expect(rows.map((r) => [r.username, r.secret])).toEqual(expected.sort(([a], [b]) => String(a).localeCompare(String(b))));
		expect(rows.every((r) => r.confirmed_at !== null)).toBe(true);
		expect(expected.map(([username]) => username).sort()).toEqual(['admin', 'chris', 'grace', 'jo', 'kim', 'morgan', 'priya', 'sam']);
		for (const { secret } of rows) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	});

	it('has the Hassan family: Amira, Leo (14), Noor without an account, Jo leading, Sam and Grace in the team', async () => {
		const hassan = await overview('Hassan');
		expect(hassan.family.status).toBe('active');
		expect(hassan.members.map((m) => [m.displayName, m.memberType, m.username])).toEqual([
			['Amira', 'adult', 'amira'],
			['Leo', 'young_person', 'leo'],
			['Noor', 'young_person', null]
		]);
		expect(hassan.members.find((m) => m.username === 'leo')?.age).toBe(14);
		expect(hassan.members.find((m) => m.displayName === 'Noor')?.hasAccount).toBe(false);
		expect(hassan.lead?.displayName).toBe('Jo Bennett');
		expect(hassan.team.map((w) => [w.displayName, w.jobTitle, w.serviceName])).toEqual([
			['Grace Adeyemi', 'School nurse', 'School Nursing Service'],
			['Sam Taylor', 'Pastoral lead', 'Oakfield School Pastoral Team']
		]);
		expect(hassan.team.every((w) => w.partInPlan)).toBe(true);
	});

	it('gives Jo a photo, working hours, and a week away next month with Priya covering', async () => {
		const hassan = await overview('Hassan');
		expect(hassan.lead?.photoVersion).toMatch(/^\d+$/);
		expect(hassan.team.map((w) => w.photoVersion)).toEqual([null, null]);
		const photo = await getWorkerPhoto(database.db, hassan.lead!.workerId);
		expect(photo?.contentType).toBe('image/jpeg');
		expect(photo?.image.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

		const jo = await getWorkerProfile(database.db, hassan.lead!.workerId, NOW);
		expect(jo?.hours.map((h) => [h.weekday, h.startsAt, h.endsAt])).toEqual([
			[1, '09:00', '17:00'],
			[2, '09:00', '17:00'],
			[3, '09:00', '17:00'],
			[4, '09:00', '17:00'],
			[5, '09:00', '13:00']
		]);
		// NOW is 20 May 2026: away from 21 to 25 days later.
		expect(jo?.absences).toEqual([
			{
				id: expect.any(String),
				startsOn: '2026-06-10',
				endsOn: '2026-06-14',
				current: false,
				cover: {
					displayName: 'Priya Sharma',
					jobTitle: 'Family support worker',
					phone: '0161 496 0145',
					email: 'priya.sharma@familysupport.example.org'
				}
			}
		]);

		// The family's card tells them already (it is within six weeks), and shows everyone's hours.
		const support = await getSupportTeam(database.db, hassan.family.id, hassan, NOW);
		expect(support.lead?.absence?.cover?.displayName).toBe('Priya Sharma');
		expect(support.team.map((w) => [w.displayName, w.hours.length, w.absence])).toEqual([
			['Grace Adeyemi', 2, null],
			['Sam Taylor', 5, null]
		]);
	});


	it('has the Kowalski family: Dan, Mia (15) and Priya leading since a handover from Chris', async () => {
		const kowalski = await overview('Kowalski');
		expect(kowalski.members.map((m) => [m.username, m.memberType, m.age])).toEqual([
			['dan', 'adult', 42],
			['mia', 'young_person', 15]
		]);
		expect(kowalski.lead?.displayName).toBe('Priya Sharma');
		expect(kowalski.team).toEqual([]);

		const history = await getFamilyWorkerHistory(database.db, kowalski.family.id);
		// 35 days before NOW: 15 April 2026.
		expect(history.handovers).toEqual([
			expect.objectContaining({
				fromName: 'Chris Doyle',
				toName: 'Priya Sharma',
				handoverOn: '2026-04-15',
				happened: true,
				goodbyeNote: expect.stringContaining('Priya knows everything'),
				helloNote: expect.stringContaining('I am Priya')
			})
		]);
		expect(history.workers.map((w) => [w.displayName, w.role, w.until === null])).toEqual([
			['Priya Sharma', 'lead', true],
			['Chris Doyle', 'lead', false]
		]);
		const chris = history.workers.find((w) => w.displayName === 'Chris Doyle');
		const priya = history.workers.find((w) => w.displayName === 'Priya Sharma');
		expect(chris?.until).toBe(priya?.from);

		// Dan and Mia have not yet said they have seen it.
		for (const username of ['dan', 'mia']) {
			const user = await findUserByUsername(database.db, username);
			const notice = await handoverNoticeFor(database.db, kowalski.family.id, user!.id);
			expect(notice?.kind).toBe('new');
		}
	});

	it('keeps Chris as a worker with no family now, and Grace in a service of her own', async () => {
		const workers = await listWorkers(database.db);
		const byName = (username: string): Worker | undefined => workers.find((w) => w.username === username);
		expect(byName('chris')).toMatchObject({ role: 'worker', serviceName: 'Family Support Service' });
		expect(byName('grace')).toMatchObject({ role: 'worker', serviceName: 'School Nursing Service', jobTitle: 'School nurse' });
		const chrisFamilies = await database.db
			.selectFrom('family_worker')
			.select('id')
			.where('worker_id', '=', byName('chris')!.id)
			.where('ended_at', 'is', null)
			.execute();
		expect(chrisFamilies).toEqual([]);
	});

	it('makes Morgan the manager of the Family Support Service', async () => {
		const morgan = (await listWorkers(database.db)).find((w) => w.username === 'morgan');
		expect(morgan).toMatchObject({ role: 'manager', serviceName: 'Family Support Service' });
		expect((await findUserByUsername(database.db, 'morgan'))?.role).toBe('manager');
	});

	it('has Leo’s three views: one for Jo alone, one for his family waiting for Jo, and a draft', async () => {
		const hassan = await overview('Hassan');
		const leo = await threadsFor('leo', hassan.family.id);
		expect(leo.map((v) => [v.audience, v.status, v.isDraft, v.authorName])).toEqual([
			['worker', 'replied', false, 'Leo Hassan'],
			['family', 'waiting', false, 'Leo Hassan'],
			['only_me', 'draft', true, 'Leo Hassan']
		]);
		const [workerOnly, family, draft] = leo;

		// Told to Jo 20 days before NOW (30 April): read, answered, talked over; nothing waits.
		expect(workerOnly).toMatchObject({ prompt: 'worker_should_know', readByName: 'Jo Bennett', dueOn: null, overdue: false });
		expect(workerOnly?.body).toContain(LEO_PRIVATE_SENTENCE);
		expect(workerOnly?.messages.map((m) => [m.authorName, m.fromAuthor])).toEqual([
			['Jo Bennett', false],
			['Leo Hassan', true],
			['Jo Bennett', false]
		]);
		// Shared with the family yesterday (19 May): due in five working days, the bank holiday on 25 May skipped.
		expect(family).toMatchObject({ prompt: 'school', dueOn: '2026-05-27', overdue: false, messageCount: 0 });
		expect(draft).toMatchObject({ sharedAt: null, dueOn: null });

		// The sentence Leo told Jo alone is in that one view, and nowhere else in the database.
		const bodies = await database.db.selectFrom('young_view').select(['id', 'body']).execute();
		expect(bodies.filter((v) => v.body.includes(LEO_PRIVATE_SENTENCE)).map((v) => v.id)).toEqual([workerOnly?.id]);
		const messages = await database.db.selectFrom('young_view_message').select('body').execute();
		expect(messages.filter((m) => m.body.includes(LEO_PRIVATE_SENTENCE))).toEqual([]);
	});

	it('shows each of Leo’s views only to whom he chose: never the private sentence to his mother', async () => {
		const hassan = await overview('Hassan');
		const seen = async (username: string) => (await threadsFor(username, hassan.family.id)).map((v) => v.audience);
		expect(await seen('jo')).toEqual(['worker', 'family']);
		for (const username of ['amira', 'sam', 'grace']) expect(await seen(username), username).toEqual(['family']);
		// The manager and the admin are not told; Chris and the Kowalskis have no part in the family.
		for (const username of ['morgan', 'admin', 'chris', 'priya', 'dan', 'mia']) expect(await seen(username), username).toEqual([]);

		const amira = JSON.stringify(await threadsFor('amira', hassan.family.id));
		expect(amira).not.toContain(LEO_PRIVATE_SENTENCE);
		expect(amira).not.toContain('football fees');
	});

	it('has Mia’s view waiting past its date on Priya’s list, and Leo’s on Jo’s', async () => {
		const kowalski = await overview('Kowalski');
		const [mia] = await threadsFor('priya', kowalski.family.id);
		// Shared 18 days before NOW (Saturday 2 May): due Monday 11 May, the 4 May bank holiday skipped.
		expect(mia).toMatchObject({ audience: 'worker', status: 'waiting', dueOn: '2026-05-11', overdue: true, authorName: 'Mia Kowalski' });
		expect(await threadsFor('dan', kowalski.family.id)).toEqual([]);

		const views = async (username: string) =>
			(await listNeedsAttention(database.db, (await demoUser(username)).id, NOW))
				.filter((i) => i.kind === 'young_view')
				.map((i) => [i.kind === 'young_view' ? i.familyName : null, i.personName, i.dueOn]);
		expect(await views('priya')).toEqual([['Kowalski', 'Mia Kowalski', '2026-05-11']]);
		expect(await views('jo')).toEqual([['Hassan', 'Leo Hassan', '2026-05-27']]);
		for (const username of ['chris', 'sam', 'grace', 'morgan']) expect(await views(username), username).toEqual([]);
	});

	it('gives the Family Support Service reply figures: two answered in time, one overdue, one not yet due', async () => {
		const morgan = (await listWorkers(database.db)).find((w) => w.username === 'morgan');
		const service = await getServiceOverview(database.db, morgan!.serviceId, NOW);
		expect(service?.viewReplies).toEqual({ shared: 4, due: 3, answeredInTime: 2, overdue: 1, replyDays: 5 });
		expect(JSON.stringify(service)).not.toContain(LEO_PRIVATE_SENTENCE);
	});

	it('gives Mia unread replies in her What’s new (Priya answered her view and her disagreement), and Dan and Amira a few lines', async () => {
		const mia = await listNews(database.db, (await demoUser('mia')).id);
		const replies = mia.items.filter((i) => i.kind === 'view_reply' || i.kind === 'disagreement_reply');
		expect(replies.map((i) => [i.kind, i.actorName, i.seen])).toEqual([
			['view_reply', 'Priya Sharma', false],
			['disagreement_reply', 'Priya Sharma', false]
		]);
		expect(mia.unseen).toBeGreaterThanOrEqual(2);
		const kinds = async (username: string) => (await listNews(database.db, (await demoUser(username)).id, { limit: 50 })).items.map((i) => i.kind);
		// Dan: Morgan answered his rating, a new worker, and the exam timetable is due in 3 days.
		expect(await kinds('dan')).toEqual(expect.arrayContaining(['rating_reply', 'handover', 'action_due']));
		expect(await kinds('amira')).toEqual(expect.arrayContaining(['goal_new']));
		// Mia told Priya alone: nothing of her view reaches her father.
		expect(await kinds('dan')).not.toContain('view_reply');
	});

	// -------------------------------------------------------------------------------------------
	// Ratings of services

	async function demoService(name: string): Promise<Service> {
		const service = await getServiceByName(database.db, name);
		if (!service) throw new Error(`No ${name} in the demo data`);
		return service;
	}

	it('has at least eight services in the directory, the demo’s own among them', async () => {
		const names = (await listServices(database.db)).map((s) => s.name);
		expect(names.length).toBeGreaterThanOrEqual(8);
		expect(names).toEqual(expect.arrayContaining(['Family Support Service', 'School Nursing Service', 'Oakfield School Pastoral Team']));
	});

	it('gives the other rating families accounts nobody can sign in to', async () => {
		const raters = await database.db
			.selectFrom('app_user')
			.select(['username', 'role', 'password_hash'])
			.where('username', 'not in', DEMO_ACCOUNTS.map((a) => a.username))
			.execute();
		expect(raters).toHaveLength(DEMO_RATERS);
		for (const rater of raters) {
			expect(['parent_carer', 'young_person'], rater.username).toContain(rater.role);
			expect(rater.password_hash ? await verifyPassword(rater.password_hash, DEMO_PASSWORD) : false, rater.username).toBe(false);
		}
	});

	it('gives the Family Support Service enough ratings for its figures, most answered, and two changes', async () => {
		const service = await demoService('Family Support Service');
		const morgan = await demoUser('morgan');
		const figures = await ratingFigures(database.db, service, NOW);
		expect(figures.total).toBeGreaterThanOrEqual(FAIR_FIGURES_MINIMUM);
		expect(figures.total).toBe(14);
		expect(figures.distribution?.reduce((n, d) => n + d.count, 0)).toBe(figures.total);
		expect(figures.positive).toBeGreaterThan(0.5);
		expect(figures.replies?.due).toBeGreaterThan(0);
		expect(figures.replies?.answeredInTime).toBeGreaterThan(0);

		const feedback = (await listFeedback(database.db, service.id, morgan.id)).ratings;
		expect(feedback).toHaveLength(14);
		expect(feedback.filter((r) => r.replies.length > 0)).toHaveLength(12);
		expect(feedback.filter((r) => r.awaitingDueOn !== null)).toHaveLength(2);

		const dashboard = await feedbackDashboard(database.db, service, NOW);
		expect(dashboard.months).toHaveLength(12);
		expect(dashboard.months?.at(-1)?.month).toBe('2026-05');
		expect(dashboard.months?.[0]?.month).toBe('2025-06');
		expect(dashboard.months?.reduce((n, m) => n + m.total, 0)).toBe(14);
		// Two wait for a reply: Kerry's since 4 May (due 11 May, past it) and one from two days ago.
		expect([dashboard.waiting, dashboard.overdue]).toEqual([2, 1]);
		expect(dashboard.medianReplyDays).toBeGreaterThan(0);
		const overview = await getServiceOverview(database.db, service.id, NOW);
		expect(overview?.feedback).toEqual(dashboard);

		// "You said, we did": newest first, linked to the feedback without anyone's name.
		const changes = await listServiceChanges(database.db, service.id);
		expect(changes.map((c) => [c.madeOn, c.feedback.length])).toEqual([
			['2026-02-14', 2],
			['2025-09-07', 1]
		]);
		expect(changes[1]?.feedback[0]).toMatchObject({ score: 'good', couldBeBetter: expect.stringContaining('pick-up') });
		const people = await database.db.selectFrom('app_user').select(['id', 'display_name']).where('role', 'in', ['parent_carer', 'young_person']).execute();
		const text = JSON.stringify(changes);
		for (const person of people) {
			expect(text).not.toContain(person.id);
			expect(text).not.toContain(person.display_name);
		}
	});

	it('has three ratings of the School Nursing Service: too few for figures', async () => {
		const service = await demoService('School Nursing Service');
		expect(await ratingFigures(database.db, service, NOW)).toMatchObject({
			total: 3,
			distribution: null,
			positive: null,
			replies: null
		});
		expect((await feedbackDashboard(database.db, service, NOW)).months).toBeNull();
		expect((await listFeedback(database.db, service.id, (await demoUser('grace')).id)).ratings).toHaveLength(3);
	});

	it('has Dan’s anonymous rating of the Family Support Service, answered by Morgan', async () => {
		const service = await demoService('Family Support Service');
		const dan = await demoUser('dan');
		const own = await currentOwnRating(database.db, dan.id, service.id, NOW);
		expect(own).toMatchObject({ score: 'good', firstName: null, mine: true, awaitingDueOn: null });
		expect(own?.replies.map((r) => [r.authorName, r.tag])).toEqual([['Morgan Ellis', 'looking_into_it']]);
		expect(await listOwnRatings(database.db, dan.id, service.id)).toHaveLength(1);
		const row = await database.db.selectFrom('service_rating').select(['anonymous', 'first_name']).where('id', '=', own!.id).executeTakeFirstOrThrow();
		expect([Number(row.anonymous), row.first_name]).toEqual([1, null]);

		// Nobody else is told it is his.
		for (const username of ['morgan', 'jo', 'priya', 'amira', 'mia', 'admin']) {
			const feedback = (await listFeedback(database.db, service.id, (await demoUser(username)).id)).ratings;
			expect(feedback.find((r) => r.id === own?.id), username).toMatchObject({ firstName: null, mine: false });
			const text = JSON.stringify(feedback);
			expect(text, username).not.toContain(dan.id);
			expect(text, username).not.toContain('Kowalski');
			expect(text, username).not.toContain('"Dan"');
		}
	});

	it('leaves the Family Support Service for Amira to rate', async () => {
		const service = await demoService('Family Support Service');
		const amira = await demoUser('amira');
		expect(await currentOwnRating(database.db, amira.id, service.id, NOW)).toBeNull();
		expect(await listOwnRatings(database.db, amira.id, service.id)).toEqual([]);
		expect((await requireRatingAuthoring(localsFor(database.db, amira), service.id)).service.id).toBe(service.id);
	});

	it('puts the Family Support Service’s waiting ratings on its staff’s lists, and School Nursing’s on Grace’s', async () => {
		const ratings = async (username: string) =>
			(await listNeedsAttention(database.db, (await demoUser(username)).id, NOW))
				.filter((i) => i.kind === 'service_rating')
				.map((i) => [i.kind === 'service_rating' ? i.serviceName : null, i.personName, i.dueOn]);
		// Kerry's (named) from 4 May, due 11 May; an anonymous one from Monday 18 May, due 26 May (bank holiday skipped).
		const familySupport = [
			['Family Support Service', 'Kerry', '2026-05-11'],
			['Family Support Service', null, '2026-05-26']
		];
		for (const username of ['jo', 'morgan', 'priya', 'chris']) expect(await ratings(username), username).toEqual(familySupport);
		expect(await ratings('grace')).toEqual([['School Nursing Service', 'Sadia', '2026-05-22']]);
		for (const username of ['sam', 'admin', 'amira', 'dan']) expect(await ratings(username), username).toEqual([]);
	});

	it('has Amira waiting 12 days at Money Matters Debt Advice, one request accepted, and figures for the managers', async () => {
		const amira = await demoUser('amira');
		const hassan = (await listAllFamilies(database.db)).find((f) => f.name === 'Hassan');
		const requests = await listFamilyRequests(database.db, hassan?.id ?? '', amira, NOW);
		const waiting = requests.find((r) => r.status === 'waiting');
		expect(waiting?.serviceName).toBe('Money Matters Debt Advice');
		expect(waiting?.daysWaited).toBe(12);
		expect(requests.filter((r) => r.status === 'accepted')).toHaveLength(1);
		// One she asked Jo to ask for her: with Jo, so the service does not see it yet.
		const withJo = requests.filter((r) => r.status === 'with_worker');
		expect(withJo.map((r) => [r.route, r.serviceName, r.daysWaited])).toEqual([['worker', 'Money Matters Debt Advice', 3]]);
		expect((await listLeadRequests(database.db, (await demoUser('jo')).id, NOW)).map((r) => r.status)).toContain('with_worker');
		const debt = await findWorkerByUser(database.db, (await demoUser('kim')).id);
		const months = await waitingTimes(database.db, debt?.service_id ?? '', NOW);
		expect(months.filter((m) => m.count > 0).length).toBeGreaterThanOrEqual(4);
	});
});
