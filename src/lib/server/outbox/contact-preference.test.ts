import { describe, expect, it } from 'vitest';
import { checkContactPreference, normaliseEmail, normaliseUkMobile, type ContactPreferenceInput } from './contact-preference.service';

const form = (overrides: Partial<ContactPreferenceInput>): ContactPreferenceInput => ({
	channel: 'none',
	email: '',
	phone: '',
	quietFrom: '',
	quietUntil: '',
	...overrides
});

describe('checking how a person wants to be told', () => {
	it('needs the detail for the chosen way, and checks any detail given', () => {
		expect(checkContactPreference(form({ channel: '' })).errors).toEqual({ channel: 'notifications:errors.channel_required' });
		expect(checkContactPreference(form({ channel: 'email' })).errors).toEqual({ email: 'notifications:errors.email_required' });
		expect(checkContactPreference(form({ channel: 'sms' })).errors).toEqual({ phone: 'notifications:errors.phone_required' });
		expect(checkContactPreference(form({ channel: 'sms', phone: '0161 496 0000' })).errors).toEqual({ phone: 'notifications:errors.phone_invalid' });
		expect(checkContactPreference(form({ channel: 'none', email: 'not-an-address' })).errors).toEqual({ email: 'notifications:errors.email_invalid' });
		expect(checkContactPreference(form({ channel: 'sms', phone: '07700 900 982' })).value).toEqual({
			channel: 'sms',
			email: null,
			phone: '07700900982',
			quietFrom: null,
			quietUntil: null
		});
	});

	it('takes quiet hours as both HH:MM times or neither, and not the same time twice', () => {
		expect(checkContactPreference(form({ quietFrom: '21:00' })).errors).toEqual({ quietUntil: 'notifications:errors.quiet_both' });
		expect(checkContactPreference(form({ quietUntil: '08:00' })).errors).toEqual({ quietFrom: 'notifications:errors.quiet_both' });
		expect(checkContactPreference(form({ quietFrom: '9pm', quietUntil: '24:00' })).errors).toEqual({
			quietFrom: 'notifications:errors.time_invalid',
			quietUntil: 'notifications:errors.time_invalid'
		});
		expect(checkContactPreference(form({ quietFrom: '08:00', quietUntil: '08:00' })).errors).toEqual({ quietUntil: 'notifications:errors.quiet_same' });
		expect(checkContactPreference(form({ quietFrom: '21:00', quietUntil: '08:00' })).value).toMatchObject({ quietFrom: '21:00', quietUntil: '08:00' });
	});

	it('compares addresses the way people type them: email in any case, numbers in any UK form', () => {
		expect(normaliseEmail('  Leo.H@Example.ORG ')).toBe('leo.h@example.org');
		expect(normaliseEmail('leo@localhost')).toBeNull();
		expect(normaliseUkMobile('+44 7700 900982')).toBe(normaliseUkMobile('07700-900-982'));
	});
});
