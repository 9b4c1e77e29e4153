import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { splitParts, translateParts } from './parts';

async function translator(resources: Record<string, string>) {
	const instance = i18next.createInstance();
	await instance.init({
		lng: 'en-GB',
		ns: ['common'],
		defaultNS: 'common',
		resources: { 'en-GB': { common: resources } },
		interpolation: { escapeValue: false }
	});
	return instance.t;
}

describe('translateParts', () => {
	it('splits a sentence around a name, keeping the other values as text', async () => {
		const t = await translator({ signed_in_as: 'Signed in as {{name}} ({{role}})' });
		expect(translateParts(t, 'common:signed_in_as', ['name'], { role: 'worker' })).toEqual([
			{ kind: 'text', text: 'Signed in as ' },
			{ kind: 'slot', name: 'name' },
			{ kind: 'text', text: ' (worker)' }
		]);
	});

	it('follows the translation’s order, as a right-to-left language puts the name first', async () => {
		const t = await translator({ seen: '{{date}} کو {{name}} نے دیکھا' });
		expect(translateParts(t, 'common:seen', ['name', 'date'])).toEqual([
			{ kind: 'slot', name: 'date' },
			{ kind: 'text', text: ' کو ' },
			{ kind: 'slot', name: 'name' },
			{ kind: 'text', text: ' نے دیکھا' }
		]);
	});

	it('leaves out a slot the translation does not use and repeats one it uses twice', async () => {
		const t = await translator({ twice: '{{name}} and {{name}}', none: 'Nobody' });
		expect(translateParts(t, 'common:twice', ['name']).filter((p) => p.kind === 'slot')).toHaveLength(2);
		expect(translateParts(t, 'common:none', ['name'])).toEqual([{ kind: 'text', text: 'Nobody' }]);
	});
});

describe('splitParts', () => {
	it('drops a marker for a slot it was not told about', () => {
		expect(splitParts('a\uE0009\uE001b', ['name'])).toEqual([{ kind: 'text', text: 'ab' }]);
	});
});
