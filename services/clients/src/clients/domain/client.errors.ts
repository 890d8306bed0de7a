import { CONTACTS_PER_CLIENT_MAX } from './contact';

export class ContactNotFoundError extends Error {
  constructor(
    readonly clientId: string,
    readonly contactId: string,
  ) {
    super(`Client ${clientId} has no contact ${contactId}`);
    this.name = 'ContactNotFoundError';
  }
}

/** Refused rather than truncated: the client's events carry every contact, and their contract caps the list. */
export class ContactLimitReachedError extends Error {
  constructor() {
    super(`A client has at most ${CONTACTS_PER_CLIENT_MAX} linked contacts`);
    this.name = 'ContactLimitReachedError';
  }
}
