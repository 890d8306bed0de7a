import { routeFor, serviceRoutes } from './routes';
import { gatewayEnv } from './gateway.env';
import { ConfigError, loadConfig } from '@portico/config';

describe('routeFor', () => {
  const routes = serviceRoutes(loadConfig(gatewayEnv, { PORT: '8080', CLIENTS_URL: 'http://clients.svc:3001/' }));

  it('matches a service prefix as whole path segments only', () => {
    expect(routeFor(routes, '/api/clients')?.service).toBe('clients');
    expect(routeFor(routes, '/api/clients/clients/42?x=1')?.service).toBe('clients');
    expect(routeFor(routes, '/api/clientsX/clients')).toBeUndefined();
    expect(routeFor(routes, '/api/docs')).toBeUndefined();
  });

  it('uses configured base URLs without a trailing slash, local defaults otherwise', () => {
    expect(routeFor(routes, '/api/clients/x')?.baseUrls).toEqual(['http://clients.svc:3001']);
    expect(routeFor(routes, '/api/identity/x')?.baseUrls).toEqual(['http://127.0.0.1:3003']);
  });
});

describe('<SERVICE>_URL', () => {
  const urls = (value: string) => loadConfig(gatewayEnv, { PORT: '8080', INVITATIONS_URL: value }).INVITATIONS_URL;
  const problem = (value: string) => {
    try {
      urls(value);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('takes a comma-separated list of replicas, trimmed, without trailing slashes, each once', () => {
    expect(urls(' http://10.0.0.1:3002/ ,https://inv-b.local:8443//,http://10.0.0.1:3002,')).toEqual(['http://10.0.0.1:3002', 'https://inv-b.local:8443']);
  });

  it('names the variable and the position of a bad entry, never its value', () => {
    expect(problem('http://a:1,ftp://secret-host:21')).toBe(
      'Invalid configuration: INVITATIONS_URL must be one URL or comma-separated URLs (http, https): entry 2 is not one',
    );
    expect(problem('not a url')).toBe('Invalid configuration: INVITATIONS_URL must be one URL or comma-separated URLs (http, https): entry 1 is not one');
  });

  it('refuses a list with no URL in it', () => {
    expect(problem(' , ')).toBe('Invalid configuration: INVITATIONS_URL must be one URL or comma-separated URLs (http, https)');
  });
});
