import { afterAll, describe, inject, test } from 'vitest';
import { SIGNED_IN, type Account, type Role } from './support/accounts';
import { request } from './support/http';

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

const PAGES: ReadonlyArray<[path: string, expected: Record<Role, Outcome>]> = [
	['/', { ...signedIn(home), anonymous: '200' }],
	['/sign-in', { ...signedIn(home), anonymous: '200' }],
	['/invite', { ...signedIn(home), anonymous: '200' }],
	['/help', everyone('200')],
	// Everyone in the demo has a home, so /welcome sends them there.
	['/welcome', signedIn(home)],
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
	[`/service/${FS}`, signedIn((a) => (a === 'morgan' || a === 'admin' ? '200' : '403'))],
	[`/service/${SCHOOL}`, adminOnly],
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
	['/healthz', everyone('200')]
];

/** Everyone but the administrator (whose submissions would succeed and change the data). */
function notAdmin(outcomes: Record<Role, Outcome>): Partial<Record<Role, Outcome>> {
	const { admin: _admin, ...rest } = outcomes;
	return rest;
}
/** A family's admin actions: 404 for people outside it, 403 for those who may know it exists. */
const familyAAction = notAdmin(signedIn((a) => (a === 'dan' || a === 'mia' || a === 'priya' ? '404' : '403')));
const familyBAction = notAdmin(signedIn((a) => (a === 'morgan' || a === 'dan' || a === 'mia' || a === 'priya' ? '403' : '404')));
const adminAction = notAdmin(signedIn(() => '403'));

// Real-looking submissions: if a check were missing these would succeed (and the answer would differ).
const ACTIONS: ReadonlyArray<[path: string, form: Record<string, string>, expected: Partial<Record<Role, Outcome>>]> = [
	[`/admin/families/${A}?/addMember`, { displayName: 'Intruder', memberType: 'adult', dateOfBirth: '' }, familyAAction],
	[`/admin/families/${A}?/invite`, { memberId: demo.familyAMemberWithoutAccount }, familyAAction],
	[`/admin/families/${A}?/assign`, { workerId: demo.priyaWorkerId, role: 'team', partInPlan: 'Intruding' }, familyAAction],
	[`/admin/families/${B}?/addMember`, { displayName: 'Intruder', memberType: 'adult', dateOfBirth: '' }, familyBAction],
	['/admin/services?/create', { name: 'Intruder service', description: '' }, adminAction],
	[
		'/admin/workers?/create',
		{ username: 'intruder', displayName: 'Intruder', role: 'manager', serviceId: FS, jobTitle: 'Intruder', phone: '', email: '' },
		adminAction
	],
	['/admin/workers?/invite', { workerId: demo.priyaWorkerId }, adminAction],
	['/admin/families?/create', { name: 'Intruder' }, adminAction]
];

// The administrator's empty or incomplete submissions: refused by validation, nothing is created.
const ADMIN_EMPTY: ReadonlyArray<[path: string, expected: Outcome]> = [
	['/admin/services?/create', '400'],
	['/admin/workers?/create', '400'],
	['/admin/workers?/invite', '404'],
	['/admin/families?/create', '400'],
	[`/admin/families/${A}?/addMember`, '400'],
	[`/admin/families/${A}?/assign`, '400'],
	[`/admin/families/${A}?/invite`, '404']
];

function describeResponse(response: Response): Outcome {
	const location = response.headers.get('location');
	return response.status >= 300 && response.status < 400 ? `${response.status} ${location}` : String(response.status);
}

/** Replaces ids with A, B, FS and SCHOOL so failures read like the table above. */
function readable(path: string): string {
	return path.replaceAll(A, 'A').replaceAll(B, 'B').replaceAll(FS, 'FS').replaceAll(SCHOOL, 'SCHOOL');
}

let checks = 0;

afterAll(() => {
	console.log(`authorization: ${checks} route × role checks (${PAGES.length} pages × ${ROLES.length} roles, ${ACTIONS.length + ADMIN_EMPTY.length} form actions, foreign origins)`);
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

describe('POST to admin actions as someone who may not', () => {
	test.for(ACTIONS.map(([path, form, expected]) => [readable(path), path, form, expected] as const))(
		'%s',
		async ([, path, form, expected], { expect }) => {
			const roles = Object.keys(expected) as Role[];
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

	test('an admin action', async ({ expect }) => {
		checks += 2;
		const response = await request('admin', '/admin/families?/create', { form: { name: 'Cross-site family' }, origin: EVIL });
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
