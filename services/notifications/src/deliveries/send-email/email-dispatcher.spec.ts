import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ClaimedDelivery } from '../domain/delivery';
import type { DeliveryRepository } from '../domain/delivery.repository';
import { CLAIM_LIMIT, EmailDispatcher, LEASE_MS, RENEW_EVERY_MS } from './email-dispatcher';
import type { SendEmailService } from './send-email.service';

Logger.overrideLogger(false);

const delivery = (key: string): ClaimedDelivery => ({
  deliveryKey: key,
  firmId: 'firm-1',
  about: { kind: 'invitation', id: key },
  to: `${key}@example.test`,
  content: { subject: 'Subject', html: '<p>html</p>', text: 'text' },
  messageId: `<${key}@portico.test>`,
  templateId: null,
  renderedWith: 'default',
  cause: { eventId: 'event-1', correlationId: 'corr-1' },
  attempts: 1,
});

const started: Array<{ dispatcher: EmailDispatcher; releaseAll: () => void }> = [];

afterEach(async () => {
  for (const { dispatcher, releaseAll } of started.splice(0)) {
    const stopped = dispatcher.stop();
    releaseAll();
    await stopped;
  }
});

/** Hands out the given batches, one per claim, then nothing; attempts finish when released. */
function setUp(batches: string[][]) {
  const log: string[] = [];
  const releases: Array<() => void> = [];
  const repository = {
    claimDue: jest.fn(async (_now: Date, leaseMs: number, limit: number) => {
      const batch = batches.shift() ?? [];
      log.push(`claim ${batch.join(',')} (${leaseMs}, ${limit})`);
      return batch.map(delivery);
    }),
    renewClaims: jest.fn(async (_claims: readonly ClaimedDelivery[], _until: Date) => undefined),
  };
  const sendEmail = {
    attempt: jest.fn(async (claimed: ClaimedDelivery) => {
      log.push(`start ${claimed.deliveryKey}`);
      await new Promise<void>((resolve) => releases.push(resolve));
      log.push(`done ${claimed.deliveryKey}`);
    }),
  };
  const dispatcher = new EmailDispatcher(repository as unknown as DeliveryRepository, sendEmail as unknown as SendEmailService);
  const releaseAll = () => releases.splice(0).forEach((release) => release());
  started.push({ dispatcher, releaseAll });
  return { log, repository, sendEmail, dispatcher, releaseAll };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('EmailDispatcher', () => {
  it('attempts a claimed batch side by side, and claims and starts the next one before it finished', async () => {
    const { log, dispatcher, releaseAll, repository, sendEmail } = setUp([['a', 'b', 'c'], ['d']]);
    dispatcher.start();
    await until(() => log.includes('start d'));

    expect(log).toEqual([`claim a,b,c (${LEASE_MS}, ${CLAIM_LIMIT})`, 'start a', 'start b', 'start c', `claim d (${LEASE_MS}, ${CLAIM_LIMIT})`, 'start d']);
    releaseAll();
    await until(() => repository.claimDue.mock.calls.length === 3);
    await dispatcher.stop();
    expect(sendEmail.attempt).toHaveBeenCalledTimes(4);
  });

  it('when stopping, still attempts the batch it has claimed, and claims no more', async () => {
    const { log, dispatcher, releaseAll, repository } = setUp([['a'], ['b'], ['c']]);
    dispatcher.start();
    await until(() => repository.claimDue.mock.calls.length === 2);

    const stopped = dispatcher.stop();
    releaseAll();
    await until(() => log.includes('start b'));
    releaseAll();
    await stopped;
    expect(log.filter((line) => line.startsWith('done'))).toEqual(['done a', 'done b']);
    expect(repository.claimDue).toHaveBeenCalledTimes(2);
  });

  it('renews the claims of a batch while its attempts run', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { dispatcher, releaseAll, repository, sendEmail } = setUp([['a', 'b']]);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(sendEmail.attempt).toHaveBeenCalledTimes(2);

      await jest.advanceTimersByTimeAsync(RENEW_EVERY_MS);
      expect(repository.renewClaims).toHaveBeenCalledTimes(1);
      expect(repository.renewClaims.mock.calls[0][0]).toEqual([delivery('a'), delivery('b')]);

      releaseAll();
      await jest.advanceTimersByTimeAsync(LEASE_MS);
      expect(repository.renewClaims).toHaveBeenCalledTimes(1);
      await dispatcher.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
