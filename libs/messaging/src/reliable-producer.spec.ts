import { describe, expect, it, jest } from '@jest/globals';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError, type ProducerBatch } from 'kafkajs';
import { backoffDelay } from './backoff';
import { isTransientKafkaError } from './kafka-client';
import { ReliableProducer, type ProducerPort } from './reliable-producer';

// kafkajs' constructors take more than its typings say (error codes, causes).
type Loose<T> = new (e: unknown, options?: { cause?: Error }) => T;
const NonRetriable = KafkaJSNonRetriableError as Loose<KafkaJSNonRetriableError>;
const Protocol = KafkaJSProtocolError as Loose<KafkaJSProtocolError>;
const wrapped = (cause: Error) => new NonRetriable(cause, { cause });

// What kafkajs rejects with once per broker outage (seen on the local broker).
const connectionRefused = () => wrapped(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:19092'));
const messageTooLarge = () =>
  new Protocol({
    message: 'The request included a message larger than the max message size the server will accept',
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
  });

function fakeProducer(sendBatch: (batch: ProducerBatch) => Promise<void>) {
  const port = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    sendBatch: jest.fn(async (batch: ProducerBatch) => (await sendBatch(batch), [])),
  };
  return { port, producer: new ReliableProducer(port as unknown as ProducerPort, 'test') };
}

const batch = [{ topic: 't', messages: [{ key: 'k', value: 'v' }] }];

describe('isTransientKafkaError', () => {
  it.each([
    ['connection refused during a broker restart', connectionRefused(), true],
    ['a retriable protocol error (leader moving)', new Protocol({ message: 'not leader', type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true }), true],
    ['retries exhausted on a connection error', wrapped(new KafkaJSConnectionError('timeout')), true],
    ['a non-retriable protocol error, even wrapped', wrapped(messageTooLarge()), false],
    ['a usage error (invalid message)', new KafkaJSNonRetriableError('Invalid message without value for topic "t"'), false],
    ["an error that is not Kafka's", new TypeError('x is undefined'), false],
  ])('%s -> %s', (_case, error, transient) => {
    expect(isTransientKafkaError(error)).toBe(transient);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const policy = { initialMs: 200, maxMs: 5000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(policy, attempt))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });
});

describe('ReliableProducer', () => {
  it('sends again after the connection was refused once, and connects only once', async () => {
    let calls = 0;
    const { port, producer } = fakeProducer(async () => {
      if (++calls === 1) throw connectionRefused();
    });
    await producer.send(batch, { deadlineMs: 5000 });
    expect(port.sendBatch).toHaveBeenCalledTimes(2);
    expect(port.sendBatch.mock.calls[1][0]).toEqual({ topicMessages: batch, acks: -1 });
    expect(port.connect).toHaveBeenCalledTimes(1);
  });

  it('throws a permanent error at once', async () => {
    const { port, producer } = fakeProducer(async () => {
      throw messageTooLarge();
    });
    await expect(producer.send(batch, { deadlineMs: 5000 })).rejects.toThrow('larger than the max message size');
    expect(port.sendBatch).toHaveBeenCalledTimes(1);
  });

  it('gives up on a transient failure once the deadline has passed', async () => {
    const { port, producer } = fakeProducer(async () => {
      throw connectionRefused();
    });
    const started = Date.now();
    await expect(producer.send(batch, { deadlineMs: 400 })).rejects.toThrow('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(port.sendBatch.mock.calls.length).toBeGreaterThan(1);
  });

  it('stops retrying when the caller aborts', async () => {
    const controller = new AbortController();
    const { producer } = fakeProducer(async () => {
      controller.abort();
      throw connectionRefused();
    });
    await expect(producer.send(batch, { deadlineMs: 60_000, signal: controller.signal })).rejects.toThrow('ECONNREFUSED');
  });

  it('runs one send at a time, in call order (kafkajs mis-sequences concurrent idempotent sends)', async () => {
    let active = 0;
    let maxActive = 0;
    const order: string[] = [];
    const { producer } = fakeProducer(async (sent) => {
      maxActive = Math.max(maxActive, ++active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(sent.topicMessages?.[0].topic ?? '');
      active--;
    });
    await Promise.all(['a', 'b', 'c', 'd'].map((topic) => producer.send([{ topic, messages: [{ value: 'v' }] }])));
    expect(maxActive).toBe(1);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps serving sends after one failed', async () => {
    let calls = 0;
    const { producer } = fakeProducer(async () => {
      if (++calls === 1) throw messageTooLarge();
    });
    await expect(producer.send(batch)).rejects.toThrow();
    await expect(producer.send(batch)).resolves.toBeUndefined();
  });
});
