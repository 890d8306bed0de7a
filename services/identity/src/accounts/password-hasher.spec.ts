import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  beforeAll(() => hasher.onModuleInit());

  it('hashes with argon2id and a per-hash salt', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password only', async () => {
    const hash = await hasher.hash('correct horse battery');
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horse batterY')).resolves.toBe(false);
  });

  it('says no for a missing hash, after doing the same work', async () => {
    const hash = await hasher.hash('correct horse battery');
    const time = async (run: () => Promise<boolean>) => {
      const start = process.hrtime.bigint();
      expect(await run()).toBe(false);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const missing = await time(() => hasher.verify(undefined, 'correct horse battery'));
    const wrong = await time(() => hasher.verify(hash, 'wrong password!'));
    // Same argon2 parameters, so the same order of time (not a benchmark: a generous band).
    expect(missing).toBeGreaterThan(wrong / 4);
  });

  it('says no (rather than throwing) for a malformed hash', async () => {
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
  });
});
