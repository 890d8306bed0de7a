import { ClientCreated, ClientUpdated, createEvent, type EnvelopeOf, type PayloadOf } from '@portico/contracts';
import { Client } from './domain/client';

/** What other services may know of a client: its record and contacts, never portal logins. */
function snapshot({ props }: Client): PayloadOf<typeof ClientCreated> {
  return {
    clientId: props.id,
    firmId: props.firmId,
    kind: props.kind,
    displayName: props.displayName,
    emails: [...props.emails],
    contacts: props.contacts.map(({ contactId, name, relationship, email, active, billable }) => ({ contactId, name, relationship, email, active, billable })),
  };
}

export function clientCreated(client: Client, correlationId: string): EnvelopeOf<typeof ClientCreated> {
  return createEvent(ClientCreated, snapshot(client), { firmId: client.props.firmId, correlationId });
}

export function clientUpdated(client: Client, correlationId: string): EnvelopeOf<typeof ClientUpdated> {
  return createEvent(ClientUpdated, snapshot(client), { firmId: client.props.firmId, correlationId });
}
