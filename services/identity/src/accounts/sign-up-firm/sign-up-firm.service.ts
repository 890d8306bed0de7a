import { Injectable, Logger } from '@nestjs/common';
import { AccountCreated, createEvent, FirmRegistered } from '@portico/contracts';
import { FirmRepository, UserRepository } from '../domain/account.repositories';
import { newFirm } from '../domain/firm';
import { newStaffUser } from '../domain/user';
import { PasswordHasher } from '../password-hasher';
import { PasswordPolicy } from '../password-policy/password-policy';

export interface SignUpFirmCommand {
  firmName: string;
  ownerName: string;
  email: string;
  password: string;
}

@Injectable()
export class SignUpFirmService {
  private readonly logger = new Logger(SignUpFirmService.name);

  constructor(
    private readonly firms: FirmRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly policy: PasswordPolicy,
  ) {}

  /**
   * Throws WeakPasswordError, EmailTakenError.
   *
   * Two documents and no transactions (LOCAL-DB: the local server has none), so the order is what makes it safe. The firm goes
   * first and is unreachable on its own: no login belongs to it and no event announces it.
   * The owner's insert is the commit: it checks the email (unique index) and carries
   * FirmRegistered and AccountCreated in its outbox, so the firm is announced exactly when its
   * owner exists. A failed owner insert removes the firm again; a crash in between leaves an
   * unannounced firm document that nothing refers to (harmless; a sweep can delete firms
   * without an owner).
   */
  async execute(command: SignUpFirmCommand, correlationId: string): Promise<{ firmId: string; userId: string }> {
    this.policy.assertAcceptable(command.password);
    const firm = newFirm(command.firmName);
    const owner = newStaffUser({ firmId: firm.id, name: command.ownerName, email: command.email, passwordHash: await this.passwords.hash(command.password) });
    const origin = { firmId: firm.id, correlationId };
    const events = [
      createEvent(FirmRegistered, { firmId: firm.id, name: firm.name, ownerUserId: owner.id, ownerEmail: owner.email }, origin),
      createEvent(AccountCreated, { userId: owner.id, email: owner.email }, origin),
    ];
    await this.firms.insert(firm);
    try {
      await this.users.insert(owner, events);
    } catch (error) {
      // A firm left behind is as harmless as after a crash: the caller gets the original error.
      await this.firms
        .delete(firm.id)
        .catch((cleanup: unknown) => this.logger.warn({ firmId: firm.id, error: String(cleanup) }, 'Could not remove the firm of a failed signup'));
      throw error;
    }
    return { firmId: firm.id, userId: owner.id };
  }
}
