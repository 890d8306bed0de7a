import { UserRepository } from '../../accounts/domain/account.repositories';
import type { StaffUser } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { SessionIssuer } from '../session-issuer';
import { InvalidCredentialsError, LoginService } from './login.service';

describe('LoginService', () => {
  const hasher = new PasswordHasher();
  let user: StaffUser;
  const issue = jest.fn(async () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' as const }));
  const users = { findByEmail: async (email: string) => (email === user.email ? user : undefined) } as UserRepository;
  const service = new LoginService(users, hasher, { issue } as unknown as SessionIssuer);

  beforeAll(async () => {
    await hasher.onModuleInit();
    user = { id: 'u-1', firmId: 'f-1', role: 'staff', name: 'Ann', email: 'ann@example.com', passwordHash: await hasher.hash('correct horse battery'), createdAt: new Date() };
  });

  beforeEach(() => issue.mockClear());

  it('issues a session for the right password, whatever the case and spacing of the email', async () => {
    await expect(service.execute('  Ann@Example.com ', 'correct horse battery')).resolves.toMatchObject({ accessToken: 'a' });
    expect(issue).toHaveBeenCalledWith({ userId: 'u-1', role: 'staff', firmId: 'f-1', email: 'ann@example.com' });
  });

  it('gives the same error for a wrong password and an unknown email', async () => {
    const wrongPassword = await service.execute('ann@example.com', 'wrong password!').catch((error: unknown) => error);
    const unknownEmail = await service.execute('bob@example.com', 'correct horse battery').catch((error: unknown) => error);
    expect(wrongPassword).toBeInstanceOf(InvalidCredentialsError);
    expect(unknownEmail).toBeInstanceOf(InvalidCredentialsError);
    expect((wrongPassword as Error).message).toBe((unknownEmail as Error).message);
    expect(issue).not.toHaveBeenCalled();
  });

  it('still runs a password verification for an unknown email (no timing shortcut)', async () => {
    const verify = jest.spyOn(hasher, 'verify');
    await service.execute('bob@example.com', 'whatever password').catch(() => undefined);
    expect(verify).toHaveBeenCalledWith(undefined, 'whatever password');
    verify.mockRestore();
  });
});
