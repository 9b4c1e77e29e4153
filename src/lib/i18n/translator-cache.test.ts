import { describe, expect, it } from 'vitest';
import { getTranslator } from './index';

// The translator caches its answers per language (index.ts): a cached answer must be exactly what
// i18next itself says for the same key and values, whoever asks and in whatever order.

describe('the cached translator', () => {
	it('answers with values as i18next does, a new answer for new values, and the plural for each count', async () => {
		const t = await getTranslator('en-GB');
		const one = t('plan:promises.kept', { count: 1, kept: 1, percent: '100%' });
		const three = t('plan:promises.kept', { count: 3, kept: 2, percent: '67%' });
		expect(one).toBe('1 of 1 promise was done by its date (100%).');
		expect(three).toBe('2 of 3 promises were done by their date (67%).');
		// Asked again (now from the cache), the same answers.
		expect(t('plan:promises.kept', { count: 3, kept: 2, percent: '67%' })).toBe(three);
		expect(t('plan:promises.kept', { count: 1, kept: 1, percent: '100%' })).toBe(one);
	});

	it('keeps each language and the pseudo-locale apart', async () => {
		const english = await getTranslator('en-GB');
		const welsh = await getTranslator('cy');
		const pseudo = await getTranslator('en-GB', { pseudo: true });
		const key = 'plan:page.title';
		expect(english(key)).not.toBe(welsh(key));
		expect(pseudo(key)).not.toBe(english(key));
		expect(english(key)).toBe(english(key));
	});
});
