import { describe, expect, it } from 'vitest';
import { ageRange, formatDays, formatList, formatPounds, languageName, telNumber } from './format';

const range = (from: string, to: string) => `${from} to ${to}`;

describe('formatDays', () => {
	it('words runs of three or more days as a range, and lists the rest', () => {
		expect(formatDays('en-GB', [1, 2, 3, 4, 5], range)).toBe('Monday to Friday');
		expect(formatDays('en-GB', [2, 4], range)).toBe('Tuesday and Thursday');
		expect(formatDays('en-GB', [6, 1, 2, 3], range)).toBe('Monday to Wednesday and Saturday');
		expect(formatDays('en-GB', [1, 2], range)).toBe('Monday and Tuesday');
		expect(formatDays('en-GB', [], range)).toBe('');
	});

	it('uses the reader’s language', () => {
		expect(formatDays('cy', [1, 3], range)).toBe('Dydd Llun a Dydd Mercher');
		expect(formatList('cy', ['bwyd', 'arian'])).toBe('bwyd ac arian');
		expect(formatList('ur', ['ا', 'ب'])).not.toContain('(');
	});
});

describe('languageName', () => {
	it('names a language in the reader’s language, else the file’s name, else the code', () => {
		expect(languageName('en-GB', 'pl')).toBe('Polish');
		expect(languageName('en-GB-x-easy', 'so')).toBe('Somali');
		expect(languageName('cy', 'cy')).toBe('Cymraeg');
		expect(languageName('en-GB', 'qaa', 'Our own language')).toBe('Our own language');
		expect(languageName('en-GB', null, 'Sign language')).toBe('Sign language');
		expect(languageName('en-GB', 'not a code!', null)).toBe('not a code!');
	});
});

describe('formatPounds', () => {
	it('shows whole pounds without pence', () => {
		expect(formatPounds('en-GB', 1)).toBe('£1');
		expect(formatPounds('en-GB', 2.5)).toBe('£2.50');
	});
});

describe('ageRange', () => {
	it('picks the wording for the ages a service gave', () => {
		expect(ageRange(11, 18)).toEqual({ key: 'range', values: { min: 11, max: 18 } });
		expect(ageRange(18, null)).toEqual({ key: 'from', values: { min: 18 } });
		expect(ageRange(0, null)).toEqual({ key: 'any', values: {} });
		expect(ageRange(null, 4)).toEqual({ key: 'up_to', values: { max: 4 } });
		expect(ageRange(null, null)).toEqual({ key: 'any', values: {} });
	});
});

describe('telNumber', () => {
	it('keeps digits and a leading plus only', () => {
		expect(telNumber('0161 496 0800')).toBe('01614960800');
		expect(telNumber('+44 (0)161 496-0800')).toBe('+4401614960800');
		expect(telNumber('0161 496 0800?x=1')).toBe('016149608001');
	});
});
