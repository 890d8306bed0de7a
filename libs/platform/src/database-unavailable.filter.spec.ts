import { ArgumentsHost } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import { DatabaseUnavailableFilter, isDatabaseUnavailable } from './database-unavailable.filter';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('isDatabaseUnavailable', () => {
  it.each(['MongooseServerSelectionError', 'MongoServerSelectionError', 'MongoNetworkError', 'MongoNotConnectedError'])('treats %s as an outage', (name) => {
    expect(isDatabaseUnavailable(named(name))).toBe(true);
  });

  it('treats a buffering timeout (never connected) as an outage', () => {
    expect(isDatabaseUnavailable(named('MongooseError', 'Operation `clients.find()` buffering timed out after 3000ms'))).toBe(true);
  });

  it('leaves request and programming errors alone', () => {
    expect(isDatabaseUnavailable(named('ValidationError'))).toBe(false);
    expect(isDatabaseUnavailable(named('MongooseError', 'Cast to ObjectId failed'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('MongoNetworkError')).toBe(false);
  });
});

describe('DatabaseUnavailableFilter outside HTTP', () => {
  it('hands a Kafka handler error back unchanged, so the event server can retry or dead-letter it', async () => {
    const error = named('MongoNetworkError', 'connection reset');
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const result = new DatabaseUnavailableFilter().catch(error, host);
    await expect(lastValueFrom(result as Observable<never>)).rejects.toBe(error);
  });
});
