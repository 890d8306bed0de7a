import { loadCommonPasswords, PasswordPolicy } from './password-policy';

describe('PasswordPolicy (with the common-password list shipped in the repo)', () => {
  const common = loadCommonPasswords();
  const policy = new PasswordPolicy(common);

  it('ships a list of a few thousand lowercased entries, comments left out', () => {
    expect(common.size).toBeGreaterThan(5000);
    expect(common.has('password')).toBe(true);
    expect([...common].every((entry) => entry === entry.toLowerCase() && !entry.startsWith('#'))).toBe(true);
  });

  it('accepts a long password that is not on the list', () => {
    expect(policy.check('correct horse battery staple')).toBeUndefined();
    expect(policy.check('Tr0mb0ne-Velvet-Harbour')).toBeUndefined();
  });

  it('refuses fewer than 12 characters, counting what people see as one character', () => {
    expect(policy.check('Xy7!pq2#Lm9')).toEqual({ rule: 'minLength', message: 'must be at least 12 characters long' });
    // 11 code points, but 12+ UTF-16 units: still too short.
    expect(policy.check('🔒🔒qwZx9!pLm')?.rule).toBe('minLength');
    expect(policy.check('Xy7!pq2#Lm9a')).toBeUndefined();
  });

  it('refuses a listed password of 12 or more characters, whatever its case', () => {
    expect(policy.check('qwerty123456')?.rule).toBe('notCommon');
    expect(policy.check('1q2w3e4r5t6y')?.rule).toBe('notCommon');
    expect(policy.check('QWERTY123456')?.rule).toBe('notCommon');
  });

  it('refuses a common word padded with digits or symbols to reach the length', () => {
    expect(policy.check('Password1234')).toEqual({ rule: 'notCommon', message: expect.stringContaining('too common') });
    expect(policy.check('2024!!monkey2024')?.rule).toBe('notCommon');
    expect(policy.check('   dragon123456   ')?.rule).toBe('notCommon');
  });

  it('refuses a common word spelled with look-alike characters', () => {
    expect(policy.check('P@ssw0rd2024!')?.rule).toBe('notCommon');
    expect(policy.check('l3tm3in123456')?.rule).toBe('notCommon');
  });

  it('does not refuse a password merely for containing a common word', () => {
    expect(policy.check('monkey business at noon')).toBeUndefined();
    expect(policy.check('my dragon sleeps 12 hours')).toBeUndefined();
  });
});
