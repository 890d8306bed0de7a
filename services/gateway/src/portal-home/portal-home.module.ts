import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams';
import { FetchPortalSources } from './fetch-portal-sources';
import { PortalHomeHttpController } from './portal-home.http.controller';
import { PortalHomeService } from './portal-home.service';
import { PortalSources } from './portal-sources';

@Module({
  imports: [UpstreamsModule],
  controllers: [PortalHomeHttpController],
  providers: [PortalHomeService, { provide: PortalSources, useClass: FetchPortalSources }],
})
export class PortalHomeModule {}
