import { v7 as uuidv7 } from 'uuid';

export const CLIENT_KINDS = ['individual', 'business'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface ClientProps {
  id: string;
  firmId: string;
  kind: ClientKind;
  displayName: string;
  /** Lower-cased, unique. May be empty: such clients exist, they just cannot be invited. */
  emails: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewClient {
  firmId: string;
  kind: ClientKind;
  displayName: string;
  emails: readonly string[];
}

/** A firm's client record (a person or a business). */
export class Client {
  private constructor(readonly props: Readonly<ClientProps>) {}

  static create(input: NewClient, now = new Date()): Client {
    const displayName = input.displayName.trim();
    if (!displayName) throw new Error('A client needs a display name');
    const emails = [...new Set(input.emails.map((email) => email.trim().toLowerCase()))];
    // UUIDv7: time-ordered, so listing by id lists by creation.
    return new Client({ id: uuidv7(), firmId: input.firmId, kind: input.kind, displayName, emails, createdAt: now, updatedAt: now });
  }

  static restore(props: ClientProps): Client {
    return new Client(props);
  }

  get id(): string {
    return this.props.id;
  }
}
