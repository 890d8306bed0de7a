import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CorrelationId } from '@portico/platform';
import { PortalHomeDto } from './portal-home.response.dto';
import { PortalHomeService } from './portal-home.service';

@ApiTags('portal')
@Controller('portal')
export class PortalHomeHttpController {
  constructor(private readonly home: PortalHomeService) {}

  @Get('home')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The client's home in the portal of the access token",
    description:
      "Composed by the gateway from identity (user), tasks (open to-dos), files (5 recent files) and billing (summary, null when not enabled for this client), called in parallel with the caller's token. Enter a portal first (`POST /api/identity/auth/portal`). A section whose service fails is null and named in `unavailable`.",
  })
  @ApiOkResponse({ type: PortalHomeDto })
  @ApiUnauthorizedResponse({ description: 'A service refused the token (its body is passed on).' })
  @ApiForbiddenResponse({ description: 'The token is not scoped to a portal (staff, or a client before entering one).' })
  compose(@Headers('authorization') authorization: string | undefined, @CorrelationId() correlationId: string): Promise<PortalHomeDto> {
    return this.home.compose({ authorization, correlationId });
  }
}
