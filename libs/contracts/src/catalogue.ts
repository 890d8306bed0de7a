import type { EventContract } from './define-event';
import { ClientCreated, ClientUpdated } from './events/client.events';
import { AccountCreated, FirmRegistered, PortalAccessGranted, UserLoggedIn } from './events/identity.events';
import {
  BulkInviteCompleted,
  BulkInviteProgressed,
  BulkInviteRequested,
  InvitationAccepted,
  InvitationDeliveryFailed,
  InvitationEmailRequested,
  InvitationExpired,
  InvitationIssued,
  InvitationReissued,
  InvitationReminded,
  InvitationRequested,
  InvitationRevoked,
  InvitationSent,
} from './events/invitation.events';
import { EmailFailed, EmailSent } from './events/notification.events';
import { TodoCompleted, TodoCreated, TodoReopened } from './events/task.events';
import { FileDeleted, FileRenamed, FileShared, FileUploaded } from './events/file.events';
import { ClientBillingChanged, InvoiceIssued, InvoiceVoided, PaymentRecorded } from './events/billing.events';

/** Every event Portico publishes, for tools (docs, topic creation) and producer-side validation. */
export const allEvents: readonly EventContract[] = [
  ClientCreated,
  ClientUpdated,
  FirmRegistered,
  AccountCreated,
  PortalAccessGranted,
  UserLoggedIn,
  InvitationRequested,
  InvitationIssued,
  InvitationSent,
  InvitationDeliveryFailed,
  InvitationAccepted,
  InvitationRevoked,
  InvitationReissued,
  InvitationReminded,
  InvitationExpired,
  InvitationEmailRequested,
  BulkInviteRequested,
  BulkInviteProgressed,
  BulkInviteCompleted,
  EmailSent,
  EmailFailed,
  TodoCreated,
  TodoCompleted,
  TodoReopened,
  FileUploaded,
  FileShared,
  FileRenamed,
  FileDeleted,
  ClientBillingChanged,
  InvoiceIssued,
  PaymentRecorded,
  InvoiceVoided,
];

/** `type@vN` - a contract's identity in the catalogue. */
export function contractId(type: string, version: number): string {
  return `${type}@v${version}`;
}

/** Looks contracts up by type and version. Throws on duplicates so a catalogue can't be ambiguous. */
export class EventCatalogue {
  private readonly byId = new Map<string, EventContract>();

  constructor(contracts: readonly EventContract[]) {
    for (const contract of contracts) {
      const id = contractId(contract.type, contract.version);
      if (this.byId.has(id)) throw new Error(`Event catalogue: ${id} is defined twice`);
      this.byId.set(id, contract);
    }
  }

  find(type: string, version: number): EventContract | undefined {
    return this.byId.get(contractId(type, version));
  }

  list(): EventContract[] {
    return [...this.byId.values()];
  }
}
