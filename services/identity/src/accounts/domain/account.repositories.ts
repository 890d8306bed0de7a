import type { Firm } from './firm';
import type { StaffUser } from './user';

export class EmailTakenError extends Error {
  constructor() {
    super('Email already registered');
  }
}

export abstract class FirmRepository {
  abstract insert(firm: Firm): Promise<void>;
  abstract findById(id: string): Promise<Firm | undefined>;
}

export abstract class UserRepository {
  /** Throws EmailTakenError when the email is already registered. */
  abstract insert(user: StaffUser): Promise<void>;
  abstract delete(id: string): Promise<void>;
  abstract findById(id: string): Promise<StaffUser | undefined>;
  abstract findByEmail(email: string): Promise<StaffUser | undefined>;
}
