import type { ServiceDefinition } from '@portico/platform';
import swaggerUi from 'swagger-ui-express';
import { OpenApiCollector } from './docs/openapi-collector';
import { ownOpenApi } from './docs/own-openapi';
import { gatewayEnv } from './gateway.env';
import { GatewayModule } from './gateway.module';

export const gatewayDefinition: ServiceDefinition<typeof gatewayEnv> = {
  name: 'gateway',
  env: gatewayEnv,
  module: GatewayModule,
  // Own routes: /api/docs, /api/docs-json and /api/portal/home; everything under /api/<service> is proxied.
  globalPrefix: 'api',
  openApi: false,
  // Bodies are streamed to the services untouched.
  bodyParser: false,
  // Ready when the gateway itself is: the services' states are at /health/services.
  readiness: [],
  // Swagger UI's assets and init script under /api/docs/ (the init script is the one
  // generateHTML prepared in docs.http.controller). No redirect: /api/docs itself is ours.
  configure: (app) => {
    app.use('/api/docs', swaggerUi.serveWithOptions({ redirect: false }));
    app.get(OpenApiCollector).includeOwn(ownOpenApi(app));
  },
};
