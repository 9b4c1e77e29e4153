/** The same page in another language: other query parameters are kept, `lang` is replaced. */
export function languageHref(url: URL, code: string): string {
	const kept = [...url.searchParams]
		.filter(([key]) => key !== 'lang')
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
	return `${url.pathname}?${[...kept, `lang=${encodeURIComponent(code)}`].join('&')}`;
}
