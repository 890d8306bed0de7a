import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { coalesce, isDuplicateKey, writeEach } from '@portico/mongo';
import { Model } from 'mongoose';
import { ACCEPTANCE_LEASE_MS, InvitationGrant } from '../domain/invitation-grant';
import { InvitationGrantRepository, IssuedInvitation, ReissuedInvitation, RemindedInvitation, RevokedInvitation } from '../domain/invitation-grant.repository';
import { INVITATION_GRANT_MODEL, InvitationGrantDocument } from './invitation-grant.schema';

/** An upsert whose filter excluded an existing document collides with it: nothing to change. */
function ignoreExisting(error: unknown): void {
  if (!isDuplicateKey(error)) throw error;
}

/** The grants a link works for: its current one, or one of its reminders'. */
const byLink = (tokenHash: string) => ({ $or: [{ tokenHash }, { reminderTokenHashes: tokenHash }] });

function toGrant(doc: InvitationGrantDocument & { expiresAt: Date }, tokenHash: string): InvitationGrant {
  return {
    invitationId: doc._id,
    tokenHash,
    firmId: doc.firmId,
    clientId: doc.clientId,
    contactId: doc.contactId ?? null,
    recipientKind: doc.recipientKind ?? (doc.contactId ? 'contact' : 'client'),
    email: doc.email,
    expiresAt: doc.expiresAt,
    status: doc.status,
    acceptance: doc.acceptance
      ? { claimId: doc.acceptance.claimId, claimedAt: doc.acceptance.claimedAt, completedAt: doc.acceptance.completedAt ?? null }
      : null,
  };
}

@Injectable()
export class InvitationGrantMongoRepository extends InvitationGrantRepository {
  /** A bulk job issues thousands at once: concurrent InvitationIssued handlers share one bulkWrite of upserts. */
  private readonly upsertIssued = coalesce(async (items: readonly IssuedInvitation[]) => {
    const outcomes = await writeEach(
      this.grants.collection,
      items.map(({ invitationId, firmId, tokenHash, clientId, contactId, recipientKind, email, expiresAt }) => ({
        updateOne: {
          // firmId in the filter: an event of another firm never touches this firm's grant.
          filter: { _id: invitationId, firmId, status: { $ne: 'accepted' } },
          update: { $set: { tokenHash, clientId, contactId, recipientKind, email, expiresAt }, $setOnInsert: { status: 'pending', acceptance: null } },
          upsert: true,
        },
      })),
    );
    // Per upsert: done, or its own error; a duplicate key is an upsert whose filter excluded an existing grant (nothing to change).
    return outcomes.map((outcome) => (outcome === true || isDuplicateKey(outcome) ? undefined : outcome));
  });

  constructor(@InjectModel(INVITATION_GRANT_MODEL) private readonly grants: Model<InvitationGrantDocument>) {
    super();
  }

  async applyIssued(issued: IssuedInvitation): Promise<void> {
    await this.upsertIssued(issued);
  }

  async applyReissued({ invitationId, firmId, tokenHash, expiresAt }: ReissuedInvitation): Promise<boolean> {
    const known = await this.grants.exists({ _id: invitationId, firmId }).exec();
    if (!known) return false;
    // The earlier links, reminders included, stop working: they are no longer on the grant.
    await this.grants.updateOne({ _id: invitationId, firmId, status: 'pending' }, { $set: { tokenHash, expiresAt, reminderTokenHashes: [] } }).exec();
    return true;
  }

  async applyReminded({ invitationId, firmId, tokenHash }: RemindedInvitation): Promise<boolean> {
    const result = await this.grants.updateOne({ _id: invitationId, firmId }, { $addToSet: { reminderTokenHashes: tokenHash } }).exec();
    return result.matchedCount === 1;
  }

  async applyRevoked({ invitationId, firmId, clientId, contactId, email, revokedAt }: RevokedInvitation): Promise<void> {
    // An acceptance still in progress is revoked too: if its login write has already happened
    // the portal stays granted (and PortalAccessGranted says so), but the link is dead either way.
    const revoked = await this.grants
      .updateOne(
        { _id: invitationId, firmId, $or: [{ status: 'pending' }, { status: 'accepted', 'acceptance.completedAt': null }] },
        { $set: { status: 'revoked', revokedAt } },
      )
      .exec();
    if (revoked.matchedCount > 0) return;
    // Not there yet (its InvitationIssued went to the dead-letter topic and may be replayed):
    // leave a revoked record, which that InvitationIssued then fills in without reviving it.
    await this.grants
      .updateOne(
        { _id: invitationId, firmId },
        { $setOnInsert: { status: 'revoked', revokedAt, clientId, contactId, email, acceptance: null } },
        { upsert: true },
      )
      .exec()
      .catch(ignoreExisting);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationGrant | undefined> {
    const doc = await this.grants.findOne(byLink(tokenHash)).lean<InvitationGrantDocument & { expiresAt: Date }>().exec();
    return doc ? toGrant(doc, tokenHash) : undefined;
  }

  async claim(grant: InvitationGrant, claimId: string, now: Date): Promise<boolean> {
    const abandonedBefore = new Date(now.getTime() - ACCEPTANCE_LEASE_MS);
    const result = await this.grants
      .updateOne(
        {
          _id: grant.invitationId,
          expiresAt: { $gt: now },
          // The link still works (a resend may have replaced it since it was read).
          $and: [
            byLink(grant.tokenHash),
            { $or: [{ status: 'pending' }, { status: 'accepted', 'acceptance.completedAt': null, 'acceptance.claimedAt': { $lte: abandonedBefore } }] },
          ],
        },
        { $set: { status: 'accepted', acceptance: { claimId, claimedAt: now, completedAt: null } } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async release(invitationId: string, claimId: string): Promise<void> {
    await this.grants
      .updateOne(
        { _id: invitationId, status: 'accepted', 'acceptance.claimId': claimId, 'acceptance.completedAt': null },
        { $set: { status: 'pending', acceptance: null } },
      )
      .exec();
  }

  async complete(invitationId: string, claimId: string, now: Date): Promise<void> {
    await this.grants.updateOne({ _id: invitationId, 'acceptance.claimId': claimId }, { $set: { 'acceptance.completedAt': now } }).exec();
  }
}
