import { Injectable } from '@nestjs/common';
import { UserRepository, UserSettingsRepository } from '../../accounts/domain/account.repositories';
import { PasswordHasher } from '../../accounts/password-hasher';
import { PasswordPolicy } from '../../accounts/password-policy/password-policy';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';

export class WrongPasswordError extends Error {
  constructor() {
    super('Current password is incorrect');
  }
}

export interface ChangePasswordCommand {
  userId: string;
  /** `jti` of the calling access token: its session is the one kept. */
  accessTokenId: string | undefined;
  currentPassword: string;
  newPassword: string;
}

@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly users: UserRepository,
    private readonly settings: UserSettingsRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: RefreshSessionRepository,
  ) {}

  /**
   * Throws WeakPasswordError, WrongPasswordError. The new hash and the end of every other
   * session are one write, conditional on the hash just verified (a concurrent change wins
   * once; the other is told its current password is wrong).
   */
  async execute(command: ChangePasswordCommand, now = new Date()): Promise<{ currentSessionKept: boolean }> {
    this.policy.assertAcceptable(command.newPassword);
    const user = await this.users.findById(command.userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, command.currentPassword))) throw new WrongPasswordError();
    const keptFamilyId = command.accessTokenId === undefined ? undefined : await this.sessions.familyOfAccessToken(user.id, command.accessTokenId);
    const changed = await this.settings.changePassword(user.id, user.passwordHash, await this.hasher.hash(command.newPassword), {
      at: now,
      keptFamilyId: keptFamilyId ?? null,
    });
    if (!changed) throw new WrongPasswordError();
    return { currentSessionKept: keptFamilyId !== undefined };
  }
}
