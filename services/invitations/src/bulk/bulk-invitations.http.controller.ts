import {
  Body,
  ConflictException,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId, fieldErrors } from '@portico/platform';
import { BulkInvitationsService, BulkJobView, BulkPreview } from './bulk-invitations.service';
import { resultsCsv } from './bulk-progress';
import { parseBulkRequest, type BulkRequest } from './bulk-request';
import { idempotencyKeyOf, MAX_BULK_RECIPIENTS, MAX_BULK_SELECTION } from './domain/bulk-selection';

const tooMany = (selected: number) =>
  new HttpException(
    {
      statusCode: 413,
      error: 'Payload Too Large',
      message: `A bulk invitation takes at most ${MAX_BULK_RECIPIENTS} recipients (and ${MAX_BULK_SELECTION} selected rows or ids, skipped ones included); this selection has ${selected}. Split it into several jobs.`,
    },
    413,
  );

/**
 * Bulk invitations. The selection is one of: `{ filters: { portalStatus?, hasEmail?, q? } }`,
 * `{ clientIds: [...] }`, `{ csv: "..." }`, or a `text/csv` body (one client id or email per row).
 */
@ApiTags('invitations')
@Roles('staff')
@Controller('bulk')
export class BulkInvitationsHttpController {
  constructor(private readonly bulk: BulkInvitationsService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'How many would be invited, every skip by reason (bad CSV rows with their line), and the first 20 recipients. Nothing is written.',
  })
  @ApiBadRequestResponse({ description: 'A malformed selection.' })
  async preview(
    @CurrentUser() principal: Principal,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ): Promise<BulkPreview> {
    const request = this.parse(contentType, body, query);
    const outcome = await this.bulk.preview(firmScope(principal), request.selection);
    if (outcome.kind === 'tooMany') throw tooMany(outcome.selected);
    return outcome.preview;
  }

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    description:
      '`{ jobId, existing, willInvite, skipped, sample }` at once; the invitations go out asynchronously. The same Idempotency-Key returns the same job.',
  })
  async create(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ): Promise<{ jobId: string; existing: boolean } & BulkPreview> {
    const firmId = firmScope(principal);
    let idempotencyKey: string | undefined;
    if (idempotencyHeader !== undefined) {
      idempotencyKey = idempotencyKeyOf(firmId, idempotencyHeader);
      if (!idempotencyKey)
        throw fieldErrors([{ field: 'Idempotency-Key', rule: 'idempotencyKey', message: 'Idempotency-Key must be 1-200 printable ASCII characters' }]);
    }
    const request = this.parse(contentType, body, query);
    const outcome = await this.bulk.create({ firmId, requestedBy: principal.userId, idempotencyKey, ...request }, { firmId, correlationId });
    switch (outcome.kind) {
      case 'tooMany':
        throw tooMany(outcome.selected);
      case 'nobody':
        throw new HttpException(
          { statusCode: 422, error: 'Unprocessable Entity', message: 'Nobody in this selection can be invited', ...outcome.preview },
          422,
        );
      case 'firmNotKnownYet':
        throw new ServiceUnavailableException('Your firm is not known to the invitations service yet; try again in a moment');
      default:
        return { jobId: outcome.jobId, existing: outcome.kind === 'existing', ...outcome.preview };
    }
  }

  @Get(':jobId')
  @ApiOkResponse({ description: 'The job with counts per recipient status, read while it runs.' })
  @ApiNotFoundResponse({ description: "No such job in your firm (another firm's job looks the same)." })
  async view(@CurrentUser() principal: Principal, @Param('jobId') jobId: string): Promise<BulkJobView> {
    const view = await this.bulk.view(firmScope(principal), jobId);
    if (!view) throw new NotFoundException('Bulk job not found');
    return view;
  }

  @Get(':jobId/results.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOkResponse({ description: 'One row per recipient: clientId, displayName, email, invitationId, status, reason.' })
  async results(@CurrentUser() principal: Principal, @Param('jobId') jobId: string): Promise<string> {
    const rows = await this.bulk.results(firmScope(principal), jobId);
    if (!rows) throw new NotFoundException('Bulk job not found');
    return resultsCsv(rows);
  }

  @Post(':jobId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Recipients not issued yet are not invited; the job with its counts.' })
  async cancel(@CurrentUser() principal: Principal, @Param('jobId') jobId: string): Promise<BulkJobView> {
    const firmId = firmScope(principal);
    const outcome = await this.bulk.cancel(firmId, jobId, principal.userId);
    if (outcome === 'notFound') throw new NotFoundException('Bulk job not found');
    if (outcome === 'completed') throw new ConflictException('The job has completed: every recipient was already issued or skipped');
    return (await this.bulk.view(firmId, jobId))!;
  }

  private parse(contentType: string | undefined, body: unknown, query: Record<string, unknown>): BulkRequest {
    const parsed = parseBulkRequest(contentType, body, query);
    if (parsed.kind === 'tooMany') throw tooMany(parsed.selected);
    if (parsed.kind === 'invalid') throw fieldErrors(parsed.errors);
    return parsed.request;
  }
}
