import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNamespace } from './locale-files';
import { LOCALE_CODES, localeDirection } from './locales';

// src/error.html is what people see when the app cannot render even its own error page (it is sent
// as it is, so it names no file of ours: the error-body test looks for paths). It cannot
// know their language, so it carries the "something went wrong" message in each language, taken
// from the locale files. Easy Read's words are English's here.

const page = readFileSync(new URL('../../error.html', import.meta.url), 'utf8');
const unescape = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('src/error.html', () => {
	it.each(LOCALE_CODES.filter((code) => code !== 'en-GB-x-easy'))('says it in %s, in that language’s direction', (locale) => {
		const strings = readNamespace(locale, 'errors');
		const section = new RegExp(`<section lang="${locale}"( dir="rtl")?>([\\s\\S]*?)</section>`).exec(page);
		expect(section, `a section for ${locale}`).not.toBeNull();
		expect(Boolean(section?.[1]), 'right to left').toBe(localeDirection(locale) === 'rtl');
		const text = unescape(section?.[2] ?? '');
		expect(text).toContain(strings.get('unexpected.title'));
		expect(text).toContain(strings.get('unexpected.text'));
	});
});
