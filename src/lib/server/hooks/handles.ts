import type { Handle } from '@sveltejs/kit';
import { getTranslator } from '../../i18n';
import { localeDirection } from '../../i18n/locales';
import { PSEUDO_LOCALE } from '../../i18n/pseudo';
import { deleteSessionCookie, cookieIsSecure, setSessionCookie } from '../auth/cookies';
import { SESSION_COOKIE, validateSessionToken } from '../auth/session.service';
import { AuditTrail, outcomeOf, recordAudit, shouldRecord } from '../audit/audit.service';
import { getDb } from '../db';
import { chooseLocale, pseudoLocaleEnabled } from '../i18n/negotiate';

// The small handles that hooks.server.ts chains with sequence(), in order:
// request id → drain body → database → session → locale → second factor → security headers → same origin
// → audit.

export const LANG_COOKIE = 'lang';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

export const requestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	return response;
};

export const database: Handle = async ({ event, resolve }) => {
	event.locals.db = getDb();
	return resolve(event);
};

export const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(event.locals.db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			// The cookie's date moves only when the row's did (at most once a minute).
			if (result.touched) setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

export const locale: Handle = async ({ event, resolve }) => {
	const choice = chooseLocale(
		event.url.searchParams.get('lang'),
		event.cookies.get(LANG_COOKIE),
		event.request.headers.get('accept-language'),
		{ allowPseudo: pseudoLocaleEnabled() }
	);
	const pseudo = choice.pseudo === true;
	if (choice.remember) {
		event.cookies.set(LANG_COOKIE, pseudo ? PSEUDO_LOCALE : choice.locale, {
			path: '/',
			maxAge: YEAR_SECONDS,
			sameSite: 'lax',
			httpOnly: true,
			secure: cookieIsSecure(event.url)
		});
	}
	event.locals.locale = choice.locale;
	event.locals.pseudoLocale = pseudo;
	event.locals.dir = localeDirection(choice.locale);
	event.locals.t = await getTranslator(choice.locale, { pseudo });
	const opening = `<html lang="${pseudo ? PSEUDO_LOCALE : choice.locale}" dir="${event.locals.dir}">`;
	return resolve(event, { transformPageChunk: ({ html }) => withOpeningTag(html, opening) });
};

/** app.html's opening tag, whose language and direction each page fills in. */
const OPENING_PLACEHOLDER = '<html lang="%cg.lang%" dir="%cg.dir%">';

/**
 * The page with its own opening tag. Spliced in once, near the top: a page is tens of kilobytes,
 * and a replace() per attribute copied all of it each time.
 */
export function withOpeningTag(html: string, opening: string): string {
	const at = html.indexOf(OPENING_PLACEHOLDER);
	return at < 0 ? html : html.slice(0, at) + opening + html.slice(at + OPENING_PLACEHOLDER.length);
}

/** Where a session that still owes its second factor may go, whatever it owes. */
const OPEN_BEFORE_SECOND_FACTOR: readonly string[] = ['/sign-out', '/session', '/help', '/accessibility'];
/** The page that takes what it owes. */
export const SECOND_FACTOR_PAGES = { code: '/sign-in/code', setup: '/account/two-factor' } as const;

function isUnder(pathname: string, path: string): boolean {
	return pathname === path || pathname.startsWith(`${path}/`);
}

/**
 * Until a session has used its second factor (or, for staff without one, set it up), it reaches
 * only the page that asks for it, signing out, help and accessibility: every other page, load,
 * action and endpoint is refused here, before any route runs, so no route can forget. A page is
 * answered with a redirect to the step; anything else (a form post, fetch) with 403.
 */
export const secondFactor: Handle = async ({ event, resolve }) => {
	const pending = event.locals.session?.secondFactorPending;
	if (!pending) return resolve(event);
	const pathname = event.url.pathname;
	const step = SECOND_FACTOR_PAGES[pending];
	// SvelteKit's client asks for a page's data at <path>/__data.json: the same rule applies.
	const routePath = pathname.endsWith('/__data.json') ? pathname.slice(0, -'/__data.json'.length) || '/' : pathname;
	if (routePath === step || OPEN_BEFORE_SECOND_FACTOR.some((path) => isUnder(routePath, path))) return resolve(event);
	if (SAFE_METHODS.has(event.request.method)) {
		// The client router reads a redirect for its data request in SvelteKit's own JSON shape.
		if (pathname.endsWith('/__data.json')) return Response.json({ type: 'redirect', location: step });
		return new Response(null, { status: 303, headers: { location: step } });
	}
	return new Response(event.locals.t('auth:second_step.refused'), {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
};

/** Methods that only read: everything else changes something and must come from this site. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery, whatever the body: SvelteKit refuses a cross-site POST of a form's
 * content types before any handle runs; this refuses every other state-changing request (JSON,
 * XML, anything a future endpoint accepts) whose Origin is missing or not this site's. Every
 * browser sends Origin on a POST, so only forged or scripted requests lack it.
 */
export const sameOrigin: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method) && event.request.headers.get('origin') !== event.url.origin) {
		const t = event.locals.t;
		return new Response(t('errors:cross_site.text'), {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return resolve(event);
};

/**
 * A request whose answer did not need its body (a refusal, a sign-out) still has its body read
 * before the answer goes: otherwise Node closes the connection while the browser may still be
 * sending, and the person sees a reset connection instead of the page that explains. The body is
 * already capped by BODY_SIZE_LIMIT.
 */
export const drainBody: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!SAFE_METHODS.has(event.request.method) && event.request.body && !event.request.bodyUsed) {
		await event.request.arrayBuffer().catch(() => undefined);
	}
	return response;
};

/** A year, with subdomains: once a browser has seen the portal over https it never tries http. */
export const HSTS = 'max-age=31536000; includeSubDomains';

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	// Not 'no-referrer': with it browsers send `Origin: null` on same-origin form POSTs, which the
	// CSRF check refuses, so every form would need JavaScript. Other sites still get no referrer.
	headers.set('referrer-policy', 'same-origin');
	headers.set('x-frame-options', 'DENY');
	headers.set('cross-origin-opener-policy', 'same-origin');
	headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	// Only behind https (ORIGIN says so): over plain http the header is meaningless and ignored.
	if (event.url.protocol === 'https:') headers.set('strict-transport-security', HSTS);
	// Nothing a signed-in person sees may be kept by a shared computer's cache or a proxy.
	if (event.locals.user) headers.set('cache-control', 'no-store');
	// Pages differ by language (cookie or Accept-Language) and by who is signed in.
	headers.append('vary', 'Cookie, Accept-Language');
	return response;
};

/**
 * The audit trail (audit/audit.service.ts): the policy module notes on `locals.audit` each family a
 * request reaches; once the answer is known this writes one row per family, for every change and
 * for every read by staff. A read whose row cannot be written is not shown: no one sees a family's
 * record without a trace. A change has already happened by then; its failure to record is logged.
 */
export const audit: Handle = async ({ event, resolve }) => {
	const trail = new AuditTrail();
	event.locals.audit = trail;
	const at = new Date();
	const response = await resolve(event);
	const user = event.locals.user;
	if (!user || !shouldRecord(event.request.method, user.role)) return response;
	try {
		await recordAudit(
			event.locals.db,
			{
				requestId: event.locals.requestId,
				user,
				method: event.request.method,
				routeId: event.route.id,
				search: event.url.search,
				at
			},
			trail,
			await outcomeOf(event.request, response)
		);
	} catch (error) {
		console.error(`[${event.locals.requestId}] The audit trail could not be written`, error);
		if (SAFE_METHODS.has(event.request.method)) {
			return new Response(event.locals.t('errors:unexpected.title'), {
				status: 500,
				headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
			});
		}
	}
	return response;
};
