// Read aloud (DOMAIN.md §9): the browser's own speech synthesis reads the page's main content in
// the page's language. Everything here is pure, so it can be tested without a browser: voices are
// anything with a `lang`, and the page is anything shaped like a DOM node.

/** What the reader needs from a `SpeechSynthesisVoice`. */
export interface VoiceLike {
	readonly lang: string;
	readonly name: string;
	readonly default?: boolean;
	readonly localService?: boolean;
}

/** Chrome stops a long utterance after about 15 seconds, so nothing longer than this is spoken at once. */
export const MAX_UTTERANCE_CHARS = 200;

/** Private-use subtags (`en-GB-x-easy`) mean nothing to a speech engine; Android writes `en_GB`. */
function speechTag(tag: string): string {
	const parts = tag.trim().replace(/_/g, '-').split('-');
	const privateUse = parts.findIndex((part) => part.toLowerCase() === 'x');
	return (privateUse === -1 ? parts : parts.slice(0, privateUse)).join('-');
}

/** The region subtag (`GB` in `en-GB`, `PK` in `ur-Arab-PK`), if there is one. */
function regionOf(tag: string): string | undefined {
	return tag
		.split('-')
		.slice(1)
		.find((part) => /^(?:[a-z]{2}|\d{3})$/i.test(part))
		?.toUpperCase();
}

const primaryOf = (tag: string) => (tag.split('-')[0] ?? '').toLowerCase();

/**
 * Where a language is spoken in more than one country, the voice to prefer when the page does not
 * say: Common Ground's families live in the UK, so English is British English.
 */
const PREFERRED_REGION: Readonly<Record<string, string>> = { en: 'GB', cy: 'GB' };

/** The language to give an utterance for a page in `pageLang`: its tag without any private use part. */
export function speechLang(pageLang: string): string {
	return speechTag(pageLang);
}

/**
 * The best voice for a page in `pageLang` (the `<html lang>`), or `undefined` when the browser has
 * none for that language. Voices match on the primary language subtag, ignoring case (`cy` ↔
 * `cy-GB`, `ur` ↔ `ur-PK`); among them the page's own region wins, then the preferred region,
 * then the browser's default voice, then one that works offline.
 */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], pageLang: string): V | undefined {
	const wanted = speechTag(pageLang);
	const primary = primaryOf(wanted);
	if (!primary) return undefined;
	const region = regionOf(wanted) ?? PREFERRED_REGION[primary];
	const score = (voice: V): number => {
		const tag = speechTag(voice.lang);
		return (
			(tag.toLowerCase() === wanted.toLowerCase() ? 8 : 0) +
			(region && regionOf(tag) === region ? 4 : 0) +
			(voice.default ? 2 : 0) +
			(voice.localService ? 1 : 0)
		);
	};
	let best: V | undefined;
	let bestScore = -1;
	for (const voice of voices) {
		if (primaryOf(speechTag(voice.lang)) !== primary) continue;
		const s = score(voice);
		if (s > bestScore) {
			best = voice;
			bestScore = s;
		}
	}
	return best;
}

/** What the reader needs from a DOM node; a real `Node` fits. */
export interface ReadableNode {
	readonly nodeType: number;
	readonly nodeName: string;
	readonly nodeValue: string | null;
	readonly childNodes: ArrayLike<ReadableNode>;
	getAttribute?(name: string): string | null;
	hasAttribute?(name: string): boolean;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** One block of the page, read as one or more utterances. */
export interface ReadableBlock {
	/** The element that holds the block, lower case: `h1`, `p`, `li` … */
	readonly tag: string;
	readonly text: string;
}

/**
 * Elements never read: scripts and styles, pictures (their text is a chart's labels, which the
 * table beside it gives in full), and form controls, whose insides are options or what someone
 * typed. The label and hint of a field are read; the field is not.
 */
const NEVER_READ = new Set([
	'script',
	'style',
	'template',
	'noscript',
	'svg',
	'canvas',
	'img',
	'picture',
	'video',
	'audio',
	'iframe',
	'object',
	'input',
	'textarea',
	'select',
	'option',
	'datalist',
	'button',
	'meter',
	'progress',
	'output'
]);

/** Elements that start a new block: headings, paragraphs and list items, and whatever holds them. */
const BLOCKS = new Set([
	'address',
	'article',
	'aside',
	'blockquote',
	'caption',
	'dd',
	'details',
	'div',
	'dl',
	'dt',
	'fieldset',
	'figcaption',
	'figure',
	'footer',
	'form',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'header',
	'hr',
	'label',
	'legend',
	'li',
	'main',
	'nav',
	'ol',
	'p',
	'pre',
	'section',
	'summary',
	'table',
	'td',
	'th',
	'tr',
	'ul'
]);

/** Marks an element (and everything in it) that is never read aloud, such as the read-aloud control itself. */
const SKIP_ATTRIBUTE = 'data-read-aloud';
const SKIP_VALUE = 'skip';

/** Text a sighted reader does not see on the page: screen-reader-only words repeat what is shown. */
const HIDDEN_CLASSES = ['visually-hidden'];

function isSkipped(node: ReadableNode, tag: string): boolean {
	if (NEVER_READ.has(tag)) return true;
	const attr = (name: string) => node.getAttribute?.(name) ?? null;
	if (node.hasAttribute?.('hidden')) return true;
	if (attr('aria-hidden') === 'true') return true;
	if (attr(SKIP_ATTRIBUTE) === SKIP_VALUE) return true;
	const classes = (attr('class') ?? '').split(/\s+/);
	return HIDDEN_CLASSES.some((c) => classes.includes(c));
}

type IsHidden = (node: ReadableNode) => boolean;

const tagOf = (node: ReadableNode) => node.nodeName.toLowerCase();
const childrenOf = (node: ReadableNode) => Array.from(node.childNodes);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Whether an element is left out: the rules above, or hidden in the browser. */
function isLeftOut(node: ReadableNode, isHidden: IsHidden): boolean {
	return isSkipped(node, tagOf(node)) || isHidden(node);
}

/** All the readable text inside `node`, as one run (for a table cell). */
function textOf(node: ReadableNode, isHidden: IsHidden): string {
	if (node.nodeType === TEXT_NODE) return node.nodeValue ?? '';
	if (node.nodeType !== ELEMENT_NODE) return '';
	if (tagOf(node) === 'br') return ' ';
	if (isLeftOut(node, isHidden)) return '';
	const inner = childrenOf(node)
		.map((child) => textOf(child, isHidden))
		.join('');
	return BLOCKS.has(tagOf(node)) ? ` ${inner} ` : inner;
}

/**
 * A table, heard a row at a time rather than a cell at a time: its caption, then each row with
 * each value after its column's heading ("4 October 2026: Amira 2, Leo 3"). The header row is
 * not read on its own, as every value repeats it.
 */
function tableBlocks(table: ReadableNode, isHidden: IsHidden): ReadableBlock[] {
	const blocks: ReadableBlock[] = [];
	const rows: ReadableNode[][] = [];
	const visit = (node: ReadableNode) => {
		for (const child of childrenOf(node)) {
			if (child.nodeType !== ELEMENT_NODE || isLeftOut(child, isHidden)) continue;
			const name = tagOf(child);
			if (name === 'caption') {
				const caption = collapse(textOf(child, isHidden));
				if (caption) blocks.push({ tag: 'caption', text: caption });
			} else if (name === 'tr') {
				rows.push(childrenOf(child).filter((cell) => ['th', 'td'].includes(tagOf(cell)) && !isLeftOut(cell, isHidden)));
			} else if (name === 'thead' || name === 'tbody' || name === 'tfoot') {
				visit(child);
			}
		}
	};
	visit(table);
	const [first, ...rest] = rows;
	const headerRow = first && rest.length > 0 && first.every((cell) => tagOf(cell) === 'th');
	const headings = headerRow ? first.map((cell) => collapse(textOf(cell, isHidden))) : undefined;
	for (const row of headings ? rest : rows) {
		const texts = row.map((cell) => collapse(textOf(cell, isHidden)));
		const labelled = headings?.length === row.length;
		const rowHeading = labelled && row[0] && tagOf(row[0]) === 'th' ? texts[0] : undefined;
		const values = texts
			.map((text, i) => (labelled && headings[i] && text ? `${headings[i]} ${text}` : text))
			.slice(rowHeading === undefined ? 0 : 1)
			.filter(Boolean);
		const text = rowHeading ? `${rowHeading}: ${values.join(', ')}` : values.join(', ');
		if (text) blocks.push({ tag: 'tr', text });
	}
	return blocks;
}

/**
 * The text of `root` as blocks, in reading order, leaving out what is hidden or marked to skip.
 * `isHidden` lets the browser add what only it knows (an element hidden by CSS, the inside of a
 * closed `<details>`). Spaces are collapsed as the browser shows them; empty blocks are dropped.
 */
export function readableBlocks(root: ReadableNode, isHidden: IsHidden = () => false): ReadableBlock[] {
	const blocks: ReadableBlock[] = [];
	let tag = tagOf(root);
	let text = '';
	const flush = () => {
		const clean = collapse(text);
		if (clean) blocks.push({ tag, text: clean });
		text = '';
	};
	const walk = (node: ReadableNode) => {
		if (node.nodeType === TEXT_NODE) {
			text += node.nodeValue ?? '';
			return;
		}
		if (node.nodeType !== ELEMENT_NODE) return;
		const name = tagOf(node);
		if (name === 'br') {
			text += ' ';
			return;
		}
		if (isLeftOut(node, isHidden)) return;
		if (name === 'table') {
			flush();
			blocks.push(...tableBlocks(node, isHidden));
			return;
		}
		const block = BLOCKS.has(name);
		const outer = tag;
		if (block) {
			flush();
			tag = name;
		}
		for (const child of childrenOf(node)) walk(child);
		if (block) {
			flush();
			tag = outer;
		}
	};
	walk(root);
	flush();
	return blocks;
}

/**
 * The blocks from the page's heading on. What comes before the `<h1>` in Common Ground's pages is a
 * way back (a "Back to your plan" link) or the views toolbar, not what the page says.
 */
export function fromHeading(blocks: readonly ReadableBlock[]): ReadableBlock[] {
	const start = blocks.findIndex((b) => b.tag === 'h1');
	return start === -1 ? [...blocks] : blocks.slice(start);
}

/** Where a long block may be cut, best first: after a sentence ends (Urdu's "۔" and "؟" too), after a comma, between words. */
const CUT_POINTS: readonly RegExp[] = [/(?<=[.!?…۔؟]["'”’)\]]*)\s+/u, /(?<=[,;:،؛])\s+/u, /\s+/u];

/** Pieces of `text` no longer than `max`, cut at the first of `cutPoints` that is enough. */
function cut(text: string, max: number, cutPoints: readonly RegExp[]): string[] {
	if (text.length <= max) return [text];
	const [cutPoint, ...rest] = cutPoints;
	if (!cutPoint) {
		// One word longer than `max` (a web address): cut it where it must be cut.
		const chars = Array.from(text);
		const parts: string[] = [];
		for (let i = 0; i < chars.length; i += max) parts.push(chars.slice(i, i + max).join(''));
		return parts;
	}
	const chunks: string[] = [];
	let current = '';
	for (const piece of text.split(cutPoint).filter(Boolean)) {
		const joined = current ? `${current} ${piece}` : piece;
		if (joined.length <= max) {
			current = joined;
			continue;
		}
		if (current) chunks.push(current);
		current = '';
		if (piece.length <= max) current = piece;
		else chunks.push(...cut(piece, max, rest));
	}
	if (current) chunks.push(current);
	return chunks;
}

/**
 * The utterances to speak for some blocks of text: one or more per block, so each heading, paragraph
 * and list item is heard on its own, and none longer than `max` characters. A long block is cut at
 * sentence ends, packing whole sentences together; a sentence too long on its own is cut at commas,
 * then between words.
 */
export function toUtterances(blocks: readonly string[], max = MAX_UTTERANCE_CHARS): string[] {
	return blocks.flatMap((block) => {
		const text = block.replace(/\s+/g, ' ').trim();
		return text ? cut(text, max, CUT_POINTS) : [];
	});
}
