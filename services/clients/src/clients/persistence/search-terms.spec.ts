import { containsPattern, searchTermsOf } from './search-terms';

describe('search terms', () => {
  it('are the lower-cased display name and emails', () => {
    expect(searchTermsOf('Jane DOE', ['jane@example.com'])).toEqual(['jane doe', 'jane@example.com']);
  });

  it('match the search text literally, case-insensitively', () => {
    const matches = (text: string, term: string) => new RegExp(containsPattern(text)).test(term);
    expect(matches('DOE', 'jane doe')).toBe(true);
    expect(matches('a.c', 'abc')).toBe(false);
    expect(matches('a.c', 'xa.cx')).toBe(true);
    expect(matches('(x)*[y]+?{1}|^$\\', 'pre (x)*[y]+?{1}|^$\\ post')).toBe(true);
    expect(matches('.*', 'anything')).toBe(false);
  });
});
