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
  InvitationEmailRequested,
  BulkInviteRequested,
  BulkInviteCompleted,
} from './events/invitation.events';
export { EmailSent, EmailFailed } from './events/notification.events';
export { Email, Id } from './events/fields';
