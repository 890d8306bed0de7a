import { Injectable } from '@nestjs/common';
import { FirmRepository, UserRepository } from '../domain/account.repositories';
import { newFirm } from '../domain/firm';
import { newStaffUser } from '../domain/user';
import { PasswordHasher } from '../password-hasher';

export interface SignUpFirmCommand {
  firmName: string;
  ownerName: string;
  email: string;
  password: string;
}

@Injectable()
export class SignUpFirmService {
  constructor(
    private readonly firms: FirmRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Throws EmailTakenError. */
  async execute(command: SignUpFirmCommand): Promise<{ firmId: string; userId: string }> {
    const firm = newFirm(command.firmName);
    const owner = newStaffUser({ firmId: firm.id, name: command.ownerName, email: command.email, passwordHash: await this.passwords.hash(command.password) });
    // No multi-document transactions to lean on: the owner goes first, so a taken email
    // (unique index) stops the signup before a firm exists; if the firm write then fails,
    // the owner is removed again.
    await this.users.insert(owner);
    try {
      await this.firms.insert(firm);
    } catch (error) {
      await this.users.delete(owner.id);
      throw error;
    }
    return { firmId: firm.id, userId: owner.id };
  }
}
