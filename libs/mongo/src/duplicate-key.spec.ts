import { isDuplicateKey } from './duplicate-key';

describe('isDuplicateKey', () => {
  it('recognises E11000 on an Error and on a driver WriteError (a plain object)', () => {
    expect(isDuplicateKey(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(true);
    expect(isDuplicateKey({ index: 0, code: 11000, errmsg: 'E11000 duplicate key' })).toBe(true);
  });

  it('is false for any other error and for values that are not errors', () => {
    expect(isDuplicateKey(Object.assign(new Error('WriteConflict'), { code: 112 }))).toBe(false);
    expect(isDuplicateKey(new Error('no code'))).toBe(false);
    expect(isDuplicateKey({ code: '11000' })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});
