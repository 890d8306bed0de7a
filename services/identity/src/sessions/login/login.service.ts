import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { normalizeEmail } from '../../accounts/domain/user';
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

  async execute(email: string, password: string): Promise<TokenPairDto> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    // An unknown email still costs one argon2 verification, so timing does not tell them apart.
    if (!(await this.passwords.verify(user?.passwordHash, password)) || !user) throw new InvalidCredentialsError();
    return this.issuer.issue({ userId: user.id, role: user.role, firmId: user.firmId, email: user.email });
  }
}
