import { expect, it } from 'vitest';
import { listNeedsAttention, type RatingAttentionItem } from '$lib/server/attention/attention.service';
import type { ServiceRatingRow } from '$lib/server/db/schema';
import {
	isStaffOf,
	requireFeedbackReading,
	requireRatingAuthoring,
	requireRatingReply,
	requireServiceStaff
} from '$lib/server/policy';
import { findRating, listRatings } from '$lib/server/ratings/ratings.repository';
import {
	RatingRuleError,
	addChange,
	currentOwnRating,
	feedbackDashboard,
	FEEDBACK_PAGE_SIZE,
	listFeedback,
	listOwnRatings,
	listServiceChanges,
	markRepliesSeen,
	positiveShares,
	ratingFigures,
	rateService,
	ratingsOpen,
	replyToRating,
	serviceRatingsPanel,
	servicesWithNewReplies
} from '$lib/server/ratings/ratings.service';
import { getServiceOverview } from '$lib/server/services/service-overview.service';
import { getService, setReplyDays, type Service } from '$lib/server/services/services.service';
import type { User } from '$lib/server/users/users.service';
import type { Worker } from '$lib/server/workers/workers.service';
import {
	DEFAULT_RATING_REPLY_DAYS,
	FAIR_FIGURES_MINIMUM,
	RATING_WINDOW_DAYS,
	type RatingScore,
	type RatingSummary
} from '$lib/ratings/ratings';
import type { RatingInput } from '$lib/validation/ratings';
import { describeEachDatabase } from './support/databases';
import {
	addFamily,
	addNamedUser,
	addService,
	addUser,
	countRows,
	databaseUrl,
	openDatabase,
	rejection,
	uniqueName
} from './support/fixtures';
import { addFamilyUser, addNamedWorker, asUser, gate, localsFor, waitForLockWait } from './support/worker-fixtures';

// Families rate the services that support them (the NHS Friends and Family Test scale). One rating
// per person per service in 30 days; the service's own staff reply by a date in working days; who
// wrote an anonymous rating reaches nobody but its author; figures appear only from 11 ratings in
// the last year; and "You said, we did" links changes to the ratings that led to them.

const DAY = 24 * 60 * 60 * 1000;

/** A moment on a UK date, at `hour` UTC (in winter UK time is UTC; in summer it is an hour on). */
const on = (date: string, hour = 10, minute = 0) =>
	new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`);

/** Monday 23 November 2026, midday. */
const NOW = on('2026-11-23', 12);

interface World {
	service: Service;
	/** Another service, with staff of its own. */
	other: Service;
	/** A service in the directory with nobody here to answer ratings. */
	unstaffed: Service;
	jo: Worker;
	morgan: Worker;
	lee: Worker;
	otherManager: Worker;
	/** A parent and a young person in one family, a parent in another. */
	amira: User;
	leo: User;
	dan: User;
	admin: User;
}

/** A display name whose first and last names appear nowhere else in the database. */
const personName = (first: string, last: string) => `${uniqueName(first)} ${uniqueName(last)}`;
const firstNameOf = (user: User) => user.displayName.split(' ')[0]!;

describeEachDatabase('service ratings', (database) => {
	const db = () => database.db;

	async function setup(): Promise<World> {
		const service = await addService(db());
		const other = await addService(db());
		const unstaffed = await addService(db());
		const familyId = (await addFamily(db())).id;
		const otherFamilyId = (await addFamily(db())).id;
		return {
			service,
			other,
			unstaffed,
			jo: await addNamedWorker(db(), service.id, 'Jo Bennett'),
			morgan: await addNamedWorker(db(), service.id, 'Morgan Ellis', { role: 'manager', jobTitle: 'Service manager' }),
			lee: await addNamedWorker(db(), other.id, 'Lee Brown'),
			otherManager: await addNamedWorker(db(), other.id, 'Casey Manager', { role: 'manager' }),
			amira: await addFamilyUser(db(), familyId, personName('Amira', 'Hassan')),
			leo: await addFamilyUser(db(), familyId, personName('Leo', 'Hassan'), 'young_person'),
			dan: await addFamilyUser(db(), otherFamilyId, personName('Dan', 'Kowalski')),
			admin: await addUser(db(), { role: 'admin', password: false })
		};
	}

	function input(score: RatingScore, extra: Partial<RatingInput> = {}): RatingInput {
		return { score, whatWasGood: null, couldBeBetter: null, anonymous: true, ...extra };
	}

	async function rate(
		user: User,
		service: Service,
		rating: RatingInput,
		at: Date,
		version: number | null = null
	): Promise<{ ratingId: string; changed: boolean }> {
		return rateService(
			db(),
			{ userId: user.id, displayName: user.displayName },
			{ id: service.id, ratingReplyDays: service.ratingReplyDays },
			rating,
			version,
			at
		);
	}

	async function row(ratingId: string): Promise<ServiceRatingRow> {
		const rating = await findRating(db(), ratingId);
		if (!rating) throw new Error(`No rating ${ratingId}`);
		return rating;
	}

	async function ratingsBy(user: User, service: Service): Promise<ServiceRatingRow[]> {
		return db()
			.selectFrom('service_rating')
			.selectAll()
			.where('author_user_id', '=', user.id)
			.where('service_id', '=', service.id)
			.orderBy('created_at')
			.execute();
	}

	async function reply(ratingId: string, by: Worker, at: Date, body = 'Thank you for telling us.'): Promise<void> {
		await replyToRating(db(), ratingId, by.userId, { body, tag: 'thank_you' }, at);
	}

	/** The rating as `viewer` sees it on the service's feedback page. */
	async function seenBy(viewer: User | Worker, service: Service, ratingId: string): Promise<RatingSummary> {
		const viewerId = 'userId' in viewer ? viewer.userId : viewer.id;
		const rating = (await listFeedback(db(), service.id, viewerId)).ratings.find((r) => r.id === ratingId);
		if (!rating) throw new Error(`Rating ${ratingId} is not on the feedback page`);
		return rating;
	}

	const ratingItems = async (userId: string, now = NOW): Promise<RatingAttentionItem[]> =>
		(await listNeedsAttention(db(), userId, now)).filter((i): i is RatingAttentionItem => i.kind === 'service_rating');

	/** The status the policy answers with: 200 when allowed. */
	async function status(check: Promise<unknown>): Promise<number> {
		try {
			await check;
			return 200;
		} catch (error) {
			return (error as { status: number }).status;
		}
	}

	// -------------------------------------------------------------------------------------------
	// Rating and changing a rating

	it('lets a family member and a young person each rate a service', async () => {
		const w = await setup();
		const at = on('2026-11-20');
		const amira = await rate(w.amira, w.service, input('very_good', { whatWasGood: 'Jo listened.', anonymous: false }), at);
		const leo = await rate(w.leo, w.service, input('poor', { couldBeBetter: 'Too many forms.' }), at);
		expect(amira.changed).toBe(false);
		expect(leo.changed).toBe(false);
		expect(amira.ratingId).not.toBe(leo.ratingId);

		expect(await row(amira.ratingId)).toMatchObject({
			service_id: w.service.id,
			author_user_id: w.amira.id,
			score: 'very_good',
			what_was_good: 'Jo listened.',
			could_be_better: null,
			first_name: firstNameOf(w.amira),
			created_at: at.toISOString(),
			updated_at: at.toISOString(),
			first_reply_at: null,
			awaiting_since: at.toISOString()
		});
		expect(Number((await row(amira.ratingId)).anonymous)).toBe(0);
		expect(Number((await row(amira.ratingId)).version)).toBe(1);
		expect(await row(leo.ratingId)).toMatchObject({ score: 'poor', could_be_better: 'Too many forms.', first_name: null });
		expect(Number((await row(leo.ratingId)).anonymous)).toBe(1);

		// Each sees their own as the one they may still change.
		expect(await currentOwnRating(db(), w.amira.id, w.service.id, NOW)).toMatchObject({
			id: amira.ratingId,
			score: 'very_good',
			mine: true,
			version: 1
		});
		expect((await currentOwnRating(db(), w.leo.id, w.service.id, NOW))?.id).toBe(leo.ratingId);
		expect(await currentOwnRating(db(), w.dan.id, w.service.id, NOW)).toBeNull();
		expect((await listFeedback(db(), w.service.id, w.jo.userId)).ratings.map((r) => r.id).sort()).toEqual(
			[amira.ratingId, leo.ratingId].sort()
		);
	});

	it('changes the same rating within 30 days, and makes a new one after', async () => {
		const w = await setup();
		const first = on('2026-10-01');
		const { ratingId } = await rate(w.amira, w.service, input('poor', { couldBeBetter: 'Slow to call back.' }), first);

		// 29 days on: the same rating changes (one row), its version moves on.
		const later = new Date(first.getTime() + 29 * DAY);
		const change = await rate(w.amira, w.service, input('good', { whatWasGood: 'Much better now.' }), later, 1);
		expect(change).toEqual({ ratingId, changed: true });
		const rows = await ratingsBy(w.amira, w.service);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			id: ratingId,
			score: 'good',
			what_was_good: 'Much better now.',
			could_be_better: null,
			created_at: first.toISOString(),
			updated_at: later.toISOString()
		});
		expect(Number(rows[0]!.version)).toBe(2);
		expect((await currentOwnRating(db(), w.amira.id, w.service.id, later))?.version).toBe(2);

		// Just inside the window still changes it (the form left out the version: no check).
		const edge = new Date(first.getTime() + RATING_WINDOW_DAYS * DAY - 60_000);
		expect(await rate(w.amira, w.service, input('very_good'), edge)).toEqual({ ratingId, changed: true });
		expect(await ratingsBy(w.amira, w.service)).toHaveLength(1);

		// After 30 days, a new rating; the old one stays as it was.
		const after = new Date(first.getTime() + (RATING_WINDOW_DAYS + 1) * DAY);
		expect(await currentOwnRating(db(), w.amira.id, w.service.id, after)).toBeNull();
		const second = await rate(w.amira, w.service, input('neither'), after);
		expect(second.changed).toBe(false);
		expect(second.ratingId).not.toBe(ratingId);
		expect((await ratingsBy(w.amira, w.service)).map((r) => [r.id, r.score, Number(r.version)])).toEqual([
			[ratingId, 'very_good', 3],
			[second.ratingId, 'neither', 1]
		]);
		expect((await listOwnRatings(db(), w.amira.id, w.service.id)).map((r) => r.id)).toEqual([second.ratingId, ratingId]);
		expect((await currentOwnRating(db(), w.amira.id, w.service.id, after))?.id).toBe(second.ratingId);

		// The window is per service: rating another service is a rating of its own.
		const elsewhere = await rate(w.amira, w.other, input('good'), after);
		expect(elsewhere.changed).toBe(false);
		expect(await ratingsBy(w.amira, w.service)).toHaveLength(2);
	});

	it('refuses a change made from a stale form, and changes nothing', async () => {
		const w = await setup();
		const { ratingId } = await rate(w.amira, w.service, input('good', { whatWasGood: 'Kind.' }), on('2026-11-02'));
		await rate(w.amira, w.service, input('very_good', { whatWasGood: 'Very kind.' }), on('2026-11-03'), 1);
		const before = await row(ratingId);
		expect(Number(before.version)).toBe(2);

		// Another window still showed version 1.
		const error = await rejection(rate(w.amira, w.service, input('very_poor'), on('2026-11-04'), 1));
		expect(error).toBeInstanceOf(RatingRuleError);
		expect((error as RatingRuleError).code).toBe('changed_meanwhile');
		expect(await row(ratingId)).toEqual(before);

		expect(await ratingsBy(w.amira, w.service)).toEqual([before]);
	});

	it('makes a new rating from a form opened before the 30 days ran out and sent after', async () => {
		const w = await setup();
		const first = await rate(w.amira, w.service, input('good'), on('2026-10-01'));
		// The form showed version 1 on day 29; it is sent on day 31, when that rating is closed.
		const later = await rate(w.amira, w.service, input('poor'), on('2026-11-01'), 1);
		expect(later.changed).toBe(false);
		expect(later.ratingId).not.toBe(first.ratingId);
		expect((await row(first.ratingId)).score).toBe('good');
		expect(await ratingsBy(w.amira, w.service)).toHaveLength(2);
	});

	// Two requests from one person at the same moment (a double click on "Send", two tabs), on a
	// server with many connections: each looks for a rating in the last 30 days before either has
	// saved. (PostgreSQL only: the app's SQLite connection runs one transaction at a time.)
	if (database.dialect === 'postgres') {
		it('keeps one rating when the same person sends the form twice at once', async () => {
			const w = await setup();
			const atCommit = gate();
			const release = gate();
			const slow = openDatabase(await databaseUrl(db()), {
				beforeCommit: async () => {
					atCommit.open();
					await release.opened;
				}
			});
			let second: Promise<unknown> | undefined;
			try {
				const rater = { userId: w.amira.id, displayName: w.amira.displayName };
				const service = { id: w.service.id, status: 'active', ratingReplyDays: w.service.ratingReplyDays };
				const first = rateService(slow, rater, service, input('good'), null, on('2026-11-20'));
				// The first has looked, found nothing and saved its rating, but not committed yet.
				await atCommit.opened;
				second = rate(w.amira, w.service, input('good'), on('2026-11-20')).catch((error: unknown) => error);
				// The second waits for the first (a lock on the person) and then changes that rating.
				await Promise.race([second, waitForLockWait(db()).catch(() => undefined)]);
				release.open();
				await first;
				const outcome = await second;
				if (outcome instanceof Error) expect(outcome).toBeInstanceOf(RatingRuleError);
			} finally {
				release.open();
				await second;
				await slow.destroy();
			}
			// One person, one rating in the period: otherwise the fair figures count them twice.
			expect(await ratingsBy(w.amira, w.service)).toHaveLength(1);
		});
	}

	// -------------------------------------------------------------------------------------------
	// Anonymous and named ratings

	it('stores no first name with an anonymous rating, and the database refuses one', async () => {
		const w = await setup();
		const { ratingId } = await rate(w.amira, w.service, input('poor', { couldBeBetter: 'The waiting room is noisy.' }), NOW);
		const stored = await row(ratingId);
		expect(Number(stored.anonymous)).toBe(1);
		expect(stored.first_name).toBeNull();
		expect(JSON.stringify(stored)).not.toContain(firstNameOf(w.amira));

		await expect(
			db().updateTable('service_rating').set({ first_name: firstNameOf(w.amira) }).where('id', '=', ratingId).execute()
		).rejects.toThrow(/service_rating_name_check/);
		await expect(
			db()
				.insertInto('service_rating')
				.values({ ...stored, id: `${ratingId}x`, first_name: 'Someone' })
				.execute()
		).rejects.toThrow(/service_rating_name_check/);
		expect(await row(ratingId)).toEqual(stored);
	});

	it('never tells anyone else who wrote an anonymous rating, before or after a reply', async () => {
		const w = await setup();
		const { ratingId } = await rate(
			w.amira,
			w.service,
			input('very_poor', { whatWasGood: 'Nothing much.', couldBeBetter: 'Nobody called me back.' }),
			on('2026-11-18')
		);
		// Someone who gave their name, so the page has a name on it to compare with.
		const named = await rate(w.dan, w.service, input('good', { anonymous: false }), on('2026-11-19'));
		const secrets = [w.amira.id, w.amira.username, w.amira.displayName, firstNameOf(w.amira), w.amira.displayName.split(' ')[1]!];

		const check = async () => {
			for (const viewer of [w.jo.userId, w.morgan.userId, w.lee.userId, w.otherManager.userId, w.admin.id, w.dan.id, w.leo.id]) {
				for (const awaitingOnly of [false, true]) {
					const feedback = (await listFeedback(db(), w.service.id, viewer, { awaitingOnly })).ratings;
					const rating = feedback.find((r) => r.id === ratingId);
					if (!awaitingOnly) expect(rating, viewer).toBeDefined();
					if (rating) expect(rating).toMatchObject({ firstName: null, mine: false, newReply: false });
					const text = JSON.stringify(feedback);
					for (const secret of secrets) expect(text, `${viewer} sees ${secret}`).not.toContain(secret);
				}
				// The repository's rows hand out nothing about the author either.
				const rows = JSON.stringify(await listRatings(db(), { serviceId: w.service.id, viewerUserId: viewer }));
				for (const secret of secrets) expect(rows, `${viewer} sees ${secret}`).not.toContain(secret);
			}
			// The staff's list and the service's figures neither.
			for (const staff of [w.jo, w.morgan]) {
				const items = JSON.stringify(await listNeedsAttention(db(), staff.userId, NOW));
				for (const secret of secrets) expect(items).not.toContain(secret);
			}
			const overview = JSON.stringify(await getServiceOverview(db(), w.service.id, NOW));
			for (const secret of secrets) expect(overview).not.toContain(secret);
		};

		await check();
		await reply(ratingId, w.jo, on('2026-11-19', 15), 'We are sorry. Please call the duty line on 0161 000 0000.');
		await check();
		expect((await seenBy(w.jo, w.service, ratingId)).replies).toHaveLength(1);

		// Only the author is told it is theirs.
		expect(await seenBy(w.amira, w.service, ratingId)).toMatchObject({ mine: true, firstName: null });
		expect((await seenBy(w.amira, w.service, named.ratingId)).mine).toBe(false);
		expect(await seenBy(w.jo, w.service, named.ratingId)).toMatchObject({ mine: false, firstName: firstNameOf(w.dan) });
	});

	it('shows only the first name of a named rating, and none once it is switched to anonymous', async () => {
		const w = await setup();
		const surname = w.amira.displayName.split(' ')[1]!;
		const { ratingId } = await rate(
			w.amira,
			w.service,
			input('good', { whatWasGood: 'Helpful.', anonymous: false }),
			on('2026-11-16')
		);
		for (const viewer of [w.jo.userId, w.dan.id, w.admin.id]) {
			const feedback = (await listFeedback(db(), w.service.id, viewer)).ratings;
			expect(feedback.find((r) => r.id === ratingId)?.firstName).toBe(firstNameOf(w.amira));
			const text = JSON.stringify(feedback);
			for (const secret of [w.amira.id, w.amira.username, w.amira.displayName, surname]) expect(text).not.toContain(secret);
		}
		expect((await ratingItems(w.jo.userId)).find((i) => i.ratingId === ratingId)?.personName).toBe(firstNameOf(w.amira));

		// Changed to anonymous: the first name is gone from the row, the page and the worker's list.
		await rate(w.amira, w.service, input('good', { whatWasGood: 'Helpful.', anonymous: true }), on('2026-11-17'), 1);
		expect(await row(ratingId)).toMatchObject({ first_name: null });
		expect(Number((await row(ratingId)).anonymous)).toBe(1);
		for (const viewer of [w.jo.userId, w.dan.id, w.admin.id]) {
			const feedback = (await listFeedback(db(), w.service.id, viewer)).ratings;
			expect(feedback.find((r) => r.id === ratingId)?.firstName).toBeNull();
			expect(JSON.stringify(feedback)).not.toContain(firstNameOf(w.amira));
		}
		expect((await ratingItems(w.jo.userId)).find((i) => i.ratingId === ratingId)?.personName).toBeNull();

		// And back: the name they choose to show again.
		await rate(w.amira, w.service, input('good', { anonymous: false }), on('2026-11-18'), 2);
		expect((await seenBy(w.jo, w.service, ratingId)).firstName).toBe(firstNameOf(w.amira));
	});

	// -------------------------------------------------------------------------------------------
	// Reply dates and replies

	it('is due for a reply in 5 working days, weekends and bank holidays skipped', async () => {
		const w = await setup();
		expect(w.service.ratingReplyDays).toBe(DEFAULT_RATING_REPLY_DAYS);
		expect(DEFAULT_RATING_REPLY_DAYS).toBe(5);
		const cases: [Date, string][] = [
			// Friday 18 December: Christmas Day (Friday) and the Boxing Day substitute (Monday 28th) skipped.
			[on('2026-12-18'), '2026-12-29'],
			// Wednesday 23 December: Christmas, the 28th and New Year's Day (Friday) skipped.
			[on('2026-12-23'), '2027-01-04'],
			// Boxing Day itself (a Saturday).
			[on('2026-12-26'), '2027-01-05'],
			// An ordinary week: Monday to Monday.
			[on('2026-11-16'), '2026-11-23'],
			// 23:30 on Thursday 21 May in UTC is already Friday in the UK (summer time); the
			// 25 May bank holiday is skipped.
			[on('2026-05-21', 23, 30), '2026-06-01']
		];
		for (const [at, due] of cases) {
			const rater = await addNamedUser(db(), 'parent_carer', personName('Rater', 'Person'));
			const { ratingId } = await rate(rater, w.service, input('good'), at);
			expect(await row(ratingId), at.toISOString()).toMatchObject({ reply_due_on: due, awaiting_due_on: due, awaiting_since: at.toISOString() });
			expect((await seenBy(rater, w.service, ratingId)).awaitingDueOn).toBe(due);
		}
	});

	it('uses the service’s own reply time for ratings given from then on', async () => {
		const w = await setup();
		const before = await rate(w.amira, w.service, input('good'), on('2026-12-23'));
		await setReplyDays(db(), w.service.id, 'rating', 2);
		const service = (await getService(db(), w.service.id))!;
		expect(service).toMatchObject({ ratingReplyDays: 2, viewReplyDays: w.service.viewReplyDays });
		// Another service's reply time is its own, and the time for young people's views is another.
		await setReplyDays(db(), w.other.id, 'rating', 15);
		await setReplyDays(db(), w.service.id, 'view', 9);
		expect(await getService(db(), w.service.id)).toMatchObject({ ratingReplyDays: 2, viewReplyDays: 9 });

		const after = await rate(w.leo, service, input('good'), on('2026-12-23'));
		// Thursday 24th, then Tuesday 29th (Christmas and the 28th skipped).
		expect((await row(after.ratingId)).reply_due_on).toBe('2026-12-29');
		expect((await row(after.ratingId)).awaiting_due_on).toBe('2026-12-29');
		// The earlier rating keeps the date it was given.
		expect((await row(before.ratingId)).reply_due_on).toBe('2027-01-04');

		for (const bad of [0, 21, 2.5]) {
			await expect(setReplyDays(db(), w.service.id, 'rating', bad)).rejects.toBeInstanceOf(RangeError);
		}
		expect((await getService(db(), w.service.id))?.ratingReplyDays).toBe(2);
	});

	it('remembers the first reply, and stops waiting once answered', async () => {
		const w = await setup();
		const { ratingId } = await rate(w.amira, w.service, input('poor', { couldBeBetter: 'Phones.' }), on('2026-11-16'));
		const first = on('2026-11-17', 9);
		await replyToRating(db(), ratingId, w.jo.userId, { body: 'We are looking at it.', tag: 'looking_into_it' }, first);
		expect(await row(ratingId)).toMatchObject({
			reply_due_on: '2026-11-23',
			first_reply_at: first.toISOString(),
			awaiting_since: null,
			awaiting_due_on: null
		});
		// A second reply does not move the first.
		const second = on('2026-11-20', 9);
		await replyToRating(db(), ratingId, w.morgan.userId, { body: 'We have changed how we answer.', tag: 'change_made' }, second);
		expect(await row(ratingId)).toMatchObject({ first_reply_at: first.toISOString(), awaiting_since: null, awaiting_due_on: null });

		const seen = await seenBy(w.dan, w.service, ratingId);
		expect(seen.awaitingDueOn).toBeNull();
		expect(seen.replies).toEqual([
			{
				id: expect.any(String),
				tag: 'looking_into_it',
				body: 'We are looking at it.',
				createdAt: first.toISOString(),
				authorName: 'Jo Bennett',
				authorJobTitle: 'Family support worker'
			},
			{
				id: expect.any(String),
				tag: 'change_made',
				body: 'We have changed how we answer.',
				createdAt: second.toISOString(),
				authorName: 'Morgan Ellis',
				authorJobTitle: 'Service manager'
			}
		]);
		expect((await listFeedback(db(), w.service.id, w.jo.userId, { awaitingOnly: true })).ratings.map((r) => r.id)).not.toContain(ratingId);
	});

	it('waits again, with a new date, when the author changes a rating after a reply', async () => {
		const w = await setup();
		// Friday 18 December: due Tuesday 29th.
		const { ratingId } = await rate(w.amira, w.service, input('poor'), on('2026-12-18'));
		// Changed before any reply: the date stays.
		await rate(w.amira, w.service, input('very_poor', { couldBeBetter: 'Still nobody called.' }), on('2026-12-23'), 1);
		expect(await row(ratingId)).toMatchObject({
			reply_due_on: '2026-12-29',
			awaiting_since: on('2026-12-18').toISOString(),
			awaiting_due_on: '2026-12-29'
		});

		const replied = on('2026-12-24');
		await reply(ratingId, w.jo, replied);
		expect(await row(ratingId)).toMatchObject({ awaiting_since: null, awaiting_due_on: null });

		// Changed after the reply (Wednesday 30th): waiting again, due Thursday 7 January
		// (New Year's Day skipped); the first reply and its due date stay for the figures.
		const changed = on('2026-12-30');
		await rate(w.amira, w.service, input('neither', { couldBeBetter: 'A bit better.' }), changed, 2);
		expect(await row(ratingId)).toMatchObject({
			reply_due_on: '2026-12-29',
			first_reply_at: replied.toISOString(),
			awaiting_since: changed.toISOString(),
			awaiting_due_on: '2027-01-07'
		});
		expect((await ratingItems(w.jo.userId, changed)).map((i) => [i.ratingId, i.dueOn])).toEqual([[ratingId, '2027-01-07']]);

		// Changed again before the next reply: the new date stays too.
		await rate(w.amira, w.service, input('good'), on('2027-01-04'), 3);
		expect(await row(ratingId)).toMatchObject({ awaiting_since: changed.toISOString(), awaiting_due_on: '2027-01-07' });

		await reply(ratingId, w.morgan, on('2027-01-05'));
		expect(await row(ratingId)).toMatchObject({ first_reply_at: replied.toISOString(), awaiting_since: null, awaiting_due_on: null });
	});

	// -------------------------------------------------------------------------------------------
	// Needs attention

	it('puts a waiting rating on the list of every worker and the manager of that service only', async () => {
		const w = await setup();
		const at = on('2026-11-18');
		const anonymous = await rate(w.amira, w.service, input('poor', { whatWasGood: 'Friendly.', couldBeBetter: 'Calls back late.' }), at);
		const named = await rate(w.dan, w.service, input('very_good', { whatWasGood: 'Brilliant.', anonymous: false }), on('2026-11-19'));
		// A rating of another service is not theirs.
		const elsewhere = await rate(w.leo, w.other, input('good'), at);

		for (const staff of [w.jo, w.morgan]) {
			expect(await ratingItems(staff.userId), staff.displayName).toEqual([
				{
					kind: 'service_rating',
					ratingId: anonymous.ratingId,
					serviceId: w.service.id,
					serviceName: w.service.name,
					dueOn: '2026-11-25',
					title: 'Calls back late.',
					personName: null,
					waitingSince: at.toISOString()
				},
				{
					kind: 'service_rating',
					ratingId: named.ratingId,
					serviceId: w.service.id,
					serviceName: w.service.name,
					dueOn: '2026-11-26',
					title: 'Brilliant.',
					personName: firstNameOf(w.dan),
					waitingSince: on('2026-11-19').toISOString()
				}
			]);
		}
		for (const staff of [w.lee, w.otherManager]) {
			expect((await ratingItems(staff.userId)).map((i) => i.ratingId)).toEqual([elsewhere.ratingId]);
		}
		for (const person of [w.amira, w.leo, w.dan, w.admin]) expect(await listNeedsAttention(db(), person.id, NOW)).toEqual([]);

		// Answered: it leaves everyone's list.
		await reply(anonymous.ratingId, w.morgan, on('2026-11-20'));
		for (const staff of [w.jo, w.morgan]) {
			expect((await ratingItems(staff.userId)).map((i) => i.ratingId), staff.displayName).toEqual([named.ratingId]);
		}
	});

	// -------------------------------------------------------------------------------------------
	// Figures

	it('gives fair figures only from 11 ratings in this month and the eleven before', async () => {
		const w = await setup();
		const service = { id: w.service.id, status: 'active', ratingReplyDays: w.service.ratingReplyDays };
		const raters: User[] = [];
		for (let i = 0; i < 12; i++) raters.push(await addNamedUser(db(), 'parent_carer', personName('Rater', 'Person')));
		const give = (i: number, score: RatingScore, at: Date) => rate(raters[i]!, w.service, input(score), at);

		// Just over a year old, before December 2025: not counted (though it still waits for a reply).
		await give(0, 'very_poor', new Date(NOW.getTime() - 366 * DAY));
		// Due 22 January; answered after a day.
		const r1 = await give(1, 'very_good', on('2026-01-15'));
		await reply(r1.ratingId, w.jo, on('2026-01-16'));
		// Due 17 March; answered after ten days: late.
		const r2 = await give(2, 'good', on('2026-03-10'));
		await reply(r2.ratingId, w.jo, on('2026-03-20'));
		// 23:30 on 30 June in UTC is 1 July in the UK; due 8 July; answered after two days.
		const r3 = await give(3, 'neither', on('2026-06-30', 23, 30));
		await reply(r3.ratingId, w.jo, on('2026-07-02', 23, 30));
		// Due 8 September; answered after three days.
		const r4 = await give(4, 'poor', on('2026-09-01'));
		await reply(r4.ratingId, w.jo, on('2026-09-04'));
		// Due 12 October; never answered: overdue.
		await give(5, 'very_good', on('2026-10-05'));
		// Due 9 November; answered after two and a half days; changed since, so waiting again (not overdue).
		const r6 = await give(6, 'dont_know', on('2026-11-02'));
		await reply(r6.ratingId, w.jo, on('2026-11-04', 22));
		await rate(raters[6]!, w.service, input('poor'), on('2026-11-20'), 1);
		// Due today and 30 November: waiting, not overdue yet.
		await give(7, 'very_good', on('2026-11-16'));
		await give(8, 'good', on('2026-11-23', 9));
		// Due 17 November: overdue.
		await give(9, 'poor', on('2026-11-10'));
		// Answered the same afternoon (five hours).
		const r10 = await give(10, 'dont_know', on('2026-08-12'));
		await reply(r10.ratingId, w.jo, on('2026-08-12', 15));

		// Ten in the period: only the total.
		expect(await ratingFigures(db(), service, NOW)).toEqual({
			total: 10,
			distribution: null,
			positive: null,
			replies: null,
			replyDays: 5,
			periodStart: '2025-12-01'
		});
		const under = await feedbackDashboard(db(), service, NOW);
		expect(under.figures.distribution).toBeNull();
		expect(under.months).toBeNull();
		// Counts of replies are not about anyone, so they are always given.
		expect(under.replyTimes).toEqual({ due: 8, answeredInTime: 5, overdue: 2 });
		// 0.2, 1, 2, 2.5, 3 and 10 days: the middle is 2.25, shown as 2.3.
		expect(under.medianReplyDays).toBe(2.3);
		// The one from over a year ago waits too, past its date.
		expect([under.waiting, under.overdue]).toEqual([6, 3]);

		// The directory's list leaves the share out too.
		expect(await positiveShares(db(), [w.service.id, w.other.id], NOW)).toEqual(new Map());

		// The eleventh (due 27 April, answered after four days): the figures appear.
		const r11 = await give(11, 'very_poor', on('2026-04-20'));
		await reply(r11.ratingId, w.jo, on('2026-04-24'));
		expect(FAIR_FIGURES_MINIMUM).toBe(11);
		const figures = await ratingFigures(db(), service, NOW);
		expect(figures).toEqual({
			total: 11,
			distribution: [
				{ score: 'very_good', count: 3 },
				{ score: 'good', count: 2 },
				{ score: 'neither', count: 1 },
				{ score: 'poor', count: 3 },
				{ score: 'very_poor', count: 1 },
				{ score: 'dont_know', count: 1 }
			],
			positive: 5 / 11,
			replies: { due: 9, answeredInTime: 6, overdue: 2 },
			replyDays: 5,
			periodStart: '2025-12-01'
		});

		expect(await positiveShares(db(), [w.service.id, w.other.id], NOW)).toEqual(new Map([[w.service.id, { total: 11, positive: 5 / 11 }]]));

		const dashboard = await feedbackDashboard(db(), service, NOW);
		expect(dashboard.figures).toEqual(figures);
		expect(dashboard.replyTimes).toEqual({ due: 9, answeredInTime: 6, overdue: 2 });
		expect(dashboard.medianReplyDays).toBe(2.5);
		expect([dashboard.waiting, dashboard.overdue]).toEqual([6, 3]);
		expect(dashboard.months?.map((m) => [m.month, m.total])).toEqual([
			['2025-12', 0],
			['2026-01', 1],
			['2026-02', 0],
			['2026-03', 1],
			['2026-04', 1],
			['2026-05', 0],
			['2026-06', 0],
			['2026-07', 1],
			['2026-08', 1],
			['2026-09', 1],
			['2026-10', 1],
			['2026-11', 4]
		]);
		const november = dashboard.months?.at(-1);
		expect(november?.counts).toEqual([
			{ score: 'very_good', count: 1 },
			{ score: 'good', count: 1 },
			{ score: 'neither', count: 0 },
			{ score: 'poor', count: 2 },
			{ score: 'very_poor', count: 0 },
			{ score: 'dont_know', count: 0 }
		]);
		expect(dashboard.months?.find((m) => m.month === '2026-07')?.counts.find((c) => c.count > 0)).toEqual({ score: 'neither', count: 1 });

		// The manager's overview carries the same, with the service's reply time.
		await setReplyDays(db(), w.service.id, 'rating', 3);
		const overview = await getServiceOverview(db(), w.service.id, NOW);
		expect(overview?.feedback).toEqual({ ...dashboard, figures: { ...figures, replyDays: 3 } });
	});

	it('counts the months in UK time, ending with this month', async () => {
		const w = await setup();
		const service = { id: w.service.id, ratingReplyDays: 5 };
		// Twelve ratings across a new year; "now" is 00:30 on 1 August in the UK (23:30 UTC on 31 July).
		const now = on('2027-07-31', 23, 30);
		for (let i = 0; i < 11; i++) {
			const rater = await addNamedUser(db(), 'young_person', personName('Young', 'Person'));
			await rate(rater, w.service, input(i % 2 ? 'good' : 'very_good'), on(`2027-0${(i % 7) + 1}-10`));
		}
		const dashboard = await feedbackDashboard(db(), service, now);
		expect(dashboard.months?.map((m) => m.month)).toEqual([
			'2026-09',
			'2026-10',
			'2026-11',
			'2026-12',
			'2027-01',
			'2027-02',
			'2027-03',
			'2027-04',
			'2027-05',
			'2027-06',
			'2027-07',
			'2027-08'
		]);
		expect(dashboard.months?.map((m) => m.total)).toEqual([0, 0, 0, 0, 2, 2, 2, 2, 1, 1, 1, 0]);
		expect(dashboard.figures.positive).toBe(1);
	});

	// -------------------------------------------------------------------------------------------
	// You said, we did

	it('records a change with the ratings that led to it, shown without their authors', async () => {
		const w = await setup();
		const a = await rate(w.amira, w.service, input('poor', { couldBeBetter: 'Meetings clash with school pick-up.', anonymous: false }), on('2026-09-30', 23, 30));
		const b = await rate(w.dan, w.service, input('neither', { whatWasGood: 'Kind staff.', couldBeBetter: 'Meetings too late.' }), on('2026-10-05'));
		const c = await rate(w.leo, w.service, input('good'), on('2026-10-06'));

		const first = await addChange(
			db(),
			w.service.id,
			w.morgan.userId,
			{ youSaid: 'Meetings were at awkward times.', weDid: 'Meetings now run 9.30 to 2.30.', madeOn: '2026-10-20', ratingIds: [b.ratingId, a.ratingId] },
			on('2026-10-20')
		);
		const second = await addChange(
			db(),
			w.service.id,
			w.jo.userId,
			{ youSaid: 'Older news.', weDid: 'Something earlier.', madeOn: '2026-10-10', ratingIds: [c.ratingId] },
			on('2026-11-01')
		);
		expect(await countRows(db(), 'service_change_rating')).toBeGreaterThanOrEqual(3);

		const changes = await listServiceChanges(db(), w.service.id);
		expect(changes).toEqual([
			{
				id: first,
				youSaid: 'Meetings were at awkward times.',
				weDid: 'Meetings now run 9.30 to 2.30.',
				madeOn: '2026-10-20',
				feedback: [
					// Oldest first; 23:30 UTC on 30 September is October in the UK.
					{ score: 'poor', whatWasGood: null, couldBeBetter: 'Meetings clash with school pick-up.', month: '2026-10' },
					{ score: 'neither', whatWasGood: 'Kind staff.', couldBeBetter: 'Meetings too late.', month: '2026-10' }
				]
			},
			{ id: second, youSaid: 'Older news.', weDid: 'Something earlier.', madeOn: '2026-10-10', feedback: [{ score: 'good', whatWasGood: null, couldBeBetter: null, month: '2026-10' }] }
		]);
		const text = JSON.stringify(changes);
		for (const person of [w.amira, w.dan, w.leo]) {
			for (const secret of [person.id, person.username, person.displayName, firstNameOf(person)]) expect(text).not.toContain(secret);
		}
		for (const id of [a.ratingId, b.ratingId, c.ratingId, w.morgan.userId, w.jo.userId]) expect(text).not.toContain(id);
		expect(await listServiceChanges(db(), w.other.id)).toEqual([]);
	});

	it('refuses to link a rating of another service, and writes nothing', async () => {
		const w = await setup();
		const own = await rate(w.amira, w.service, input('poor'), on('2026-11-02'));
		const theirs = await rate(w.dan, w.other, input('poor'), on('2026-11-02'));
		const before = [await countRows(db(), 'service_change'), await countRows(db(), 'service_change_rating')];

		for (const ratingIds of [[theirs.ratingId], [own.ratingId, theirs.ratingId], ['no-such-rating']]) {
			const error = await rejection(
				addChange(db(), w.service.id, w.morgan.userId, { youSaid: 'You said.', weDid: 'We did.', madeOn: '2026-11-10', ratingIds }, NOW)
			);
			expect(error).toBeInstanceOf(RatingRuleError);
			expect((error as RatingRuleError).code).toBe('unknown_ratings');
		}
		expect([await countRows(db(), 'service_change'), await countRows(db(), 'service_change_rating')]).toEqual(before);
		expect(await listServiceChanges(db(), w.service.id)).toEqual([]);
		// The other service may link its own.
		await addChange(db(), w.other.id, w.lee.userId, { youSaid: 'You said.', weDid: 'We did.', madeOn: '2026-11-10', ratingIds: [theirs.ratingId] }, NOW);
		expect((await listServiceChanges(db(), w.other.id)).map((c) => c.feedback.length)).toEqual([1]);
	});

	// -------------------------------------------------------------------------------------------
	// New replies

	it('marks a reply as new for the author until they have seen it, and never for anyone else', async () => {
		const w = await setup();
		const { ratingId } = await rate(w.amira, w.service, input('poor'), on('2026-11-16'));
		const newFor = async (user: User) => (await seenBy(user, w.service, ratingId)).newReply;
		const everyoneElse = [asUser(w.jo), asUser(w.morgan), w.dan, w.leo, w.admin];

		expect(await newFor(w.amira)).toBe(false);
		await reply(ratingId, w.jo, on('2026-11-17'));
		expect(await newFor(w.amira)).toBe(true);
		expect((await currentOwnRating(db(), w.amira.id, w.service.id, on('2026-11-18')))?.newReply).toBe(true);
		expect((await listOwnRatings(db(), w.amira.id, w.service.id))[0]?.newReply).toBe(true);
		for (const person of everyoneElse) expect(await newFor(person)).toBe(false);

		// Someone else opening the page does not count as the author seeing it.
		for (const person of everyoneElse) {
			await markRepliesSeen(db(), (await listFeedback(db(), w.service.id, person.id)).ratings, on('2026-11-18'));
		}
		expect(await newFor(w.amira)).toBe(true);

		// The author's page marks it seen.
		await markRepliesSeen(db(), (await listFeedback(db(), w.service.id, w.amira.id)).ratings, on('2026-11-18'));
		expect(await newFor(w.amira)).toBe(false);

		// A further reply is new again.
		await reply(ratingId, w.morgan, on('2026-11-19'));
		expect(await newFor(w.amira)).toBe(true);
		for (const person of everyoneElse) expect(await newFor(person)).toBe(false);
		await markRepliesSeen(db(), await listOwnRatings(db(), w.amira.id, w.service.id), on('2026-11-20'));
		expect(await newFor(w.amira)).toBe(false);
	});

	it('tells the author which services answered them, and the service page marks the replies seen', async () => {
		const w = await setup();
		const { ratingId } = await rate(w.amira, w.service, input('poor'), on('2026-11-16'));
		await rate(w.dan, w.service, input('good', { anonymous: false }), on('2026-11-16'));
		await rate(w.amira, w.unstaffed, input('good'), on('2026-11-16'));
		expect(await servicesWithNewReplies(db(), w.amira.id)).toEqual([]);

		await reply(ratingId, w.jo, on('2026-11-17'));
		expect(await servicesWithNewReplies(db(), w.amira.id)).toEqual([{ id: w.service.id, name: w.service.name }]);
		for (const person of [w.dan, w.leo, w.admin, asUser(w.jo)]) expect(await servicesWithNewReplies(db(), person.id)).toEqual([]);

		const service = { id: w.service.id, status: 'active', ratingReplyDays: w.service.ratingReplyDays };
		// Someone else's look at the service changes nothing for her.
		const dan = await serviceRatingsPanel(db(), service, w.dan, on('2026-11-18'));
		expect(dan).toMatchObject({ open: true, canRate: true, signedIn: true });
		expect(dan.own.map((r) => [r.mine, r.firstName])).toEqual([[true, firstNameOf(w.dan)]]);
		expect(JSON.stringify(dan)).not.toContain(ratingId);
		for (const viewer of [asUser(w.jo), w.admin, null]) {
			const panel = await serviceRatingsPanel(db(), service, viewer, on('2026-11-18'));
			expect(panel).toMatchObject({ open: true, own: [], canRate: false, signedIn: viewer !== null });
		}
		expect(await servicesWithNewReplies(db(), w.amira.id)).toHaveLength(1);

		// Her own look shows the reply as new this once.
		const amira = await serviceRatingsPanel(db(), service, w.amira, on('2026-11-18'));
		expect(amira.own.map((r) => [r.id, r.mine, r.newReply])).toEqual([[ratingId, true, true]]);
		expect(await servicesWithNewReplies(db(), w.amira.id)).toEqual([]);
		expect((await serviceRatingsPanel(db(), service, w.amira, on('2026-11-19'))).own[0]?.newReply).toBe(false);

		// Where nobody answers ratings, nobody may give one.
		const unstaffed = await serviceRatingsPanel(db(), { id: w.unstaffed.id, status: 'active', ratingReplyDays: 5 }, w.amira, NOW);
		expect(unstaffed).toMatchObject({ open: false, canRate: false });
	});

	// -------------------------------------------------------------------------------------------
	// Who may do what

	it('gives the feedback page fifty ratings at a time, newest first', async () => {
		const w = await setup();
		const ids: string[] = [];
		for (let i = 0; i < FEEDBACK_PAGE_SIZE + 1; i++) {
			const rater = await addNamedUser(db(), 'parent_carer', personName('Paged', 'Rater'));
			ids.push((await rate(rater, w.service, input('good'), new Date(NOW.getTime() - (i + 1) * 60_000))).ratingId);
		}
		const first = await listFeedback(db(), w.service.id, w.jo.userId, { page: 1 });
		expect(first.more).toBe(true);
		expect(first.ratings.map((r) => r.id)).toEqual(ids.slice(0, FEEDBACK_PAGE_SIZE));
		const second = await listFeedback(db(), w.service.id, w.jo.userId, { page: 2 });
		expect(second).toMatchObject({ more: false });
		expect(second.ratings.map((r) => r.id)).toEqual(ids.slice(FEEDBACK_PAGE_SIZE));
		expect((await listFeedback(db(), w.service.id, w.jo.userId, { page: 3 })).ratings).toEqual([]);
	});

	it('lets only family members and young people rate, and only a service with staff here', async () => {
		const w = await setup();
		const authoring = (user: User | null, serviceId = w.service.id) => requireRatingAuthoring(localsFor(db(), user), serviceId);

		await expect(authoring(null)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		for (const user of [asUser(w.jo), asUser(w.morgan), asUser(w.lee), w.admin]) {
			expect(await status(authoring(user)), user.username).toBe(403);
		}
		expect(await status(authoring(w.amira, 'no-such-service'))).toBe(404);
		expect(await status(authoring(w.amira, w.unstaffed.id))).toBe(403);
		expect(await ratingsOpen(db(), { id: w.unstaffed.id, status: 'active' })).toBe(false);
		expect(await ratingsOpen(db(), { id: w.service.id, status: 'active' })).toBe(true);

		for (const user of [w.amira, w.leo, w.dan]) {
			const { user: rater, service } = await authoring(user);
			expect(rater).toBe(user);
			expect(service).toMatchObject({ id: w.service.id, name: w.service.name });
		}
	});

	it('lets the service’s own workers and manager reply, and nobody else', async () => {
		const w = await setup();
		const own = await rate(w.amira, w.service, input('poor'), on('2026-11-16'));
		const theirs = await rate(w.dan, w.other, input('poor'), on('2026-11-16'));
		const staff = (user: User | null) => requireServiceStaff(localsFor(db(), user), w.service.id);
		const replyTo = (user: User | null, ratingId: string, serviceId = w.service.id) =>
			requireRatingReply(localsFor(db(), user), serviceId, ratingId);
		const managerWithoutService = await addUser(db(), { role: 'manager', password: false });

		for (const worker of [w.jo, w.morgan]) {
			expect((await staff(asUser(worker))).service.id).toBe(w.service.id);
			const access = await replyTo(asUser(worker), own.ratingId);
			expect(access.rating).toMatchObject({ id: own.ratingId, service_id: w.service.id });
			// A rating of another service (or none at all) is not found here.
			expect(await status(replyTo(asUser(worker), theirs.ratingId)), worker.username).toBe(404);
			expect(await status(replyTo(asUser(worker), 'no-such-rating'))).toBe(404);
		}
		for (const user of [asUser(w.lee), asUser(w.otherManager), w.amira, w.leo, w.dan, w.admin, managerWithoutService]) {
			expect(await status(staff(user)), user.username).toBe(403);
			expect(await status(replyTo(user, own.ratingId)), user.username).toBe(403);
		}
		await expect(staff(null)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		await expect(replyTo(null, own.ratingId)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		expect(await status(replyTo(asUser(w.jo), own.ratingId, 'no-such-service'))).toBe(404);
		// The other service's staff answer their own.
		expect((await replyTo(asUser(w.lee), theirs.ratingId, w.other.id)).rating.id).toBe(theirs.ratingId);
	});

	it('lets anyone signed in read what families said, and says who is the service’s staff', async () => {
		const w = await setup();
		const reading = (user: User | null, serviceId = w.service.id) => requireFeedbackReading(localsFor(db(), user), serviceId);
		const managerWithoutService = await addUser(db(), { role: 'manager', password: false });

		for (const [user, isStaff] of [
			[asUser(w.jo), true],
			[asUser(w.morgan), true],
			[asUser(w.lee), false],
			[asUser(w.otherManager), false],
			[w.amira, false],
			[w.leo, false],
			[w.dan, false],
			[w.admin, false],
			[managerWithoutService, false]
		] as const) {
			const access = await reading(user);
			expect(access.user).toBe(user);
			expect(access.service.id).toBe(w.service.id);
			expect(access.isStaff, user.username).toBe(isStaff);
			expect(await isStaffOf(localsFor(db(), user), w.service.id), user.username).toBe(isStaff);
		}
		expect((await reading(asUser(w.lee), w.other.id)).isStaff).toBe(true);
		await expect(reading(null)).rejects.toMatchObject({ status: 303, location: '/sign-in' });
		expect(await isStaffOf(localsFor(db(), null), w.service.id)).toBe(false);
		expect(await status(reading(w.amira, 'no-such-service'))).toBe(404);
	});
});
