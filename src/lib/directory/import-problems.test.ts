import { describe, expect, it } from 'vitest';
import { pathParts, problemKey, rowErrorKey } from './import-problems';

describe('pathParts', () => {
	it('counts list items from 1, as people do', () => {
		expect(pathParts('schedules[0].opens_at')).toEqual(['schedules', '1', 'opens_at']);
		expect(pathParts('service_at_locations[2].location.addresses[0].postal_code')).toEqual([
			'service_at_locations',
			'3',
			'location',
			'addresses',
			'1',
			'postal_code'
		]);
		expect(pathParts('name')).toEqual(['name']);
		expect(pathParts('')).toEqual([]);
	});
});

describe('problemKey', () => {
	it('words types and formats it knows, and others generally', () => {
		expect(problemKey({ code: 'type', params: { type: 'string' } })).toBe('type.string');
		expect(problemKey({ code: 'type', params: { type: 'string,null' } })).toBe('type.other');
		expect(problemKey({ code: 'format', params: { format: 'uuid' } })).toBe('format.uuid');
		expect(problemKey({ code: 'format', params: { format: 'ipv6' } })).toBe('format.other');
		expect(problemKey({ code: 'age_order', params: {} })).toBe('age_order');
	});
});

describe('rowErrorKey', () => {
	it('leaves out the name and the place when there are none', () => {
		expect(rowErrorKey({ serviceName: 'Food bank', path: 'name' })).toBe('name_path');
		expect(rowErrorKey({ serviceName: 'Food bank', path: '' })).toBe('name');
		expect(rowErrorKey({ serviceName: null, path: 'status' })).toBe('plain_path');
		expect(rowErrorKey({ serviceName: '  ', path: '' })).toBe('plain');
	});
});
