import { Injectable } from '@nestjs/common';
import { createEvent, UserLoggedIn } from '@portico/contracts';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { loginPrincipal, normalizeEmail } from '../../accounts/domain/user';
import { PasswordHasher } from '../../accounts/password-hasher';
import { SessionIssuer, TokenPairDto } from '../session-issuer';

export class InvalidCredentialsError extends Error {
  constructor() {
    super('Invalid email or password');
  }
}

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly issuer: SessionIssuer,
  ) {}

  /**
   * Staff get a token for their firm and a UserLoggedIn of that firm. A client gets a token
   * outside any portal and no event yet: UserLoggedIn is per firm, so it is emitted when the
   * client enters a portal (POST /auth/portal), and only that firm learns of it.
   */
  async execute(email: string, password: string, correlationId: string, now = new Date()): Promise<TokenPairDto> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    // An unknown email still costs one argon2 verification, so timing does not tell them apart.
    if (!(await this.passwords.verify(user?.passwordHash, password)) || !user) throw new InvalidCredentialsError();
    const events =
      user.role === 'staff'
        ? [createEvent(UserLoggedIn, { userId: user.id, role: 'staff', at: now.toISOString() }, { firmId: user.firmId, correlationId })]
        : [];
    await this.users.recordLogin(user.id, now, events);
    return this.issuer.issue(loginPrincipal(user), undefined, now);
  }
}
