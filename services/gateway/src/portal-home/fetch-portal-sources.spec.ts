import { Logger } from '@nestjs/common';
import { loadConfig } from '@portico/config';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gatewayEnv } from '../gateway.env';
import { Upstreams } from '../upstreams/upstreams';
import { FetchPortalSources } from './fetch-portal-sources';

const caller = { authorization: 'Bearer t', correlationId: 'corr-1' };

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An address where nothing listens: the connection is refused. */
async function closed(): Promise<string> {
  const server = createServer();
  const url = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

describe('FetchPortalSources with replicas', () => {
  let live: Server;
  let liveUrl: string;
  let goneUrl: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    live = createServer((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, auth: req.headers.authorization })),
    );
    liveUrl = await listening(live);
    goneUrl = await closed();
  });
  afterAll(async () => {
    live.closeAllConnections();
    await new Promise((resolve) => live.close(resolve));
  });

  // Pools never started, as between two checks: the replica that is gone is still believed ready.
  const sources = (identityUrl: string) => {
    const config = loadConfig(gatewayEnv, { PORT: '8080', IDENTITY_URL: identityUrl });
    const upstreams = new Upstreams(config);
    return { sources: new FetchPortalSources(config, upstreams), members: () => upstreams.pool('identity').status() };
  };

  it('asks another replica when one refuses the connection, and takes that one out of rotation', async () => {
    const { sources: portal, members } = sources(`${goneUrl},${liveUrl}`);
    await expect(portal.get('identity', '/api/identity/me', caller)).resolves.toEqual({ status: 200, body: { path: '/api/identity/me', auth: 'Bearer t' } });
    expect(members()[0]).toMatchObject({ url: goneUrl, ready: false });
  });

  it('names the failure when no replica answers', async () => {
    const { sources: portal } = sources(`${goneUrl},${await closed()}`);
    await expect(portal.get('identity', '/api/identity/me', caller)).resolves.toEqual({ failure: 'ECONNREFUSED' });
  });
});
