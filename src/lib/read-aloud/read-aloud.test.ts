import { describe, expect, it } from 'vitest';
import {
	MAX_UTTERANCE_CHARS,
	fromHeading,
	pickVoice,
	readableBlocks,
	speechLang,
	toUtterances,
	type ReadableNode,
	type VoiceLike
} from './read-aloud';

const voice = (lang: string, name = lang, extra: Partial<VoiceLike> = {}): VoiceLike => ({ lang, name, ...extra });

describe('pickVoice', () => {
	const voices = [voice('en-US'), voice('en-GB'), voice('cy-GB'), voice('pl-PL'), voice('ro-RO'), voice('ur-PK'), voice('fr-FR')];

	it('matches the primary language subtag, ignoring case', () => {
		expect(pickVoice(voices, 'cy')?.name).toBe('cy-GB');
		expect(pickVoice(voices, 'CY')?.name).toBe('cy-GB');
		expect(pickVoice([voice('CY-gb')], 'cy')?.name).toBe('CY-gb');
		expect(pickVoice(voices, 'pl')?.name).toBe('pl-PL');
		expect(pickVoice(voices, 'ro')?.name).toBe('ro-RO');
		expect(pickVoice(voices, 'ur')?.name).toBe('ur-PK');
		expect(pickVoice([voice('ur-IN')], 'ur')?.name).toBe('ur-IN');
	});

	it('gives nothing when there is no voice for the language', () => {
		expect(pickVoice(voices.filter((v) => !v.lang.startsWith('ur')), 'ur')).toBeUndefined();
		expect(pickVoice([], 'en-GB')).toBeUndefined();
		expect(pickVoice(voices, '')).toBeUndefined();
		// A shared first letter is not a shared language.
		expect(pickVoice([voice('e')], 'en')).toBeUndefined();
	});

	it('prefers the page’s own region', () => {
		expect(pickVoice(voices, 'en-GB')?.name).toBe('en-GB');
		expect(pickVoice(voices, 'en-US')?.name).toBe('en-US');
		expect(pickVoice([voice('ur-IN'), voice('ur-PK')], 'ur-PK')?.name).toBe('ur-PK');
	});

	it('reads Easy Read with an English voice, British first', () => {
		expect(pickVoice(voices, 'en-GB-x-easy')?.name).toBe('en-GB');
		expect(pickVoice([voice('en-US'), voice('en-AU')], 'en-GB-x-easy')?.name).toBe('en-US');
	});

	it('prefers British English when the page only says English', () => {
		expect(pickVoice(voices, 'en')?.name).toBe('en-GB');
	});

	it('understands Android’s underscores', () => {
		expect(pickVoice([voice('en_US'), voice('en_GB')], 'en-GB')?.name).toBe('en_GB');
	});

	it('among equals, takes the default voice, then one that works offline', () => {
		const english = [voice('en-GB', 'Online'), voice('en-GB', 'Offline', { localService: true }), voice('en-GB', 'Default', { default: true })];
		expect(pickVoice(english, 'en-GB')?.name).toBe('Default');
		expect(pickVoice(english.slice(0, 2), 'en-GB')?.name).toBe('Offline');
		// The right region still comes first.
		expect(pickVoice([voice('en-US', 'US', { default: true, localService: true }), voice('en-GB', 'GB')], 'en-GB')?.name).toBe('GB');
	});
});

describe('speechLang', () => {
	it('drops private use subtags and nothing else', () => {
		expect(speechLang('en-GB-x-easy')).toBe('en-GB');
		expect(speechLang('en-GB')).toBe('en-GB');
		expect(speechLang('cy')).toBe('cy');
		expect(speechLang('ur')).toBe('ur');
	});
});

/** A tiny DOM: elements are `[tag, attributes, ...children]`, text is a string. */
type Tree = string | [string, Record<string, string>, ...Tree[]];

function build(tree: Tree): ReadableNode {
	if (typeof tree === 'string') return { nodeType: 3, nodeName: '#text', nodeValue: tree, childNodes: [] };
	const [tag, attributes, ...children] = tree;
	return {
		nodeType: 1,
		nodeName: tag.toUpperCase(),
		nodeValue: null,
		childNodes: children.map(build),
		getAttribute: (name) => attributes[name] ?? null,
		hasAttribute: (name) => name in attributes
	};
}

const texts = (root: ReadableNode, isHidden?: (node: ReadableNode) => boolean) => readableBlocks(root, isHidden).map((b) => b.text);

describe('readableBlocks', () => {
	it('gives headings, paragraphs and list items as blocks, in order', () => {
		const main = build([
			'main',
			{ id: 'main-content' },
			['h1', {}, 'Your plan'],
			['p', { class: 'lead' }, 'What we ', ['strong', {}, 'agreed'], ' together.'],
			['ul', {}, ['li', {}, 'One'], ['li', {}, ['a', { href: '/x' }, 'Two']]],
			['section', {}, ['h2', {}, 'What is going well'], ['p', { class: 'pre-line' }, ['bdi', {}, 'Sam\n  goes to school.']]]
		]);
		expect(readableBlocks(main)).toEqual([
			{ tag: 'h1', text: 'Your plan' },
			{ tag: 'p', text: 'What we agreed together.' },
			{ tag: 'li', text: 'One' },
			{ tag: 'li', text: 'Two' },
			{ tag: 'h2', text: 'What is going well' },
			{ tag: 'p', text: 'Sam goes to school.' }
		]);
	});

	it('keeps text outside any block as a block of its own', () => {
		const main = build(['main', {}, 'Loose words ', ['span', {}, 'here'], ['p', {}, 'A paragraph'], ' and after']);
		expect(readableBlocks(main)).toEqual([
			{ tag: 'main', text: 'Loose words here' },
			{ tag: 'p', text: 'A paragraph' },
			{ tag: 'main', text: 'and after' }
		]);
	});

	it('turns a line break into a space', () => {
		expect(texts(build(['p', {}, 'Job title', ['br', {}], 'Service name']))).toEqual(['Job title Service name']);
	});

	it('skips what is hidden, marked to skip, or screen-reader only', () => {
		const main = build([
			'main',
			{},
			['h1', {}, 'Title'],
			['div', { 'data-read-aloud': 'skip' }, ['button', {}, 'Listen']],
			['p', { 'aria-hidden': 'true' }, 'decoration'],
			['p', { 'aria-hidden': 'false' }, 'shown to everyone'],
			['p', { hidden: '' }, 'hidden'],
			['h2', { class: 'heading visually-hidden' }, 'Summary'],
			['p', {}, ['a', {}, 'More', ['span', { class: 'visually-hidden' }, ': about Sam']]],
			['p', { 'data-read-aloud': 'keep' }, 'kept']
		]);
		expect(texts(main)).toEqual(['Title', 'shown to everyone', 'More', 'kept']);
	});

	it('reads labels and hints of a form but never the inside of its controls', () => {
		const form = build([
			'form',
			{},
			['label', { for: 'body' }, 'What do you want to say?'],
			['div', { class: 'hint' }, 'Write as much as you like.'],
			['textarea', { id: 'body' }, 'something typed'],
			['select', {}, ['option', {}, 'Being healthy'], ['option', {}, 'Staying safe']],
			['input', { type: 'text', value: 'typed' }],
			['button', { type: 'submit' }, 'Save']
		]);
		expect(texts(form)).toEqual(['What do you want to say?', 'Write as much as you like.']);
	});

	it('skips pictures and scripts', () => {
		const main = build(['main', {}, ['p', {}, 'Before'], ['svg', {}, ['text', {}, '0 10']], ['script', {}, 'var x'], ['p', {}, 'After']]);
		expect(texts(main)).toEqual(['Before', 'After']);
	});

	it('reads a table a row at a time, each value after its column’s heading', () => {
		const table = build([
			'main',
			{},
			['p', {}, 'Before'],
			[
				'table',
				{},
				['caption', {}, 'Every score for: ', ['bdi', {}, 'Football']],
				['thead', {}, ['tr', {}, ['th', {}, 'Date'], ['th', {}, 'Amira'], ['th', {}, ['bdi', {}, 'Leo']]]],
				[
					'tbody',
					{},
					['tr', {}, ['th', { scope: 'row' }, '4 October'], ['td', {}, '2'], ['td', {}, '3']],
					['tr', {}, ['th', { scope: 'row' }, '11 October'], ['td', {}, '–'], ['td', {}, ' 5 ']]
				]
			],
			['p', {}, 'After']
		]);
		expect(readableBlocks(table)).toEqual([
			{ tag: 'p', text: 'Before' },
			{ tag: 'caption', text: 'Every score for: Football' },
			{ tag: 'tr', text: '4 October: Amira 2, Leo 3' },
			{ tag: 'tr', text: '11 October: Amira –, Leo 5' },
			{ tag: 'p', text: 'After' }
		]);
	});

	it('reads a table without a header row cell by cell along each row', () => {
		const table = build(['table', {}, ['tr', {}, ['td', {}, 'One'], ['td', {}, ''], ['td', {}, ['p', {}, 'Two'], ['p', {}, 'lines']]]]);
		expect(texts(table)).toEqual(['One, Two lines']);
	});

	it('lets the browser hide more (CSS, a closed details)', () => {
		const main = build(['main', {}, ['p', {}, 'Seen'], ['p', { class: 'js-only' }, 'Not seen']]);
		expect(texts(main, (node) => node.getAttribute?.('class') === 'js-only')).toEqual(['Seen']);
	});

	it('drops empty blocks and ignores comments', () => {
		const comment: ReadableNode = { nodeType: 8, nodeName: '#comment', nodeValue: 'a comment', childNodes: [] };
		const main = build(['main', {}, ['p', {}, '   '], ['p', {}, 'Text']]);
		const withComment: ReadableNode = { ...main, childNodes: [comment, ...Array.from(main.childNodes)] };
		expect(texts(withComment)).toEqual(['Text']);
	});
});

describe('fromHeading', () => {
	it('starts at the h1, leaving out the way back above it', () => {
		const blocks = [
			{ tag: 'p', text: 'Back to your plan' },
			{ tag: 'h1', text: 'A goal' },
			{ tag: 'p', text: 'Why it matters' }
		];
		expect(fromHeading(blocks).map((b) => b.text)).toEqual(['A goal', 'Why it matters']);
	});

	it('keeps everything when there is no h1', () => {
		const blocks = [{ tag: 'p', text: 'Only text' }];
		expect(fromHeading(blocks)).toEqual(blocks);
	});
});

describe('toUtterances', () => {
	it('gives one utterance per short block', () => {
		expect(toUtterances(['Your plan', 'What we agreed together.', '  ', 'One'])).toEqual(['Your plan', 'What we agreed together.', 'One']);
	});

	it('cuts a long block at sentence ends, packing whole sentences', () => {
		const sentence = 'We eat breakfast together most days.'; // 36 characters
		const block = Array.from({ length: 12 }, () => sentence).join(' ');
		const chunks = toUtterances([block]);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) {
			expect(chunk.length).toBeLessThanOrEqual(MAX_UTTERANCE_CHARS);
			expect(chunk.endsWith('.')).toBe(true);
			expect(chunk.startsWith('We')).toBe(true);
		}
		// Five sentences and their spaces fit in 200 characters; six do not.
		expect(chunks[0]).toBe(Array.from({ length: 5 }, () => sentence).join(' '));
		expect(chunks.join(' ')).toBe(block);
	});

	it('keeps a decimal or an abbreviation in one piece when it can', () => {
		expect(toUtterances(['It went from 3.5 to 7 out of 10. Well done!'])).toEqual(['It went from 3.5 to 7 out of 10. Well done!']);
	});

	it('cuts at question marks, exclamation marks and Urdu full stops', () => {
		expect(toUtterances(['How is it going? Really well! Next.'], 20)).toEqual(['How is it going?', 'Really well! Next.']);
		expect(toUtterances(['یہ آپ کا منصوبہ ہے۔ ہم نے مل کر طے کیا۔'], 20)).toEqual(['یہ آپ کا منصوبہ ہے۔', 'ہم نے مل کر طے کیا۔']);
	});

	it('cuts a sentence too long on its own at commas, then between words', () => {
		expect(toUtterances(['Sam, Leo, Amira and Jo, all together', ''], 12)).toEqual(['Sam, Leo,', 'Amira and', 'Jo,', 'all together']);
		const words = toUtterances(['one two three four five six seven eight nine ten'], 15);
		expect(words).toEqual(['one two three', 'four five six', 'seven eight', 'nine ten']);
	});

	it('cuts a word longer than the limit where it must', () => {
		const address = `https://example.org/${'a'.repeat(30)}`;
		const chunks = toUtterances([address], 20);
		expect(chunks.every((c) => c.length <= 20)).toBe(true);
		expect(chunks.join('')).toBe(address);
	});

	it('never gives an utterance over the limit, whatever the text', () => {
		const text = 'Short. ' + 'word '.repeat(120) + 'end, ' + 'x'.repeat(450) + '. Last one?';
		for (const chunk of toUtterances([text])) expect(chunk.length).toBeLessThanOrEqual(MAX_UTTERANCE_CHARS);
	});
});
