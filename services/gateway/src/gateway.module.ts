import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DocsHttpController } from './docs/docs.http.controller';
import { OpenApiCollector } from './docs/openapi-collector';
import { ServicesHealthHttpController } from './health/services-health.http.controller';
import { ServicesReadiness } from './health/services.readiness';
import { PortalHomeModule } from './portal-home/portal-home.module';
import { ServiceProxyMiddleware } from './proxy/service-proxy.middleware';
import { UpstreamsModule } from './upstreams/upstreams';

@Module({
  imports: [UpstreamsModule, PortalHomeModule, TerminusModule],
  controllers: [DocsHttpController, ServicesHealthHttpController],
  providers: [OpenApiCollector, ServicesReadiness],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ServiceProxyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
