import type { EventEnvelope } from '@portico/contracts';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { newStaffUser, type ClientUser, type StaffUser } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { SessionIssuer } from '../session-issuer';
import { InvalidCredentialsError, LoginService } from './login.service';

describe('LoginService', () => {
  const hasher = new PasswordHasher();
  let staff: StaffUser;
  let client: ClientUser;
  const logins: { userId: string; at: Date; events: readonly EventEnvelope[] }[] = [];
  const issue = jest.fn(async () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' as const }));
  const users = {
    findByEmail: async (email: string) => [staff, client].find((user) => user.email === email),
    recordLogin: async (userId: string, at: Date, events: readonly EventEnvelope[]) => void logins.push({ userId, at, events }),
  } as unknown as UserRepository;
  const service = new LoginService(users, hasher, { issue } as unknown as SessionIssuer);

  beforeAll(async () => {
    await hasher.onModuleInit();
    const passwordHash = await hasher.hash('correct horse battery');
    staff = { ...newStaffUser({ firmId: 'f-1', name: 'Ann', email: 'ann@example.com', passwordHash }), id: 'u-1' };
    client = { id: 'c-1', role: 'client', email: 'cal@example.com', passwordHash, createdAt: new Date(), portals: [], acceptedInvitationIds: [], version: 1 };
  });

  beforeEach(() => {
    issue.mockClear();
    logins.length = 0;
  });

  it('issues a staff session for the right password, whatever the case and spacing of the email', async () => {
    await expect(service.execute('  Ann@Example.com ', 'correct horse battery', 'corr-1')).resolves.toMatchObject({ accessToken: 'a' });
    expect(issue).toHaveBeenCalledWith({ userId: 'u-1', role: 'staff', firmId: 'f-1', email: 'ann@example.com' }, undefined, expect.any(Date));
  });

  it("records a staff login with a UserLoggedIn of the staff member's firm", async () => {
    const now = new Date('2030-01-02T03:04:05.000Z');
    await service.execute('ann@example.com', 'correct horse battery', 'corr-2', now);
    expect(logins).toEqual([
      {
        userId: 'u-1',
        at: now,
        events: [
          expect.objectContaining({
            type: 'UserLoggedIn',
            firmId: 'f-1',
            correlationId: 'corr-2',
            payload: { userId: 'u-1', role: 'staff', at: '2030-01-02T03:04:05.000Z' },
          }),
        ],
      },
    ]);
  });

  it('gives a client a token outside any portal, and tells no firm yet', async () => {
    await service.execute('cal@example.com', 'correct horse battery', 'corr-3');
    expect(issue).toHaveBeenCalledWith({ userId: 'c-1', role: 'client', email: 'cal@example.com' }, undefined, expect.any(Date));
    expect(logins).toEqual([{ userId: 'c-1', at: expect.any(Date), events: [] }]);
  });

  it('gives the same error for a wrong password and an unknown email, and records nothing', async () => {
    const wrongPassword = await service.execute('ann@example.com', 'wrong password!', 'c').catch((error: unknown) => error);
    const unknownEmail = await service.execute('bob@example.com', 'correct horse battery', 'c').catch((error: unknown) => error);
    expect(wrongPassword).toBeInstanceOf(InvalidCredentialsError);
    expect(unknownEmail).toBeInstanceOf(InvalidCredentialsError);
    expect((wrongPassword as Error).message).toBe((unknownEmail as Error).message);
    expect(issue).not.toHaveBeenCalled();
    expect(logins).toEqual([]);
  });

  it('still runs a password verification for an unknown email (no timing shortcut)', async () => {
    const verify = jest.spyOn(hasher, 'verify');
    await service.execute('bob@example.com', 'whatever password', 'c').catch(() => undefined);
    expect(verify).toHaveBeenCalledWith(undefined, 'whatever password');
    verify.mockRestore();
  });
});
