import { invitationTokenHash } from '@portico/contracts';
import { Injectable } from '@nestjs/common';
import { FirmRepository, UserRepository } from '../../accounts/domain/account.repositories';
import { assertUsable, InvitationUnknownError } from '../domain/invitation-grant';
import { InvitationGrantRepository } from '../domain/invitation-grant.repository';

export interface InvitationView {
  firmName: string;
  email: string;
  hasLogin: boolean;
  expiresAt: Date;
}

/** What the invitation page shows. Reads only: opening a link (or a mail scanner fetching it) never consumes it. */
@Injectable()
export class ViewInvitationService {
  constructor(
    private readonly grants: InvitationGrantRepository,
    private readonly firms: FirmRepository,
    private readonly users: UserRepository,
  ) {}

  /** Throws InvitationUnknownError, InvitationUnusableError. */
  async execute(token: string, now = new Date()): Promise<InvitationView> {
    const grant = await this.grants.findByTokenHash(invitationTokenHash(token));
    assertUsable(grant, now);
    const firm = await this.firms.findById(grant.firmId);
    if (!firm) throw new InvitationUnknownError();
    // Whether the email has a login is told to the holder of this link only: the page has to
    // ask either for a new password or for the existing one.
    const hasLogin = (await this.users.findByEmail(grant.email)) !== undefined;
    return { firmName: firm.name, email: grant.email, hasLogin, expiresAt: grant.expiresAt };
  }
}
