import { expect, test } from 'vitest';
import { LOCALE_CODES, decodeEntities, direction, fill, message, type Locale } from './support/i18n';
import { headings, htmlAttributes, request } from './support/http';

// Each request gets its own i18next instance. Fifty requests at once, in every language and by
// every way a language is chosen, must each come back entirely in their own language.

type Via = 'query' | 'cookie' | 'accept-language';

/** What a browser set to that language would send. Easy Read is never negotiated, only chosen. */
const ACCEPT_LANGUAGE: Partial<Record<Locale, string>> = {
	'en-GB': 'en-GB,en;q=0.9',
	cy: 'cy-GB,cy;q=0.9,en;q=0.5',
	ur: 'ur-PK,ur;q=0.9,en;q=0.5'
};

const PAGES = [
	{ path: '/sign-in', title: 'auth:sign_in.title', text: 'auth:sign_in.intro' },
	{ path: '/help', title: 'about:help.title', text: 'about:help.lead' },
	{ path: '/invite', title: 'auth:invite.title', text: 'auth:invite.intro' }
] as const;

const combinations: Array<{ locale: Locale; via: Via }> = LOCALE_CODES.flatMap((locale) => [
	{ locale, via: 'query' as const },
	{ locale, via: 'cookie' as const },
	...(ACCEPT_LANGUAGE[locale] ? [{ locale, via: 'accept-language' as const }] : [])
]);

const REQUESTS = Array.from({ length: 50 }, (_, i) => ({
	...(combinations[(i * 7) % combinations.length] as { locale: Locale; via: Via }),
	page: PAGES[i % PAGES.length] as (typeof PAGES)[number]
}));

test('50 concurrent requests in mixed languages each answer in their own', async () => {
	// The languages must be told apart by text, not only by <html lang>.
	const intros = new Set(LOCALE_CODES.map((locale) => message(locale, 'auth:sign_in.intro')));
	expect(intros.size, 'the locales have different sign-in text').toBeGreaterThan(1);
	expect(new Set(REQUESTS.map((r) => `${r.locale} ${r.via}`)).size).toBe(combinations.length);

	const results = await Promise.all(
		REQUESTS.map(async ({ locale, via, page }) => {
			const path = via === 'query' ? `${page.path}?lang=${locale}` : page.path;
			const response = await request('anonymous', path, {
				cookies: via === 'cookie' ? { lang: locale } : {},
				// Every request carries an Accept-Language, which the query and cookie must outrank.
				headers: { 'accept-language': via === 'accept-language' ? (ACCEPT_LANGUAGE[locale] as string) : 'de-DE,en-US;q=0.5' }
			});
			return { locale, via, page, status: response.status, html: decodeEntities(await response.text()) };
		})
	);

	const problems: string[] = [];
	for (const { locale, via, page, status, html } of results) {
		const where = `${page.path} in ${locale} by ${via}`;
		const title = message(locale, page.title);
		const actual = {
			status,
			...htmlAttributes(html),
			h1: headings(html),
			title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
			text: html.includes(message(locale, page.text))
		};
		const wanted = {
			status: 200,
			lang: locale,
			dir: direction(locale),
			h1: [title],
			title: fill(message(locale, 'common:title.page'), { title }),
			text: true
		};
		if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
			problems.push(`${where}: got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`);
		}
	}
	expect(problems, problems.join('\n')).toEqual([]);
	expect(results).toHaveLength(50);
});
