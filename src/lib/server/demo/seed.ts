import { hashPassword } from '../auth/password';
import type { DB } from '../db';
import { addDays, ukToday } from '../clock';
import { addFamilyMember, assignWorker, createFamily } from '../families/families.service';
import { getHandover, planHandover, writeHandoverNote } from '../handovers/handovers.service';
import { newId, toTimestamp } from '../ids';
import { seedWorkerPhoto } from './seed-photo';
import { seedHassanPlan, seedKowalskiPlan } from './seed-plan';
import { seedViews } from './seed-views';
import { getServiceByName, type Service } from '../services/services.service';
import { loadDemoDirectory } from './seed-directory';
import { seedRatings } from './seed-ratings';
import { sweepDueNews } from '../news/news.service';
import { seedRequests } from './seed-requests';
import { findUserByUsername, insertUser } from '../users/users.repository';
import { saveConfirmedTotp } from '../auth/two-factor.repository';
import type { Weekday } from '$lib/workers/hours';
import { addAbsence, saveHours } from '../workers/profile.service';
import { createWorker } from '../workers/workers.service';

// Demo data: two families, their workers, a manager and an administrator. Every demo account
// shares one password, printed at start and listed in the README.

export const DEMO_PASSWORD = 'common-ground-demo';

export interface DemoAccount {
	username: string;
	who: string;
	/** Staff only: the demo's sign-in code secret (base32), already set up, so a tester can make codes. */
	totpSecret?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{ username: 'amira', who: 'Amira Hassan, parent (Hassan family)' },
	{ username: 'leo', who: 'Leo Hassan, 14, young person (Hassan family)' },
	{ username: 'jo', who: 'Jo Bennett, lead worker for the Hassan family (Family Support Service)', totpSecret: '3JM3NQ2QZ5VDTJHJSC364UTXDOGAXR3G' },
	{ username: 'sam', who: 'Sam Taylor, school pastoral lead, in the Hassan family’s team', totpSecret: 'BTM2X3E3ZRYIPTBLBO2SLWW2I4XLRSAS' },
	{ username: 'grace', who: 'Grace Adeyemi, school nurse, in the Hassan family’s team', totpSecret: 'NG7DX6YIBT3E5LFQBBCXFYUXIXCSVJP2' },
	{ username: 'dan', who: 'Dan Kowalski, parent (Kowalski family)' },
	{ username: 'mia', who: 'Mia Kowalski, 15, young person (Kowalski family)' },
	{ username: 'priya', who: 'Priya Sharma, lead worker for the Kowalski family since a handover last month', totpSecret: 'ORRQOZKJHGOJ7D52IL35NHVT4SIXD5NR' },
	{ username: 'chris', who: 'Chris Doyle, family support worker who handed the Kowalski family over to Priya', totpSecret: 'THTI4C3OHUSTGPCVSGFD7XSPI7VPMGQB' },
	{ username: 'morgan', who: 'Morgan Ellis, manager of the Family Support Service', totpSecret: '7ERZIJ2EMAG6PPJ6LISS2K7ZMSZKMA2M' },
	{ username: 'admin', who: 'Rachel Okafor, administrator', totpSecret: '5RJQ4N3EQZBXXEKFS5Y5F7VRDIQF3F46' },
	{ username: 'kim', who: 'Kim Reid, manager of Money Matters Debt Advice, where Amira asked for help', totpSecret: 'HICYRBCTCG53UYJOL7KBPDO4FPZC57FP' }
];

/** A date of birth that makes someone `years` old today (and not about to have a birthday). */
function bornYearsAgo(years: number, today: Date): string {
	const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
	d.setUTCMonth(d.getUTCMonth() - 4);
	return d.toISOString().slice(0, 10);
}

async function demoService(db: DB, name: string): Promise<Service> {
	const service = await getServiceByName(db, name);
	if (!service) throw new Error(`The demo directory has no "${name}"`);
	return service;
}

/** Loads the demo data once; running it again changes nothing. Returns whether it loaded. */
export async function seedDemo(db: DB, now = new Date()): Promise<boolean> {
	if (await findUserByUsername(db, 'admin')) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);

	// The services directory comes in through the same Open Referral UK import the admin uses.
	await loadDemoDirectory(db, now);
	const familySupport = await demoService(db, 'Family Support Service');
	const school = await demoService(db, 'Oakfield School Pastoral Team');
	const schoolNursing = await demoService(db, 'School Nursing Service');
	const debtAdvice = await demoService(db, 'Money Matters Debt Advice');

	await insertUser(db, {
		id: newId(),
		username: 'admin',
		display_name: 'Rachel Okafor',
		role: 'admin',
		password_hash: passwordHash,
		created_at: toTimestamp(now),
		disabled_at: null
	});
	const morgan = await createWorker(db, {
		username: 'morgan',
		displayName: 'Morgan Ellis',
		role: 'manager',
		serviceId: familySupport.id,
		jobTitle: 'Service manager',
		phone: '0161 496 0100',
		email: 'morgan.ellis@familysupport.example.org',
		passwordHash
	});
	const jo = await createWorker(db, {
		username: 'jo',
		displayName: 'Jo Bennett',
		role: 'worker',
		serviceId: familySupport.id,
		jobTitle: 'Family support worker',
		phone: '0161 496 0123',
		email: 'jo.bennett@familysupport.example.org',
		passwordHash
	});
	const priya = await createWorker(db, {
		username: 'priya',
		displayName: 'Priya Sharma',
		role: 'worker',
		serviceId: familySupport.id,
		jobTitle: 'Family support worker',
		phone: '0161 496 0145',
		email: 'priya.sharma@familysupport.example.org',
		passwordHash
	});
	const chris = await createWorker(db, {
		username: 'chris',
		displayName: 'Chris Doyle',
		role: 'worker',
		serviceId: familySupport.id,
		jobTitle: 'Family support worker',
		phone: '0161 496 0156',
		email: 'chris.doyle@familysupport.example.org',
		passwordHash
	});
	const grace = await createWorker(db, {
		username: 'grace',
		displayName: 'Grace Adeyemi',
		role: 'worker',
		serviceId: schoolNursing.id,
		jobTitle: 'School nurse',
		phone: '0161 496 0190',
		email: 'grace.adeyemi@schoolnursing.example.org',
		passwordHash
	});
	const sam = await createWorker(db, {
		username: 'sam',
		displayName: 'Sam Taylor',
		role: 'worker',
		serviceId: school.id,
		jobTitle: 'Pastoral lead',
		phone: '0161 496 0178',
		email: 's.taylor@oakfield.example.sch.uk',
		passwordHash
	});

	const addAccount = async (username: string, displayName: string, role: 'parent_carer' | 'young_person') => {
		const id = newId();
		await insertUser(db, {
			id,
			username,
			display_name: displayName,
			role,
			password_hash: passwordHash,
			created_at: toTimestamp(now),
			disabled_at: null
		});
		return id;
	};

	// The families started with us two months ago; their plans' history goes back that far.
	const started = new Date(now.getTime() - 70 * 24 * 60 * 60 * 1000);
	const hassan = await createFamily(db, { name: 'Hassan' }, started);
	const amiraUserId = await addAccount('amira', 'Amira Hassan', 'parent_carer');
	const leoUserId = await addAccount('leo', 'Leo Hassan', 'young_person');
	const amiraMemberId = await addFamilyMember(db, {
		familyId: hassan.id,
		displayName: 'Amira',
		memberType: 'adult',
		dateOfBirth: '1987-06-14',
		userId: amiraUserId
	});
	const leoMemberId = await addFamilyMember(db, {
		familyId: hassan.id,
		displayName: 'Leo',
		memberType: 'young_person',
		dateOfBirth: bornYearsAgo(14, now),
		userId: leoUserId
	});
	await addFamilyMember(db, {
		familyId: hassan.id,
		displayName: 'Noor',
		memberType: 'young_person',
		dateOfBirth: bornYearsAgo(7, now)
	});
	await assignWorker(db, { familyId: hassan.id, workerId: jo.id, role: 'lead', partInPlan: null }, started);
	await assignWorker(
		db,
		{
			familyId: hassan.id,
			workerId: sam.id,
			role: 'team',
			partInPlan: 'Checks in with Leo each week and helps him feel settled at school.'
		},
		started
	);

	await assignWorker(
		db,
		{
			familyId: hassan.id,
			workerId: grace.id,
			role: 'team',
			partInPlan: 'Helps Leo with sleep and worry. Runs a drop-in at school on Wednesday lunchtimes.'
		},
		started
	);

	// When each worker can be reached, and Jo's week off next month with Priya covering.
	const weekdays = (startsAt: string, endsAt: string, days: readonly Weekday[] = [1, 2, 3, 4, 5]) =>
		days.map((weekday) => ({ weekday, startsAt, endsAt }));
	await saveHours(db, jo.id, [...weekdays('09:00', '17:00', [1, 2, 3, 4]), { weekday: 5, startsAt: '09:00', endsAt: '13:00' }]);
	await saveHours(db, priya.id, weekdays('08:30', '16:30'));
	await saveHours(db, sam.id, weekdays('08:15', '15:45'));
	await saveHours(db, grace.id, [{ weekday: 3, startsAt: '12:00', endsAt: '14:00' }, { weekday: 4, startsAt: '09:00', endsAt: '12:30' }]);
	const today = ukToday(now);
	await addAbsence(
		db,
		{ workerId: jo.id, startsOn: addDays(today, 21), endsOn: addDays(today, 25), coverWorkerId: priya.id },
		jo.userId,
		now
	);
	await seedWorkerPhoto(db, jo.id, jo.userId, now);

	const kowalski = await createFamily(db, { name: 'Kowalski' }, started);
	const danUserId = await addAccount('dan', 'Dan Kowalski', 'parent_carer');
	const miaUserId = await addAccount('mia', 'Mia Kowalski', 'young_person');
	const danMemberId = await addFamilyMember(db, {
		familyId: kowalski.id,
		displayName: 'Dan',
		memberType: 'adult',
		dateOfBirth: '1983-11-02',
		userId: danUserId
	});
	const miaMemberId = await addFamilyMember(db, {
		familyId: kowalski.id,
		displayName: 'Mia',
		memberType: 'young_person',
		dateOfBirth: bornYearsAgo(15, now),
		userId: miaUserId
	});
	// Chris led the Kowalskis until a handover to Priya last month; both left the family a note.
	await assignWorker(db, { familyId: kowalski.id, workerId: chris.id, role: 'lead', partInPlan: null }, started);
	const handedOver = new Date(now.getTime() - 35 * 24 * 60 * 60 * 1000);
	const handoverId = await planHandover(
		db,
		{ familyId: kowalski.id, toWorkerId: priya.id, handoverOn: ukToday(handedOver), withinServiceId: familySupport.id },
		morgan.userId,
		handedOver
	);
	const handover = await getHandover(db, handoverId);
	if (handover) {
		await writeHandoverNote(
			db,
			handover,
			'goodbye',
			'Dan and Mia, it has been a pleasure working with you. I am moving to a new team, and Priya knows everything we talked about. You have both worked really hard.',
			handedOver
		);
		await writeHandoverNote(
			db,
			handover,
			'hello',
			'Hello Dan and Mia! I am Priya. Chris told me how well you have been doing. I will call you this week to say hello and find a time to meet.',
			handedOver
		);
	}

	await seedHassanPlan(
		db,
		{
			familyId: hassan.id,
			amira: { userId: amiraUserId, role: 'member', memberId: amiraMemberId },
			leo: { userId: leoUserId, role: 'member', memberId: leoMemberId },
			jo: { userId: jo.userId, role: 'lead', workerId: jo.id },
			sam: { userId: sam.userId, role: 'team', workerId: sam.id }
		},
		now
	);
	await seedKowalskiPlan(
		db,
		{
			familyId: kowalski.id,
			dan: { userId: danUserId, role: 'member', memberId: danMemberId },
			mia: { userId: miaUserId, role: 'member', memberId: miaMemberId },
			priya: { userId: priya.userId, role: 'lead', workerId: priya.id }
		},
		now
	);
	await seedViews(
		db,
		{ familyId: hassan.id, leoUserId, joUserId: jo.userId, kowalskiId: kowalski.id, miaUserId, priyaUserId: priya.userId },
		now
	);
	// Leo chose a text message when there is something new, never late at night. The number is from
	// Ofcom's range kept for drama (07700 900000 to 900999): it can never reach a real phone.
	await db
		.insertInto('contact_preference')
		.values({
			user_id: leoUserId,
			channel: 'sms',
			email: null,
			phone: '07700900461',
			quiet_from: '21:00',
			quiet_until: '08:00',
			locale: 'en-GB',
			updated_at: toTimestamp(now)
		})
		.execute();
	await seedRatings(
		db,
		{
			users: {
				amira: { userId: amiraUserId, displayName: 'Amira Hassan' },
				leo: { userId: leoUserId, displayName: 'Leo Hassan' },
				dan: { userId: danUserId, displayName: 'Dan Kowalski' },
				mia: { userId: miaUserId, displayName: 'Mia Kowalski' },
				morgan: { userId: morgan.userId, displayName: 'Morgan Ellis' },
				jo: { userId: jo.userId, displayName: 'Jo Bennett' },
				priya: { userId: priya.userId, displayName: 'Priya Sharma' },
				grace: { userId: grace.userId, displayName: 'Grace Adeyemi' }
			},
			familySupport,
			schoolNursing,
			// Other families in the demo rated services but have no sign-in: nobody knows this password.
			unusablePasswordHash: await hashPassword(newId())
		},
		now
	);
	const kim = await createWorker(db, {
		username: 'kim',
		displayName: 'Kim Reid',
		role: 'manager',
		serviceId: debtAdvice.id,
		jobTitle: 'Debt adviser and manager',
		phone: '0161 496 0700',
		email: 'kim.reid@moneymatters.example.org',
		passwordHash
	});
	await seedRequests(
		db,
		{
			amira: { userId: amiraUserId, familyId: hassan.id },
			dan: { userId: danUserId, familyId: kowalski.id },
			services: { debt: debtAdvice.id, familySupport: familySupport.id },
			deciders: { debt: kim.userId, familySupport: morgan.userId }
		},
		now
	);
	// Steps due in the next few days and review meetings coming up, as the server's timer would
	// have put them in each family's "What's new".
	await sweepDueNews(db, now);
	await seedDemoTwoFactor(db, now);
	return true;
}

/**
 * Every demo member of staff has sign-in codes set up already, with the published secret above,
 * so a tester can sign in as them (oathtool --totp -b SECRET, or any authenticator app). Demo
 * family accounts have none. Published secrets are for the demo only, like the shared password.
 */
async function seedDemoTwoFactor(db: DB, now: Date): Promise<void> {
	for (const account of DEMO_ACCOUNTS) {
		if (!account.totpSecret) continue;
		const user = await findUserByUsername(db, account.username);
		if (!user) throw new Error(`Demo data: no account ${account.username}`);
		await saveConfirmedTotp(db, {
			user_id: user.id,
			secret: account.totpSecret,
			created_at: toTimestamp(now),
			confirmed_at: toTimestamp(now),
			last_used_step: null
		});
	}
}
