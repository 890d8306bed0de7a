import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DocsHttpController } from './docs/docs.http.controller';
import { OpenApiCollector } from './docs/openapi-collector';
import { PortalHomeModule } from './portal-home/portal-home.module';
import { ServiceProxyMiddleware } from './proxy/service-proxy.middleware';

@Module({
  imports: [PortalHomeModule],
  controllers: [DocsHttpController],
  providers: [OpenApiCollector],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ServiceProxyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
