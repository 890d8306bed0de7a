import { Injectable, Logger } from '@nestjs/common';
import { AccountCreated, createEvent, type EventEnvelope, type EventOrigin, invitationTokenHash, PortalAccessGranted, UserLoggedIn } from '@portico/contracts';
import { randomUUID } from 'node:crypto';
import { EmailTakenError, FirmRepository, UserRepository } from '../../accounts/domain/account.repositories';
import { acceptInvitation, newClientUser, PortalInvitation, portalPrincipal, PortalMembership, User } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { PasswordPolicy } from '../../accounts/password-policy/password-policy';
import { SessionIssuer } from '../../sessions/session-issuer';
import { assertUsable, grantState, InvitationGrant, InvitationUnknownError, InvitationUnusableError } from '../domain/invitation-grant';
import { InvitationGrantRepository } from '../domain/invitation-grant.repository';
import type { AcceptInvitationResponseDto } from './accept-invitation.response.dto';

export class WrongExistingPasswordError extends Error {
  constructor() {
    super('Incorrect password');
  }
}

/** Another acceptance created a login for this email between our check and our write. */
export class LoginCreatedMeanwhileError extends Error {
  constructor() {
    super('A login for this email was created in the meantime: open the invitation again and use its password');
  }
}

/** Concurrent changes to the same login kept winning; the caller may simply retry. */
export class LoginBusyError extends Error {
  constructor() {
    super('This login was being changed at the same time: try again');
  }
}

const MEMBERSHIP_WRITE_ATTEMPTS = 3;

interface Granted {
  user: User;
  membership: PortalMembership;
}

/**
 * Accepting an invitation: a new login for the invited email (password policy, argon2id), or
 * the existing login of that email proven by its password; either way the firm's portal is
 * added and the person is logged into it.
 *
 * Two documents change without a transaction, so in this order:
 * 1. claim the grant (one conditional update: pending -> accepted, unexpired, unrevoked):
 *    of concurrent acceptances exactly one goes on, the others get "used";
 * 2. write the login: the membership and its events (AccountCreated, PortalAccessGranted,
 *    UserLoggedIn) in one document write, idempotent per invitation;
 * 3. mark the acceptance complete.
 * If 2 fails, the claim is given back. If the process dies between 1 and 3, the grant's
 * acceptance lease runs out and the link works again; repeating 2 then changes nothing.
 */
@Injectable()
export class AcceptInvitationService {
  private readonly logger = new Logger(AcceptInvitationService.name);

  constructor(
    private readonly grants: InvitationGrantRepository,
    private readonly users: UserRepository,
    private readonly firms: FirmRepository,
    private readonly passwords: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly issuer: SessionIssuer,
  ) {}

  /**
   * Throws InvitationUnknownError, InvitationUnusableError, WeakPasswordError,
   * WrongExistingPasswordError, LoginCreatedMeanwhileError, LoginBusyError.
   */
  async execute(token: string, password: string, correlationId: string, now = new Date()): Promise<AcceptInvitationResponseDto> {
    const tokenHash = invitationTokenHash(token);
    const grant = await this.grants.findByTokenHash(tokenHash);
    assertUsable(grant, now);
    const firm = await this.firms.findById(grant.firmId);
    if (!firm) throw new InvitationUnknownError();

    const origin = { firmId: grant.firmId, correlationId };
    const existing = await this.users.findByEmail(grant.email);
    let writeLogin: () => Promise<Granted>;
    if (existing) {
      if (!(await this.passwords.verify(existing.passwordHash, password))) throw new WrongExistingPasswordError();
      writeLogin = () => this.addPortal(existing, grant, origin, now);
    } else {
      this.policy.assertAcceptable(password);
      const passwordHash = await this.passwords.hash(password);
      writeLogin = () => this.createLogin(grant, passwordHash, origin, now);
    }

    const claimId = randomUUID();
    if (!(await this.grants.claim(grant, claimId, now))) throw await this.whyUnclaimable(tokenHash, now);
    let granted: Granted;
    try {
      granted = await writeLogin();
    } catch (error) {
      // If even the release fails, the acceptance lease frees the link later.
      await this.grants
        .release(grant.invitationId, claimId)
        .catch((cleanup: unknown) => this.logger.warn({ invitationId: grant.invitationId, error: String(cleanup) }, 'Could not release an invitation claim'));
      throw error;
    }
    await this.grants.complete(grant.invitationId, claimId, now);

    const { user, membership } = granted;
    const tokens = await this.issuer.issue(portalPrincipal(user, membership), undefined, now);
    return {
      ...tokens,
      newAccount: !existing,
      portal: { firmId: firm.id, firmName: firm.name, clientId: membership.clientId, contactId: membership.contactId },
    };
  }

  private async createLogin(grant: InvitationGrant, passwordHash: string, origin: EventOrigin, now: Date): Promise<Granted> {
    const user = newClientUser({ email: grant.email, passwordHash, invitation: invitationOf(grant) }, now);
    const membership = user.portals[0];
    const events = [createEvent(AccountCreated, { userId: user.id, email: user.email }, origin), ...grantedEvents(user, grant, true, origin, now)];
    try {
      await this.users.insert(user, events);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new LoginCreatedMeanwhileError();
      throw error;
    }
    return { user, membership };
  }

  private async addPortal(loaded: User, grant: InvitationGrant, origin: EventOrigin, now: Date): Promise<Granted> {
    let current: User | undefined = loaded;
    for (let attempt = 0; attempt < MEMBERSHIP_WRITE_ATTEMPTS && current; attempt += 1) {
      const acceptance = acceptInvitation(current, invitationOf(grant), now);
      // Accepted before by this login (a retry after an interrupted acceptance): nothing to write.
      if (!acceptance.changed) return acceptance;
      if (await this.users.saveMemberships(acceptance.user, current.version, grantedEvents(acceptance.user, grant, false, origin, now))) return acceptance;
      current = await this.users.findById(loaded.id);
    }
    throw new LoginBusyError();
  }

  private async whyUnclaimable(tokenHash: string, now: Date): Promise<Error> {
    const grant = await this.grants.findByTokenHash(tokenHash);
    if (!grant) return new InvitationUnknownError();
    const state = grantState(grant, now);
    // Claimed by a concurrent acceptance a moment ago: from here, the link is used.
    return new InvitationUnusableError(state === 'usable' ? 'used' : state);
  }
}

function invitationOf(grant: InvitationGrant): PortalInvitation {
  return { invitationId: grant.invitationId, firmId: grant.firmId, clientId: grant.clientId, contactId: grant.contactId };
}

/** The portal was granted and the person, logged in by the acceptance, entered it. */
function grantedEvents(user: User, grant: InvitationGrant, newAccount: boolean, origin: EventOrigin, now: Date): EventEnvelope[] {
  const { invitationId, firmId, clientId, contactId, recipientKind } = grant;
  return [
    createEvent(PortalAccessGranted, { userId: user.id, email: user.email, firmId, clientId, contactId, recipientKind, invitationId, newAccount }, origin),
    createEvent(UserLoggedIn, { userId: user.id, role: 'client', at: now.toISOString() }, origin),
  ];
}
