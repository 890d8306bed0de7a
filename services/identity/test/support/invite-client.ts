import { createEvent, InvitationIssued, Topics } from '@portico/contracts';
import { waitFor } from '@portico/testing';
import type { Producer } from 'kafkajs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityUnderTest } from './identity-service';

/**
 * Plays invitations: produces an InvitationIssued for a token made up here and waits until
 * identity has projected the grant. Returns the link token and the portal it grants.
 */
export async function inviteClient(
  identity: IdentityUnderTest,
  producer: Producer,
  firmId: string,
  email: string,
): Promise<{ token: string; clientId: string }> {
  const token = randomBytes(32).toString('base64url');
  const invitationId = uuidv7();
  const clientId = uuidv7();
  const issued = createEvent(
    InvitationIssued,
    {
      invitationId,
      clientId,
      contactId: null,
      email,
      recipientKind: 'client',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    },
    { firmId, correlationId: randomUUID() },
  );
  await producer.send({ topic: Topics.invitationsInvitation.name, acks: -1, messages: [{ key: issued.key, value: JSON.stringify(issued) }] });
  const grants = identity.db.collection<{ _id: string }>('invitation_grants');
  await waitFor(() => grants.findOne({ _id: invitationId }).then((grant) => grant ?? undefined), { description: 'the grant to be projected' });
  return { token, clientId };
}
