import { invitationTokenHash } from '@portico/contracts';
import type { Principal } from '@portico/auth';
import type { EventEnvelope } from '@portico/contracts';
import { EmailTakenError, FirmRepository, UserRepository } from '../../accounts/domain/account.repositories';
import { newClientUser, newStaffUser, type User } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { PasswordPolicy, WeakPasswordError } from '../../accounts/password-policy/password-policy';
import type { SessionIssuer } from '../../sessions/session-issuer';
import { ACCEPTANCE_LEASE_MS, grantState, InvitationGrant, InvitationUnknownError, InvitationUnusableError } from '../domain/invitation-grant';
import { InvitationGrantRepository } from '../domain/invitation-grant.repository';
import { AcceptInvitationService, LoginCreatedMeanwhileError, WrongExistingPasswordError } from './accept-invitation.service';

/** The repository contract in memory: a claim succeeds exactly when the grant state says usable. */
class InMemoryGrants extends InvitationGrantRepository {
  readonly rows = new Map<string, InvitationGrant>();
  async applyIssued(): Promise<void> {
    throw new Error('not used here');
  }
  async applyRevoked(): Promise<void> {
    throw new Error('not used here');
  }
  async applyReissued(): Promise<boolean> {
    throw new Error('not used here');
  }
  async applyReminded(): Promise<boolean> {
    throw new Error('not used here');
  }
  async findByTokenHash(tokenHash: string) {
    const row = [...this.rows.values()].find((grant) => grant.tokenHash === tokenHash);
    return row && structuredClone(row);
  }
  async claim(grant: InvitationGrant, claimId: string, now: Date) {
    const row = this.rows.get(grant.invitationId);
    if (!row || row.tokenHash !== grant.tokenHash || grantState(row, now) !== 'usable') return false;
    Object.assign(row, { status: 'accepted', acceptance: { claimId, claimedAt: now, completedAt: null } });
    return true;
  }
  async release(invitationId: string, claimId: string) {
    const row = this.rows.get(invitationId);
    if (row?.acceptance?.claimId === claimId && !row.acceptance.completedAt) Object.assign(row, { status: 'pending', acceptance: null });
  }
  async complete(invitationId: string, claimId: string, now: Date) {
    const row = this.rows.get(invitationId);
    if (row?.acceptance?.claimId === claimId) row.acceptance.completedAt = now;
  }
}

/** Unique email and version-checked membership writes, like the Mongo repository. */
class InMemoryUsers extends UserRepository {
  readonly rows = new Map<string, User>();
  readonly outbox: EventEnvelope[] = [];
  failNextWrite = false;
  async insert(user: User, events: readonly EventEnvelope[]) {
    this.maybeFail();
    if ([...this.rows.values()].some((row) => row.email === user.email)) throw new EmailTakenError();
    this.rows.set(user.id, structuredClone(user));
    this.outbox.push(...events);
  }
  async findById(id: string) {
    const row = this.rows.get(id);
    return row && structuredClone(row);
  }
  async findByEmail(email: string) {
    const row = [...this.rows.values()].find((user) => user.email === email);
    return row && structuredClone(row);
  }
  async saveMemberships(user: User, expectedVersion: number, events: readonly EventEnvelope[]) {
    this.maybeFail();
    const row = this.rows.get(user.id);
    if (!row || row.version !== expectedVersion) return false;
    this.rows.set(user.id, structuredClone(user));
    this.outbox.push(...events);
    return true;
  }
  async recordLogin() {
    throw new Error('not used here');
  }
  private maybeFail() {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('database unavailable');
    }
  }
}

const firms = { findById: async (id: string) => (id.startsWith('firm-') ? { id, name: `Name of ${id}`, createdAt: new Date() } : undefined) } as FirmRepository;

describe('AcceptInvitationService', () => {
  const hasher = new PasswordHasher();
  const policy = new PasswordPolicy(new Set(['password', 'qwerty123456']));
  const now = new Date('2030-06-01T12:00:00.000Z');
  const good = 'correct horse battery staple';
  let grants: InMemoryGrants;
  let users: InMemoryUsers;
  let principals: Principal[];
  let service: AcceptInvitationService;

  const issuer = {
    issue: async (principal: Principal) => {
      principals.push(principal);
      return { accessToken: `access-${principals.length}`, refreshToken: `refresh-${principals.length}`, expiresIn: 900, tokenType: 'Bearer' as const };
    },
  } as unknown as SessionIssuer;

  const grant = (token: string, overrides: Partial<InvitationGrant> = {}): InvitationGrant => {
    const row: InvitationGrant = {
      invitationId: `inv-${token}`,
      tokenHash: invitationTokenHash(token),
      firmId: 'firm-a',
      clientId: 'client-1',
      contactId: null,
      recipientKind: 'client',
      email: 'cal@example.com',
      expiresAt: new Date(now.getTime() + 3600_000),
      status: 'pending',
      acceptance: null,
      ...overrides,
    };
    grants.rows.set(row.invitationId, row);
    return row;
  };
  const accept = (token: string, password: string, at = now) => service.execute(token, password, 'corr-1', at);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(() => hasher.onModuleInit());

  beforeEach(() => {
    grants = new InMemoryGrants();
    users = new InMemoryUsers();
    principals = [];
    service = new AcceptInvitationService(grants, users, firms, hasher, policy, issuer);
  });

  it('creates a login for exactly the invited email, grants the portal and logs the person into it', async () => {
    grant('t1');
    const result = await accept('t1', good);

    expect(result).toMatchObject({
      newAccount: true,
      accessToken: 'access-1',
      portal: { firmId: 'firm-a', firmName: 'Name of firm-a', clientId: 'client-1', contactId: null },
    });
    const [user] = users.rows.values();
    expect(user).toMatchObject({ role: 'client', email: 'cal@example.com', portals: [{ firmId: 'firm-a', clientId: 'client-1', invitationId: 'inv-t1' }] });
    await expect(hasher.verify(user.passwordHash, good)).resolves.toBe(true);
    expect(principals).toEqual([{ userId: user.id, role: 'client', email: 'cal@example.com', firmId: 'firm-a', clientId: 'client-1', contactId: null }]);
    expect(users.outbox.map((event) => [event.type, event.firmId, event.correlationId])).toEqual([
      ['AccountCreated', 'firm-a', 'corr-1'],
      ['PortalAccessGranted', 'firm-a', 'corr-1'],
      ['UserLoggedIn', 'firm-a', 'corr-1'],
    ]);
    expect(users.outbox[1].payload).toEqual({
      userId: user.id,
      email: 'cal@example.com',
      firmId: 'firm-a',
      clientId: 'client-1',
      contactId: null,
      recipientKind: 'client',
      invitationId: 'inv-t1',
      newAccount: true,
    });
    expect(grants.rows.get('inv-t1')).toMatchObject({ status: 'accepted', acceptance: { completedAt: now } });
  });

  it('refuses a weak new password naming the rule, and leaves the link usable', async () => {
    grant('t2');
    expect(await failure(accept('t2', 'short'))).toMatchObject({ violation: { rule: 'minLength' } });
    expect(await failure(accept('t2', 'Password2024!'))).toMatchObject({ violation: { rule: 'notCommon' } });
    expect(await failure(accept('t2', 'short'))).toBeInstanceOf(WeakPasswordError);
    expect(grants.rows.get('inv-t2')?.status).toBe('pending');
    expect(users.rows.size).toBe(0);
    await expect(accept('t2', good)).resolves.toMatchObject({ newAccount: true });
  });

  it('adds the portal to an existing login when its password is given, and not otherwise', async () => {
    const existing = newStaffUser({ firmId: 'firm-s', name: 'Sam', email: 'cal@example.com', passwordHash: await hasher.hash('the existing password') });
    users.rows.set(existing.id, existing);
    grant('t3', { firmId: 'firm-b', clientId: 'client-9', contactId: 'contact-2' });

    expect(await failure(accept('t3', good))).toBeInstanceOf(WrongExistingPasswordError);
    expect(grants.rows.get('inv-t3')?.status).toBe('pending');

    // The existing password need not meet today's policy: it is only being proven.
    const result = await accept('t3', 'the existing password');
    expect(result).toMatchObject({ newAccount: false, portal: { firmId: 'firm-b', clientId: 'client-9', contactId: 'contact-2' } });
    expect(users.rows.get(existing.id)).toMatchObject({ role: 'staff', firmId: 'firm-s', portals: [{ firmId: 'firm-b', clientId: 'client-9' }] });
    expect(users.outbox.map((event) => event.type)).toEqual(['PortalAccessGranted', 'UserLoggedIn']);
    expect(users.outbox[0].payload).toMatchObject({ newAccount: false, contactId: 'contact-2' });
  });

  it('lets exactly one of two concurrent acceptances of one link through', async () => {
    grant('t4');
    const results = await Promise.allSettled([accept('t4', good), accept('t4', good)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toEqual(new InvitationUnusableError('used'));
    expect(users.rows.size).toBe(1);
    expect(users.outbox.filter((event) => event.type === 'PortalAccessGranted')).toHaveLength(1);
  });

  it('gives the claim back when the login write fails, so the link still works', async () => {
    grant('t5');
    users.failNextWrite = true;
    await expect(accept('t5', good)).rejects.toThrow('database unavailable');
    expect(grants.rows.get('inv-t5')).toMatchObject({ status: 'pending', acceptance: null });
    await expect(accept('t5', good)).resolves.toMatchObject({ newAccount: true });
  });

  it('answers a login created for the same email in the meantime with a clear error, and keeps the link', async () => {
    grant('t6');
    const originalInsert = users.insert.bind(users);
    users.insert = async (user, events) => {
      // Another invitation for this email was accepted between our check and our write.
      await originalInsert(
        newClientUser({ email: user.email, passwordHash: 'other', invitation: { invitationId: 'inv-x', firmId: 'firm-x', clientId: 'c-x', contactId: null } }),
        [],
      );
      return originalInsert(user, events);
    };
    expect(await failure(accept('t6', good))).toBeInstanceOf(LoginCreatedMeanwhileError);
    expect(grants.rows.get('inv-t6')?.status).toBe('pending');
  });

  it('completes an acceptance abandoned after the login write without granting twice', async () => {
    const user = newClientUser({
      email: 'cal@example.com',
      passwordHash: await hasher.hash(good),
      invitation: { invitationId: 'inv-t7', firmId: 'firm-a', clientId: 'client-1', contactId: null },
    });
    users.rows.set(user.id, user);
    grant('t7', { status: 'accepted', acceptance: { claimId: 'dead-process', claimedAt: now, completedAt: null } });
    const afterLease = new Date(now.getTime() + ACCEPTANCE_LEASE_MS);

    expect(await failure(accept('t7', good, new Date(afterLease.getTime() - 1)))).toEqual(new InvitationUnusableError('used'));
    await expect(accept('t7', good, afterLease)).resolves.toMatchObject({ newAccount: false });
    expect(users.outbox).toEqual([]);
    expect(users.rows.get(user.id)?.portals).toHaveLength(1);
    expect(grants.rows.get('inv-t7')?.acceptance?.completedAt).toEqual(afterLease);
  });

  it('refuses unknown, used, revoked and expired links before looking at the password', async () => {
    grant('used', { status: 'accepted', acceptance: { claimId: 'c', claimedAt: now, completedAt: now } });
    grant('revoked', { status: 'revoked' });
    grant('expired', { expiresAt: now });
    const verify = jest.spyOn(hasher, 'verify');
    expect(await failure(accept('nope', good))).toBeInstanceOf(InvitationUnknownError);
    for (const state of ['used', 'revoked', 'expired'] as const) expect(await failure(accept(state, good))).toEqual(new InvitationUnusableError(state));
    expect(verify).not.toHaveBeenCalled();
    expect(users.rows.size).toBe(0);
    verify.mockRestore();
  });
});
