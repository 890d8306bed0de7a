export const RECIPIENT_KINDS = ['client', 'contact', 'extra'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** What is stored. `expired` is not among them: it is computed from `expiresAt` when read. */
export const STORED_STATUSES = ['pending', 'sent', 'delivery_failed', 'accepted', 'revoked'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

export const INVITATION_STATUSES = [...STORED_STATUSES, 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Statuses whose link still works (until it expires). */
const OPEN_STATUSES: ReadonlySet<StoredStatus> = new Set(['pending', 'sent', 'delivery_failed']);

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first email of an invitation; a resend would be `:2`, so notifications sends each exactly once. */
export function firstDeliveryKey(invitationId: string): string {
  return `invitation:${invitationId}:1`;
}

export interface InvitationProps {
  id: string;
  firmId: string;
  clientId: string;
  /** Set when the recipient is a linked contact of the client. */
  contactId: string | null;
  recipientKind: RecipientKind;
  /** Lower-cased. */
  email: string;
  recipientName: string | null;
  message: string | null;
  templateId: string | null;
  /** Staff user id. */
  requestedBy: string;
  /** SHA-256 (hex) of the link's token. The token itself is never kept. */
  tokenHash: string;
  expiresAt: Date;
  /** The delivery whose outcome (EmailSent / EmailFailed) this invitation is waiting for. */
  deliveryKey: string;
  status: StoredStatus;
  requestedAt: Date;
  issuedAt: Date;
  sentAt: Date | null;
  deliveryFailedAt: Date | null;
  deliveryFailureReason: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** The bulk job that requested it; null for a single-client request. */
  jobId: string | null;
}

export type NewInvitation = Pick<
  InvitationProps,
  'id' | 'firmId' | 'clientId' | 'contactId' | 'recipientKind' | 'email' | 'recipientName' | 'message' | 'templateId' | 'requestedBy' | 'tokenHash' | 'requestedAt'
> & { expiryDays: number; jobId?: string | null };

/** A status change: the repository applies `set` only if the stored status is still `from`. */
export interface InvitationChange {
  from: StoredStatus;
  set: Partial<InvitationProps> & { status: StoredStatus };
}

/**
 * One recipient's invitation to a firm's portal. Status only moves forward:
 * pending -> sent | delivery_failed -> accepted | revoked, with delivery_failed -> sent for a
 * later successful delivery. accepted and revoked are final. `expired` is read, never written:
 * an open invitation whose `expiresAt` has passed reads expired.
 */
export class Invitation {
  private constructor(readonly props: Readonly<InvitationProps>) {}

  static issue(input: NewInvitation, now = new Date()): Invitation {
    const { expiryDays, jobId, ...rest } = input;
    return new Invitation({
      ...rest,
      jobId: jobId ?? null,
      email: rest.email.toLowerCase(),
      expiresAt: new Date(now.getTime() + expiryDays * DAY_MS),
      deliveryKey: firstDeliveryKey(rest.id),
      status: 'pending',
      issuedAt: now,
      sentAt: null,
      deliveryFailedAt: null,
      deliveryFailureReason: null,
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
      revokedBy: null,
    });
  }

  static restore(props: InvitationProps): Invitation {
    return new Invitation(props);
  }

  get id(): string {
    return this.props.id;
  }

  /** Who the invitation is for, as every invitation event after the request repeats it. */
  get recipient(): { invitationId: string; clientId: string; contactId: string | null; email: string } {
    const { id, clientId, contactId, email } = this.props;
    return { invitationId: id, clientId, contactId, email };
  }

  /** The status staff see at `now`. */
  statusAt(now = new Date()): InvitationStatus {
    return this.isOpenAt(now) || !OPEN_STATUSES.has(this.props.status) ? this.props.status : 'expired';
  }

  /** True while the link can still be used: this invitation then holds its (firm, email) slot. */
  isOpenAt(now = new Date()): boolean {
    return OPEN_STATUSES.has(this.props.status) && this.props.expiresAt.getTime() > now.getTime();
  }

  /** The SMTP server took the email. Ignored once accepted or revoked, and after a later state. */
  markSent(sentAt: Date): InvitationChange | undefined {
    if (this.props.status !== 'pending' && this.props.status !== 'delivery_failed') return undefined;
    return this.change({ status: 'sent', sentAt });
  }

  /** Delivery gave up. Never overrides sent (a delivery that succeeded stays the fact) nor a final state. */
  markDeliveryFailed(reason: string, failedAt: Date): InvitationChange | undefined {
    if (this.props.status !== 'pending') return undefined;
    return this.change({ status: 'delivery_failed', deliveryFailedAt: failedAt, deliveryFailureReason: reason });
  }

  /**
   * Identity granted portal access through this invitation. Recorded even past `expiresAt`:
   * identity checked the expiry when it accepted, and the access exists either way.
   */
  accept(userId: string, acceptedAt: Date): InvitationChange | undefined {
    if (!OPEN_STATUSES.has(this.props.status)) return undefined;
    return this.change({ status: 'accepted', acceptedAt, acceptedBy: userId });
  }

  /** Staff withdraw the invitation. Only an open one can be revoked (not accepted, revoked or expired). */
  revoke(staffUserId: string, now = new Date()): InvitationChange | undefined {
    if (!this.isOpenAt(now)) return undefined;
    return this.change({ status: 'revoked', revokedAt: now, revokedBy: staffUserId });
  }

  /** The invitation after `change`. */
  apply(change: InvitationChange): Invitation {
    return new Invitation({ ...this.props, ...change.set });
  }

  private change(set: InvitationChange['set']): InvitationChange {
    return { from: this.props.status, set };
  }
}
