import { routeFor, serviceRoutes } from './routes';
import { gatewayEnv } from './gateway.env';
import { loadConfig } from '@portico/config';

describe('routeFor', () => {
  const routes = serviceRoutes(loadConfig(gatewayEnv, { PORT: '8080', CLIENTS_URL: 'http://clients.svc:3001/' }));

  it('matches a service prefix as whole path segments only', () => {
    expect(routeFor(routes, '/api/clients')?.service).toBe('clients');
    expect(routeFor(routes, '/api/clients/clients/42?x=1')?.service).toBe('clients');
    expect(routeFor(routes, '/api/clientsX/clients')).toBeUndefined();
    expect(routeFor(routes, '/api/docs')).toBeUndefined();
  });

  it('uses configured base URLs without a trailing slash, local defaults otherwise', () => {
    expect(routeFor(routes, '/api/clients/x')?.baseUrl).toBe('http://clients.svc:3001');
    expect(routeFor(routes, '/api/identity/x')?.baseUrl).toBe('http://127.0.0.1:3003');
  });
});
