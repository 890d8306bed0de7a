import type { EventEnvelope } from '@portico/contracts';
import type { Firm } from './firm';
import type { SessionCutoff, User } from './user';

export class EmailTakenError extends Error {
  constructor() {
    super('Email already registered');
  }
}

export abstract class FirmRepository {
  abstract insert(firm: Firm): Promise<void>;
  abstract delete(id: string): Promise<void>;
  abstract findById(id: string): Promise<Firm | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<Firm[]>;
}

/**
 * Logins. Events are written in the same single-document write as the change they describe
 * (the user document's outbox).
 */
export abstract class UserRepository {
  /** Throws EmailTakenError when the email is already registered. */
  abstract insert(user: User, events: readonly EventEnvelope[]): Promise<void>;
  abstract findById(id: string): Promise<User | undefined>;
  abstract findByEmail(email: string): Promise<User | undefined>;
  /**
   * Stores `user`'s memberships if the stored document is still at `expectedVersion` (the one
   * `user` was derived from); false when another write came first (reload and decide again).
   */
  abstract saveMemberships(user: User, expectedVersion: number, events: readonly EventEnvelope[]): Promise<boolean>;
  abstract recordLogin(userId: string, at: Date, events: readonly EventEnvelope[]): Promise<void>;
}

/** What a login changes about itself (User Settings). Implemented by the same store as UserRepository. */
export abstract class UserSettingsRepository {
  abstract rename(userId: string, name: string): Promise<void>;
  /**
   * Replaces the password hash if it is still `expectedHash` (the one just verified) and sets the
   * session cutoff in the same write; false when the password changed meanwhile.
   */
  abstract changePassword(userId: string, expectedHash: string, newHash: string, cutoff: SessionCutoff): Promise<boolean>;
  abstract endSessions(userId: string, cutoff: SessionCutoff): Promise<void>;
}
