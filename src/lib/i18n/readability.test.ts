import { flesch } from 'flesch';
import type { Node as NlcstNode, Sentence } from 'nlcst';
import { toString } from 'nlcst-to-string';
import { ParseEnglish } from 'parse-english';
import { syllable } from 'syllable';
import { describe, expect, it } from 'vitest';
import { FAMILY_FACING, WORKER_ONLY, hasLocaleFile, readNamespace, type Strings } from './locale-files';
import { LOCALE_CODES, type Locale, type Namespace } from './locales';

// How plain the text is (DOMAIN.md §9: plain English, and an Easy Read version with short sentences
// and one idea per sentence), and the words family-facing text never uses (§8 and "Words to use").
//
// Each string is measured as a text of its own: parse-english splits it into sentences and words,
// `syllable` counts syllables and `flesch` turns the totals into a Flesch Reading Ease score. A
// `{{variable}}` is read as a one-syllable word. A label with no full stop is one sentence.
// Every plural form is a string of its own, so each is measured.
//
// The gates apply to the English text families and young people read. Welsh, Polish, Romanian and
// Urdu are measured by the same English parser, so their sentence figures are a rough guide; Flesch
// Reading Ease is defined for English only. Worker-only namespaces have no gate: they are printed so
// anyone can see they stay plain too.

/** Limits for family-facing text: the mean and the score hold for each namespace and for all of them together. */
interface Gate {
	/** Mean words per sentence. */
	readonly meanWords: number;
	/** No sentence may have more words than this. */
	readonly longestWords: number;
	/** Flesch Reading Ease from the totals of words, sentences and syllables. Higher is easier. */
	readonly readingEase: number;
}

const GATES: Readonly<Partial<Record<Locale, Gate>>> = {
	'en-GB': { meanWords: 15, longestWords: 25, readingEase: 70 },
	'en-GB-x-easy': { meanWords: 10, longestWords: 15, readingEase: 85 }
};
const ENGLISH: readonly Locale[] = ['en-GB', 'en-GB-x-easy'];

/** What a `{{variable}}` is read as: a name, a date or a number is read aloud as a word or more. */
const STAND_IN = 'Sam';
const VARIABLE = /\{\{[^}]*\}\}/g;

interface MeasuredSentence {
	readonly key: string;
	readonly text: string;
	readonly words: number;
	readonly syllables: number;
}

const parser = new ParseEnglish();

/** Urdu ends a sentence with "۔" or "؟"; the parser knows only Latin marks, so it is shown those instead. */
const latinSentenceMarks = (text: string) => text.replace(/۔/g, '.').replace(/؟/g, '?');

function* sentenceNodes(node: NlcstNode): Generator<Sentence> {
	if (node.type === 'SentenceNode') {
		yield node as Sentence;
	} else if ('children' in node && Array.isArray(node.children)) {
		for (const child of node.children as NlcstNode[]) yield* sentenceNodes(child);
	}
}

/** The sentences of one string, with a word and syllable count each. Sentences with no words (a lone "–") are left out. */
function measure(key: string, text: string): MeasuredSentence[] {
	const measured: MeasuredSentence[] = [];
	for (const sentence of sentenceNodes(parser.parse(latinSentenceMarks(text.replace(VARIABLE, STAND_IN))))) {
		const words = sentence.children.filter((child) => child.type === 'WordNode').map((word) => toString(word));
		if (words.length === 0) continue;
		// `syllable` gives 0 for digits ("12"); a number read aloud has at least one.
		const syllables = words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
		measured.push({ key, text: toString(sentence).trim(), words: words.length, syllables });
	}
	return measured;
}

interface Figures {
	readonly strings: number;
	readonly sentences: readonly MeasuredSentence[];
	readonly words: number;
	readonly syllables: number;
}

function figuresOf(strings: number, sentences: readonly MeasuredSentence[]): Figures {
	return {
		strings,
		sentences,
		words: sentences.reduce((sum, s) => sum + s.words, 0),
		syllables: sentences.reduce((sum, s) => sum + s.syllables, 0)
	};
}

function combine(parts: readonly Figures[]): Figures {
	return figuresOf(
		parts.reduce((sum, part) => sum + part.strings, 0),
		parts.flatMap((part) => part.sentences)
	);
}

const meanWords = (f: Figures) => (f.sentences.length === 0 ? 0 : f.words / f.sentences.length);
const readingEase = (f: Figures) => flesch({ sentence: f.sentences.length, word: f.words, syllable: f.syllables });
const longest = (f: Figures) =>
	f.sentences.reduce<MeasuredSentence | undefined>((top, s) => (top && top.words >= s.words ? top : s), undefined);

/** One locale's namespaces, measured; `undefined` for a file that is missing or half-written (a translation in progress). */
function measureLocale(locale: Locale): Map<Namespace, Figures | undefined> {
	return new Map(
		[...FAMILY_FACING, ...WORKER_ONLY].map((ns) => {
			if (!hasLocaleFile(locale, ns)) return [ns, undefined];
			let strings: Strings;
			try {
				strings = readNamespace(locale, ns);
			} catch {
				return [ns, undefined];
			}
			return [ns, figuresOf(strings.size, [...strings].flatMap(([key, text]) => measure(`${ns}:${key}`, text)))];
		})
	);
}

function present(figures: Map<Namespace, Figures | undefined>, group: readonly Namespace[]): Figures {
	return combine(group.map((ns) => figures.get(ns)).filter((f): f is Figures => f !== undefined));
}

function table(locale: Locale, figures: Map<Namespace, Figures | undefined>): string {
	const english = ENGLISH.includes(locale);
	const header = ['Namespace', 'Strings', 'Sentences', 'Words', 'Mean', 'Longest', 'FRE', 'Longest sentence'];
	const row = (name: string, f: Figures | undefined): string[] => {
		if (!f) return [name, '–', '–', '–', '–', '–', '–', 'file missing or not finished'];
		const top = longest(f);
		return [
			name,
			String(f.strings),
			String(f.sentences.length),
			String(f.words),
			meanWords(f).toFixed(1),
			String(top?.words ?? 0),
			english ? readingEase(f).toFixed(1) : 'n/a',
			top?.key ?? ''
		];
	};
	const rows = [
		header,
		...FAMILY_FACING.map((ns) => row(`  ${ns}`, figures.get(ns))),
		row('family-facing', present(figures, FAMILY_FACING)),
		...WORKER_ONLY.map((ns) => row(`  ${ns}`, figures.get(ns))),
		row('worker-only', present(figures, WORKER_ONLY))
	];
	const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	const lines = rows.map((r) =>
		r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')
	);
	const gate = GATES[locale];
	const note = gate
		? `Gate (each family-facing namespace, and all together): mean ≤ ${gate.meanWords} words, longest ≤ ${gate.longestWords} words, FRE ≥ ${gate.readingEase}.`
		: english
			? 'No gate.'
			: 'Sentence figures only: Flesch Reading Ease (FRE) is defined for English, so it is not given here.';
	return [`Readability: ${locale}`, ...lines.map((line) => line.trimEnd()), note].join('\n');
}

const measured = new Map(LOCALE_CODES.map((locale) => [locale, measureLocale(locale)]));

function figuresFor(locale: Locale): Map<Namespace, Figures | undefined> {
	const figures = measured.get(locale);
	if (!figures) throw new Error(`No figures for ${locale}`);
	return figures;
}

const quote = (s: MeasuredSentence) => `${s.key} (${s.words} words): "${s.text}"`;

describe('readability figures', () => {
	it.each(LOCALE_CODES)('%s', (locale) => {
		const figures = figuresFor(locale);
		const printed = table(locale, figures);
		console.log(printed);
		expect([...FAMILY_FACING, ...WORKER_ONLY].filter((ns) => !printed.includes(`  ${ns} `))).toEqual([]);
		// A locale that is being written may not have every file yet; English always has them all.
		if (ENGLISH.includes(locale)) expect([...figures.values()].every((f) => f !== undefined)).toBe(true);
	});
});

/** Each family-facing namespace is gated on its own, so plain text in one cannot hide hard text in another. */
const GATED_GROUPS: readonly [string, readonly Namespace[]][] = [
	...FAMILY_FACING.map((ns): [string, readonly Namespace[]] => [ns, [ns]]),
	['all family-facing namespaces', FAMILY_FACING]
];

describe.each(Object.entries(GATES) as [Locale, Gate][])('%s family-facing text', (locale, gate) => {
	const figures = (group: readonly Namespace[]) => {
		const all = figuresFor(locale);
		const unread = group.filter((ns) => all.get(ns) === undefined);
		if (unread.length > 0) throw new Error(`${locale}: cannot read ${unread.map((ns) => `${ns}.json`).join(', ')}`);
		return present(all, group);
	};

	it(`has no sentence over ${gate.longestWords} words`, () => {
		const tooLong = figures(FAMILY_FACING)
			.sentences.filter((s) => s.words > gate.longestWords)
			.map(quote);
		expect(tooLong, `${locale}: split these sentences`).toEqual([]);
	});

	it.each(GATED_GROUPS)(`%s: has at most ${gate.meanWords} words a sentence on average`, (_name, group) => {
		const f = figures(group);
		const worst = [...f.sentences].sort((a, b) => b.words - a.words).slice(0, 10).map(quote);
		expect(
			meanWords(f),
			`${locale}: mean ${meanWords(f).toFixed(1)} words a sentence; the longest are:\n${worst.join('\n')}`
		).toBeLessThanOrEqual(gate.meanWords);
	});

	it.each(GATED_GROUPS)(`%s: has a Flesch Reading Ease of at least ${gate.readingEase}`, (_name, group) => {
		const f = figures(group);
		// The sentences that pull the score down most: long ones, with long words.
		const cost = (s: MeasuredSentence) => 1.015 * s.words + 84.6 * s.syllables;
		const worst = [...f.sentences].sort((a, b) => cost(b) - cost(a)).slice(0, 10).map(quote);
		expect(
			readingEase(f),
			`${locale}: Flesch Reading Ease ${readingEase(f).toFixed(1)}; the hardest sentences are:\n${worst.join('\n')}`
		).toBeGreaterThanOrEqual(gate.readingEase);
	});
});

interface AvoidedWord {
	readonly word: string;
	readonly pattern: RegExp;
	readonly reason: string;
}

/**
 * Words family-facing English never uses: DOMAIN.md's "Avoid" list (deficit language and
 * professional jargon) and GOV.UK's words to avoid (https://www.gov.uk/guidance/style-guide/a-to-z#words-to-avoid).
 * Each pattern matches the word only in the sense to avoid, so "progress" (a noun) or "foster care" pass.
 */
const AVOIDED_WORDS: readonly AvoidedWord[] = [
	// DOMAIN.md, "Words to use in family-facing text".
	{ word: 'case', pattern: /(?<!\bin )(?<!\bany )\bcases?\b/i, reason: 'makes a family a file: say "your plan" or "your family"' },
	{ word: 'caseload', pattern: /\bcase-?loads?\b/i, reason: 'makes a family a number on a list' },
	{ word: 'intervention', pattern: /\binterventions?\b/i, reason: 'something done to a family: say "support"' },
	{ word: 'vulnerable', pattern: /\bvulnerab(?:le|ility|ilities)\b/i, reason: 'deficit language' },
	{ word: 'troubled', pattern: /\btroubled\b/i, reason: 'deficit language ("troubled families")' },
	{ word: 'service user', pattern: /\bservice[ -]users?\b/i, reason: 'say "you", "families" or "people"' },
	{ word: 'client', pattern: /\bclients?\b/i, reason: 'say "you", "families" or "people"' },
	{ word: 'non-compliant', pattern: /\bnon-?complian(?:t|ce)\b/i, reason: 'deficit language that blames families' },
	{
		word: 'referral',
		pattern: /\breferrals?\b|\bbe(?:en|ing)? referred\b|\brefer(?:s|red|ring)? (?:you|yourself|your|them|families|people|children|young)\b/i,
		reason: 'say "ask for help from"'
	},
	{ word: 'assessment', pattern: /\bassess(?:es|ed|ing|ments?)?\b/i, reason: 'say "getting to know your family"' },
	// GOV.UK, words to avoid.
	{
		word: 'agenda',
		pattern: /(?<!\b(?:meeting|review)s? )\bagendas?\b(?! (?:for|of) (?:the |your |a |this |our )?(?:next )?(?:meeting|review))/i,
		reason: 'GOV.UK: unless it is for a meeting'
	},
	{ word: 'advancing', pattern: /\badvancing\b/i, reason: 'GOV.UK: vague; say what you are doing' },
	{ word: 'collaborate', pattern: /\bcollaborat(?:e|es|ed|ing|ion|ive|ively)\b/i, reason: 'GOV.UK: say "work with"' },
	{ word: 'combat', pattern: /\bcombat(?:s|ed|ing|ted|ting)?\b/i, reason: 'GOV.UK: unless it is military' },
	{
		word: 'commit/pledge',
		pattern: /\b(?:commit(?:s|ted|ting|ments?)?|pledg(?:e|es|ed|ing))\b/i,
		reason: 'GOV.UK: be specific; say what you will do'
	},
	{ word: 'countering', pattern: /\bcountering\b|\b(?:to|will|we) counter\b/i, reason: 'GOV.UK: vague; say what you are doing' },
	{
		word: 'deliver',
		pattern: /\bdeliver(?:s|ed|ing|y|ies)?\b(?! (?:food|parcels?|meals?|letters?|post|to your (?:home|door)))/i,
		reason: 'GOV.UK: post and parcels are delivered, not support or improvements; say what happens'
	},
	{ word: 'deploy', pattern: /\bdeploy(?:s|ed|ing|ment)?\b/i, reason: 'GOV.UK: unless it is military or software' },
	{ word: 'dialogue', pattern: /\bdialogues?\b/i, reason: 'GOV.UK: we speak to people; say "talk"' },
	{ word: 'disincentivise', pattern: /\bdisincentivi[sz](?:e|es|ed|ing)\b/i, reason: 'GOV.UK: jargon' },
	{ word: 'empower', pattern: /\bempower(?:s|ed|ing|ment)?\b/i, reason: 'GOV.UK: say what people can do, e.g. "you can"' },
	{ word: 'facilitate', pattern: /\bfacilitat(?:e|es|ed|ing)\b/i, reason: 'GOV.UK: say how you are helping' },
	{ word: 'focusing', pattern: /\bfocus(?:s)?ing\b/i, reason: 'GOV.UK: say what you are doing' },
	{
		word: 'foster',
		pattern:
			/(?<!\b(?:am|are|is|was|were|be|been|being) )\bfoster(?:s|ed|ing)?\b(?! (?:care|carers?|parents?|famil(?:y|ies)|child(?:ren)?|homes?|placements?|services?|agenc(?:y|ies)))/i,
		reason: 'GOV.UK: unless it is about fostering children'
	},
	{
		word: 'impact (verb)',
		pattern: /\bimpact(?:ed|ing)\b|\b(?:to|will|can|could|may|might|would|should|does|do|did|not|it|this|which|who|they|we|you) impacts?\b/i,
		reason: 'GOV.UK: say "affect" or "change"'
	},
	{ word: 'incentivise', pattern: /\bincentivi[sz](?:e|es|ed|ing)\b/i, reason: 'GOV.UK: jargon' },
	{ word: 'initiate', pattern: /\binitiat(?:e|es|ed|ing|ion)\b/i, reason: 'GOV.UK: say "start"' },
	{
		word: 'key (adjective)',
		pattern: /\bkey\b(?= +(?!(?:to|for|in|on|at|and|or|is|was|will|you|that|which|with|from|of)\b)[a-z])/i,
		reason: 'GOV.UK: say "important" or leave it out (a key to a door is fine)'
	},
	{
		word: 'land (verb)',
		pattern: /\b(?:to|will|can|could|must|should|we|they) land\b|\blanded\b/i,
		reason: 'GOV.UK: only aircraft land; say "get" or "achieve"'
	},
	{ word: 'leverage', pattern: /\bleverag(?:e|es|ed|ing)\b/i, reason: 'GOV.UK: unless in the financial sense; say "use"' },
	{ word: 'liaise', pattern: /\bliais(?:e|es|ed|ing|on)\b/i, reason: 'GOV.UK: say "work with" or "talk to"' },
	{ word: 'overarching', pattern: /\boverarching\b/i, reason: 'GOV.UK: jargon' },
	{
		word: 'progress (verb)',
		pattern: /\bprogress(?:es|ed|ing)\b|\b(?:to|will|can|could|would|should|must|we|they|you|I) progress\b/i,
		reason: 'GOV.UK: say what you are doing ("how it\'s going" as a noun is fine)'
	},
	{ word: 'promote', pattern: /\bpromot(?:e|es|ed|ing)\b/i, reason: 'GOV.UK: unless it is an advert or a campaign' },
	{ word: 'robust', pattern: /\brobust(?:ly|ness)?\b/i, reason: 'GOV.UK: jargon' },
	{ word: 'slimming down', pattern: /\bslim(?:ming|med)? down\b/i, reason: 'GOV.UK: processes do not diet' },
	{ word: 'streamline', pattern: /\bstreamlin(?:e|es|ed|ing)\b/i, reason: 'GOV.UK: say what you are doing' },
	{ word: 'strengthening', pattern: /\bstrengthen(?:s|ed|ing)?\b/i, reason: 'GOV.UK: unless it is a bridge or a building' },
	{ word: 'tackling', pattern: /\btackl(?:e|es|ed|ing)\b/i, reason: 'GOV.UK: unless it is sport' },
	{ word: 'transforming', pattern: /\btransform(?:s|ed|ing|ation|ations|ational)?\b/i, reason: 'GOV.UK: say what you are changing' },
	{ word: 'utilise', pattern: /\butili[sz](?:e|es|ed|ing|ation)\b/i, reason: 'GOV.UK: say "use"' },
	{ word: 'going/moving forward', pattern: /\b(?:going|moving) forward\b/i, reason: 'GOV.UK: say "from now on"' },
	{ word: 'in order to', pattern: /\bin order to\b/i, reason: 'GOV.UK: say "to"' }
];

/** Easy Read spells words out (DOMAIN.md §9): a reader should not have to know an abbreviation. */
const EASY_READ_ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|approx|info|admin|asap|n\/a|no\.|tel|dept|appt|mins?|hrs?)(?:\b|\.)/i;
/** Longer words Easy Read says in common words instead (DOMAIN.md §9), with what to say. */
const EASY_READ_HARD_WORDS: Readonly<Record<string, string>> = {
	accessibility: 'getting in and around',
	accessible: 'easy to get in and around',
	additional: 'more',
	administrator: 'website manager',
	agenda: 'things to talk about',
	anonymous: 'without your name',
	approximately: 'about',
	assist: 'help',
	feedback: 'what you said',
	interpreter: 'someone to help with your language',
	optional: 'you do not have to',
	purchase: 'buy',
	receive: 'get',
	regarding: 'about',
	require: 'need',
	submit: 'send',
	sufficient: 'enough'
};
const EASY_READ_HARD_WORD = new RegExp(`\\b(?:${Object.keys(EASY_READ_HARD_WORDS).join('|')})\\b`, 'i');
/** Easy Read writes numbers as digits ("2 minutes"). "One" is left out: it is also a pronoun ("a new one"). */
const EASY_READ_NUMBER_WORDS = /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand)\b/i;

function familyFacingStrings(locale: Locale): [Namespace, string, string][] {
	return FAMILY_FACING.flatMap((ns) => [...readNamespace(locale, ns)].map(([key, text]): [Namespace, string, string] => [ns, key, text]));
}

describe.each(ENGLISH)('%s family-facing text', (locale) => {
	it('avoids deficit language, jargon and GOV.UK words to avoid', () => {
		const problems: string[] = [];
		for (const [ns, key, text] of familyFacingStrings(locale)) {
			const plain = text.replace(VARIABLE, STAND_IN);
			for (const { word, pattern, reason } of AVOIDED_WORDS) {
				const hit = pattern.exec(plain);
				if (hit) problems.push(`${locale}/${ns}.json: ${key} says "${hit[0]}" (${word}: ${reason})`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('en-GB-x-easy family-facing text', () => {
	it('spells out abbreviations, writes numbers as digits and has one idea a sentence (no semicolons)', () => {
		const problems: string[] = [];
		for (const [ns, key, text] of familyFacingStrings('en-GB-x-easy')) {
			const plain = text.replace(VARIABLE, STAND_IN);
			const hit = EASY_READ_ABBREVIATIONS.exec(plain) ?? EASY_READ_NUMBER_WORDS.exec(plain) ?? /;/.exec(plain);
			if (hit) problems.push(`en-GB-x-easy/${ns}.json: ${key} says "${hit[0]}"`);
		}
		expect(problems).toEqual([]);
	});

	it('uses common words', () => {
		const problems: string[] = [];
		for (const [ns, key, text] of familyFacingStrings('en-GB-x-easy')) {
			const hit = EASY_READ_HARD_WORD.exec(text.replace(VARIABLE, STAND_IN))?.[0];
			if (hit) problems.push(`en-GB-x-easy/${ns}.json: ${key} says "${hit}": say "${EASY_READ_HARD_WORDS[hit.toLowerCase()]}"`);
		}
		expect(problems).toEqual([]);
	});
});

describe('the avoided-word patterns', () => {
	const hits = (text: string) => AVOIDED_WORDS.filter(({ pattern }) => pattern.test(text)).map(({ word }) => word);

	it.each([
		['Your case worker will call.', 'case'],
		['We will progress your request.', 'progress (verb)'],
		['This could impact your plan.', 'impact (verb)'],
		['The key dates are below.', 'key (adjective)'],
		['We want to foster trust.', 'foster'],
		['Add it to the agenda.', 'agenda'],
		['We deliver better outcomes.', 'deliver'],
		['Your worker can make a referral.', 'referral'],
		['We will refer you to a group.', 'referral']
	])('finds "%s"', (text, word) => {
		expect(hits(text)).toContain(word);
	});

	it.each([
		'How it’s going: progress so far',
		'Keep your code in case you forget your password.',
		'Support for children in foster care.',
		'Add to the agenda for the next meeting.',
		'The review meeting agenda',
		'Press the Enter key.',
		'Food parcels can be delivered to your home.',
		'This will have an impact on your plan.'
	])('lets "%s" through', (text) => {
		expect(hits(text)).toEqual([]);
	});
});
