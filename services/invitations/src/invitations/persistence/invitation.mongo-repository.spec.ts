import type { EventEnvelope } from '@portico/contracts';
import type { OutboxRelay } from '@portico/outbox';
import type { Model } from 'mongoose';
import { Invitation } from '../domain/invitation';
import { changeInvitation } from '../change-invitation';
import { InvitationMongoRepository } from './invitation.mongo-repository';
import type { InvitationDocument } from './invitation.schema';

const now = new Date('2026-03-01T10:00:00Z');
const invitation = (id: string, firmId = 'firm-1') =>
  Invitation.issue(
    {
      id,
      firmId,
      clientId: 'c-1',
      contactId: null,
      recipientKind: 'extra',
      email: `${id}@example.com`,
      recipientName: null,
      message: null,
      templateId: null,
      requestedBy: 's',
      tokenHash: 'f'.repeat(64),
      requestedAt: now,
      expiryDays: 30,
    },
    now,
  );
const event = (id: string) => ({ id }) as EventEnvelope;
const query = <T>(value: T) => ({ lean: () => ({ exec: async () => value }) });

/** Just enough of a mongoose model to see which commands the repository sends. */
function fakeModel(docs: InvitationDocument[]) {
  const commands: string[] = [];
  const model = {
    find: jest.fn((filter: { _id?: { $in: string[] }; firmId?: string }) => {
      commands.push(`find ${JSON.stringify(filter)}`);
      return query(docs.filter((doc) => (filter._id ? filter._id.$in.includes(doc._id) : true) && (!filter.firmId || doc.firmId === filter.firmId)));
    }),
    bulkWrite: jest.fn(async (ops: unknown[]) => {
      commands.push(`bulkWrite ${ops.length}`);
      return { matchedCount: ops.length };
    }),
  };
  return { model, commands };
}

describe('InvitationMongoRepository, coalesced', () => {
  const relay = { nudge: jest.fn(), register: jest.fn() } as unknown as OutboxRelay;
  const docOf = (inv: Invitation): InvitationDocument => {
    const { id, ...props } = inv.props;
    return { _id: id, ...props, outbox: [] } as unknown as InvitationDocument;
  };

  it("reads concurrent handlers' invitations with one query per firm, each handler its own (or none)", async () => {
    const { model, commands } = fakeModel([docOf(invitation('a')), docOf(invitation('b')), docOf(invitation('c', 'firm-2'))]);
    const repository = new InvitationMongoRepository(model as unknown as Model<InvitationDocument>, relay);
    const found = await Promise.all([
      repository.findById('firm-1', 'a'),
      repository.findById('firm-1', 'c'),
      repository.findById('firm-2', 'c'),
      repository.findById('firm-1', 'b'),
    ]);
    expect(found.map((inv) => inv?.id)).toEqual(['a', undefined, 'c', 'b']);
    // Every query names its firm: firm-1 cannot read firm-2's invitation c.
    expect(commands.sort()).toEqual(['find {"_id":{"$in":["a","c","b"]},"firmId":"firm-1"}', 'find {"_id":{"$in":["c"]},"firmId":"firm-2"}']);
  });

  it('writes concurrent delivery outcomes with one bulkWrite', async () => {
    const { model, commands } = fakeModel([]);
    const repository = new InvitationMongoRepository(model as unknown as Model<InvitationDocument>, relay);
    const [a, b] = [invitation('a'), invitation('b')];
    const written = await Promise.all([
      repository.applyIdempotentChange(a, a.markSent(now)!, [event('e-a')]),
      repository.applyIdempotentChange(b, b.markSent(now)!, [event('e-b')]),
    ]);
    expect(written).toEqual([true, true]);
    expect(commands).toEqual(['bulkWrite 2']);
    expect(model.bulkWrite.mock.calls[0]![0]).toEqual([
      {
        updateOne: {
          filter: { _id: 'a', firmId: 'firm-1', revision: { $in: [0, null] } },
          update: expect.objectContaining({ $inc: { revision: 1 }, $push: { outbox: { $each: [event('e-a')] } } }),
        },
      },
      {
        updateOne: {
          filter: { _id: 'b', firmId: 'firm-1', revision: { $in: [0, null] } },
          update: expect.objectContaining({ $set: expect.objectContaining({ status: 'sent' }) }),
        },
      },
    ]);
  });

  it('when not every compare-and-set matched, reports written only those whose events are in the outbox', async () => {
    const [a, b] = [invitation('a'), invitation('b')];
    // a's change was written; b lost to another change (its event is nowhere).
    const { model } = fakeModel([{ ...docOf(a), outbox: [event('e-a')] } as InvitationDocument, docOf(b)]);
    model.bulkWrite.mockResolvedValueOnce({ matchedCount: 1 });
    const repository = new InvitationMongoRepository(model as unknown as Model<InvitationDocument>, relay);
    const written = await Promise.all([
      repository.applyIdempotentChange(a, a.markSent(now)!, [event('e-a')]),
      repository.applyIdempotentChange(b, b.markSent(now)!, [event('e-b')]),
    ]);
    expect(written).toEqual([true, false]);
    expect(model.find).toHaveBeenCalledWith(
      {
        $or: [
          { _id: 'a', firmId: 'firm-1' },
          { _id: 'b', firmId: 'firm-1' },
        ],
      },
      { 'outbox.id': 1 },
    );
  });

  it('a whole batch that fails fails each handler (the transport retries them; recording again is idempotent)', async () => {
    const { model } = fakeModel([docOf(invitation('a'))]);
    model.bulkWrite.mockRejectedValueOnce(new Error('connection closed'));
    const repository = new InvitationMongoRepository(model as unknown as Model<InvitationDocument>, relay);
    const outcome = changeInvitation(repository, 'firm-1', 'a', (inv) => ({ change: inv.markSent(now)!, events: [event('e-a')] }), { idempotent: true });
    await expect(outcome).rejects.toThrow('connection closed');
  });
});
