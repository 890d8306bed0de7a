import { UserRepository, UserSettingsRepository } from '../../accounts/domain/account.repositories';
import { newStaffUser, type SessionCutoff, type User } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { loadCommonPasswords, PasswordPolicy, WeakPasswordError } from '../../accounts/password-policy/password-policy';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';
import { ChangePasswordService, WrongPasswordError } from './change-password.service';

const current = 'correct horse battery staple';
const next = 'violet kettle on the windowsill';
const now = new Date('2030-01-01T00:00:00.000Z');

describe('ChangePasswordService', () => {
  const hasher = new PasswordHasher();
  let user: User;
  let writes: { expectedHash: string; newHash: string; cutoff: SessionCutoff }[];
  let service: ChangePasswordService;
  // Access token "jti-1" was issued by session family "family-1".
  const sessions = {
    familyOfAccessToken: async (userId: string, jti: string) => (userId === user.id && jti === 'jti-1' ? 'family-1' : undefined),
  } as unknown as RefreshSessionRepository;

  beforeAll(async () => {
    await hasher.onModuleInit();
  });

  beforeEach(async () => {
    user = { ...newStaffUser({ firmId: 'f-1', name: 'Ann', email: 'ann@example.com', passwordHash: await hasher.hash(current) }), id: 'u-1' };
    writes = [];
    const users = { findById: async (id: string) => (id === user.id ? user : undefined) } as UserRepository;
    const settings = {
      changePassword: async (_userId: string, expectedHash: string, newHash: string, cutoff: SessionCutoff) => {
        if (expectedHash !== user.passwordHash) return false;
        writes.push({ expectedHash, newHash, cutoff });
        return true;
      },
    } as unknown as UserSettingsRepository;
    service = new ChangePasswordService(users, settings, hasher, new PasswordPolicy(loadCommonPasswords()), sessions);
  });

  const change = (overrides: { currentPassword?: string; newPassword?: string; accessTokenId?: string }) =>
    service.execute({ userId: 'u-1', accessTokenId: 'jti-1', currentPassword: current, newPassword: next, ...overrides }, now);

  it('stores a hash of the new password and ends every other session, keeping the calling one', async () => {
    await expect(change({})).resolves.toEqual({ currentSessionKept: true });
    expect(writes).toHaveLength(1);
    await expect(hasher.verify(writes[0].newHash, next)).resolves.toBe(true);
    expect(writes[0].cutoff).toEqual({ at: now, keptFamilyId: 'family-1' });
  });

  it('ends every session, the calling one too, when it cannot tell which session calls', async () => {
    await expect(change({ accessTokenId: 'jti-unknown' })).resolves.toEqual({ currentSessionKept: false });
    await expect(change({ accessTokenId: undefined })).resolves.toEqual({ currentSessionKept: false });
    expect(writes.map((write) => write.cutoff.keptFamilyId)).toEqual([null, null]);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    await expect(change({ currentPassword: 'not my password' })).rejects.toThrow(WrongPasswordError);
    expect(writes).toEqual([]);
  });

  it('judges the new password by the policy of new logins', async () => {
    await expect(change({ newPassword: 'short' })).rejects.toThrow(expect.objectContaining({ violation: expect.objectContaining({ rule: 'minLength' }) }));
    await expect(change({ newPassword: 'Password1234' })).rejects.toThrow(WeakPasswordError);
    expect(writes).toEqual([]);
  });

  it('refuses the loser of two concurrent changes as a wrong current password', async () => {
    const verified = user.passwordHash;
    user = { ...user, passwordHash: await hasher.hash('changed meanwhile!!') };
    const users = { findById: async () => ({ ...user, passwordHash: verified }) } as unknown as UserRepository;
    const racing = new ChangePasswordService(
      users,
      { changePassword: async () => false } as unknown as UserSettingsRepository,
      hasher,
      new PasswordPolicy(new Set()),
      sessions,
    );
    await expect(racing.execute({ userId: 'u-1', accessTokenId: 'jti-1', currentPassword: current, newPassword: next }, now)).rejects.toThrow(
      WrongPasswordError,
    );
  });
});
