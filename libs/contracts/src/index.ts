export { envelopeSchema, causedBy, type EventEnvelope, type EventOrigin } from './envelope';
export { defineEvent, createEvent, parseEvent, type EventContract, type EnvelopeOf, type PayloadOf } from './define-event';
export { EventValidationError, formatIssues, type ValidationIssue } from './validation-error';
export { Topics, allTopics, deadLetterTopic, deadLetterTopicSpec, type TopicName, type TopicSpec } from './topics';
export { allEvents, EventCatalogue, contractId } from './catalogue';
export { asyncApiDocument, type AsyncApiOptions } from './asyncapi';
export { ClientCreated, ClientUpdated } from './events/client.events';
export { FirmRegistered, AccountCreated, PortalAccessGranted, UserLoggedIn } from './events/identity.events';
export {
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
} from './events/invitation.events';
export { TodoCreated, TodoCompleted, TodoReopened } from './events/task.events';
export { FileUploaded, FileShared, FileRenamed, FileDeleted } from './events/file.events';
export { ClientBillingChanged, InvoiceIssued, PaymentRecorded, InvoiceVoided } from './events/billing.events';
export { EmailSent, EmailFailed } from './events/notification.events';
export { Email, Id } from './events/fields';
export { INVITATION_LINK_PREFIX, invitationLink, invitationTokenHash } from './events/invitation-link';
