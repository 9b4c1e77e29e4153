import { describe, expect, it } from 'vitest';
import { chooseLocale, localeFromAcceptLanguage, pseudoLocaleEnabled } from './negotiate';

describe('localeFromAcceptLanguage', () => {
	it.each([
		['cy-GB,cy;q=0.9', 'cy'],
		['cy', 'cy'],
		['ur-PK', 'ur'],
		['ur-PK,ur;q=0.9,en;q=0.8', 'ur'],
		['en-US', 'en-GB'],
		['en', 'en-GB'],
		['fr', 'en-GB'],
		['fr-FR,fr;q=0.9,cy;q=0.5', 'cy'],
		['de, *;q=0.1', 'en-GB']
	])('%s → %s', (header, locale) => {
		expect(localeFromAcceptLanguage(header)).toBe(locale);
	});

	it('respects q-values rather than the order written', () => {
		expect(localeFromAcceptLanguage('en;q=0.5, cy;q=0.9')).toBe('cy');
		expect(localeFromAcceptLanguage('cy;q=0.2, ur;q=0.8')).toBe('ur');
		expect(localeFromAcceptLanguage('ur;q=0, cy')).toBe('cy');
	});

	it('falls back to en-GB for a missing, empty or garbled header', () => {
		for (const header of [null, '', '***', ';;;q=abc', '😀', 'x'.repeat(300), '12345, ,,']) {
			expect(localeFromAcceptLanguage(header)).toBe('en-GB');
		}
	});

	it('never chooses Easy Read from the header, even when asked for by name', () => {
		for (const header of ['en-GB-x-easy', 'en-gb-x-easy, en;q=0.1', 'en-GB-x-easy;q=1, fr;q=0.5']) {
			expect(localeFromAcceptLanguage(header)).toBe('en-GB');
		}
	});
});

describe('chooseLocale', () => {
	it('puts ?lang first and asks for it to be remembered', () => {
		expect(chooseLocale('ur', 'cy', 'cy')).toEqual({ locale: 'ur', remember: true });
	});

	it('reads ?lang in any case, and accepts Easy Read there', () => {
		expect(chooseLocale('CY', undefined, null)).toEqual({ locale: 'cy', remember: true });
		expect(chooseLocale('en-gb-x-EASY', undefined, null)).toEqual({ locale: 'en-GB-x-easy', remember: true });
	});

	it('ignores an unknown ?lang and uses the cookie next', () => {
		expect(chooseLocale('fr', 'cy', 'ur')).toEqual({ locale: 'cy', remember: false });
		expect(chooseLocale(null, 'en-GB-x-easy', 'ur')).toEqual({ locale: 'en-GB-x-easy', remember: false });
	});

	it('uses Accept-Language when neither ?lang nor the cookie names a locale', () => {
		expect(chooseLocale('klingon', 'nonsense', 'ur-PK')).toEqual({ locale: 'ur', remember: false });
		expect(chooseLocale(null, undefined, 'cy-GB,cy;q=0.9')).toEqual({ locale: 'cy', remember: false });
	});

	it('ends at en-GB', () => {
		expect(chooseLocale(null, undefined, null)).toEqual({ locale: 'en-GB', remember: false });
	});
});

describe('the test-only pseudo-locale, en-XA', () => {
	it('is an unknown language unless the server allows it', () => {
		expect(chooseLocale('en-XA', 'cy', null)).toEqual({ locale: 'cy', remember: false });
		expect(chooseLocale('en-XA', undefined, 'ur')).toEqual({ locale: 'ur', remember: false });
		expect(chooseLocale(null, 'en-XA', null)).toEqual({ locale: 'en-GB', remember: false });
		expect(chooseLocale('en-XA', 'en-XA', 'en-XA', { allowPseudo: false })).toEqual({ locale: 'en-GB', remember: false });
	});

	it('when allowed, is chosen by ?lang (remembered) or the cookie, as en-GB pseudo-localised', () => {
		const allowed = { allowPseudo: true };
		expect(chooseLocale('en-xa', 'cy', 'ur', allowed)).toEqual({ locale: 'en-GB', remember: true, pseudo: true });
		expect(chooseLocale(null, 'en-XA', 'ur', allowed)).toEqual({ locale: 'en-GB', remember: false, pseudo: true });
		// A real language still wins, in its place.
		expect(chooseLocale('cy', 'en-XA', null, allowed)).toEqual({ locale: 'cy', remember: true });
		expect(chooseLocale(null, 'pl', null, allowed)).toEqual({ locale: 'pl', remember: false });
		// Never by Accept-Language: browsers do not ask for it.
		expect(chooseLocale(null, undefined, 'en-XA', allowed)).toEqual({ locale: 'en-GB', remember: false });
	});

	it('is allowed only by CG_PSEUDO_LOCALE=1', () => {
		expect(pseudoLocaleEnabled({})).toBe(false);
		expect(pseudoLocaleEnabled({ CG_PSEUDO_LOCALE: '' })).toBe(false);
		expect(pseudoLocaleEnabled({ CG_PSEUDO_LOCALE: '0' })).toBe(false);
		expect(pseudoLocaleEnabled({ CG_PSEUDO_LOCALE: 'true', NODE_ENV: 'production' })).toBe(false);
		expect(pseudoLocaleEnabled({ CG_PSEUDO_LOCALE: '1' })).toBe(true);
	});
});
