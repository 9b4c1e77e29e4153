import sharp from 'sharp';
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import { SIGNED_IN, type Account, type Actor, type Role } from './support/accounts';
import { request } from './support/http';
import { actionOf, listRoutes, pathOf, routePattern } from './support/routes';
import { FAULT_HEADER, FAULT_MARKER, type FaultMode } from '../../src/lib/server/faults/faults';
import { viewVersion } from './support/views';

// Who may see what, checked over HTTP against the built server exactly as
// src/lib/server/policy/index.ts decides it: signed-out people are sent to sign in, a wrong role
// gets 403, and a family (or anything in it) someone has no part in is 404 so it does not leak.
// Uses the shared sessions; nothing here signs them out.

const ROLES: readonly Role[] = ['anonymous', ...SIGNED_IN];
const demo = inject('demo');
const A = demo.familyA;
const B = demo.familyB;
const FS = demo.familySupportService;
const SCHOOL = demo.schoolService;
const NURSING = demo.schoolNursingService;
const GA = demo.goalA;
const GB = demo.goalB;
const W = demo.workers;
/** Family B's handover from Chris to Priya (35 days ago). */
const HB = demo.handoverB;
/** Leo's views: shared with Jo alone, shared with his family, and his draft; Mia's, shared with Priya alone. */
const V_WORKER = demo.leoWorkerOnly;
const V_FAMILY = demo.leoFamily;
const V_DRAFT = demo.leoDraft;
const V_MIA = demo.miaOverdue;
/** Money Matters Debt Advice: kim (session only) manages it; Amira's request waits there. */
const DEBT = demo.debtAdviceService;
const REQ = demo.amiraDebtRequest;
/** Amira's request with Jo, not passed on yet: Kim's service does not know of it. */
const REQW = demo.amiraWorkerRequest;
/** Millbrook Food Bank: in the directory, with nobody here to answer ratings or requests. */
const FOOD = demo.foodBankService;
/** Dan's anonymous rating of the Family Support Service; Leo's of the School Nursing Service. */
const R_DAN = demo.danRating;
const R_LEO = demo.leoRating;

/** Where each person lands (homePath in the policy module). */
const HOME: Record<Account, string> = {
	amira: `/family/${A}`,
	leo: `/family/${A}`,
	jo: '/my-families',
	sam: '/my-families',
	morgan: `/service/${FS}`,
	admin: '/admin',
	dan: `/family/${B}`,
	mia: `/family/${B}`,
	priya: '/my-families'
};

/** An answer, written the way it is compared: the status, and for a redirect where it goes. */
type Outcome = string;
const SIGN_IN: Outcome = '303 /sign-in';
const home = (account: Account): Outcome => `303 ${HOME[account]}`;
const everyone = (outcome: Outcome): Record<Role, Outcome> =>
	Object.fromEntries(ROLES.map((role) => [role, outcome])) as Record<Role, Outcome>;
const signedIn = (outcome: (account: Account) => Outcome): Record<Role, Outcome> => ({
	anonymous: SIGN_IN,
	...(Object.fromEntries(SIGNED_IN.map((a) => [a, outcome(a)])) as Record<Account, Outcome>)
});
/** Signed-in pages only the administrator may use. */
const adminOnly = signedIn((a) => (a === 'admin' ? '200' : '403'));

// A family's plan: its members, its workers and the manager of their service read it; only the
// family and the lead worker change it (team members and the manager get 403); people outside the
// family get 404; the administrator runs the portal and has no part in any plan.
const FAMILY_A: readonly Account[] = ['amira', 'leo', 'jo', 'sam', 'morgan'];
const FAMILY_B: readonly Account[] = ['dan', 'mia', 'priya', 'morgan'];
const readsFamily = (family: readonly Account[]) =>
	signedIn((a) => (family.includes(a) ? '200' : a === 'admin' ? '403' : '404'));
const readsPlan = readsFamily;
const editsPlan = (family: readonly Account[]) =>
	signedIn((a) => (!family.includes(a) ? (a === 'admin' ? '403' : '404') : a === 'sam' || a === 'morgan' ? '403' : '200'));
/** Every plan page of a family, with one of its goals. */
const planPages = (familyId: string, goalId: string, family: readonly Account[]): Array<[string, Record<Role, Outcome>]> => [
	[`/family/${familyId}/plan`, readsPlan(family)],
	[`/family/${familyId}/plan/edit`, editsPlan(family)],
	[`/family/${familyId}/plan/goals/new`, editsPlan(family)],
	[`/family/${familyId}/plan/goals/${goalId}`, readsPlan(family)],
	[`/family/${familyId}/plan/goals/${goalId}/edit`, editsPlan(family)],
	[`/family/${familyId}/plan/history`, readsPlan(family)],
	[`/family/${familyId}/plan/history?goal=${goalId}`, readsPlan(family)],
	[`/family/${familyId}/plan/review`, readsPlan(family)]
];

// Changing a family's lead worker: the manager of the lead worker's service (morgan, for both
// families) and the administrator. The family and its workers know the family but may not (403);
// anyone else gets 404.
const managesHandover = (family: readonly Account[]) =>
	signedIn((a) => (a === 'admin' || a === 'morgan' ? '200' : family.includes(a) ? '403' : '404'));

// Workers' profiles: the worker, their own service's manager and the administrator. Other staff
// get 403; families never see a profile page (404).
const STAFF: readonly Account[] = ['jo', 'sam', 'morgan', 'admin', 'priya'];
const WORKERS_AND_MANAGERS: readonly Account[] = ['jo', 'sam', 'morgan', 'priya'];
const OWN_PROFILE: Partial<Record<Account, string>> = { jo: W.jo, sam: W.sam, morgan: W.morgan, priya: W.priya };
const profile = (self: Account, manager?: Account) =>
	signedIn((a) => (a === self || a === manager || a === 'admin' ? '200' : STAFF.includes(a) ? '403' : '404'));
/** A worker's photo: all staff, and the families who know that worker; other families 404. */
const photo = (knownTo: readonly Account[]) => signedIn((a) => (STAFF.includes(a) || knownTo.includes(a) ? '200' : '404'));
/** A handover's page is for its two workers; other staff get 404, people who are not staff 403. */
const handoverPage = (participants: readonly Account[]) =>
	signedIn((a) => (participants.includes(a) ? '200' : WORKERS_AND_MANAGERS.includes(a) ? '404' : '403'));

// A young person's views. The list is the family's (its people and workers read it, the manager
// only to be told views are not for managers); writing one is for the family's young people alone
// (403 for the others who know the family). A view itself is for its author and whoever it was
// shared with: "worker" is the lead worker, "family" adds the family's members and its team. For
// everyone else it is not there (404), and the administrator has no part in any family (403).
const FAMILY_A_YOUNG: readonly Account[] = ['leo'];
const FAMILY_B_YOUNG: readonly Account[] = ['mia'];
const writesViews = (family: readonly Account[], young: readonly Account[]) =>
	signedIn((a) => (young.includes(a) ? '200' : a === 'admin' || family.includes(a) ? '403' : '404'));
const readsView = (readers: readonly Account[]) => signedIn((a) => (readers.includes(a) ? '200' : a === 'admin' ? '403' : '404'));
const VIEW_PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [
	['/my-views', signedIn((a) => (a === 'leo' ? `303 /family/${A}/views` : a === 'mia' ? `303 /family/${B}/views` : '403'))],
	[`/family/${A}/views`, readsFamily(FAMILY_A)],
	[`/family/${B}/views`, readsFamily(FAMILY_B)],
	['/family/no-such-family/views', signedIn(() => '404')],
	[`/family/${A}/views/new`, writesViews(FAMILY_A, FAMILY_A_YOUNG)],
	[`/family/${B}/views/new`, writesViews(FAMILY_B, FAMILY_B_YOUNG)],
	// Amira, Sam and morgan were not told; Jo was.
	[`/family/${A}/views/${V_WORKER}`, readsView(['leo', 'jo'])],
	[`/family/${A}/views/${V_FAMILY}`, readsView(['leo', 'amira', 'jo', 'sam'])],
	[`/family/${A}/views/${V_DRAFT}`, readsView(['leo'])],
	[`/family/${B}/views/${V_MIA}`, readsView(['mia', 'priya'])],
	[`/family/${B}/views/${demo.miaReplied}`, readsView(['mia', 'priya'])],
	// A view through another family's address is not there, even for its author.
	[`/family/${A}/views/${V_MIA}`, readsView([])],
	[`/family/${B}/views/${V_FAMILY}`, readsView([])],
	[`/family/${A}/views/no-such-view`, readsView([])]
];

// "Download my information": each family member about themselves and their own family only.
// Staff and the administrator know the family but it is not theirs to download (403); anyone
// outside the family gets 404.
const ownsInformation = (family: readonly Account[], members: readonly Account[]) =>
	signedIn((a) => (members.includes(a) ? '200' : a === 'admin' || family.includes(a) ? '403' : '404'));
const MY_INFORMATION_PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [A, B].flatMap((family) => {
	const [people, members]: [readonly Account[], readonly Account[]] =
		family === A ? [FAMILY_A, ['amira', 'leo']] : [FAMILY_B, ['dan', 'mia']];
	return ['', '/download.html', '/download.json'].map(
		(file): [string, Record<Role, Outcome>] => [`/family/${family}/my-information${file}`, ownsInformation(people, members)]
	);
});

// The services directory is public: anyone may search it and read a service's page and its "You
// said, we did", signed in or not. What families said (the feedback page) is for anyone signed in.
// Rating is for families and young people (staff and the administrator 403), and only where
// someone at the service answers ratings here: the debt advice service has nobody (403 for all).
const FAMILY_PEOPLE: readonly Account[] = ['amira', 'leo', 'dan', 'mia'];
const rates = signedIn((a) => (FAMILY_PEOPLE.includes(a) ? '200' : '403'));
const SERVICES_PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [
	['/services', everyone('200')],
	['/services?q=money&kind=advice&age=30&language=pl', everyone('200')],
	// A wrong age is shown next to the field, not refused.
	['/services?age=twelve', everyone('200')],
	[`/services/${FS}`, everyone('200')],
	[`/services/${NURSING}`, everyone('200')],
	[`/services/${DEBT}`, everyone('200')],
	[`/services/${FS}?rated=1`, everyone('200')],
	['/services/no-such-service', everyone('404')],
	[`/services/${FS}/you-said-we-did`, everyone('200')],
	[`/services/${NURSING}/you-said-we-did`, everyone('200')],
	['/services/no-such-service/you-said-we-did', everyone('404')],
	[`/services/${FS}/feedback`, signedIn(() => '200')],
	[`/services/${FS}/feedback?show=waiting`, signedIn(() => '200')],
	[`/services/${FS}/feedback?page=2`, signedIn(() => '200')],
	[`/services/${NURSING}/feedback`, signedIn(() => '200')],
	['/services/no-such-service/feedback', signedIn(() => '404')],
	[`/services/${FS}/rate`, rates],
	[`/services/${NURSING}/rate`, rates],
	[`/services/${SCHOOL}/rate`, rates],
	[`/services/${DEBT}/rate`, rates],
	[`/services/${FOOD}/rate`, signedIn(() => '403')],
	['/services/no-such-service/rate', signedIn((a) => (FAMILY_PEOPLE.includes(a) ? '404' : '403'))],
	// Asking a service for help: families and young people, where someone here answers.
	[`/services/${DEBT}/ask`, rates],
	[`/services/${FS}/ask`, rates],
	[`/services/${FOOD}/ask`, signedIn(() => '403')],
	['/services/no-such-service/ask', signedIn((a) => (FAMILY_PEOPLE.includes(a) ? '404' : '403'))]
];

/** The Family Support Service's staff, for the request pages. */
const FS_STAFF_GET: readonly Account[] = ['jo', 'priya', 'morgan'];

// Requests for help. The family's list: its members and its lead worker; the team and the
// manager know the family (403); the administrator has no part in it (403); others 404. One
// request: whoever asked (a parent's is seen by the other parents, not by the young people) and
// the lead worker; everyone else who knows the family 404 (they may not know it exists). The
// service's pages: its own staff (kim, session only, below); every other signed-in person 403.
const REQUEST_PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [
	[`/family/${A}/requests`, signedIn((a) => (['amira', 'leo', 'jo'].includes(a) ? '200' : ['sam', 'morgan', 'admin'].includes(a) ? '403' : '404'))],
	[`/family/${B}/requests`, signedIn((a) => (['dan', 'mia', 'priya'].includes(a) ? '200' : ['morgan', 'admin'].includes(a) ? '403' : '404'))],
	[`/family/${A}/requests/${REQ}`, signedIn((a) => (['amira', 'jo'].includes(a) ? '200' : a === 'admin' ? '403' : '404'))],
	[`/family/${A}/requests/${REQW}`, signedIn((a) => (['amira', 'jo'].includes(a) ? '200' : a === 'admin' ? '403' : '404'))],
	// Through another family's address the request is not there, even for whoever asked.
	[`/family/${B}/requests/${REQ}`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	[`/family/${A}/requests/no-such-request`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	[`/service/${DEBT}/requests`, signedIn(() => '403')],
	[`/service/${DEBT}/requests/${REQ}`, signedIn(() => '403')],
	[`/service/${DEBT}/requests/${REQW}`, signedIn(() => '403')],
	[`/service/${FS}/requests`, signedIn((a) => (FS_STAFF_GET.includes(a) ? '200' : '403'))],
	[`/service/${FS}/requests/${REQ}`, signedIn((a) => (FS_STAFF_GET.includes(a) ? '404' : '403'))],
	['/service/no-such-service/requests', signedIn(() => '404')]
];

const PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [
	['/', { ...signedIn(home), anonymous: '200' }],
	['/sign-in', { ...signedIn(home), anonymous: '200' }],
	['/invite', { ...signedIn(home), anonymous: '200' }],
	['/help', everyone('200')],
	['/accessibility', everyone('200')],
	// Everyone in the demo has a home, so /welcome sends them there.
	['/welcome', signedIn(home)],
	// The second step of signing in: every shared session has done it, so it sends them home.
	['/sign-in/code', signedIn(home)],
	// Forgotten passwords are reset with a code from the worker, signed out.
	['/reset-password', { ...signedIn(home), anonymous: '200' }],
	// "Your account": everyone signed in.
	['/account', signedIn(() => '200')],
	['/account/password', signedIn(() => '200')],
	['/account/two-factor', signedIn(() => '200')],
	['/account/notifications', signedIn(() => '200')],
	// Signing out is a button (a POST); the page is there for a signed-in person who opens its address.
	['/sign-out', signedIn(() => '200')],
	// "Sign out everywhere" is a button too (its own cross-site test below); the page is its no-JavaScript home.
	['/session', signedIn(() => '200')],
	['/my-families', signedIn((a) => (a === 'jo' || a === 'sam' || a === 'morgan' || a === 'priya' ? '200' : '403'))],
	[
		`/family/${A}`,
		// The administrator runs the portal but has no need to read a family's plan.
		{ anonymous: SIGN_IN, amira: '200', leo: '200', jo: '200', sam: '200', morgan: '200', admin: '403', dan: '404', mia: '404', priya: '404' }
	],
	[
		`/family/${B}`,
		// Morgan manages the service whose worker (priya) leads family B.
		{ anonymous: SIGN_IN, amira: '404', leo: '404', jo: '404', sam: '404', morgan: '200', admin: '403', dan: '200', mia: '200', priya: '200' }
	],
	['/family/no-such-family', signedIn(() => '404')],
	// Everyone who has supported the family, and its handovers: whoever reads the family.
	[`/family/${A}/workers`, readsFamily(FAMILY_A)],
	[`/family/${B}/workers`, readsFamily(FAMILY_B)],
	['/family/no-such-family/workers', signedIn(() => '404')],
	[`/family/${A}/handover`, managesHandover(FAMILY_A)],
	[`/family/${B}/handover`, managesHandover(FAMILY_B)],
	['/family/no-such-family/handover', signedIn(() => '404')],
	// Jo and Priya are in morgan's service, Sam in the school's (which has no manager), so morgan gets 403.
	[`/workers/${W.jo}`, profile('jo', 'morgan')],
	[`/workers/${W.priya}`, profile('priya', 'morgan')],
	[`/workers/${W.morgan}`, profile('morgan')],
	[`/workers/${W.sam}`, profile('sam')],
	[`/workers/${W.grace}`, profile('admin')],
	['/workers/no-such-worker', signedIn(() => '404')],
	// "My profile" in the menu of workers and managers.
	['/profile', signedIn((a) => (OWN_PROFILE[a] ? `303 /workers/${OWN_PROFILE[a]}` : '403'))],
	// Jo's photo is for family A, Chris's (uploaded below) for family B, where he was the worker.
	[`/workers/${W.jo}/photo`, photo(['amira', 'leo'])],
	[`/workers/${W.jo}/photo?v=1`, photo(['amira', 'leo'])],
	[`/workers/${W.chris}/photo`, photo(['dan', 'mia'])],
	// Priya covers Jo's week away, so family A may see her photo too, once she has one: none yet.
	[`/workers/${W.priya}/photo`, signedIn(() => '404')],
	['/workers/no-such-worker/photo', signedIn(() => '404')],
	[`/handovers/${HB}`, handoverPage(['priya'])],
	['/handovers/no-such-handover', handoverPage([])],
	[`/service/${FS}`, signedIn((a) => (a === 'morgan' || a === 'admin' ? '200' : '403'))],
	[`/service/${SCHOOL}`, adminOnly],
	[`/service/${NURSING}`, adminOnly],
	// The service's audit: its manager and the administrator.
	[`/service/${FS}/audit`, signedIn((a) => (a === 'morgan' || a === 'admin' ? '200' : '403'))],
	[`/service/${FS}/audit?kind=plan&action=read&outcome=done&from=2026-01-01&to=2030-12-31`, signedIn((a) => (a === 'morgan' || a === 'admin' ? '200' : '403'))],
	// Dates the wrong way round are shown next to the field, not refused.
	[`/service/${FS}/audit?from=2026-11-20&to=2026-11-01`, signedIn((a) => (a === 'morgan' || a === 'admin' ? '200' : '403'))],
	[`/service/${SCHOOL}/audit`, adminOnly],
	['/service/no-such-service/audit', signedIn((a) => (a === 'morgan' || a === 'admin' ? '404' : '403'))],
	// Who looked at a family's record is the family's to see: its workers and the manager get 403.
	[`/family/${A}/access`, signedIn((a) => (a === 'amira' || a === 'leo' ? '200' : FAMILY_A.includes(a) || a === 'admin' ? '403' : '404'))],
	[`/family/${B}/access`, signedIn((a) => (a === 'dan' || a === 'mia' ? '200' : FAMILY_B.includes(a) || a === 'admin' ? '403' : '404'))],
	['/family/no-such-family/access', signedIn(() => '404')],
	['/admin', adminOnly],
	['/admin/services', adminOnly],
	['/admin/workers', adminOnly],
	['/admin/families', adminOnly],
	[
		`/admin/families/${A}`,
		{ anonymous: SIGN_IN, amira: '403', leo: '403', jo: '403', sam: '403', morgan: '403', admin: '200', dan: '404', mia: '404', priya: '404' }
	],
	[
		`/admin/families/${B}`,
		{ anonymous: SIGN_IN, amira: '404', leo: '404', jo: '404', sam: '404', morgan: '403', admin: '200', dan: '403', mia: '403', priya: '403' }
	],
	['/admin/families/no-such-family', signedIn(() => '404')],
	...planPages(A, GA, FAMILY_A),
	...planPages(B, GB, FAMILY_B),
	// Family B's goal at family A's address is not there, even for those who may read family A.
	[`/family/${A}/plan/goals/${GB}`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	[`/family/${A}/plan/goals/${GB}/edit`, signedIn((a) => (a === 'admin' || a === 'sam' || a === 'morgan' ? '403' : '404'))],
	[`/family/${A}/plan/goals/no-such-goal`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	// Nor is its history, or the history of a goal that does not exist.
	[`/family/${A}/plan/history?goal=${GB}`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	[`/family/${A}/plan/history?goal=no-such-goal`, signedIn((a) => (a === 'admin' ? '403' : '404'))],
	...VIEW_PAGES,
	...MY_INFORMATION_PAGES,
	...SERVICES_PAGES,
	...REQUEST_PAGES,
	['/admin/directory', adminOnly],
	['/admin/directory/export', adminOnly],
	['/healthz', everyone('200')],
	// The benchmark's baseline page exists only on a server started with CG_BENCH=1 (never this one).
	['/bench', everyone('404')],
	// A line in "What's new" opens (and is marked seen) for its owner alone: for anyone else it is
	// not there. Mia's line about her new worker leads to her family's home.
	[`/news/${demo.miaHandoverNews}`, signedIn((a) => (a === 'mia' ? `303 /family/${B}` : '404'))],
	['/news/no-such-news', signedIn(() => '404')]
];

/** Everyone but the administrator (whose submissions would succeed and change the data). */
function notAdmin(outcomes: Record<Role, Outcome>): Partial<Record<Role, Outcome>> {
	const { admin: _admin, ...rest } = outcomes;
	return rest;
}
/** Everyone but `roles` (whose submissions would succeed and change the data). */
function without(outcomes: Record<Role, Outcome>, ...roles: Role[]): Partial<Record<Role, Outcome>> {
	return Object.fromEntries(Object.entries(outcomes).filter(([role]) => !roles.includes(role as Role)));
}
/** A family's admin actions: 404 for people outside it, 403 for those who may know it exists. */
const familyAAction = notAdmin(signedIn((a) => (a === 'dan' || a === 'mia' || a === 'priya' ? '404' : '403')));
const familyBAction = notAdmin(signedIn((a) => (a === 'morgan' || a === 'dan' || a === 'mia' || a === 'priya' ? '403' : '404')));
const adminAction = notAdmin(signedIn(() => '403'));

/**
 * Changing family A's plan: 404 outside the family, 403 for the administrator and for those who
 * only read it (sam, morgan) or who are not the lead (`alsoRefused`). The people who may are left
 * out, since their submissions would succeed.
 */
function planAAction(alsoRefused: readonly Account[] = []): Partial<Record<Role, Outcome>> {
	const expected: Partial<Record<Role, Outcome>> = {
		anonymous: SIGN_IN,
		sam: '403',
		morgan: '403',
		admin: '403',
		dan: '404',
		mia: '404',
		priya: '404'
	};
	for (const account of alsoRefused) expected[account] = '403';
	return expected;
}
/** The same for family B. */
const planBAction: Partial<Record<Role, Outcome>> = {
	anonymous: SIGN_IN,
	amira: '404',
	leo: '404',
	jo: '404',
	sam: '404',
	morgan: '403',
	admin: '403'
};
/** Those who may change family A's plan, reaching for something that is not in it. */
const notInA: Partial<Record<Role, Outcome>> = { amira: '404', leo: '404', jo: '404' };
const intrudingGoal = { version: '1', title: 'Intruding goal', whyItMatters: '', howWeKnow: '', outcomeArea: 'staying_safe' };
const intrudingAction = { description: 'Intruding', owner: 'service', serviceName: 'Intruder service', dueDate: '2030-01-01' };

/** A YYYY-MM-DD date `days` from today where the families are. */
function fromToday(days: number): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
	const d = new Date(`${today}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** A real PNG in a multipart form, as the profile's photo form sends it. */
async function photoForm(name = 'intruder.png'): Promise<FormData> {
	const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c0ffee' } }).png().toBuffer();
	const form = new FormData();
	form.set('photo', new File([new Uint8Array(png)], name, { type: 'image/png' }));
	return form;
}
const intruderPhoto = await photoForm();

/** Changing Jo's profile: refused to other staff (403) and to families (404). Jo, morgan and the administrator may. */
const joProfileAction: Partial<Record<Role, Outcome>> = {
	anonymous: SIGN_IN,
	sam: '403',
	priya: '403',
	amira: '404',
	leo: '404',
	dan: '404',
	mia: '404'
};
const intrudingHandover = (toWorkerId: string) => ({ toWorkerId, handoverOn: fromToday(60) });

/** The version each view's forms carry, as its author (who alone gets the forms) reads it. */
const VERSION = {
	worker: await viewVersion('leo', A, V_WORKER),
	family: await viewVersion('leo', A, V_FAMILY),
	draft: await viewVersion('leo', A, V_DRAFT),
	mia: await viewVersion('mia', B, V_MIA)
};
const intrudingView = { prompt: 'home', feeling: 'bad', body: 'Intruding view', audience: 'family' };
/**
 * Changing a view of Leo's (its words, who sees it, throwing it away, answering under it): Leo
 * alone. Those who can see it get 403, everyone else 404, the administrator 403 at the family.
 */
const leosView = (readers: readonly Account[]): Partial<Record<Role, Outcome>> =>
	without(signedIn((a) => (readers.includes(a) || a === 'admin' ? '403' : '404')), 'leo');
/** Acknowledging and replying: the lead worker alone (left out); the same 403 and 404 otherwise. */
const leadsView = (readers: readonly Account[], lead: Account): Partial<Record<Role, Outcome>> =>
	without(signedIn((a) => (readers.includes(a) || a === 'admin' ? '403' : '404')), lead);
const LEO_WORKER_READERS: readonly Account[] = ['leo', 'jo'];
const LEO_FAMILY_READERS: readonly Account[] = ['leo', 'amira', 'jo', 'sam'];
const MIA_READERS: readonly Account[] = ['mia', 'priya'];

/** The Family Support Service's staff: its workers and its manager. */
const FS_STAFF: readonly Account[] = ['jo', 'priya', 'morgan'];
/** Signed out to sign in, and 403 for each of `refused`; the rest are left out (theirs would be saved). */
const signedInOnly = (refused: readonly Account[]): Partial<Record<Actor, Outcome>> => ({
	anonymous: SIGN_IN,
	...Object.fromEntries(refused.map((a) => [a, '403']))
});
const intrudingAsk = { help_wanted: 'Intruding request for help', route: 'self' };
/** Amira's request: she is left out (hers would be saved); the lead worker 403; the admin 403; the rest 404. */
const requestOwners: Partial<Record<Actor, Outcome>> = {
	...without(signedIn((a) => (a === 'jo' || a === 'admin' ? '403' : '404')), 'amira'),
	kim: '404'
};
/** Amira's request with Jo: Jo is left out (hers would be saved); Amira and the admin 403; the rest 404. */
const passOnRefused: Partial<Record<Actor, Outcome>> = {
	...without(signedIn((a) => (a === 'amira' || a === 'admin' ? '403' : '404')), 'jo'),
	kim: '404'
};
const intrudingRating = { score: 'very_poor', what_was_good: '', could_be_better: 'Intruding rating', name: 'anonymous' };
const intrudingReply = (rating: string) => ({ rating, reply: 'Intruding reply', tag: 'thank_you' });
const intrudingChange = (rating: string) => ({ you_said: 'Intruding', we_did: 'Intruding', made_on: fromToday(-1), ratings: rating });
/** A real directory file of one new service (a name nobody has), as the admin's import form sends it. */
function directoryForm(): FormData {
	const service = { id: '0b7c1f2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Intruding service', status: 'active' };
	const form = new FormData();
	form.set('file', new File([JSON.stringify(service)], 'intruder.json', { type: 'application/json' }));
	return form;
}
const directoryFile = directoryForm();

// Real-looking submissions: if a check were missing these would succeed (and the answer would differ).
const ACTIONS: ReadonlyArray<[path: string, form: Record<string, string> | FormData, expected: Partial<Record<Actor, Outcome>>]> = [
	[`/admin/families/${A}?/addMember`, { displayName: 'Intruder', memberType: 'adult', dateOfBirth: '' }, familyAAction],
	[`/admin/families/${A}?/invite`, { memberId: demo.familyAMemberWithoutAccount }, familyAAction],
	[`/admin/families/${A}?/assign`, { workerId: W.priya, role: 'team', partInPlan: 'Intruding' }, familyAAction],
	[`/admin/families/${A}?/endTeam`, { assignmentId: demo.samAssignmentA }, familyAAction],
	[`/admin/families/${B}?/addMember`, { displayName: 'Intruder', memberType: 'adult', dateOfBirth: '' }, familyBAction],
	[`/admin/families/${B}?/endTeam`, { assignmentId: demo.samAssignmentA }, familyBAction],
	// Restriction and retention: the administrator alone, like the family's other admin actions.
	[`/admin/families/${A}?/restrict`, { reason: 'erasure_request' }, familyAAction],
	[`/admin/families/${A}?/liftRestriction`, {}, familyAAction],
	[`/admin/families/${A}?/supportEnded`, { supportEndedOn: '2020-01-01' }, familyAAction],
	[`/admin/families/${B}?/restrict`, { reason: 'legal_claim' }, familyBAction],
	// Anyone may redeem an invitation; a wrong one is refused next to its field and changes nothing.
	['/invite', { code: 'WRONG-CODE-1', username: 'intruder', password: 'a long enough password' }, { anonymous: '400', amira: home('amira') }],
	// A forgotten password: anyone may try a code; a wrong one is refused next to its field.
	['/reset-password', { username: 'dan', code: 'WRONG-CODE-1', password: 'a long enough password' }, { anonymous: '400', amira: home('amira') }],
	// The second step is only for a session that owes a code: everyone here has typed theirs.
	['/sign-in/code', { code: '123456' }, signedIn(home)],
	// Your own account only: signed out, it asks you to sign in.
	['/account/password', { currentPassword: 'not the password', newPassword: 'a long enough new password' }, { anonymous: SIGN_IN }],
	// Staff who have sign-in codes cannot set up another (409), nor turn theirs off (403).
	['/account/two-factor?/enable', { secret: 'A'.repeat(32), code: '000000' }, { anonymous: SIGN_IN, jo: '409', admin: '409' }],
	['/account/two-factor?/regenerate', { code: '' }, { anonymous: SIGN_IN }],
	// How each person is told about new things: their own only, so signed out it asks you to sign in.
	['/account/notifications', { channel: 'sms', phone: '07700 900' }, { anonymous: SIGN_IN }],
	['/account/two-factor?/disable', { code: '000000' }, { anonymous: SIGN_IN, jo: '403', sam: '403', morgan: '403', admin: '403', priya: '403' }],
	// Password codes for a family member: family A's lead worker (jo), whose Noor has no account to
	// reset (409); everyone else who knows the family 403, and outsiders 404.
	[
		`/family/${A}?/resetCode`,
		{ memberId: demo.familyAMemberWithoutAccount },
		{ anonymous: SIGN_IN, amira: '403', leo: '403', jo: '409', sam: '403', morgan: '403', admin: '403', dan: '404', mia: '404', priya: '404' }
	],
	// Family B's lead worker (priya) cannot reach family A's Noor through family B's address.
	[
		`/family/${B}?/resetCode`,
		{ memberId: demo.familyAMemberWithoutAccount },
		{ anonymous: SIGN_IN, amira: '404', leo: '404', jo: '404', sam: '404', morgan: '403', admin: '403', dan: '403', mia: '403', priya: '404' }
	],
	[`/admin/families/${A}?/resetCode`, { memberId: demo.familyAMemberWithoutAccount }, familyAAction],
	['/admin/workers?/resetTwoFactor', { workerId: W.chris }, adminAction],
	// Staying signed in is for a signed-in person only; it changes nothing but their own session's clock.
	['/session?/stay', {}, { anonymous: SIGN_IN, jo: '200', amira: '200' }],
	['/admin/services?/create', { name: 'Intruder service', description: '' }, adminAction],
	[
		'/admin/workers?/create',
		{ username: 'intruder', displayName: 'Intruder', role: 'manager', serviceId: FS, jobTitle: 'Intruder', phone: '', email: '' },
		adminAction
	],
	['/admin/workers?/invite', { workerId: W.priya }, adminAction],
	['/admin/families?/create', { name: 'Intruder', leadWorkerId: W.jo }, adminAction],

	// Handovers: the family and its workers 403, outsiders 404; morgan and the administrator may.
	[`/family/${A}/handover?/plan`, intrudingHandover(W.priya), without(managesHandover(FAMILY_A), 'morgan', 'admin')],
	[`/family/${B}/handover?/plan`, intrudingHandover(W.jo), without(managesHandover(FAMILY_B), 'morgan', 'admin')],
	// Family B's handover cannot be called off through family A's address, nor once it has happened.
	[`/family/${A}/handover?/cancel`, { handoverId: HB }, { ...managesHandover(FAMILY_A), morgan: '404', admin: '404' }],
	[`/family/${B}/handover?/cancel`, { handoverId: HB }, { ...managesHandover(FAMILY_B), morgan: '404', admin: '404' }],
	// Only the family says it has read the news of a new worker: staff 403, other families 404.
	[
		`/family/${B}?/seenHandover`,
		{ handoverId: HB },
		{ anonymous: SIGN_IN, amira: '404', leo: '404', jo: '404', sam: '404', morgan: '403', admin: '403', priya: '403' }
	],
	// Family A's members cannot mark family B's handover as seen through their own family's address.
	[
		`/family/${A}?/seenHandover`,
		{ handoverId: HB },
		{ anonymous: SIGN_IN, amira: '404', leo: '404', jo: '403', sam: '403', morgan: '403', admin: '403', dan: '404', mia: '404', priya: '404' }
	],
	// The handover's notes are written by its two workers alone.
	[
		`/handovers/${HB}?/note`,
		{ note: 'Intruding' },
		{ anonymous: SIGN_IN, amira: '403', leo: '403', jo: '404', sam: '404', morgan: '404', admin: '403', dan: '403', mia: '403' }
	],

	// Jo's profile, by people who may not change it.
	[`/workers/${W.jo}?/photo`, intruderPhoto, joProfileAction],
	[`/workers/${W.jo}?/removePhoto`, {}, joProfileAction],
	[`/workers/${W.jo}?/contact`, { phone: '0161 496 0999', email: 'intruder@example.org' }, joProfileAction],
	[`/workers/${W.jo}?/hours`, { 'works-6': 'yes', 'starts-6': '10:00', 'ends-6': '11:00' }, joProfileAction],
	[
		`/workers/${W.jo}?/addAbsence`,
		{ startsOn: fromToday(100), endsOn: fromToday(101), coverWorkerId: W.priya },
		joProfileAction
	],
	[`/workers/${W.jo}?/removeAbsence`, { absenceId: demo.joAbsence }, joProfileAction],
	// Sam works for the school, so morgan (another service's manager) may not change his details either.
	[
		`/workers/${W.sam}?/contact`,
		{ phone: '0161 496 0999', email: 'intruder@example.org' },
		{ anonymous: SIGN_IN, jo: '403', morgan: '403', priya: '403', amira: '404', leo: '404', dan: '404', mia: '404' }
	],
	[`/workers/no-such-worker?/contact`, { phone: '0161 496 0999', email: '' }, { ...signedIn(() => '404'), anonymous: SIGN_IN }],

	// Family A's plan. Sam is in the team but owns nothing under goal A, so may not rate it either.
	[`/family/${A}/plan/goals/${GA}?/position`, { position: 'disagree', reason: 'Intruding' }, planAAction()],
	[`/family/${A}/plan/goals/${GA}?/checkin`, { score: '3', comment: 'Intruding' }, planAAction()],
	[`/family/${A}/plan/goals/${GA}?/addAction`, intrudingAction, planAAction()],
	[`/family/${A}/plan/goals/${GA}?/status`, { status: 'done', stoppedReason: '' }, planAAction()],
	// Ticking an action done (or not): the family and its lead worker, and a team member for their own
	// actions only (this one is not Sam's); the manager reads the plan but ticks nothing.
	[`/family/${A}/plan/goals/${GA}?/actionDone`, { actionId: demo.actionA, doneOn: '2026-01-01' }, planAAction()],
	[`/family/${A}/plan/goals/${GA}?/actionNotDone`, { actionId: demo.actionA }, planAAction()],
	// Only the lead worker answers a disagreement, books the review and writes what it decided.
	[`/family/${A}/plan/goals/${GA}?/reply`, { personUserId: 'anyone', reply: 'Intruding' }, planAAction(['amira', 'leo'])],
	[`/family/${A}/plan/review?/schedule`, { date: '2030-01-01', place: 'Intruding' }, planAAction(['amira', 'leo'])],
	[`/family/${A}/plan/review?/decisions`, { decisions: 'Intruding' }, planAAction(['amira', 'leo'])],
	[`/family/${A}/plan/review?/agenda`, { item: 'Intruding' }, planAAction()],
	[`/family/${A}/plan/review?/noted`, { itemId: 'no-such-item' }, planAAction()],
	[`/family/${A}/plan/edit`, { version: '1', goingWell: 'Intruding', worriedAbout: '', needsToHappen: '' }, planAAction()],
	[`/family/${A}/plan/goals/new`, intrudingGoal, planAAction()],
	[`/family/${A}/plan/goals/${GA}/edit`, intrudingGoal, planAAction()],
	// Family B's goal through family A's address: not found for anyone, even those who may change A.
	[
		`/family/${A}/plan/goals/${GB}?/checkin`,
		{ score: '3', comment: 'Intruding' },
		{ ...planAAction(), ...notInA, sam: '404', morgan: '404' }
	],
	[`/family/${A}/plan/goals/${GB}?/position`, { position: 'disagree', reason: 'Intruding' }, { ...planAAction(), ...notInA }],
	[`/family/${A}/plan/goals/${GB}?/addAction`, intrudingAction, { ...planAAction(), ...notInA }],
	[`/family/${A}/plan/goals/${GB}/edit`, intrudingGoal, { ...planAAction(), ...notInA }],
	// Family B's plan, by people from family A and the manager.
	[`/family/${B}/plan/goals/${GB}?/position`, { position: 'disagree', reason: 'Intruding' }, planBAction],
	[`/family/${B}/plan/goals/${GB}?/checkin`, { score: '3', comment: 'Intruding' }, planBAction],
	[`/family/${B}/plan/goals/${GB}?/addAction`, intrudingAction, planBAction],
	[`/family/${B}/plan/goals/new`, intrudingGoal, planBAction],

	// Young people's views. Writing one, and adding to the review from the views page: the family's
	// young people only.
	[`/family/${A}/views/new`, intrudingView, without(writesViews(FAMILY_A, FAMILY_A_YOUNG), 'leo')],
	[`/family/${B}/views/new`, intrudingView, without(writesViews(FAMILY_B, FAMILY_B_YOUNG), 'mia')],
	[`/family/${A}/views?/agenda`, { item: 'Intruding' }, without(writesViews(FAMILY_A, FAMILY_A_YOUNG), 'leo')],
	// Who sees a view: its author alone, whoever else can see it.
	[`/family/${A}/views/${V_FAMILY}?/audience`, { audience: 'only_me', version: VERSION.family }, leosView(LEO_FAMILY_READERS)],
	[`/family/${A}/views/${V_WORKER}?/audience`, { audience: 'family', version: VERSION.worker }, leosView(LEO_WORKER_READERS)],
	[`/family/${A}/views/${V_DRAFT}?/audience`, { audience: 'family', version: VERSION.draft }, leosView(['leo'])],
	[`/family/${A}/views/${V_DRAFT}?/save`, { ...intrudingView, version: VERSION.draft }, leosView(['leo'])],
	[`/family/${A}/views/${V_DRAFT}?/discard`, {}, leosView(['leo'])],
	[`/family/${A}/views/${V_FAMILY}?/answer`, { message: 'Intruding' }, leosView(LEO_FAMILY_READERS)],
	[`/family/${A}/views/${V_WORKER}?/answer`, { message: 'Intruding' }, leosView(LEO_WORKER_READERS)],
	[
		`/family/${B}/views/${V_MIA}?/audience`,
		{ audience: 'family', version: VERSION.mia },
		without(signedIn((a) => (MIA_READERS.includes(a) || a === 'admin' ? '403' : '404')), 'mia')
	],
	// Mia's view through family A's address: not there, even for Leo.
	[`/family/${A}/views/${V_MIA}?/audience`, { audience: 'family', version: VERSION.mia }, { ...leosView([]), leo: '404' }],
	// "I have read this" and replies: the lead worker alone.
	[`/family/${A}/views/${V_FAMILY}?/read`, {}, leadsView(LEO_FAMILY_READERS, 'jo')],
	[`/family/${A}/views/${V_FAMILY}?/reply`, { message: 'Intruding' }, leadsView(LEO_FAMILY_READERS, 'jo')],
	[`/family/${A}/views/${V_WORKER}?/reply`, { message: 'Intruding' }, leadsView(LEO_WORKER_READERS, 'jo')],
	[`/family/${B}/views/${V_MIA}?/read`, {}, leadsView(MIA_READERS, 'priya')],
	[`/family/${B}/views/${V_MIA}?/reply`, { message: 'Intruding' }, leadsView(MIA_READERS, 'priya')],
	// Leo's draft reached nobody, so there is nothing for Jo to read or answer (404, like for anyone).
	[`/family/${A}/views/${V_DRAFT}?/read`, {}, { ...leosView(['leo']), leo: '403' }],
	[`/family/${A}/views/${V_DRAFT}?/reply`, { message: 'Intruding' }, { ...leosView(['leo']), leo: '403' }],
	// The working days to answer a view: the service's manager and the administrator.
	[
		`/service/${FS}?/replyDays`,
		{ replyDays: '7' },
		without(signedIn(() => '403'), 'morgan', 'admin')
	],
	[`/service/${SCHOOL}?/replyDays`, { replyDays: '7' }, notAdmin(signedIn(() => '403'))],
	// And to answer a rating.
	[`/service/${FS}?/ratingReplyDays`, { ratingReplyDays: '7' }, without(signedIn(() => '403'), 'morgan', 'admin')],
	[`/service/${NURSING}?/ratingReplyDays`, { ratingReplyDays: '7' }, { ...notAdmin(signedIn(() => '403')), grace: '403' }],

	// Rating a service: families and young people, where someone answers (they are left out here,
	// since theirs would be saved). Nobody rates the debt advice service; no service is no service.
	[`/services/${FS}/rate`, intrudingRating, { ...signedInOnly(STAFF), grace: '403' }],
	[`/services/${DEBT}/rate`, intrudingRating, { ...signedInOnly(STAFF), grace: '403', kim: '403' }],
	[`/services/${FOOD}/rate`, intrudingRating, { ...signedIn(() => '403'), grace: '403' }],
	// Asking for help: families and young people (left out: theirs would be saved); staff 403.
	[`/services/${DEBT}/ask`, intrudingAsk, { ...signedInOnly(STAFF), grace: '403', kim: '403' }],
	[`/services/${FOOD}/ask`, intrudingAsk, { ...signedIn(() => '403'), grace: '403' }],
	// Answering the service's question and withdrawing consent: the family member who sees the
	// request (amira, left out: hers would be saved). The lead worker reads it (403); others 404.
	[`/family/${A}/requests/${REQ}?/answer`, { answer: 'Intruding', version: '0' }, requestOwners],
	[`/family/${A}/requests/${REQ}?/withdraw`, {}, requestOwners],
	// Passing a request on to the service: the family's lead worker (jo, left out: hers would be
	// saved). Amira, who sees it, 403; the admin 403; everyone else 404.
	[`/family/${A}/requests/${REQW}?/pass_on`, { version: '0', worker_note: 'Intruding' }, passOnRefused],
	// Deciding: the service's staff (kim, left out: hers would be saved). Everyone else 403.
	[`/service/${DEBT}/requests/${REQ}?/accept`, { version: '0' }, { ...signedIn(() => '403'), grace: '403' }],
	[`/service/${DEBT}/requests/${REQ}?/decline`, { version: '0', reason: 'Intruding' }, { ...signedIn(() => '403'), grace: '403' }],
	[`/service/${DEBT}/requests/${REQ}?/question`, { version: '0', question: 'Intruding' }, { ...signedIn(() => '403'), grace: '403' }],
	[`/service/${FS}/requests/${REQ}?/accept`, { version: '0' }, { ...without(signedIn(() => '403'), ...FS_STAFF), jo: '404', priya: '404', morgan: '404', kim: '403' }],
	['/services/no-such-service/rate', intrudingRating, { ...signedIn((a) => (FAMILY_PEOPLE.includes(a) ? '404' : '403')), grace: '403' }],
	// Replying and "You said, we did": the service's own workers and manager (jo, priya, morgan for
	// the Family Support Service, grace for the school nurses). Everyone else signed in gets 403.
	[`/services/${FS}/feedback?/reply`, intrudingReply(R_DAN), { ...without(signedIn(() => '403'), ...FS_STAFF), grace: '403' }],
	[`/services/${NURSING}/feedback?/reply`, intrudingReply(R_LEO), signedIn(() => '403')],
	[`/services/${FS}/you-said-we-did?/add`, intrudingChange(R_DAN), { ...without(signedIn(() => '403'), ...FS_STAFF), grace: '403' }],
	[`/services/${NURSING}/you-said-we-did?/add`, intrudingChange(R_LEO), signedIn(() => '403')],
	// Another service's rating through a service's address is not there, even for its staff.
	[`/services/${FS}/feedback?/reply`, intrudingReply(R_LEO), { jo: '404', priya: '404', morgan: '404' }],
	[`/services/${NURSING}/feedback?/reply`, intrudingReply(R_DAN), { grace: '404' }],
	['/services/no-such-service/feedback?/reply', intrudingReply(R_DAN), { ...signedIn(() => '404'), grace: '404' }],

	// The directory file.
	['/admin/directory?/import', directoryFile, { ...adminAction, grace: '403' }]
];

// The administrator's empty or incomplete submissions: refused by validation, nothing is created.
const ADMIN_EMPTY: ReadonlyArray<[path: string, expected: Outcome]> = [
	['/admin/services?/create', '400'],
	['/admin/workers?/create', '400'],
	['/admin/workers?/invite', '404'],
	['/admin/workers?/resetTwoFactor', '404'],
	[`/admin/families/${A}?/resetCode`, '404'],
	['/admin/families?/create', '400'],
	[`/admin/families/${A}?/addMember`, '400'],
	[`/admin/families/${A}?/assign`, '400'],
	[`/admin/families/${A}?/invite`, '404'],
	[`/admin/families/${A}?/endTeam`, '404'],
	[`/admin/families/${A}?/restrict`, '400'],
	[`/family/${A}/handover?/plan`, '400'],
	[`/family/${A}/handover?/cancel`, '404'],
	[`/workers/${W.jo}?/addAbsence`, '400'],
	[`/workers/${W.jo}?/removeAbsence`, '404'],
	// No file chosen.
	['/admin/directory?/import', '400']
];

// People who may, sending nothing (or nothing there is to act on): refused, nothing is changed.
// An empty contact or hours form is left out: it is a valid way to clear them.
const MAY_EMPTY: ReadonlyArray<[path: string, role: Account | 'grace' | 'kim', expected: Outcome, form?: Record<string, string>]> = [
	[`/workers/${W.jo}?/photo`, 'jo', '400'],
	[`/workers/${W.jo}?/photo`, 'morgan', '400'],
	[`/workers/${W.jo}?/addAbsence`, 'jo', '400'],
	[`/workers/${W.jo}?/removeAbsence`, 'jo', '404'],
	// Jo's absence through Priya's profile is not Priya's to cancel.
	[`/workers/${W.priya}?/removeAbsence`, 'morgan', '404', { absenceId: demo.joAbsence }],
	[`/family/${A}/handover?/plan`, 'morgan', '400'],
	[`/family/${A}/handover?/cancel`, 'morgan', '404'],
	[`/family/${B}?/seenHandover`, 'dan', '404'],
	// A date support ended that is not a date, or is still to come.
	[`/admin/families/${A}?/supportEnded`, 'admin', '400', { supportEndedOn: 'not-a-date' }],
	[`/admin/families/${A}?/supportEnded`, 'admin', '400', { supportEndedOn: fromToday(30) }],
	// Your account, sent empty: each form says what is missing.
	['/account/password', 'amira', '400'],
	['/account/two-factor?/enable', 'amira', '400'],
	['/account/two-factor?/regenerate', 'jo', '400'],
	['/account/two-factor?/disable', 'amira', '400'],
	['/account/notifications', 'amira', '400'],
	// A password code with nobody chosen; the administrator, for someone without an account (409).
	[`/family/${A}?/resetCode`, 'jo', '404'],
	[`/admin/families/${A}?/resetCode`, 'admin', '409', { memberId: demo.familyAMemberWithoutAccount }],
	// Leo's own views: an empty view, an empty answer, no audience, an empty agenda item (400).
	[`/family/${A}/views/new`, 'leo', '400'],
	[`/family/${A}/views?/agenda`, 'leo', '400'],
	[`/family/${A}/views/${V_FAMILY}?/audience`, 'leo', '400', { version: VERSION.family }],
	[`/family/${A}/views/${V_FAMILY}?/answer`, 'leo', '400'],
	[`/family/${A}/views/${V_DRAFT}?/save`, 'leo', '400', { version: VERSION.draft }],
	// Once shared, its words stay and it cannot be thrown away: refused as a rule (409).
	[`/family/${A}/views/${V_FAMILY}?/save`, 'leo', '409', { ...intrudingView, version: VERSION.family }],
	[`/family/${A}/views/${V_FAMILY}?/discard`, 'leo', '409'],
	// Seen in another window meanwhile: the audience form's old version is refused (409).
	[`/family/${A}/views/${V_FAMILY}?/audience`, 'leo', '409', { audience: 'family', version: String(Number(VERSION.family) - 1) }],
	// Without the version it was opened at, or with a garbled one, a change is not even read (400).
	[`/family/${A}/views/${V_FAMILY}?/audience`, 'leo', '400', { audience: 'family' }],
	[`/family/${A}/views/${V_DRAFT}?/save`, 'leo', '400', { ...intrudingView, audience: 'only_me', version: 'x' }],
	// Jo's and Priya's empty replies.
	[`/family/${A}/views/${V_FAMILY}?/reply`, 'jo', '400'],
	[`/family/${B}/views/${V_MIA}?/reply`, 'priya', '400'],
	// Reply days outside 1 to 20, or not a number.
	[`/service/${FS}?/replyDays`, 'morgan', '400'],
	[`/service/${FS}?/replyDays`, 'morgan', '400', { replyDays: '0' }],
	[`/service/${FS}?/replyDays`, 'morgan', '400', { replyDays: '21' }],
	[`/service/${FS}?/replyDays`, 'morgan', '400', { replyDays: 'five' }],
	[`/service/${FS}?/ratingReplyDays`, 'morgan', '400'],
	[`/service/${FS}?/ratingReplyDays`, 'morgan', '400', { ratingReplyDays: '0' }],
	[`/service/${FS}?/ratingReplyDays`, 'morgan', '400', { ratingReplyDays: '21' }],
	[`/service/${NURSING}?/ratingReplyDays`, 'admin', '400', { ratingReplyDays: 'five' }],
	// A rating without an answer, or with words over 1,000 characters (Amira's first would be saved).
	[`/services/${FS}/rate`, 'amira', '400'],
	[`/services/${FS}/rate`, 'amira', '400', { ...intrudingRating, score: 'brilliant' }],
	[`/services/${FS}/rate`, 'leo', '400', { ...intrudingRating, could_be_better: 'x'.repeat(1001) }],
	[`/services/${FS}/rate`, 'mia', '400', { ...intrudingRating, name: 'full_name' }],
	// Dan changes the rating he gave 12 days ago: from a form opened before a change made since, refused.
	[`/services/${FS}/rate`, 'dan', '409', { ...intrudingRating, version: '99' }],
	// Replies: the service's staff, with no reply, no rating, or a "what happens next" not on the list.
	[`/services/${FS}/feedback?/reply`, 'jo', '400', { rating: R_DAN }],
	[`/services/${FS}/feedback?/reply`, 'morgan', '400', { ...intrudingReply(R_DAN), tag: 'sorted' }],
	[`/services/${FS}/feedback?/reply`, 'priya', '400', { rating: R_DAN, reply: 'x'.repeat(1001) }],
	[`/services/${FS}/feedback?/reply`, 'jo', '404', { reply: 'No rating named' }],
	[`/services/${FS}/feedback?/reply`, 'jo', '404', { rating: 'no-such-rating', reply: 'Hello' }],
	[`/services/${NURSING}/feedback?/reply`, 'grace', '400', { rating: R_LEO }],
	// "You said, we did": everything missing; a date to come; a rating of another service.
	[`/services/${FS}/you-said-we-did?/add`, 'jo', '400'],
	[`/services/${FS}/you-said-we-did?/add`, 'morgan', '400', { ...intrudingChange(R_DAN), made_on: fromToday(30) }],
	[`/services/${FS}/you-said-we-did?/add`, 'priya', '400', intrudingChange(R_LEO)],
	[`/services/${NURSING}/you-said-we-did?/add`, 'grace', '400', intrudingChange(R_DAN)],
	[`/services/${DEBT}/ask`, 'amira', '400'],
	[`/services/${DEBT}/ask`, 'leo', '400', { help_wanted: 'short', route: 'self' }],
	[`/services/${DEBT}/ask`, 'dan', '400', { help_wanted: 'x'.repeat(2001), route: 'self' }],
	[`/services/${DEBT}/ask`, 'mia', '400', { ...intrudingAsk, route: 'nobody' }],
	[`/family/${A}/requests/${REQ}?/answer`, 'amira', '400', { version: '0' }],
	[`/family/${A}/requests/${REQ}?/answer`, 'amira', '409', { version: '0', answer: 'Not asked yet' }],
	[`/service/${DEBT}/requests/${REQ}?/decline`, 'kim', '400', { version: '0' }],
	[`/service/${DEBT}/requests/${REQ}?/question`, 'kim', '400', { version: '0', question: 'x'.repeat(1001) }],
	[`/service/${DEBT}/requests/${REQ}?/accept`, 'kim', '400'],
	// Passing on: without the version it was opened at; a note over 500 characters; a request
	// already with the service (nothing to pass on: refused as changed).
	[`/family/${A}/requests/${REQW}?/pass_on`, 'jo', '400'],
	[`/family/${A}/requests/${REQW}?/pass_on`, 'jo', '400', { version: '0', worker_note: 'x'.repeat(501) }],
	[`/family/${A}/requests/${REQ}?/pass_on`, 'jo', '409', { version: '0' }]
];

// The plan's own people, submitting empty forms: refused by validation (400), nothing is changed.
const PLAN_EMPTY: ReadonlyArray<[path: string, role: Account, expected: Outcome]> = [
	[`/family/${A}/plan/goals/${GA}?/position`, 'leo', '400'],
	[`/family/${A}/plan/goals/${GA}?/checkin`, 'amira', '400'],
	[`/family/${A}/plan/goals/${GA}?/addAction`, 'amira', '400'],
	[`/family/${A}/plan/goals/${GA}?/status`, 'jo', '400'],
	[`/family/${A}/plan/goals/${GA}?/reply`, 'jo', '400'],
	[`/family/${A}/plan/goals/new`, 'leo', '400'],
	// Without the version it was opened at, an edit is not even read.
	[`/family/${A}/plan/edit`, 'amira', '400'],
	[`/family/${A}/plan/goals/${GA}/edit`, 'jo', '400'],
	[`/family/${A}/plan/review?/schedule`, 'jo', '400'],
	[`/family/${A}/plan/review?/agenda`, 'leo', '400'],
	[`/family/${A}/plan/goals/${GA}?/actionDone`, 'amira', '400'],
	[`/family/${A}/plan/goals/${GA}?/actionNotDone`, 'amira', '404'],
	[`/family/${A}/plan/review?/noted`, 'jo', '404'],
	[`/family/${B}/plan/goals/${GB}?/checkin`, 'priya', '400']
];

function describeResponse(response: Response): Outcome {
	const location = response.headers.get('location');
	return response.status >= 300 && response.status < 400 ? `${response.status} ${location}` : String(response.status);
}

/** Replaces ids with A, B, FS and SCHOOL so failures read like the table above. */
function readable(path: string): string {
	return path
		.replaceAll(A, 'A')
		.replaceAll(B, 'B')
		.replaceAll(FS, 'FS')
		.replaceAll(SCHOOL, 'SCHOOL')
		.replaceAll(NURSING, 'NURSING')
		.replaceAll(GA, 'GA')
		.replaceAll(GB, 'GB')
		.replaceAll(HB, 'HB')
		.replaceAll(demo.joAbsence, 'JO_ABSENCE')
		.replaceAll(demo.samAssignmentA, 'SAM_IN_A')
		.replaceAll(V_WORKER, 'LEO_WORKER_ONLY')
		.replaceAll(V_FAMILY, 'LEO_FAMILY')
		.replaceAll(V_DRAFT, 'LEO_DRAFT')
		.replaceAll(V_MIA, 'MIA_OVERDUE')
		.replaceAll(DEBT, 'DEBT')
		.replaceAll(REQ, 'AMIRA_DEBT_REQUEST')
		.replaceAll(FOOD, 'FOOD')
		.replaceAll(R_DAN, 'DAN_RATING')
		.replaceAll(R_LEO, 'LEO_RATING')
		.replace(/[a-z0-9]{32}/g, (id) => {
			const worker = Object.entries(W).find(([, workerId]) => workerId === id)?.[0];
			return worker ? worker.toUpperCase() : id;
		});
}

let checks = 0;

afterAll(() => {
	console.log(
		`authorization: ${checks} route × role checks (${PAGES.length} pages × ${ROLES.length} roles, ${AS_GRACE.length} pages as grace, ${ACTIONS.length + ADMIN_EMPTY.length + PLAN_EMPTY.length + MAY_EMPTY.length} form actions, foreign origins)`
	);
});

// Grace (a worker of the School Nursing Service, with a session of her own) on the pages about
// services: she reads and answers her own service's ratings, reads the others', rates nothing.
const AS_GRACE: ReadonlyArray<[path: string, expected: Outcome]> = [
	['/services', '200'],
	[`/services/${NURSING}`, '200'],
	[`/services/${NURSING}/feedback`, '200'],
	[`/services/${NURSING}/feedback?show=waiting`, '200'],
	[`/services/${FS}/feedback`, '200'],
	[`/services/${FS}/you-said-we-did`, '200'],
	[`/services/${NURSING}/rate`, '403'],
	[`/services/${FS}/rate`, '403'],
	['/services/no-such-service/feedback', '404'],
	['/my-families', '200'],
	// The School Nursing Service has no manager; its dashboard is the administrator's.
	[`/service/${NURSING}`, '403'],
	[`/service/${FS}`, '403'],
	['/admin/directory', '403'],
	['/admin/directory/export', '403']
];

// Kim (the manager of Money Matters Debt Advice, with a session of her own) reads the requests
// made to her service, and no family's pages.
const AS_KIM: ReadonlyArray<[path: string, expected: Outcome]> = [
	[`/service/${DEBT}/requests`, '200'],
	[`/service/${DEBT}/requests/${REQ}`, '200'],
	// Still with Amira's worker: not the service's to know of yet.
	[`/service/${DEBT}/requests/${REQW}`, '404'],
	[`/service/${FS}/requests`, '403'],
	[`/service/${FS}/requests/${REQ}`, '403'],
	[`/service/${DEBT}/requests/no-such-request`, '404'],
	[`/family/${A}/requests`, '404'],
	[`/family/${A}/requests/${REQ}`, '404'],
	[`/services/${DEBT}/ask`, '403']
];

describe('GET the request pages as kim', () => {
	test.for(AS_KIM.map(([path, expected]) => [readable(path), path, expected] as const))('%s', async ([, path, expected], { expect }) => {
		checks += 1;
		expect(describeResponse(await request('kim', path)), `GET ${readable(path)} as kim`).toBe(expected);
	});
});

describe('GET the pages about services as grace', () => {
	test.for(AS_GRACE.map(([path, expected]) => [readable(path), path, expected] as const))('%s', async ([, path, expected], { expect }) => {
		checks += 1;
		expect(describeResponse(await request('grace', path)), `GET ${readable(path)} as grace`).toBe(expected);
	});
});

describe('GET every page as every role', () => {
	test.for(PAGES.map(([path, expected]) => [readable(path), path, expected] as const))('%s', async ([, path, expected], { expect }) => {
		const actual = Object.fromEntries(
			await Promise.all(ROLES.map(async (role) => [role, describeResponse(await request(role, path))] as const))
		);
		checks += ROLES.length;
		expect(actual, `GET ${readable(path)}`).toEqual(expected);
	});
});

// Chris has a photo only here, so that family A's members have a family B worker's photo to be
// refused (Priya, family B's worker now, covers for Jo and so is known to family A). Nothing else
// reads Chris's profile.
beforeAll(async () => {
	const uploaded = await request('admin', `/workers/${W.chris}?/photo`, { form: await photoForm('chris.png') });
	if (uploaded.status !== 303) throw new Error(`e2e: uploading Chris's photo as admin gave ${uploaded.status}`);
});

describe('POST to admin, plan, handover, profile, views, ratings and directory actions as someone who may not', () => {
	test.for(ACTIONS.map(([path, form, expected]) => [readable(path), path, form, expected] as const))(
		'%s',
		async ([, path, form, expected], { expect }) => {
			const roles = Object.keys(expected) as Actor[];
			const actual = Object.fromEntries(
				await Promise.all(roles.map(async (role) => [role, describeResponse(await request(role, path, { form }))] as const))
			);
			checks += roles.length;
			expect(actual, `POST ${readable(path)}`).toEqual(expected);
		}
	);
});

describe('POST to admin actions as the administrator, empty', () => {
	test.for(ADMIN_EMPTY.map(([path, expected]) => [readable(path), path, expected] as const))(
		'%s',
		async ([, path, expected], { expect }) => {
			checks += 1;
			expect(describeResponse(await request('admin', path, { form: {} })), `POST ${readable(path)}`).toBe(expected);
		}
	);
});

describe('POST to plan actions as someone who may, empty', () => {
	test.for(PLAN_EMPTY.map(([path, role, expected]) => [`${readable(path)} as ${role}`, path, role, expected] as const))(
		'%s',
		async ([, path, role, expected], { expect }) => {
			checks += 1;
			expect(describeResponse(await request(role, path, { form: {} })), `POST ${readable(path)} as ${role}`).toBe(expected);
		}
	);
});

describe('POST to worker, handover, family and views actions as someone who may, empty or out of turn', () => {
	test.for(MAY_EMPTY.map(([path, role, expected, form]) => [`${readable(path)} as ${role}`, path, role, expected, form ?? {}] as const))(
		'%s',
		async ([, path, role, expected, form], { expect }) => {
			checks += 1;
			expect(describeResponse(await request(role, path, { form })), `POST ${readable(path)} as ${role}`).toBe(expected);
		}
	);
});

/** Actions whose cross-site refusal has its own test below (and nothing else may post to them without side effects). */
const FOREIGN_ORIGIN_CHECKED: readonly string[] = ['/sign-in', '/sign-out', '/session?/everywhere', '/admin/families?/create'];

describe('POSTs from a foreign origin are refused', () => {
	const EVIL = 'https://evil.example';

	test('sign-in', async ({ expect }) => {
		checks += 1;
		const response = await request('anonymous', '/sign-in', { form: { username: 'amira', password: 'x' }, origin: EVIL });
		expect(response.status).toBe(403);
	});

	test('sign-out keeps the session', async ({ expect }) => {
		checks += 2;
		// mia's session is used by no browser test, so this cannot disturb another file if it fails.
		const response = await request('mia', '/sign-out', { form: {}, origin: EVIL });
		expect(response.status).toBe(403);
		expect(describeResponse(await request('mia', `/family/${B}`)), 'mia is still signed in').toBe('200');
	});

	test('sign out everywhere keeps every session', async ({ expect }) => {
		checks += 2;
		// As above: mia's session is used by no browser test. sessions.test.ts signs out everywhere for real.
		const response = await request('mia', '/session?/everywhere', { form: {}, origin: EVIL });
		expect(response.status).toBe(403);
		expect(describeResponse(await request('mia', `/family/${B}`)), 'mia is still signed in').toBe('200');
	});

	test('an admin action', async ({ expect }) => {
		checks += 2;
		const response = await request('admin', '/admin/families?/create', {
			form: { name: 'Cross-site family', leadWorkerId: W.jo },
			origin: EVIL
		});
		expect(response.status).toBe(403);
		const list = await (await request('admin', '/admin/families')).text();
		expect(list).not.toContain('Cross-site family');
	});
});

test('a session cookie with the right id but a wrong secret counts for nothing', async ({ expect }) => {
	checks += 1;
	const [id] = inject('sessions').admin.split('.');
	const response = await request('anonymous', '/admin', { cookies: { cg_session: `${id}.not-the-secret` } });
	expect(describeResponse(response)).toBe(SIGN_IN);
	// And the bad cookie is cleared.
	expect(response.headers.getSetCookie().some((c) => /^cg_session=;/.test(c) || /^cg_session=.*Max-Age=0/i.test(c))).toBe(true);
});

// The matrix is only as good as its coverage: every route and every form action in src/routes must
// have a line above, so a page or action added without one fails here instead of going unchecked.
const ROUTES = listRoutes();
/** Every address the matrix GETs, and every address it POSTs to, with who may post there (empty forms). */
const GETS: readonly string[] = [...PAGES.map(([path]) => path), ...AS_GRACE.map(([path]) => path)];
const POSTS: readonly string[] = [
	...ACTIONS.map(([path]) => path),
	...ADMIN_EMPTY.map(([path]) => path),
	...PLAN_EMPTY.map(([path]) => path),
	...MAY_EMPTY.map(([path]) => path),
	...FOREIGN_ORIGIN_CHECKED
];
/** One who may post there and what an empty form gets them, so a 403 below can only be the origin check. */
const MAY_POST: ReadonlyArray<[path: string, role: Actor, expected: Outcome]> = [
	...ADMIN_EMPTY.map(([path, expected]) => [path, 'admin', expected] as [string, Actor, Outcome]),
	...PLAN_EMPTY.map(([path, role, expected]) => [path, role, expected] as [string, Actor, Outcome]),
	...MAY_EMPTY.filter(([, , , form]) => !form).map(([path, role, expected]) => [path, role, expected] as [string, Actor, Outcome])
];

describe('the matrix covers every route and action in src/routes', () => {
	test(`all ${ROUTES.length} routes have a GET line`, ({ expect }) => {
		const missing = ROUTES.filter((r) => r.get && !GETS.some((path) => routePattern(r.id).test(pathOf(path)))).map((r) => r.id);
		expect(missing, 'routes with no line in PAGES or AS_GRACE').toEqual([]);
	});

	test(`all ${ROUTES.reduce((n, r) => n + r.actions.length, 0)} form actions have a POST line`, ({ expect }) => {
		const missing = ROUTES.flatMap((r) =>
			r.actions
				.filter((name) => !POSTS.some((address) => routePattern(r.id).test(actionOf(address).path) && actionOf(address).action === name))
				.map((name) => `${r.id}?/${name}`)
		);
		expect(missing, 'actions with no line in ACTIONS, ADMIN_EMPTY, PLAN_EMPTY, MAY_EMPTY or the foreign-origin tests').toEqual([]);
	});

	test('no endpoint takes anything but GET without a line here', ({ expect }) => {
		const unchecked = ROUTES.filter((r) => r.endpointMethods.length > 0).map((r) => `${r.id}: ${r.endpointMethods.join(', ')}`);
		expect(unchecked, 'an endpoint that changes things needs its own lines in ACTIONS and in the cross-site checks').toEqual([]);
	});
});

// Cross-site request forgery, for every action: from another site's origin in each content type a
// browser or script can send, and with no Origin at all, the answer is 403 before anything runs.
// The same empty form from the site itself is not 403, so the refusal is the origin check's.
const EVIL = 'https://evil.example';
const FORGERIES: ReadonlyArray<[name: string, options: Parameters<typeof request>[2]]> = [
	['a form from another site', { form: { text: 'forged' }, origin: EVIL }],
	['a multipart form from another site', { form: multipartForgery(), origin: EVIL }],
	['text/plain from another site', { raw: { type: 'text/plain', data: 'text=forged' }, origin: EVIL }],
	['JSON from another site', { raw: { type: 'application/json', data: '{"text":"forged"}' }, origin: EVIL }],
	['a form with no Origin', { form: { text: 'forged' }, origin: null }],
	['JSON with no Origin', { raw: { type: 'application/json', data: '{"text":"forged"}' }, origin: null }]
];

function multipartForgery(): FormData {
	const form = new FormData();
	form.set('text', 'forged');
	return form;
}

/** For each action, an address to post to and who posts (someone who may, where the matrix knows one). */
const FORGED_ACTIONS = ROUTES.flatMap((r) =>
	r.actions.flatMap((name) => {
		const matches = (address: string) => routePattern(r.id).test(actionOf(address).path) && actionOf(address).action === name;
		const may = MAY_POST.find(([path, , expected]) => matches(path) && expected !== '403');
		const address = may?.[0] ?? POSTS.find(matches);
		return address ? [[`${r.id}?/${name}`, address, may?.[1] ?? ('anonymous' as Actor)] as const] : [];
	})
);

describe('forged requests to every action are refused', () => {
	test.for(FORGED_ACTIONS)('%s', async ([, address, role], { expect }) => {
		const answers: Record<string, number> = {};
		for (const [name, options] of FORGERIES) answers[name] = (await request(role, address, options)).status;
		checks += FORGERIES.length + 1;
		expect(answers, `POST ${readable(address)} as ${role}`).toEqual(Object.fromEntries(FORGERIES.map(([name]) => [name, 403])));
		const honest = await request(role, address, { form: {} });
		expect(honest.status, `the same empty form from the site itself, as ${role}`).not.toBe(403);
	});
});

// When something breaks, the page says sorry and gives a reference, and nothing else: no stack
// trace, no file path, no SQL, not the error's own words. The server runs with faults on request
// (src/lib/server/faults/faults.ts): every route is opened with its root load failing and with its
// database failing, and every action is posted with its database failing, as someone who may.
const LEAKS: ReadonlyArray<[what: string, pattern: RegExp]> = [
	['the injected error’s words', new RegExp(FAULT_MARKER)],
	['SQL', /\bselect\b[^<]*\bfrom\b|SQLITE_|password_hash/i],
	['a file path', /\/srv\/|src\/lib|node_modules|\.(?:ts|js):\d+/],
	['a stack trace', /\n\s*at\s+\S+.*\(|\bat\s+\S+\s+\(\S+:\d+:\d+\)/]
];

function leaksIn(body: string): string[] {
	return LEAKS.filter(([, pattern]) => pattern.test(body)).map(([what]) => what);
}

/** Per route: one address the matrix opens and someone who gets the page (200) there, or anyone. */
const OPENED = ROUTES.filter((r) => r.get).flatMap((r) => {
	const lines = PAGES.filter(([path]) => routePattern(r.id).test(pathOf(path)));
	const line = lines.find(([, expected]) => Object.values(expected).includes('200')) ?? lines[0];
	if (!line) return [];
	const role = (Object.entries(line[1]).find(([, outcome]) => outcome === '200')?.[0] ?? 'anonymous') as Actor;
	// What the page answers that person when nothing fails: a page that is a 404 for everyone
	// (/bench without CG_BENCH) needs no query to say so, and says so with the database failing too.
	const usual = Number((line[1] as Record<string, string>)[role] ?? 200);
	return [[r.id, line[0], role, !r.page, usual] as const];
});

const faultTally = { opened: 0, failed: 0, leaked: 0 };

describe('no error page gives away how the portal works', () => {
	afterAll(() => {
		console.log(`errors: ${faultTally.opened} requests with a forced fault, ${faultTally.failed} of them answered 500, ${faultTally.leaked} showed a stack, path or SQL`);
	});

	test.for(OPENED)('%s', async ([, address, role, endpoint, usual], { expect }) => {
		const modes: FaultMode[] = endpoint ? ['database'] : ['load', 'database'];
		for (const mode of modes) {
			const response = await request(role, address, { headers: { [FAULT_HEADER]: mode } });
			const body = await response.text();
			faultTally.opened += 1;
			if (response.status === 500) faultTally.failed += 1;
			if (leaksIn(body).length > 0) faultTally.leaked += 1;
			expect(leaksIn(body), `GET ${readable(address)} as ${role}, ${mode} failing`).toEqual([]);
			// The root layout runs for every page, so a failing load is always a 500; a failing
			// database is one wherever the answer needs a query.
			if (mode === 'load') expect(response.status, `GET ${readable(address)} as ${role}, load failing`).toBe(500);
			else expect([200, 303, 500, 503, usual], `GET ${readable(address)} as ${role}, database failing`).toContain(response.status);
		}
	});

	test.for(FORGED_ACTIONS)('%s', async ([, address, role], { expect }) => {
		const response = await request(role, address, { form: { text: 'x' }, headers: { [FAULT_HEADER]: 'database' } });
		faultTally.opened += 1;
		if (response.status === 500) faultTally.failed += 1;
		const leaks = leaksIn(await response.text());
		if (leaks.length > 0) faultTally.leaked += 1;
		expect(leaks, `POST ${readable(address)} as ${role}, database failing`).toEqual([]);
	});

	test('the next request is served as usual', async ({ expect }) => {
		expect(describeResponse(await request('amira', `/family/${A}/plan`))).toBe('200');
	});
});
