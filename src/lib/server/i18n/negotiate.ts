import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALE_CODES, findLocale, type Locale } from '../../i18n/locales';
import { PSEUDO_BASE_LOCALE, isPseudoLocale } from '../../i18n/pseudo';

// Browsers never ask for Easy Read by Accept-Language (it is a private-use tag); people choose it.
const NEGOTIABLE = LOCALE_CODES.filter((code) => !code.includes('-x-'));

/** Best supported locale for an Accept-Language header, by proper BCP 47 matching. */
export function localeFromAcceptLanguage(header: string | null): Locale {
	if (!header) return DEFAULT_LOCALE;
	const requested = new Negotiator({ headers: { 'accept-language': header } })
		.languages()
		.filter((tag) => tag !== '*')
		.flatMap((tag) => {
			try {
				return Intl.getCanonicalLocales(tag);
			} catch {
				return [];
			}
		});
	if (requested.length === 0) return DEFAULT_LOCALE;
	return (findLocale(match(requested, NEGOTIABLE, DEFAULT_LOCALE, { algorithm: 'best fit' })) ??
		DEFAULT_LOCALE) as Locale;
}

export interface LocaleChoice {
	locale: Locale;
	/** Set when `?lang=` chose it, so the choice is remembered. */
	remember: boolean;
	/** Tests only: the pseudo-locale (en-XA) was chosen; `locale` is the language it pseudo-localises. */
	pseudo?: true;
}

/**
 * Whether the test-only pseudo-locale may be chosen: only when the server was started with
 * CG_PSEUDO_LOCALE=1 (the e2e suite does), never in production or the demo.
 */
export function pseudoLocaleEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
	return env.CG_PSEUDO_LOCALE === '1';
}

/**
 * `?lang=xx` first, then the `lang` cookie, then Accept-Language, then en-GB. `en-XA` counts only
 * when `allowPseudo`; otherwise it is an unknown language like any other.
 */
export function chooseLocale(
	query: string | null,
	cookie: string | undefined,
	acceptLanguage: string | null,
	{ allowPseudo = false }: { allowPseudo?: boolean } = {}
): LocaleChoice {
	const fromQuery = findLocale(query);
	if (fromQuery) return { locale: fromQuery, remember: true };
	if (allowPseudo && isPseudoLocale(query)) return { locale: PSEUDO_BASE_LOCALE, remember: true, pseudo: true };
	const fromCookie = findLocale(cookie);
	if (fromCookie) return { locale: fromCookie, remember: false };
	if (allowPseudo && isPseudoLocale(cookie)) return { locale: PSEUDO_BASE_LOCALE, remember: false, pseudo: true };
	return { locale: localeFromAcceptLanguage(acceptLanguage), remember: false };
}
