import { Injectable, type INestApplication, type LoggerService } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@portico/config';
import { assertTestDatabase, testDatabaseName, testEndpoints, waitFor } from '@portico/testing';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { MongoModule } from '../src/mongo.module';

// A service creates its indexes at start (mongoose autoIndex). When one cannot be built, the
// service still runs, without the guarantee the index gave: the log must say so, so that a
// platform team learns it from the service rather than from a duplicate.
describe('MongoModule index builds (real MongoDB-wire server)', () => {
  const database = testDatabaseName('platform_indexes');
  const errors: string[] = [];
  const collector: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => void errors.push(String(message)),
  };
  let seed: Connection;
  let app: INestApplication | undefined;

  const accountSchema = new Schema({ email: String });
  accountSchema.index({ email: 1 }, { unique: true });

  @Injectable()
  class Accounts {
    constructor(@InjectModel('Account') readonly model: Model<{ email: string }>) {}
  }

  beforeAll(async () => {
    assertTestDatabase(database);
    seed = await mongoose.createConnection(testEndpoints().mongoUrl, { dbName: database }).asPromise();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    errors.length = 0;
    await seed.dropDatabase();
  });

  afterAll(async () => {
    await seed?.close();
  });

  const start = async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forValue({ MONGO_URL: testEndpoints().mongoUrl, MONGO_DB: database }),
        MongoModule.forService('platform-test'),
        MongooseModule.forFeature([{ name: 'Account', schema: accountSchema, collection: 'accounts' }]),
      ],
      providers: [Accounts],
    })
      .setLogger(collector)
      .compile();
    app = moduleRef.createNestApplication({ logger: collector });
    await app.init();
    return app.get(Accounts).model;
  };

  it('logs an index that cannot be built, naming collection and keys but no stored value', async () => {
    await seed.collection('accounts').insertMany([{ email: 'ann@example.test' }, { email: 'ann@example.test' }]);
    await start();
    const [logged] = await waitFor(() => (errors.length > 0 ? errors : undefined), { timeoutMs: 10_000, description: 'the index failure to be logged' });
    expect(logged).toContain('Index build failed for collection accounts');
    expect(logged).toContain('the service runs without that index');
    expect(logged).not.toContain('ann@example.test');
  });

  it('builds the declared indexes at start and logs nothing when they can be built', async () => {
    const accounts = await start();
    await accounts.init();
    const indexes = await seed.collection('accounts').indexes();
    expect(indexes.map((index) => index.key)).toContainEqual({ email: 1 });
    expect(errors).toEqual([]);
  });
});
